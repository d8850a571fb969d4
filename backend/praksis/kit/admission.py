"""Admission to the database: how many requests work at once, how long others wait, and
when the server says "come back in a moment" instead.

Every request that uses the database first takes one of ``capacity`` places (the size of the
connection pool), in the event loop and before it holds anything. A request that holds a
place therefore always finds a pooled connection and, since the thread pool is larger than
the number of places, a worker thread for each hop of its unit of work: no request can hold a
connection or a row lock while it waits for something another request holds.

Requests beyond the places queue in arrival order, at most ``max_waiting`` of them and for at
most ``max_wait_seconds`` each; a request that would wait longer is answered at once with 503
and ``Retry-After`` (RFC 9110 §10.2.3), so a saturated server sheds load in milliseconds and
recovers as soon as the crowd thins, instead of queueing every caller for the pool's timeout.

The gate also knows when each place was taken, which is what ``/healthz`` reports: a process
whose oldest request has held its place far longer than any request may take is wedged.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from praksis.kit.errors import PraksisError


class ServiceUnavailable(PraksisError):
    """The server or its database cannot take the request now; the client may retry."""

    status, slug, title = 503, "service-unavailable", "Service unavailable"

    def __init__(self, detail: str, *, retry_after_seconds: int = 1) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_seconds)})


@dataclass
class AdmissionGate:
    """At most ``capacity`` requests at the database at once; a short, bounded queue."""

    capacity: int
    max_waiting: int
    max_wait_seconds: float
    _in_use: int = 0
    _waiting: deque[asyncio.Future[None]] = field(default_factory=deque)
    _held_since: dict[int, float] = field(default_factory=dict)
    _tickets: Iterator[int] = field(default_factory=itertools.count)
    _loop: asyncio.AbstractEventLoop | None = None
    shed: int = 0

    @asynccontextmanager
    async def place(self) -> AsyncIterator[None]:
        """Hold one place for the block; 503 at once (or after the longest wait) if none."""
        ticket = await self._enter()
        try:
            yield
        finally:
            self._leave(ticket)

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def waiting(self) -> int:
        return sum(1 for waiter in self._waiting if not waiter.done())

    def oldest_held_seconds(self) -> float:
        """How long the longest-running admitted request has held its place (0 if none)."""
        if not self._held_since:
            return 0.0
        return time.monotonic() - min(self._held_since.values())

    async def _enter(self) -> int:
        self._bind_to_running_loop()
        if self._in_use < self.capacity and not self.waiting:
            return self._take()
        if self.waiting >= self.max_waiting:
            self.shed += 1
            raise ServiceUnavailable("The server is at capacity; try again in a moment.")
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.max_wait_seconds)
        except TimeoutError:
            if waiter.done() and not waiter.cancelled():
                return self._held_by_waiter()
            waiter.cancel()
            self.shed += 1
            raise ServiceUnavailable(
                "The server is busy; try again in a moment.", retry_after_seconds=2
            ) from None
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._pass_on_place()  # given a place while leaving: hand it to the next
            else:
                waiter.cancel()
            raise
        return self._held_by_waiter()

    def _take(self) -> int:
        self._in_use += 1
        return self._register()

    def _held_by_waiter(self) -> int:
        # _leave counted the place as ours when it woke us (no one can overtake in between)
        return self._register()

    def _register(self) -> int:
        ticket = next(self._tickets)
        self._held_since[ticket] = time.monotonic()
        return ticket

    def _leave(self, ticket: int) -> None:
        self._held_since.pop(ticket, None)
        self._pass_on_place()

    def _pass_on_place(self) -> None:
        """Give the freed place to the first live waiter, or return it."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the place passes on: _in_use stays the same
                return
        self._in_use -= 1

    def _bind_to_running_loop(self) -> None:
        # A new event loop (a new test client on the same app) starts with a fresh gate.
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._in_use, self._waiting = loop, 0, deque()
            self._held_since.clear()

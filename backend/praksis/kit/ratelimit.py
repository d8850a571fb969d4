"""Rate limits: failed sign-ins per client address, and costly routes per caller.

Kept in this process's memory with the ``limits`` library's moving window: behind a load
balancer each API process counts its own share, which still caps a caller at N processes
times the limit. Past the limit an address's next attempts answer 429 with ``Retry-After``
before any token is verified, so guessing costs the server nothing more; a caller past the
limit of a costly route (imports, statistics) gets 429 before the route does any work.
"""

from __future__ import annotations

import math
import time
from enum import StrEnum

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from praksis.kit.errors import TooManyRequests


class FailedSignIns:
    """Failed token verifications per client address."""

    def __init__(self, limit: str) -> None:
        self.limit: RateLimitItem = parse(limit)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.refusals = 0  # requests answered 429, for the metrics

    def refuse_if_limited(self, address: str) -> None:
        if self._limiter.test(self.limit, address):
            return
        self.refusals += 1
        reset_at, _remaining = self._limiter.get_window_stats(self.limit, address)
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise TooManyRequests(
            "Too many failed sign-ins from this address; try again later.",
            retry_after_seconds=retry_after,
        )

    def record_failure(self, address: str) -> None:
        self._limiter.hit(self.limit, address)


class Costly(StrEnum):
    """Routes limited per caller: what one token could use to load the server."""

    imports = "imports"
    statistics = "statistics"


class CallerLimits:
    """Requests per caller (token issuer and subject) on each kind of costly route."""

    def __init__(self, limits: dict[Costly, str]) -> None:
        self.limits: dict[Costly, RateLimitItem] = {
            kind: parse(limit) for kind, limit in limits.items()
        }
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def spend(self, kind: Costly, caller: str) -> None:
        """Count one request; past the limit, refuse it with 429 and ``Retry-After``."""
        limit = self.limits[kind]
        if self._limiter.hit(limit, kind.value, caller):
            return
        reset_at, _remaining = self._limiter.get_window_stats(limit, kind.value, caller)
        raise TooManyRequests(
            f"Too many {kind.value} requests from this caller ({limit}); try again later.",
            retry_after_seconds=max(1, math.ceil(reset_at - time.time())),
        )

"""The admission gate on its own: places, a first-come queue, bounded waits, no lost places."""

from __future__ import annotations

import asyncio

import pytest

from praksis.kit.admission import AdmissionGate, ServiceUnavailable


def gate(capacity: int = 2, max_waiting: int = 10, max_wait_seconds: float = 30) -> AdmissionGate:
    return AdmissionGate(capacity, max_waiting, max_wait_seconds)


async def hold_until(
    the_gate: AdmissionGate, release: asyncio.Event, log: list[str], name: str
) -> None:
    async with the_gate.place():
        log.append(name)
        await release.wait()


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_places_go_to_waiters_in_the_order_they_came() -> None:
    async def scenario() -> list[str]:
        the_gate, log = gate(capacity=1), []
        releases = {name: asyncio.Event() for name in "abcd"}
        tasks = []
        for name in "abcd":
            tasks.append(asyncio.create_task(hold_until(the_gate, releases[name], log, name)))
            await settle()
        assert (the_gate.in_use, the_gate.waiting) == (1, 3)
        for name in "abcd":
            releases[name].set()
            await settle()
        await asyncio.gather(*tasks)
        assert (the_gate.in_use, the_gate.waiting) == (0, 0)
        return log

    assert asyncio.run(scenario()) == ["a", "b", "c", "d"]


def test_a_full_queue_refuses_at_once() -> None:
    async def scenario() -> None:
        the_gate, release = gate(capacity=1, max_waiting=1), asyncio.Event()
        holder = asyncio.create_task(hold_until(the_gate, release, [], "holder"))
        waiter = asyncio.create_task(hold_until(the_gate, release, [], "waiter"))
        await settle()
        with pytest.raises(ServiceUnavailable) as refused:
            async with the_gate.place():
                pass
        assert refused.value.status == 503
        assert refused.value.headers == {"Retry-After": "1"}
        assert the_gate.shed == 1
        release.set()
        await asyncio.gather(holder, waiter)
        assert the_gate.in_use == 0

    asyncio.run(scenario())


def test_a_waiter_gives_up_after_the_longest_wait_and_leaves_no_trace() -> None:
    async def scenario() -> None:
        the_gate, release = gate(capacity=1, max_wait_seconds=0.01), asyncio.Event()
        holder = asyncio.create_task(hold_until(the_gate, release, [], "holder"))
        await settle()
        with pytest.raises(ServiceUnavailable):
            async with the_gate.place():
                pass
        assert (the_gate.in_use, the_gate.waiting) == (1, 0)
        release.set()
        await holder
        assert the_gate.in_use == 0
        async with the_gate.place():  # the place is free again
            assert the_gate.in_use == 1

    asyncio.run(scenario())


def test_a_cancelled_waiter_does_not_lose_or_keep_a_place() -> None:
    async def scenario() -> None:
        the_gate, release, log = gate(capacity=1), asyncio.Event(), []
        holder = asyncio.create_task(hold_until(the_gate, release, log, "holder"))
        await settle()
        gone = asyncio.create_task(hold_until(the_gate, asyncio.Event(), log, "gone"))
        after = asyncio.create_task(hold_until(the_gate, asyncio.Event(), log, "after"))
        await settle()
        gone.cancel()  # a client that disconnected while queued
        await settle()
        release.set()
        await settle()
        assert log == ["holder", "after"]
        assert the_gate.in_use == 1
        after.cancel()
        await asyncio.gather(holder, gone, after, return_exceptions=True)
        assert (the_gate.in_use, the_gate.waiting) == (0, 0)

    asyncio.run(scenario())


def test_the_oldest_request_is_what_healthz_reads() -> None:
    async def scenario() -> None:
        the_gate, release = gate(), asyncio.Event()
        assert the_gate.oldest_held_seconds() == 0
        holder = asyncio.create_task(hold_until(the_gate, release, [], "holder"))
        await asyncio.sleep(0.02)
        assert the_gate.oldest_held_seconds() >= 0.02
        release.set()
        await holder
        assert the_gate.oldest_held_seconds() == 0

    asyncio.run(scenario())

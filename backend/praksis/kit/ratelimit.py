"""Rate limits on what an attacker repeats: failed sign-ins, per client address.

Kept in this process's memory with the ``limits`` library's moving window: behind a load
balancer each API process counts its own share, which still caps guessing at N processes
times the limit. Past the limit an address's next attempts answer 429 with ``Retry-After``
before any token is verified, so guessing costs the server nothing more.
"""

from __future__ import annotations

import math
import time

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

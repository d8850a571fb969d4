"""The cell-key method: the noise every figure a partner sees carries.

As at the Australian Bureau of Statistics (TableBuilder; Thompson, Broadfoot & Elazar 2013),
the ONS (2021 Census, ``cell-key-perturbation``) and Destatis/Statistik Austria
(``cellKey``/``ptable``):

- every person has a permanent random **record key**, uniform in [0, 2^32)
  (``Person.record_key``, drawn when the person is created);
- a cell's **cell key** is the sum of the record keys of the distinct people counted in it,
  modulo 2^32: the same people give the same key in every table, filter and request, and one
  person more or less gives an unrelated key (their own key is uniform and unknown);
- the **perturbation table** (``PTable``) gives, for the cell's true count n and its key, a
  fixed noise d in [-D, D]: the published count is n + d, and a published count below the
  threshold is not shown at all (nor is a true 0).

The table is generated deterministically from its parameters (``Disclosure``): for each n, the
noise has the maximum-entropy distribution on [max(-n, -D), D] with mean 0 and variance V
(as the ``ptable`` package's), its probabilities cut into intervals of the key space in
ascending order of d. n = 0 has no people and no key, so no noise (and is never shown). From
n = D on, every row is the same.

Sums (the scores behind an average) get a noise of their own: the cell key mixed with the
measure's name and the number of answers (``magnitude_key``) picks a d from the same row, in
score points.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from praksis.people.models import RECORD_KEY_BITS

KEY_BITS = RECORD_KEY_BITS
KEY_SPACE = 1 << KEY_BITS


@dataclass(frozen=True)
class Disclosure:
    """The parameters: ``threshold`` (published counts below it are suppressed; averages need
    that many people), ``max_noise`` D and ``variance`` V of the noise (0 < V < D)."""

    threshold: int = 5
    max_noise: int = 3
    variance: float = 1.0

    def __post_init__(self) -> None:
        if self.threshold < 1 or self.max_noise < 1:
            raise ValueError("the threshold and the maximum noise must be at least 1")
        if not 0 < self.variance < self.max_noise:
            raise ValueError("the noise variance must be above 0 and below the maximum noise")


@dataclass(frozen=True)
class PTableRow:
    """The noise for one true count: ``noises[i]`` for keys below ``bounds[i]``."""

    noises: tuple[int, ...]
    bounds: tuple[int, ...]

    def noise(self, key: int) -> int:
        return self.noises[bisect_right(self.bounds, key % KEY_SPACE)]


class PTable:
    """The perturbation table of one set of parameters."""

    def __init__(self, disclosure: Disclosure) -> None:
        self.disclosure = disclosure
        self.rows = tuple(_row(n, disclosure) for n in range(disclosure.max_noise + 1))

    def noise(self, count: int, key: int) -> int:
        return self.rows[min(count, len(self.rows) - 1)].noise(key)

    def published(self, count: int, key: int) -> int | None:
        """The count a partner sees, or None (suppressed)."""
        value = count + self.noise(count, key)
        return value if value >= self.disclosure.threshold else None


@lru_cache(maxsize=8)
def ptable(disclosure: Disclosure) -> PTable:
    return PTable(disclosure)


def magnitude_key(cell_key: int, measure: str) -> int:
    """A key for the noise of a sum in a cell: unrelated to the count's noise, the same for
    the same people and measure."""
    digest = hashlib.blake2b(f"{measure}:{cell_key % KEY_SPACE}".encode(), digest_size=8)
    return int.from_bytes(digest.digest()) % KEY_SPACE


# --- generating a row --------------------------------------------------------------------------


def _row(count: int, disclosure: Disclosure) -> PTableRow:
    if count == 0:
        return PTableRow(noises=(0,), bounds=())
    support = range(max(-count, -disclosure.max_noise), disclosure.max_noise + 1)
    probabilities = _max_entropy(list(support), disclosure.variance)
    bounds, cumulative = [], 0.0
    for probability in probabilities[:-1]:
        cumulative += probability
        bounds.append(round(cumulative * KEY_SPACE))
    return PTableRow(noises=tuple(support), bounds=tuple(bounds))


def _max_entropy(support: list[int], variance: float) -> list[float]:
    """p(d) ∝ exp(a·d − b·d²) on ``support`` with mean 0 and the variance: b by bisection
    (the variance falls as b grows), a by bisection for each b (the mean rises with a)."""

    def centring(b: float) -> float:
        return _bisect(-50.0, 50.0, lambda a: _moments(support, a, b)[0] > 0)

    b = _bisect(-20.0, 20.0, lambda b: _moments(support, centring(b), b)[1] <= variance)
    return _weights(support, centring(b), b)


def _bisect(low: float, high: float, above: Callable[[float], bool]) -> float:
    """The point of [low, high] where ``above`` (false below it, true above) turns true."""
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (low, middle) if above(middle) else (middle, high)
    return (low + high) / 2


def _weights(support: list[int], a: float, b: float) -> list[float]:
    exponents = [a * d - b * d * d for d in support]
    top = max(exponents)
    weights = [math.exp(exponent - top) for exponent in exponents]
    total = sum(weights)
    return [weight / total for weight in weights]


def _moments(support: list[int], a: float, b: float) -> tuple[float, float]:
    weights = _weights(support, a, b)
    mean = sum(p * d for p, d in zip(weights, support, strict=True))
    return mean, sum(p * (d - mean) ** 2 for p, d in zip(weights, support, strict=True))

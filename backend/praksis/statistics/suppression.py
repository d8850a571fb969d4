"""Small-count suppression for tables published outside the municipality.

Primary: every count from 1 to ``threshold - 1`` is hidden (0 is shown: nobody to protect).

Secondary: a table has *additive groups* — parts that add up to a total (a family's parts and
its total within a row, the municipalities of an offering and the offering's total, the
offerings and the grand total, grades + passed + failed + not graded = completed). A hidden
part must not be recoverable by subtraction, so every group with a hidden part needs at least
two hidden parts whose hidden sum reaches the threshold; otherwise the smallest non-zero
visible part is hidden too, or, with none left, the group's total (which then counts as a
hidden part in the groups it belongs to). A hidden total with all its parts visible would be
their sum, so such a group hides parts as well. Repeated until nothing changes.

By construction no group then has exactly one unknown cell, so no hidden cell can be solved
from one group's sum, nor by chaining such solutions across groups.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class AdditiveGroup(Generic[K]):
    """``total`` = the sum of ``parts``."""

    parts: tuple[K, ...]
    total: K


def suppress(
    values: Mapping[K, int], groups: Sequence[AdditiveGroup[K]], threshold: int
) -> frozenset[K]:
    """The cells to hide: primary small counts, then secondary cells to a fixpoint."""
    if threshold < 2:
        raise ValueError("the threshold must be at least 2")
    hidden = {cell for cell, value in values.items() if 0 < value < threshold}
    groups_of: dict[K, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        for member in (*group.parts, group.total):
            groups_of[member].append(index)
    pending = deque(range(len(groups)))
    queued = set(pending)
    while pending:
        index = pending.popleft()
        queued.discard(index)
        next_cell = _next_to_hide(groups[index], values, hidden, threshold)
        if next_cell is None:
            continue
        hidden.add(next_cell)
        for other in (*groups_of[next_cell], index):
            if other not in queued:
                queued.add(other)
                pending.append(other)
    return frozenset(hidden)


def _next_to_hide(
    group: AdditiveGroup[K], values: Mapping[K, int], hidden: set[K], threshold: int
) -> K | None:
    hidden_parts = [part for part in group.parts if part in hidden]
    total_hidden = group.total in hidden
    if not hidden_parts and not total_hidden:
        return None
    if len(hidden_parts) >= 2 and sum(values[part] for part in hidden_parts) >= threshold:
        return None
    visible = [part for part in group.parts if part not in hidden and values[part] > 0]
    if visible:
        return min(visible, key=lambda part: values[part])
    return None if total_hidden else group.total


def solvable_hidden_cells(
    values: Mapping[K, int], groups: Sequence[AdditiveGroup[K]], hidden: frozenset[K]
) -> set[K]:
    """What an attacker can compute exactly: repeatedly solve any group with one unknown.
    Empty for a correctly suppressed table (used by the tests and as a last check)."""
    known = {cell for cell in values if cell not in hidden}
    solved: set[K] = set()
    progress = True
    while progress:
        progress = False
        for group in groups:
            unknown = [cell for cell in (*group.parts, group.total) if cell not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                solved.add(unknown[0])
                progress = True
    return solved

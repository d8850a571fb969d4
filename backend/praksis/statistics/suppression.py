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

from collections import deque
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
    cells = list(values)
    number = {cell: index for index, cell in enumerate(cells)}
    hidden = suppress_numbered(
        [values[cell] for cell in cells],
        [NumberedGroup(tuple(number[part] for part in g.parts), number[g.total]) for g in groups],
        threshold,
    )
    return frozenset(cells[index] for index in hidden)


@dataclass(frozen=True)
class NumberedGroup:
    """An ``AdditiveGroup`` over cells numbered 0..n-1 (positions in a list of values)."""

    parts: tuple[int, ...]
    total: int


def suppress_numbered(
    values: Sequence[int], groups: Sequence[NumberedGroup], threshold: int
) -> set[int]:
    """``suppress`` over numbered cells: the same groups in the same order hide the same
    cells. Large tables (a partner across every municipality) call this directly and spare
    a hashable key per cell."""
    if threshold < 2:
        raise ValueError("the threshold must be at least 2")
    hidden = {cell for cell, value in enumerate(values) if 0 < value < threshold}
    groups_of: list[list[int]] = [[] for _ in values]
    for index, group in enumerate(groups):
        for member in (*group.parts, group.total):
            groups_of[member].append(index)
    # Hidden members per group: a group with none needs nothing and is passed over cheaply.
    hidden_members = [0] * len(groups)
    for cell in hidden:
        for index in groups_of[cell]:
            hidden_members[index] += 1
    pending = deque(range(len(groups)))
    queued = [True] * len(groups)
    while pending:
        index = pending.popleft()
        queued[index] = False
        if not hidden_members[index]:
            continue
        next_cell = _next_to_hide(groups[index], values, hidden, threshold)
        if next_cell is None:
            continue
        hidden.add(next_cell)
        for other in groups_of[next_cell]:
            hidden_members[other] += 1
        for other in (*groups_of[next_cell], index):
            if not queued[other]:
                queued[other] = True
                pending.append(other)
    return hidden


def _next_to_hide(
    group: NumberedGroup, values: Sequence[int], hidden: set[int], threshold: int
) -> int | None:
    hidden_parts = [part for part in group.parts if part in hidden]
    total_hidden = group.total in hidden
    if not hidden_parts and not total_hidden:
        return None
    if len(hidden_parts) >= 2 and sum(values[part] for part in hidden_parts) >= threshold:
        return None
    visible = [part for part in group.parts if part not in hidden and values[part] > 0]
    if visible:
        return min(visible, key=values.__getitem__)
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

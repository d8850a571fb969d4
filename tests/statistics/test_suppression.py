"""The suppression function alone: small cases by hand, then random small tables.

The checker here is written independently of the implementation: it solves every group with
a single unknown cell, repeatedly, as someone subtracting published figures would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praksis.statistics.suppression import AdditiveGroup, solvable_hidden_cells, suppress

THRESHOLD = 5


def attacker_solves(
    values: Mapping[str, int], groups: Sequence[AdditiveGroup[str]], hidden: frozenset[str]
) -> set[str]:
    known = {cell: value for cell, value in values.items() if cell not in hidden}
    solved: set[str] = set()
    changed = True
    while changed:
        changed = False
        for group in groups:
            missing = [cell for cell in (*group.parts, group.total) if cell not in known]
            if len(missing) != 1:
                continue
            (cell,) = missing
            parts = sum(known.get(part, 0) for part in group.parts if part != cell)
            known[cell] = known[group.total] - parts if cell != group.total else parts
            assert known[cell] == values[cell]
            solved.add(cell)
            changed = True
    return solved


def assert_protected(
    values: Mapping[str, int],
    groups: Sequence[AdditiveGroup[str]],
    hidden: frozenset[str],
    threshold: int = THRESHOLD,
) -> None:
    for cell, value in values.items():
        if 0 < value < threshold:
            assert cell in hidden, f"{cell}={value} is a small count and must be hidden"
        if value == 0:
            assert cell not in hidden, f"{cell} is 0 and protects nobody"
    assert attacker_solves(values, groups, hidden) == set()
    for group in groups:
        if group.total in hidden:
            continue
        hidden_parts = [part for part in group.parts if part in hidden]
        if hidden_parts:
            assert len(hidden_parts) >= 2, group
            assert sum(values[part] for part in hidden_parts) >= threshold, group


def test_a_single_small_part_takes_the_next_smallest_with_it() -> None:
    values = {"a": 2, "b": 7, "c": 9, "t": 18}
    groups = [AdditiveGroup(("a", "b", "c"), "t")]
    hidden = suppress(values, groups, THRESHOLD)
    assert hidden == {"a", "b"}
    assert_protected(values, groups, hidden)


def test_two_small_parts_whose_sum_is_below_the_threshold_hide_a_third() -> None:
    values = {"a": 1, "b": 2, "c": 6, "d": 8, "t": 17}
    groups = [AdditiveGroup(("a", "b", "c", "d"), "t")]
    assert suppress(values, groups, THRESHOLD) == {"a", "b", "c"}


def test_a_lone_small_part_with_only_zeros_beside_it_hides_the_total() -> None:
    values = {"a": 3, "b": 0, "t": 3}
    groups = [AdditiveGroup(("a", "b"), "t")]
    assert suppress(values, groups, THRESHOLD) == {"a", "t"}


def test_a_hidden_total_cascades_into_the_group_it_is_a_part_of() -> None:
    # two rows (a1+a2=A, b1+b2=B) and the column total A+B=T
    values = {"a1": 3, "a2": 0, "A": 3, "b1": 6, "b2": 6, "B": 12, "T": 15}
    groups = [
        AdditiveGroup(("a1", "a2"), "A"),
        AdditiveGroup(("b1", "b2"), "B"),
        AdditiveGroup(("A", "B"), "T"),
    ]
    hidden = suppress(values, groups, THRESHOLD)
    assert {"a1", "A", "B"} <= hidden
    assert_protected(values, groups, hidden)


def test_nothing_small_hides_nothing() -> None:
    values = {"a": 0, "b": 5, "t": 5}
    assert suppress(values, [AdditiveGroup(("a", "b"), "t")], THRESHOLD) == frozenset()


def test_the_threshold_is_at_least_two() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        suppress({"a": 1}, [], 1)


@st.composite
def small_tables(draw: st.DrawFn) -> tuple[dict[str, int], list[AdditiveGroup[str]], int]:
    """Offerings × municipalities × a family of parts with its total, plus the offering
    totals and the grand total, as in the partner view."""
    threshold = draw(st.integers(min_value=2, max_value=6))
    offerings = draw(st.integers(min_value=1, max_value=3))
    family = draw(st.integers(min_value=2, max_value=4))
    parts = [f"p{n}" for n in range(family)]
    values: dict[str, int] = {}
    groups: list[AdditiveGroup[str]] = []
    offering_rows = []
    for o in range(offerings):
        rows = [f"o{o}m{m}" for m in range(draw(st.integers(min_value=1, max_value=4)))]
        for row in rows:
            for part in parts:
                values[f"{row}.{part}"] = draw(
                    st.one_of(st.integers(0, 2 * threshold), st.just(0), st.just(1))
                )
            values[f"{row}.total"] = sum(values[f"{row}.{part}"] for part in parts)
            groups.append(AdditiveGroup(tuple(f"{row}.{part}" for part in parts), f"{row}.total"))
        offering_row = f"o{o}"
        offering_rows.append(offering_row)
        for measure in (*parts, "total"):
            values[f"{offering_row}.{measure}"] = sum(values[f"{row}.{measure}"] for row in rows)
            groups.append(
                AdditiveGroup(
                    tuple(f"{row}.{measure}" for row in rows), f"{offering_row}.{measure}"
                )
            )
        groups.append(
            AdditiveGroup(
                tuple(f"{offering_row}.{part}" for part in parts), f"{offering_row}.total"
            )
        )
    for measure in (*parts, "total"):
        values[f"all.{measure}"] = sum(values[f"{row}.{measure}"] for row in offering_rows)
        groups.append(
            AdditiveGroup(tuple(f"{row}.{measure}" for row in offering_rows), f"all.{measure}")
        )
    groups.append(AdditiveGroup(tuple(f"all.{part}" for part in parts), "all.total"))
    return values, groups, threshold


@settings(max_examples=300, deadline=None, derandomize=True)
@given(small_tables())
def test_no_random_table_lets_a_hidden_cell_be_worked_out(
    table: tuple[dict[str, int], list[AdditiveGroup[str]], int],
) -> None:
    values, groups, threshold = table
    hidden = suppress(values, groups, threshold)
    assert_protected(values, groups, hidden, threshold)
    assert solvable_hidden_cells(values, groups, hidden) == set()

"""A partner's figures from the maintained aggregates, suppressed before anything is shown.

The whole table of the partner (every offering, every participating municipality, the
offering totals and the grand total) is suppressed at once, and only then is a single
offering picked out, so two queries never show different values for one cell. There is no
period filter for partners: overlapping periods could be subtracted from each other.
"""

from __future__ import annotations

import gc
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from praksis.action_learning.models import ProjectPhase, ProjectStatus, TrialActionStatus
from praksis.enrolments.models import EnrolmentStatus
from praksis.feedback.models import FeedbackKind
from praksis.kit.context import PartnerContext
from praksis.kit.errors import NotFound
from praksis.municipalities.models import Municipality
from praksis.programmes.models import PartnerOffering
from praksis.statistics import measures as m
from praksis.statistics.measures import Cell, Measures
from praksis.statistics.models import OfferingStatistic
from praksis.statistics.schemas import PartnerStatistics
from praksis.statistics.service import AVERAGE_DIGITS, RATE_DIGITS
from praksis.statistics.suppression import AdditiveGroup, suppress
from praksis.workshops.models import AttendanceStatus

# Within one row: (parts, total)
ROW_GROUPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (m.ENROLMENT_STATUSES, m.ENROLMENTS_TOTAL),
    (m.ATTENDANCE_STATUSES, m.ATTENDANCE_RECORDED),
    (m.PROJECT_STATUSES, m.PROJECTS_TOTAL),
    (m.PROJECT_PHASES, m.PROJECTS_TOTAL),
    (m.TRIAL_ACTION_STATUSES, m.TRIAL_ACTIONS_TOTAL),
    (m.FEEDBACK_KINDS, m.FEEDBACK_TOTAL),
    (m.COMPLETION_OUTCOMES, m.ENROLMENTS_COMPLETED),
)
COUNTS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *(name for parts, total in ROW_GROUPS for name in (*parts, total)),
            m.EVALUATION_RESPONSES,
            m.FOLLOW_UP_ANSWERS,
        ]
    )
)
# Averages: (count, sums, people)
AVERAGES = {
    "evaluations": (m.EVALUATION_RESPONSES, m.EVALUATION_SUMS, m.EVALUATION_PEOPLE),
    "follow_ups": (m.FOLLOW_UP_ANSWERS, (m.FOLLOW_UP_USAGE_SUM,), m.FOLLOW_UP_PEOPLE),
}

PASS_CLASS = {
    **{
        f"grades.{grade}": "passed" if grade >= m.DANISH_PASS_MARK else "failed"
        for grade in m.GRADES_7_POINT
    },
    m.GRADES_PASSED: "passed",
    m.GRADES_FAILED: "failed",
    m.GRADES_NOT_GRADED: "not_graded",
}

# (JSON key, measure) of each family, in the order of the schema
FUNNEL = (
    *((s.value, f"enrolments.{s.value}") for s in EnrolmentStatus),
    ("total", m.ENROLMENTS_TOTAL),
)
COMPLETION_PARTS = (m.ENROLMENTS_COMPLETED,)
COMPLETION_WHOLE = ("enrolments.approved", m.ENROLMENTS_COMPLETED, "enrolments.withdrawn")
ATTENDANCE = (
    *((s.value, f"attendance.{s.value}") for s in AttendanceStatus),
    ("recorded", m.ATTENDANCE_RECORDED),
)
ATTENDANCE_PARTS = ("attendance.present",)
ATTENDANCE_WHOLE = (m.ATTENDANCE_RECORDED,)
PROJECT_STATUSES = tuple((s.value, f"projects.status.{s.value}") for s in ProjectStatus)
PROJECT_PHASES = tuple((p.value, f"projects.phase.{p.value}") for p in ProjectPhase)
TRIAL_ACTIONS = (
    *((s.value, f"trial_actions.{s.value}") for s in TrialActionStatus),
    ("total", m.TRIAL_ACTIONS_TOTAL),
)
FEEDBACK_KINDS = tuple((k.value, f"feedback.{k.value}") for k in FeedbackKind)
OUTCOMES = (
    ("passed", m.GRADES_PASSED),
    ("failed", m.GRADES_FAILED),
    ("not_graded", m.GRADES_NOT_GRADED),
)

RowKey = tuple[str, ...]  # ("all",) | ("offering", offering) | ("municipality", offering, id)
CellKey = tuple[RowKey, str]
GRAND: RowKey = ("all",)


def _offering_row(offering: uuid.UUID) -> RowKey:
    return ("offering", str(offering))


def _municipality_row(offering: uuid.UUID, municipality: str) -> RowKey:
    return ("municipality", str(offering), municipality)


def partner_cells(session: Session, partner: str) -> dict[Cell, Measures]:
    """The one place a partner reads aggregates: its own offerings' rows. The partner session
    and PostgreSQL's policy both restrict this further to member municipalities."""
    found: dict[Cell, Measures] = defaultdict(dict)
    for municipality, offering, measure, value in session.exec(
        select(
            OfferingStatistic.municipality_id,
            OfferingStatistic.offering_id,
            OfferingStatistic.measure,
            OfferingStatistic.value,
        )
        .join(PartnerOffering, col(PartnerOffering.id) == OfferingStatistic.offering_id)
        .where(PartnerOffering.partner == partner)
    ).all():
        found[(municipality, offering)][measure] = int(value)
    return found


@dataclass
class _Table:
    """Every row of the partner's table with its raw measures, and its additive groups."""

    values: dict[RowKey, Measures] = field(default_factory=dict)
    children: dict[RowKey, list[RowKey]] = field(default_factory=dict)

    def add_row(self, row: RowKey, measures: Measures, parent: RowKey | None) -> None:
        self.values[row] = measures
        self.children.setdefault(row, [])
        if parent is not None:
            self.children[parent].append(row)

    def counts(self) -> dict[CellKey, int]:
        return {
            (row, name): measures.get(name, 0)
            for row, measures in self.values.items()
            for name in COUNTS
        }

    def groups(self) -> list[AdditiveGroup[CellKey]]:
        groups = [
            AdditiveGroup(tuple((row, part) for part in parts), (row, total))
            for row in self.values
            for parts, total in ROW_GROUPS
        ]
        for parent, children in self.children.items():
            if children:
                groups += [
                    AdditiveGroup(tuple((child, name) for child in children), (parent, name))
                    for name in COUNTS
                ]
        return groups


def _build_table(offerings: list[PartnerOffering], cells: dict[Cell, Measures]) -> _Table:
    table = _Table()
    table.add_row(GRAND, {}, None)
    for offering in offerings:
        row = _offering_row(offering.id)
        table.add_row(row, {}, GRAND)
        members = sorted(municipality for municipality, key in cells if key == offering.id)
        for municipality in members:
            table.add_row(
                _municipality_row(offering.id, municipality),
                cells[(municipality, offering.id)],
                row,
            )
        table.values[row] = _summed(table.values[child] for child in table.children[row])
    table.values[GRAND] = _summed(table.values[child] for child in table.children[GRAND])
    return table


def _summed(rows: Iterator[Measures]) -> Measures:
    total: Measures = defaultdict(int)
    for measures in rows:
        for name, value in measures.items():
            total[name] += value
    return dict(total)


def partner_statistics(
    context: PartnerContext, offering_id: uuid.UUID | None, min_count: int
) -> PartnerStatistics:
    """The partner's figures per offering, municipality and in total, suppressed."""
    return PartnerStatistics.model_validate(
        partner_statistics_json(context, offering_id, min_count)
    )


def partner_statistics_json(
    context: PartnerContext, offering_id: uuid.UUID | None, min_count: int
) -> dict[str, Any]:
    """``partner_statistics`` as the JSON document itself, built without a model per count:
    at national scale the table has tens of thousands of counts."""
    session = context.session
    offerings = list(
        session.exec(
            select(PartnerOffering)
            .where(PartnerOffering.partner == context.partner)
            .order_by(col(PartnerOffering.title), col(PartnerOffering.id))
        ).all()
    )
    if offering_id is not None and offering_id not in {offering.id for offering in offerings}:
        raise NotFound(f"Partner offering {offering_id} was not found.")
    cells = partner_cells(session, context.partner)
    names = _municipality_names(session, {municipality for municipality, _ in cells})
    shown = [o for o in offerings if offering_id is None or o.id == offering_id]
    with _cyclic_gc_paused():
        return _document(context.partner, min_count, offerings, shown, cells, names)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    # The table of a partner with all 98 municipalities allocates some 100,000 small,
    # acyclic dicts and tuples (freed by reference counting); the cyclic collector would
    # otherwise run full passes over the whole heap in the middle and double the time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _document(
    partner: str,
    min_count: int,
    offerings: list[PartnerOffering],
    shown: list[PartnerOffering],
    cells: dict[Cell, Measures],
    names: dict[str, str],
) -> dict[str, Any]:
    table = _build_table(offerings, cells)
    counts = table.counts()
    hidden = suppress(counts, table.groups(), min_count)
    view = _View(table, counts, hidden, min_count)
    return {
        "partner": partner,
        "min_count": min_count,
        "offerings": [
            {
                "offering_id": str(offering.id),
                "title": offering.title,
                "municipalities": [
                    {
                        "municipality_id": child[2],
                        "name": names.get(child[2], child[2]),
                        **view.figures(child),
                    }
                    for child in sorted(
                        table.children[_offering_row(offering.id)],
                        key=lambda row: (names.get(row[2], ""), row[2]),
                    )
                ],
                "total": view.figures(_offering_row(offering.id)),
            }
            for offering in shown
        ],
        "total": view.figures(GRAND),
    }


def _municipality_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(Municipality.id, Municipality.name).where(col(Municipality.id).in_(ids))
    ).all()
    return {str(municipality_id): str(name) for municipality_id, name in rows}


@dataclass
class _View:
    table: _Table
    counts: dict[CellKey, int]
    hidden: frozenset[CellKey]
    min_count: int
    _averages_shown: dict[tuple[RowKey, str], bool] = field(default_factory=dict)
    _hidden_of: dict[RowKey, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for row, name in self.hidden:
            self._hidden_of[row].add(name)

    def count(self, row: RowKey, name: str) -> dict[str, Any]:
        """A ``Count``."""
        if name in self._hidden_of[row]:
            return {"value": None, "suppressed": True}
        return {"value": self.table.values[row].get(name, 0), "suppressed": False}

    def counts_of(self, row: RowKey, names: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        """Several ``Count``s under their JSON keys: (key, measure) pairs."""
        hidden, values = self._hidden_of[row], self.table.values[row]
        return {
            key: {"value": None, "suppressed": True}
            if name in hidden
            else {"value": values.get(name, 0), "suppressed": False}
            for key, name in names
        }

    def shown(self, row: RowKey, *names: str) -> list[int] | None:
        """The values, if every one of them is shown."""
        if any((row, name) in self.hidden for name in names):
            return None
        return [self.counts[(row, name)] for name in names]

    def ratio(self, row: RowKey, parts: tuple[str, ...], whole: tuple[str, ...]) -> float | None:
        values = self.shown(row, *parts, *whole)
        if values is None:
            return None
        denominator = sum(values[len(parts) :])
        return round(sum(values[: len(parts)]) / denominator, RATE_DIGITS) if denominator else None

    def pass_rate(self, row: RowKey) -> float | None:
        """Passed / (passed + failed) over the completed enrolments with a result. Hidden
        outcomes all of one kind (say 4 and 7, both passing) add up to completed minus the
        shown ones, which anyone can compute: the rate uses that sum and reveals no more."""
        if (row, m.ENROLMENTS_COMPLETED) in self.hidden:
            return None
        hidden = [name for name in m.COMPLETION_OUTCOMES if (row, name) in self.hidden]
        if len({PASS_CLASS[name] for name in hidden}) > 1:
            return None
        by_class = {"passed": 0, "failed": 0, "not_graded": 0}
        for name in m.COMPLETION_OUTCOMES:
            if name not in hidden:
                by_class[PASS_CLASS[name]] += self.counts[(row, name)]
        if hidden:
            shown = sum(by_class.values())
            by_class[PASS_CLASS[hidden[0]]] += self.counts[(row, m.ENROLMENTS_COMPLETED)] - shown
        with_result = by_class["passed"] + by_class["failed"]
        return round(by_class["passed"] / with_result, RATE_DIGITS) if with_result else None

    def averages_shown(self, row: RowKey, family: str) -> bool:
        key = (row, family)
        if key not in self._averages_shown:
            self._averages_shown[key] = self._averages_allowed(row, family)
        return self._averages_shown[key]

    def _averages_allowed(self, row: RowKey, family: str) -> bool:
        count, _sums, people = AVERAGES[family]
        measures = self.table.values[row]
        if (row, count) in self.hidden or not measures.get(count):
            return False
        if row[0] == "municipality":
            return measures.get(people, 0) >= self.min_count
        # An aggregate's average minus the shown averages below it is the average of the
        # rows below whose average is hidden: those must be none, or min_count people.
        children = self.table.children[row]
        hidden_people = sum(
            self.table.values[child].get(people, 0)
            for child in children
            if not self.averages_shown(child, family)
        )
        if row == GRAND:
            return hidden_people == 0 and any(
                self.averages_shown(child, family) for child in children
            )
        return measures.get(people, 0) >= self.min_count and (
            hidden_people == 0 or hidden_people >= self.min_count
        )

    def averages(self, row: RowKey, family: str) -> list[float | None]:
        count, sums, _people = AVERAGES[family]
        if not self.averages_shown(row, family):
            return [None] * len(sums)
        measures = self.table.values[row]
        return [round(measures.get(name, 0) / measures[count], AVERAGE_DIGITS) for name in sums]

    def figures(self, row: RowKey) -> dict[str, Any]:
        """One row as the JSON of ``PartnerFigures``."""
        c = self.count
        relevance, learning, usefulness = self.averages(row, "evaluations")
        (usage,) = self.averages(row, "follow_ups")
        return {
            "funnel": self.counts_of(row, FUNNEL),
            "completion_rate": self.ratio(row, COMPLETION_PARTS, COMPLETION_WHOLE),
            "attendance": {
                **self.counts_of(row, ATTENDANCE),
                "rate": self.ratio(row, ATTENDANCE_PARTS, ATTENDANCE_WHOLE),
            },
            "projects": {
                "total": c(row, m.PROJECTS_TOTAL),
                "by_status": self.counts_of(row, PROJECT_STATUSES),
                "by_phase": self.counts_of(row, PROJECT_PHASES),
            },
            "trial_actions": self.counts_of(row, TRIAL_ACTIONS),
            "feedback": {
                "total": c(row, m.FEEDBACK_TOTAL),
                "by_kind": self.counts_of(row, FEEDBACK_KINDS),
            },
            "kirkpatrick": {
                "level_1_reaction": {
                    "responses": c(row, m.EVALUATION_RESPONSES),
                    "relevance": relevance,
                    "learning": learning,
                    "usefulness": usefulness,
                },
                "level_2_learning": {
                    "grades": [
                        {"grade": grade, "count": c(row, f"grades.{grade}")}
                        for grade in m.GRADES_7_POINT
                    ],
                    **self.counts_of(row, OUTCOMES),
                    "pass_rate": self.pass_rate(row),
                },
                "level_3_behaviour": {
                    "answers": c(row, m.FOLLOW_UP_ANSWERS),
                    "average_usage": usage,
                },
            },
        }

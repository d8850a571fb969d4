"""The municipality's figures, for the caller's scope: the *enrolments in scope* are those
matching the filters (programme, kerneopgave, the person's org unit and the units below it,
created in the period) and, for a leader, only of people in the units they lead and below;
every other figure follows from them (``statistics.registry``).

HR's unfiltered view (the landing page, and the largest scope) reads the whole municipality's
maintained figures; a filtered or a leader's scope joins its enrolments with the tallies
(``statistics.scope_reads``). The tests' ``municipality_reference`` lays out the same view
from plain GROUP BYs, the reference. The view is built as plain values and written as JSON at
once (``municipality_figures``, ``as_json``); ``municipality_statistics`` is its model.

Averages need answers from ``MIN_RESPONSES_FOR_RESULTS`` distinct people, else they are null
(counting answers would show one person's ratings, given at several workshops).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy import ColumnElement, false
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from praksis.cohorts.models import Cohort
from praksis.development.models import AssessmentMoment, SelfAssessment
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.schemas import MIN_RESPONSES_FOR_RESULTS
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kerneopgaver.service import get_kerneopgave
from praksis.kit.context import TenantContext
from praksis.kit.errors import Forbidden, InvalidInput
from praksis.kit.permissions import Role
from praksis.kit.relations import linked_values
from praksis.people.service import get_org_unit, org_unit_descendants, units_led_by
from praksis.programmes.models import Programme, ProgrammeKerneopgave
from praksis.programmes.service import get_programme
from praksis.statistics import registry as r
from praksis.statistics.folding import figures_as_of
from praksis.statistics.reference import month_of
from praksis.statistics.schemas import MunicipalityStatistics
from praksis.statistics.scope import (
    Measures,
    among,
    key_join,
    person_in_units,
    planned_for_the_values,
)
from praksis.statistics.scope_reads import (
    ATTENDANCE_FROM,
    STATUSES,
    Breakdown,
    ScopeRows,
    add_counts,
    read_scope,
    read_whole_municipality,
)
from praksis.workshops.models import AttendanceStatus

RATE_DIGITS = 4
AVERAGE_DIGITS = 2

Document = dict[str, Any]
"""The view as plain values, in the shape (and with every field) of ``MunicipalityStatistics``:
written as JSON without building the model (~2,000 breakdown rows at national scale)."""


@dataclass(frozen=True)
class StatisticsFilter:
    programme_id: uuid.UUID | None = None
    kerneopgave_id: uuid.UUID | None = None
    org_unit_id: uuid.UUID | None = None
    from_date: date | None = None
    to_date: date | None = None


def municipality_figures(context: TenantContext, filters: StatisticsFilter) -> Document:
    """The figures for the caller's municipality (hr_admin) or own units (leader), from the
    maintained tallies (``statistics.tallies``); equal to the reference."""
    as_of = figures_as_of(context.session)  # before the figures: they include at least this
    zone = context.municipality.time_zone
    return view(context, filters, as_of, lambda session, scope: _maintained(session, scope, zone))


def municipality_statistics(
    context: TenantContext, filters: StatisticsFilter
) -> MunicipalityStatistics:
    """``municipality_figures`` as the model (the CSV's, and the tests')."""
    return MunicipalityStatistics.model_validate(municipality_figures(context, filters))


def as_json(document: Document) -> bytes:
    """The figures as JSON: the fields and values of ``MunicipalityStatistics``'s (``as_of``
    in UTC with ``Z``, as pydantic writes it)."""
    return orjson.dumps(document, option=orjson.OPT_UTC_Z)


def _maintained(session: Session, conditions: list[ColumnElement[bool]], zone: str) -> ScopeRows:
    # no conditions: HR's whole municipality, which is maintained as it is
    if not conditions:
        return read_whole_municipality(session)
    return read_scope(session, conditions, zone)


ReadScope = Callable[[Session, list[ColumnElement[bool]]], ScopeRows]


def view(
    context: TenantContext,
    filters: StatisticsFilter,
    as_of: datetime,
    read: ReadScope,
) -> Document:
    """The view of the scope's rows as ``read`` reads them."""
    session = context.session
    planned_for_the_values(session)
    conditions = enrolment_conditions(context, filters)
    zone = ZoneInfo(context.municipality.time_zone)
    found = read(session, conditions)
    evaluators, evaluators_by_month = found.evaluators
    kerneopgaver_of = linked_values(
        session,
        ProgrammeKerneopgave.programme_id,
        ProgrammeKerneopgave.kerneopgave_id,
        {key for key in found.by_programme if key is not None},
    )
    by_kerneopgave = _regrouped(found.by_programme, lambda key: kerneopgaver_of.get(key, []))
    overall = _regrouped(found.by_programme, lambda _programme: [None]).get(None, NONE_COUNTED)
    measures = {**found.measures, r.EVALUATION_PEOPLE: evaluators}
    starts = found.evaluations_by_start
    shown = _shown(measures)
    kirkpatrick = shown["kirkpatrick"]
    kirkpatrick["level_1_reaction"]["min_responses"] = MIN_RESPONSES_FOR_RESULTS
    kirkpatrick["level_1_by_month"] = _months(starts, zone, evaluators_by_month)
    kirkpatrick["level_2_learning"] |= _learning(measures, _self_assessment(session, conditions))
    kirkpatrick["level_3_behaviour"]["min_answers"] = MIN_RESPONSES_FOR_RESULTS
    return {
        "as_of": as_of,
        **_funnel_figures(overall),
        "by_org_unit": _rows(found.by_department, found.labels),
        "by_kerneopgave": _rows(by_kerneopgave, _titles(session, by_kerneopgave)),
        "by_programme": _rows(found.by_programme, found.labels),
        "by_cohort": _rows(found.by_cohort, found.labels),
        **shown,
        "reasons": reason_counts(context, filters, found.withdrawals),
    }


MEASURES_SHOWN = r.layout(
    MunicipalityStatistics,
    r.paths_of("municipality"),
    {average.path: average for average in r.AVERAGES},
)


def _shown(measures: Measures) -> dict[str, Any]:
    """The measures where the view shows them, and the averages of enough people."""

    def value(name: str) -> int:
        return measures.get(name, 0)

    def average(of: r.Average) -> float | None:
        return _average(value(of.sum), value(of.answers), value(of.people))

    return r.fill(MEASURES_SHOWN, value, value, average)


# --- reasons ----------------------------------------------------------------------------------

NOT_GIVEN = "not_given"


def reason_counts(
    context: TenantContext, filters: StatisticsFilter, withdrawn: dict[Any, int]
) -> dict[str, dict[str, int]]:
    """``ReasonCounts``: the scope's ``withdrawn`` by reason, and cancelled programmes and
    cohorts (of the programmes the programme and kerneopgave filters leave, cancelled in the
    period) by reason."""
    return {
        "withdrawals": _reasons(withdrawn.items()),
        "programme_cancellations": _cancellations(context, filters, Programme),
        "cohort_cancellations": _cancellations(context, filters, Cohort),
    }


def _cancellations(
    context: TenantContext, filters: StatisticsFilter, table: type[Programme] | type[Cohort]
) -> dict[str, int]:
    programme = Programme.id if table is Programme else Cohort.programme_id
    statement = (
        select(table.cancellation_reason, func.count())
        .where(
            col(table.cancelled_at).is_not(None),
            *_of_programmes(programme, filters),
            *_in_period(context, filters, table.cancelled_at),
        )
        .group_by(col(table.cancellation_reason))
    )
    return _reasons(context.session.exec(statement).all())


def _reasons(rows: Iterable[tuple[Any, int]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for value, count in rows:
        counts[NOT_GIVEN if value is None else str(value)] += int(count)
    return dict(sorted(counts.items()))


def _of_programmes(programme_id: Any, filters: StatisticsFilter) -> list[ColumnElement[bool]]:
    """``programme_id`` is the filters' programme, or one serving their kerneopgave."""
    found = []
    if filters.programme_id is not None:
        found.append(col(programme_id) == filters.programme_id)
    if filters.kerneopgave_id is not None:
        serving = select(ProgrammeKerneopgave.programme_id).where(
            ProgrammeKerneopgave.kerneopgave_id == filters.kerneopgave_id
        )
        found.append(col(programme_id).in_(serving))
    return found


def _in_period(
    context: TenantContext, filters: StatisticsFilter, moment: Any
) -> list[ColumnElement[bool]]:
    """``moment`` is in the period (its days in the municipality's zone)."""
    zone = ZoneInfo(context.municipality.time_zone)
    found = []
    if filters.from_date is not None:
        found.append(col(moment) >= datetime.combine(filters.from_date, time.min, zone))
    if filters.to_date is not None:
        end = datetime.combine(filters.to_date + timedelta(days=1), time.min, zone)
        found.append(col(moment) < end)
    return found


# --- scope ------------------------------------------------------------------------------------


def enrolment_conditions(
    context: TenantContext, filters: StatisticsFilter
) -> list[ColumnElement[bool]]:
    session = context.session
    roles = context.principal.roles
    if filters.from_date and filters.to_date and filters.from_date > filters.to_date:
        raise InvalidInput("The period's start (from) is after its end (to).")
    units: set[uuid.UUID] | None
    if filters.org_unit_id is not None:
        get_org_unit(session, filters.org_unit_id)
    # the units whose people (and the people of the units below them) are in scope
    if Role.hr_admin in roles:
        units = None if filters.org_unit_id is None else {filters.org_unit_id}
    elif Role.leader in roles:
        units = units_led_by(session, context.person_id)
        if filters.org_unit_id is not None:
            if filters.org_unit_id not in org_unit_descendants(session, units):
                raise Forbidden("A leader sees the statistics of their own units only.")
            units = {filters.org_unit_id}
    else:
        raise Forbidden("Only HR and leaders see the municipality's statistics.")

    if filters.programme_id is not None:
        get_programme(session, filters.programme_id)
    if filters.kerneopgave_id is not None:
        get_kerneopgave(session, filters.kerneopgave_id)
    conditions = _of_programmes(Enrolment.programme_id, filters)
    if units is not None:
        if not units:
            conditions.append(false())
        else:
            conditions.append(person_in_units(units))
    return conditions + _in_period(context, filters, Enrolment.created_at)


# --- enrolments and attendance ----------------------------------------------------------------


def _regrouped(breakdown: Breakdown, keys_of: Callable[[Any], Iterable[Any]]) -> Breakdown:
    """A breakdown's rows summed into the keys each key belongs to."""
    regrouped: Breakdown = {}
    for key, counts in breakdown.items():
        for new_key in keys_of(key):
            add_counts(regrouped, new_key, 0, counts)
    return regrouped


PRESENT = ATTENDANCE_FROM + r.ATTENDANCE_STATUSES.index(AttendanceStatus.present.value)
APPROVED, COMPLETED, WITHDRAWN = (
    r.ENROLMENT_STATUSES.index(status.value)
    for status in (EnrolmentStatus.approved, EnrolmentStatus.completed, EnrolmentStatus.withdrawn)
)
NONE_COUNTED = [0] * len(STATUSES)


def _funnel_figures(counts: list[int], row: dict[str, Any] | None = None) -> dict[str, Any]:
    """``FunnelFigures`` of a breakdown row's counts, added to ``row`` when given (one dict
    per breakdown row, not a second one copied into it: ~1,200 rows per view)."""
    enrolled = counts[:ATTENDANCE_FROM]
    funnel = dict(zip(r.ENROLMENT_STATUSES, enrolled, strict=True))
    approved, completed = enrolled[APPROVED], enrolled[COMPLETED]
    funnel["ever_approved"] = approved + completed
    funnel["total"] = sum(enrolled)
    present, recorded = counts[PRESENT], sum(counts[ATTENDANCE_FROM:])
    found = {} if row is None else row
    found["funnel"] = funnel
    found["completion_rate"] = _ratio(completed, approved + completed + enrolled[WITHDRAWN])
    found["attendance"] = {
        "present": present,
        "recorded": recorded,
        "rate": _ratio(present, recorded),
    }
    return found


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, RATE_DIGITS) if whole else None


def _titles(session: Session, breakdown: Breakdown) -> dict[uuid.UUID, str]:
    ids = {key for key in breakdown if key is not None}
    if not ids:
        return {}
    titles = select(Kerneopgave.id, Kerneopgave.title).where(among(session, Kerneopgave.id, ids))
    return dict(session.exec(titles).all())


def _rows(breakdown: Breakdown, labels: dict[uuid.UUID, str]) -> list[dict[str, Any]]:
    """A ``BreakdownRow`` per key, with the key's label, by label (no key last; a UUID's
    ``int`` orders as its text does)."""
    labelled = [
        (key is None, labels.get(key, "") if key else "(ingen)", key.int if key else 0, key)
        for key in breakdown
    ]
    labelled.sort(key=lambda found: found[:3])
    return [
        _funnel_figures(breakdown[key], {"key": key, "label": label})
        for _, label, _, key in labelled
    ]


def _months(
    starts: list[tuple[datetime, list[int]]], zone: ZoneInfo, people: dict[str, int]
) -> list[dict[str, Any]]:
    """``EvaluationMonth``s: responses and score sums per workshop start, folded into months
    of the municipality's time (a workshop at 23:30 UTC on 31 October starts in November in
    Copenhagen); averages from enough distinct people (``people``: by month)."""
    months: dict[str, list[int]] = defaultdict(lambda: [0] * (1 + len(r.EVALUATION_SCORES)))
    for starts_at, values in starts:
        if not values[0]:
            continue
        totals = months[month_of(starts_at, zone)]
        for index, value in enumerate(values):
            totals[index] += value
    return [
        {
            "month": month,
            "responses": responses,
            "people": people.get(month, 0),
            **{
                score: _average(total, responses, people.get(month, 0))
                for score, total in zip(r.EVALUATION_SCORES, sums, strict=True)
            },
        }
        for month, (responses, *sums) in sorted(months.items())
    ]


def _learning(measures: Measures, self_assessment: dict[str, Any]) -> dict[str, Any]:
    """Level 2 beside the grades: passed and failed (a grade of 02 or above passes)."""
    grades = {grade: measures.get(f"grades.{grade}", 0) for grade in r.GRADES_7_POINT}
    passed = measures.get(r.GRADES_PASSED, 0) + sum(
        count for grade, count in grades.items() if grade >= r.DANISH_PASS_MARK
    )
    failed = measures.get(r.GRADES_FAILED, 0) + sum(
        count for grade, count in grades.items() if grade < r.DANISH_PASS_MARK
    )
    return {
        "passed": passed,
        "failed": failed,
        "pass_rate": _ratio(passed, passed + failed),
        "self_assessment": self_assessment,
    }


def _self_assessment(session: Session, conditions: list[ColumnElement[bool]]) -> dict[str, Any]:
    """``SelfAssessmentFigures``: the self-assessments of the enrolments in scope that were
    given before and after (from the raw answers: a few per participant of an ungraded
    programme)."""
    rows = session.execute(
        sa_select(
            col(SelfAssessment.enrolment_id),
            col(SelfAssessment.person_id),
            col(SelfAssessment.moment),
            func.sum(SelfAssessment.score),
            func.count(),
        )
        .join(Enrolment, key_join(Enrolment, SelfAssessment.enrolment_id))
        .where(*conditions)
        .group_by(
            col(SelfAssessment.enrolment_id),
            col(SelfAssessment.person_id),
            col(SelfAssessment.moment),
        )
    ).all()
    sums: dict[uuid.UUID, dict[str, tuple[int, int]]] = defaultdict(dict)
    people_of: dict[uuid.UUID, uuid.UUID] = {}
    for enrolment_id, person_id, moment, total, count in rows:
        sums[enrolment_id][str(moment)] = (int(total or 0), int(count))
        people_of[enrolment_id] = person_id
    both = [key for key, found in sums.items() if len(found) == len(AssessmentMoment)]
    people = len({people_of[key] for key in both})
    before, after = (
        _average(
            sum(sums[key][moment.value][0] for key in both),
            sum(sums[key][moment.value][1] for key in both),
            people,
        )
        for moment in (AssessmentMoment.before, AssessmentMoment.after)
    )
    change = None if before is None or after is None else round(after - before, AVERAGE_DIGITS)
    return {
        "people": people,
        "min_people": MIN_RESPONSES_FOR_RESULTS,
        "average_before": before,
        "average_after": after,
        "average_change": change,
    }


def _average(total: int, count: int, people: int) -> float | None:
    """The average of ``count`` answers, only when ``people`` distinct people gave them."""
    if people < MIN_RESPONSES_FOR_RESULTS or not count:
        return None
    return round(total / count, AVERAGE_DIGITS)

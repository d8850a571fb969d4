"""Every measure of ``statistics.registry`` as a sum of GROUP BYs, in two forms:

- the reference, plain GROUP BYs over the raw tables, which the maintained figures are kept
  equal to (the tests and benchmarks compare them); a request runs it only for the figures
  not maintained (a scope's distinct people: they do not add up across programmes);
- ``from_tallies``, as a fold computes ``programme_statistics`` and ``offering_statistics``:
  the ``tallied`` sources from the tallies (``statistics.tallies``, refreshed before), so that
  a fold recomputes a programme in a few small statements; the rest from their reference.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_
from sqlalchemy import select as sa_select
from sqlmodel import col, func, select

from praksis.action_learning.models import ProjectOwner
from praksis.cohorts.models import Cohort
from praksis.feedback.models import EvaluationReceipt
from praksis.municipalities.models import Municipality
from praksis.programmes.models import Programme
from praksis.statistics.cellkey import KEY_SPACE
from praksis.statistics.models import (
    AttendanceTally,
    ProgrammeStatistic,
    ProjectTally,
    WorkshopEvaluationTally,
)
from praksis.statistics.registry import (
    ATTENDANCE_STATUSES,
    EVALUATION_PARTS,
    EVALUATIONS,
    MEASURES,
    PARTNER_ONLY,
    PROJECT_TALLY_COUNTS,
    SOURCES,
    Counted,
    Rows,
    Source,
    attendance_tally,
    in_year,
    named,
    people_of,
    project_tally,
    start_measures,
)
from praksis.statistics.scope import (
    ByOfferingCell,
    ByProgramme,
    Cell,
    Conditions,
    Executor,
    Grouping,
    Key,
    Measures,
    as_utc,
    enrolled_in,
    grouped_rows,
    key_join,
    owner_enrolled,
)
from praksis.workshops.models import Workshop

KEY_SUFFIX = "#key"
MUNICIPALITY_SOURCES = tuple(source for source in SOURCES if not source.partner_only)
ADDITIVE_SOURCES = tuple(source for source in MUNICIPALITY_SOURCES if source.additive)


def key_of(measure: str) -> str:
    """The stored measure holding the cell key of ``measure``'s people (partner view)."""
    return measure + KEY_SUFFIX


def counted(
    executor: Executor,
    sources: Iterable[Source],
    conditions: Conditions,
    grouping: Grouping,
) -> dict[Key, Measures]:
    """The sources' measures per group (None: not grouped), but those counted for the
    partner's figures only (``PARTNER_ONLY``); zeros left out."""
    found: dict[Key, Measures] = defaultdict(lambda: defaultdict(int))
    for source in sources:
        statement, programme, municipality = source.rows(conditions)
        for key, row in grouped_rows(executor, statement, programme, municipality, grouping):
            split = len(row) - 1 - len(source.sums)
            for name, value in named([(source, row[:split], row[split:])]):
                if name not in PARTNER_ONLY:
                    found[key][name] += value
    return {key: dict(values) for key, values in found.items()}


def scope_measures(
    executor: Executor, conditions: Conditions, sources: Iterable[Source] = MUNICIPALITY_SOURCES
) -> Measures:
    """Every measure for one scope of enrolments (the municipality view); zeros left out."""
    return counted(executor, sources, conditions, None).get(None, {})


def programme_measures(
    executor: Executor,
    programme_ids: Collection[uuid.UUID] | None = None,
    from_tallies: bool = False,
) -> dict[uuid.UUID, Measures]:
    """What ``programme_statistics`` holds: per programme (all when ``None``), over all its
    enrolments, every measure that adds up across programmes, the evaluations also by
    workshop start (``registry.start_bucket``; their totals are the starts' sums)."""
    grouping = ByProgramme(None if programme_ids is None else frozenset(programme_ids))
    sources = [
        source
        for source in ADDITIVE_SOURCES
        if source is not EVALUATIONS and not (from_tallies and source.tallied)
    ]
    found: dict[uuid.UUID, Measures] = defaultdict(lambda: defaultdict(int))
    for key, measures in counted(executor, sources, [], grouping).items():
        assert key is not None  # grouped
        found[key[1]].update(measures)
    for statement, decode in TALLY_READS if from_tallies else (EVALUATIONS_BY_START,):
        rows = grouped_rows(
            executor, statement, Cohort.programme_id, Cohort.municipality_id, grouping
        )
        for key, row in rows:
            assert key is not None  # grouped
            for name, value in decode(*row):
                if value:
                    found[key[1]][name] += int(value)
    return {programme: dict(values) for programme, values in found.items()}


def _evaluations_and_starts(*row: Any) -> Iterable[tuple[str, int]]:
    """A row of (responses, score sums…, workshop start) as the measures it counts in."""
    values = [int(value) for value in row[:-1]]
    return [*named([(EVALUATIONS, (), values)]), *start_measures(as_utc(row[-1]), values)]


def month_of(moment: datetime, zone: ZoneInfo) -> str:
    """The month ('YYYY-MM') a stored moment falls in, in the municipality's time."""
    return as_utc(moment).astimezone(zone).strftime("%Y-%m")


def evaluators(
    executor: Executor, in_scope: Callable[[Any], Any], zone: ZoneInfo
) -> tuple[int, dict[str, int]]:
    """Distinct people who answered an evaluation of a workshop ``in_scope`` (a condition on
    a column naming the workshop): in all, and by the month the workshop started in the
    municipality's time (from the receipts: who answered, never what). Counted by PostgreSQL
    in one pass (ROLLUP: each month and the total), or here from the distinct (start, person)
    pairs on SQLite (reading 18,000 of them here took ~70 ms; PostgreSQL counts in ~17)."""
    if executor.get_bind().dialect.name == "postgresql":
        return _evaluators_counted_in_postgresql(executor, in_scope, zone)
    receipts = (
        select(Workshop.starts_at, EvaluationReceipt.person_id)
        .join(Workshop, key_join(Workshop, EvaluationReceipt.workshop_id))
        .where(in_scope(EvaluationReceipt.workshop_id))
        .distinct()
    )
    people: dict[str, set[uuid.UUID]] = defaultdict(set)
    for starts_at, person in executor.execute(receipts):
        people[month_of(starts_at, zone)].add(person)
    everyone: set[uuid.UUID] = set().union(*people.values())
    return len(everyone), {month: len(who) for month, who in people.items()}


def _evaluators_counted_in_postgresql(
    executor: Executor, in_scope: Callable[[Any], Any], zone: ZoneInfo
) -> tuple[int, dict[str, int]]:
    # the month is worked out once per workshop (not per answer) and grouped as a timestamp,
    # which sorts far faster than its text
    month = func.date_trunc("month", func.timezone(zone.key, Workshop.starts_at))
    workshops = (
        select(col(Workshop.municipality_id), col(Workshop.id), month.label("month"))
        .where(in_scope(Workshop.id))
        .cte("workshop_months")
        .prefix_with("MATERIALIZED")
    )
    counted = evaluators_by_month(workshops)
    rows = {found: int(count) for found, count in executor.execute(counted).all()}
    total = rows.pop(None, 0)
    return total, {found.strftime("%Y-%m"): count for found, count in rows.items()}


def evaluators_by_month(workshops: Any) -> Select[Any]:
    """Distinct people who answered an evaluation of ``workshops`` (a from clause of their
    ``municipality_id``, ``id`` and ``month``), by month and in all (ROLLUP: the row without
    a month): (month, people) rows, PostgreSQL only."""
    return (
        sa_select(workshops.c.month, func.count(func.distinct(EvaluationReceipt.person_id)))
        .select_from(EvaluationReceipt)
        .join(
            workshops,
            and_(
                workshops.c.municipality_id == EvaluationReceipt.municipality_id,
                workshops.c.id == EvaluationReceipt.workshop_id,
            ),
        )
        .group_by(func.rollup(workshops.c.month))
    )


Read = tuple[Any, Callable[..., Iterable[tuple[str, int]]]]
"""A statement of rows grouped by their cohorts' programme, and the measures a row counts in."""
EVALUATIONS_BY_START: Read = (
    EVALUATIONS.rows([])[0].add_columns(col(Workshop.starts_at)).group_by(col(Workshop.starts_at)),
    _evaluations_and_starts,
)
ATTENDANCE_COUNTS = [getattr(AttendanceTally, status) for status in ATTENDANCE_STATUSES]
PROJECT_COUNTS = [getattr(ProjectTally, name) for name in PROJECT_TALLY_COUNTS]
TALLY_READS: tuple[Read, ...] = (
    (
        sa_select(*(func.sum(count) for count in ATTENDANCE_COUNTS))
        .select_from(AttendanceTally)
        .join(Cohort, key_join(Cohort, AttendanceTally.cohort_id))
        .where(enrolled_in(AttendanceTally.cohort_id, AttendanceTally.person_id)),
        lambda *sums: named(attendance_tally(*sums)),
    ),
    (
        sa_select(
            col(ProjectTally.status),
            col(ProjectTally.phase),
            func.count(),
            *(func.sum(count) for count in PROJECT_COUNTS),
        )
        .select_from(ProjectTally)
        .join(Cohort, key_join(Cohort, ProjectTally.cohort_id))
        .where(owner_enrolled(ProjectTally.project_id, ProjectTally.cohort_id))
        .group_by(col(ProjectTally.status), col(ProjectTally.phase)),
        lambda *row: named(project_tally(*row)),
    ),
    (
        sa_select(
            *(func.sum(getattr(WorkshopEvaluationTally, part)) for part in EVALUATION_PARTS),
            col(Workshop.starts_at),
        )
        .select_from(WorkshopEvaluationTally)
        .join(Workshop, key_join(Workshop, WorkshopEvaluationTally.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(enrolled_in(Workshop.cohort_id))
        .group_by(col(Workshop.starts_at)),
        _evaluations_and_starts,
    ),
)
"""The attendance, the projects' and the evaluations' rows from their tallies."""


# --- the partner view's offering cells ---------------------------------------------------------


def offering_cell_measures(
    executor: Executor,
    offering_ids: Collection[uuid.UUID] | None = None,
    from_tallies: bool = False,
) -> dict[Cell, Measures]:
    """Every offering cell's measures, for the programmes linked to those offerings (all
    linked programmes when ``None``). On a tenant session: that municipality's cells only; on
    an owner's connection, every municipality's. A cell with a linked programme always has the
    ``programmes`` measure; zeros left out.

    Every count is of distinct people, with their cell key (the sum of their record keys,
    ``statistics.cellkey``) under ``key_of(measure)``, and again for the people of each year's
    rounds (``registry.in_year``); the sums behind the averages and the programmes are stored
    as they are. ``from_tallies``: the sums from the programmes' measures, attendance and
    projects from their tallies (all refreshed before)."""
    grouping = ByOfferingCell(None if offering_ids is None else frozenset(offering_ids))
    facts = [s for s in SOURCES if s.people is None and (s.partner_only or not from_tallies)]
    found = {
        key: values
        for key, values in counted(executor, facts, [], grouping).items()
        if key is not None
    }
    if from_tallies:
        _add_programme_sums(executor, grouping, found)
    years = round_years(executor, grouping)
    people = [
        (source.people(), source.counts)
        for source in SOURCES
        if source.people is not None and not (from_tallies and source.tallied)
    ]
    if from_tallies:
        people += [(rows(), counts) for rows, counts in TALLY_PEOPLE]
    return add_people(
        found,
        chain.from_iterable(
            people_rows(executor, grouping, rows, counts, years) for rows, counts in people
        ),
    )


SUMMED = tuple(
    measure.name
    for measure in MEASURES
    if measure.source.people is None and not measure.source.partner_only
)
"""The partner view's answers and sums behind its averages: they add up across programmes."""


def _add_programme_sums(
    executor: Executor, grouping: ByOfferingCell, found: dict[Cell, Measures]
) -> None:
    summed = (
        sa_select(
            col(Programme.municipality_id),
            col(Programme.offering_id),
            col(ProgrammeStatistic.measure),
            func.sum(ProgrammeStatistic.value),
        )
        .join(Programme, key_join(Programme, ProgrammeStatistic.programme_id))
        .where(grouping.condition(), col(ProgrammeStatistic.measure).in_(SUMMED))
        .group_by(
            col(Programme.municipality_id),
            col(Programme.offering_id),
            col(ProgrammeStatistic.measure),
        )
    )
    for municipality, offering, measure, value in executor.execute(summed).all():
        if value:
            found.setdefault((str(municipality), offering), {})[measure] = int(value)


def _names(counted_rows: Iterable[Counted]) -> list[str]:
    return [name for name, _value in named(counted_rows)]


def _attendance_people() -> Rows:
    statement = (
        people_of(AttendanceTally.person_id, *ATTENDANCE_COUNTS)
        .join(Cohort, key_join(Cohort, AttendanceTally.cohort_id))
        .where(enrolled_in(AttendanceTally.cohort_id, AttendanceTally.person_id))
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


def _project_people() -> Rows:
    statement = (
        people_of(
            ProjectOwner.person_id,
            col(ProjectTally.status),
            col(ProjectTally.phase),
            *PROJECT_COUNTS,
        )
        .join(
            ProjectTally,
            and_(
                col(ProjectTally.municipality_id) == ProjectOwner.municipality_id,
                col(ProjectTally.project_id) == ProjectOwner.project_id,
            ),
        )
        .join(Cohort, key_join(Cohort, ProjectTally.cohort_id))
        .where(enrolled_in(ProjectTally.cohort_id, ProjectOwner.person_id))
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


TALLY_PEOPLE: tuple[tuple[Callable[[], Rows], Callable[..., Iterable[str]]], ...] = (
    (_attendance_people, lambda *counts: _names(attendance_tally(*counts))),
    (
        _project_people,
        lambda status, phase, *counts: _names(project_tally(status, phase, 1, *counts)),
    ),
)
"""The people of the tallied sources, from the attendance and project tallies."""


PeopleRows = Iterable[tuple[uuid.UUID, int, Iterable[str], Cell]]
"""(person, record key, the measures the person counts in, offering cell)."""


def people_rows(
    executor: Executor,
    grouping: ByOfferingCell,
    rows: Rows,
    counts: Callable[..., Iterable[str]],
    years: dict[uuid.UUID, int],
) -> PeopleRows:
    """The distinct (person, record key, attributes…) rows of the offering cells, with the
    measures each counts in (``counts`` of the attributes), also under the year of the row's
    round (``round_years``) when it has one."""
    statement, programme, municipality = rows
    table = programme.class_  # a cohort's row, or an enrolment's
    with_cell = grouping.in_cells(statement, programme, municipality).add_columns(
        col(getattr(table, "cohort_id", table.id)),
        col(Programme.municipality_id),
        col(Programme.offering_id),
    )
    for person, record_key, *attributes, cohort, cell_municipality, offering in executor.execute(
        with_cell.distinct()
    ).all():
        names = list(counts(*attributes))
        if (year := years.get(cohort)) is not None:
            names += [in_year(year, name) for name in names]
        yield person, record_key, names, (str(cell_municipality), offering)


def round_years(executor: Executor, grouping: ByOfferingCell) -> dict[uuid.UUID, int]:
    """The year of each round (cohort) of the offerings' programmes: the year its first
    workshop starts in, in its municipality's time. A cohort without workshops has none."""
    statement = (
        select(Workshop.cohort_id, func.min(Workshop.starts_at), Municipality.time_zone)
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .join(Programme, key_join(Programme, Cohort.programme_id))
        .join(Municipality, col(Municipality.id) == Workshop.municipality_id)
        .where(grouping.condition())
        .group_by(col(Workshop.cohort_id), col(Municipality.time_zone))
    )
    return {
        cohort: as_utc(first).astimezone(ZoneInfo(zone)).year
        for cohort, first, zone in executor.execute(statement).all()
    }


def add_people(found: dict[Cell, Measures], rows: PeopleRows) -> dict[Cell, Measures]:
    """The distinct people of each cell's measures, and their cell keys, added to ``found``."""
    people: dict[Cell, dict[str, dict[uuid.UUID, int]]] = defaultdict(lambda: defaultdict(dict))
    for person, record_key, names, cell in rows:
        for name in names:
            people[cell][name][person] = record_key
    for cell, by_measure in people.items():
        measures = found.setdefault(cell, {})
        for name, keys in by_measure.items():
            measures[name] = len(keys)
            if cell_key := sum(keys.values()) % KEY_SPACE:
                measures[key_of(name)] = cell_key
    return found

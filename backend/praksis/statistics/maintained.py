"""The measures as a fold computes them: from the maintained tallies (``statistics.tallies``,
refreshed before) where a source is ``tallied``, from its reference rows where not.

- ``programme_tally_measures``: each programme's measures, for ``programme_statistics``;
- ``offering_cells``: each offering cell's people, cell keys and sums, for
  ``offering_statistics`` (the sums from the programmes' measures).

Both equal ``statistics.reference`` over the raw tables (the tests compare them); reading the
tallies instead of the rows below them lets a fold recompute a programme in a few small
statements.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from itertools import chain
from typing import Any

from sqlalchemy import and_, select
from sqlmodel import Session, col, func

from praksis.action_learning.models import ProjectOwner
from praksis.cohorts.models import Cohort
from praksis.programmes.models import Programme
from praksis.statistics.models import (
    AttendanceTally,
    ProgrammeStatistic,
    ProjectTally,
    WorkshopEvaluationTally,
)
from praksis.statistics.reference import (
    ADDITIVE_SOURCES,
    add_people,
    counted,
    people_rows,
    round_years,
)
from praksis.statistics.registry import (
    ATTENDANCE_STATUSES,
    EVALUATION_SCORES,
    EVALUATIONS,
    MEASURES,
    PROJECT_TALLY_COUNTS,
    SOURCES,
    Counted,
    Rows,
    attendance_tally,
    named,
    people_of,
    project_tally,
    start_measures,
)
from praksis.statistics.scope import (
    ByOfferingCell,
    ByProgramme,
    Cell,
    Measures,
    as_utc,
    enrolled_in,
    grouped_rows,
    key_join,
    owner_enrolled,
)
from praksis.workshops.models import Workshop

ProgrammeMeasures = dict[uuid.UUID, Measures]
SUMMED = tuple(
    measure.name
    for measure in MEASURES
    if measure.source.people is None and not measure.source.partner_only
)
"""The partner view's answers and sums behind its averages: they add up across programmes."""
ATTENDANCE_COUNTS = [getattr(AttendanceTally, status) for status in ATTENDANCE_STATUSES]
PROJECT_COUNTS = [getattr(ProjectTally, name) for name in PROJECT_TALLY_COUNTS]


def programme_tally_measures(
    session: Session, programme_ids: Collection[uuid.UUID] | None
) -> ProgrammeMeasures:
    """Every measure that adds up across programmes, and the evaluations by workshop start,
    per programme (all of them when ``None``); zeros left out."""
    grouping = ByProgramme(None if programme_ids is None else frozenset(programme_ids))
    untallied = [source for source in ADDITIVE_SOURCES if not source.tallied]
    found: ProgrammeMeasures = defaultdict(lambda: defaultdict(int))
    for key, measures in counted(session, untallied, [], grouping).items():
        assert key is not None  # grouped
        for name, value in measures.items():
            found[key[1]][name] += value
    for statement, decode in TALLY_READS:
        rows = grouped_rows(
            session, statement, Cohort.programme_id, Cohort.municipality_id, grouping
        )
        for key, row in rows:
            assert key is not None  # grouped
            for name, value in decode(*row):
                if value:
                    found[key[1]][name] += int(value)
    return {programme: dict(values) for programme, values in found.items()}


def _evaluations_and_starts(*row: Any) -> Iterable[tuple[str, int]]:
    values = [int(value) for value in row[:-1]]
    return [*named([(EVALUATIONS, (), values)]), *start_measures(as_utc(row[-1]), values)]


EVALUATION_SUMS = [getattr(WorkshopEvaluationTally, f"{score}_sum") for score in EVALUATION_SCORES]
TALLY_READS: tuple[tuple[Any, Callable[..., Iterable[tuple[str, int]]]], ...] = (
    (
        select(*(func.sum(count) for count in ATTENDANCE_COUNTS))
        .select_from(AttendanceTally)
        .join(Cohort, key_join(Cohort, AttendanceTally.cohort_id))
        .where(enrolled_in(AttendanceTally.cohort_id, AttendanceTally.person_id)),
        lambda *sums: named(attendance_tally(*sums)),
    ),
    (
        select(
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
        select(
            func.sum(WorkshopEvaluationTally.responses),
            *(func.sum(total) for total in EVALUATION_SUMS),
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
"""Per programme (grouped by its cohorts' programme): the attendance, the projects' and the
evaluations' rows from their tallies, and the measures each row counts in."""


# --- the partner view's offering cells ---------------------------------------------------------


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


TALLY_PEOPLE = (
    (_attendance_people, lambda *counts: _names(attendance_tally(*counts))),
    (
        _project_people,
        lambda status, phase, *counts: _names(project_tally(status, phase, 1, *counts)),
    ),
)
"""The people of the tallied sources, from the attendance and project tallies."""


def offering_cells(session: Session, offering_ids: Collection[uuid.UUID]) -> dict[Cell, Measures]:
    """``reference.offering_cell_measures`` as a fold computes it: attendance and projects
    from the tallies and the sums from the programmes' measures, all refreshed before it."""
    grouping = ByOfferingCell(frozenset(offering_ids))
    facts = [source for source in SOURCES if source.people is None and source.partner_only]
    found = {
        key: values
        for key, values in counted(session, facts, [], grouping, partner=True).items()
        if key is not None
    }
    summed = (
        select(
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
    for municipality, offering, measure, value in session.execute(summed).all():
        if value:
            found.setdefault((str(municipality), offering), {})[measure] = int(value)
    years = round_years(session, grouping)
    people = [
        people_rows(session, grouping, source.people(), source.counts, years)
        for source in SOURCES
        if source.people is not None and not source.tallied
    ]
    people += [
        people_rows(session, grouping, rows(), counts, years) for rows, counts in TALLY_PEOPLE
    ]
    return add_people(found, chain.from_iterable(people))

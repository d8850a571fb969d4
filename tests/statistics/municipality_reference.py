"""The municipality view from plain GROUP BYs over the raw tables: the reference the tests and
the benchmark (``benchmarks/statistics_scale.py``) compare ``service.municipality_statistics``
with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import WorkshopEvaluation
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.people.service import department_of
from praksis.statistics.reference import evaluators, scope_measures
from praksis.statistics.registry import (
    ATTENDANCE_STATUSES,
    ENROLMENT_STATUSES,
    EVALUATION_SCORES,
)
from praksis.statistics.schemas import MunicipalityStatistics
from praksis.statistics.scope import attended_in_scope, evaluated_workshop_in_scope, key_join
from praksis.statistics.scope_reads import ScopeRows, every_label
from praksis.statistics.service import StatisticsFilter, view
from praksis.workshops.models import Attendance, Workshop


def starts_of(session: Session, statement: Any) -> list[tuple[datetime, list[int]]]:
    """The statement's rows: (workshop start, [responses, score sums…])."""
    return [
        (starts_at, [int(value or 0) for value in values])
        for starts_at, *values in session.exec(statement).all()
    ]


def naive_municipality_statistics(
    context: TenantContext, filters: StatisticsFilter
) -> MunicipalityStatistics:
    """``service.municipality_statistics`` from the raw tables (exact when read)."""
    zone = ZoneInfo(context.municipality.time_zone)
    document = view(
        context,
        filters,
        utc_now(),
        lambda session, conditions: naive_scope_rows(session, conditions, zone),
    )
    return MunicipalityStatistics.model_validate(document)


STATUSES_OF = {"enrolments": ENROLMENT_STATUSES, "attendance": ATTENDANCE_STATUSES}


InScope = Callable[[Any], ColumnElement[bool]]
"""Whether a workshop (a column of a tenant table naming it) is in scope."""


def evaluated(conditions: list[ColumnElement[bool]]) -> InScope:
    """Workshops of cohorts with an enrolment in scope."""
    return lambda workshop_id: evaluated_workshop_in_scope(workshop_id, conditions)


def naive_scope_rows(
    session: Session, conditions: list[ColumnElement[bool]], zone: ZoneInfo
) -> ScopeRows:
    """The rows ``scope_reads.read_scope`` reads, from the raw tables: enrolments and attendance
    by status per programme, department (``people.service.department_of``) and cohort, the
    withdrawals by reason and the evaluators (distinct people, in all and by month)."""
    enrolled = (Enrolment.person_id, Enrolment.programme_id, Enrolment.cohort_id)
    enrolments = _counted(session, (*enrolled, Enrolment.status), sa_select().where(*conditions))
    attended = (Attendance.person_id, Cohort.programme_id, Cohort.id, Attendance.status)
    attendance = _counted(
        session,
        attended,
        sa_select()
        .select_from(Attendance)
        .join(Workshop, key_join(Workshop, Attendance.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(attended_in_scope(conditions)),
    )
    departments = department_of(session, {row[0] for row in (*enrolments, *attendance)})
    found = ScopeRows(measures=scope_measures(session, conditions))
    for family, rows in (("enrolments", enrolments), ("attendance", attendance)):
        for person, programme, cohort, status, count in rows:
            counts = [int(str(status) == named) * count for named in STATUSES_OF[family]]
            found.count("department", departments.get(person), family, counts)
            found.count("programme", programme, family, counts)
            found.count("cohort", cohort, family, counts)
    scores = [func.sum(getattr(WorkshopEvaluation, score)) for score in EVALUATION_SCORES]
    answers = per_workshop_start(
        WorkshopEvaluation.workshop_id, func.count(), scores, evaluated(conditions)
    )
    found.evaluations_by_start = starts_of(session, answers)
    withdrawn = sa_select(Enrolment.withdrawal_reason, func.count()).where(
        *conditions, col(Enrolment.status) == EnrolmentStatus.withdrawn
    )
    found.withdrawals = dict(session.execute(withdrawn.group_by(Enrolment.withdrawal_reason)).all())
    found.evaluators = evaluators(session, evaluated(conditions), zone)
    found.labels = every_label(session)
    return found


def per_workshop_start(workshop_id: Any, responses: Any, sums: list[Any], in_scope: InScope) -> Any:
    """(start, responses, score sums) of the workshops of cohorts with an enrolment in scope."""
    return (
        select(Workshop.starts_at, responses, *sums)
        .join(Workshop, key_join(Workshop, workshop_id))
        .where(in_scope(workshop_id))
        .group_by(col(Workshop.starts_at))
    )


def _counted(session: Session, columns: tuple[Any, ...], statement: Any) -> list[Any]:
    """(person, programme, cohort, status, count) of the statement's rows."""
    grouped = [col(column) for column in columns]
    return list(session.execute(statement.add_columns(*grouped, func.count()).group_by(*grouped)))

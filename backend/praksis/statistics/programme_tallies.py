"""Each programme's measures from the maintained tallies, for ``programme_statistics``.

The measures of ``statistics.measures`` over every enrolment of the programme (attendance,
projects and evaluations by their cohort's programme), read from the attendance, project and
evaluation tallies instead of the raw rows below them, so that a write recomputes its
programme in a few small statements. ``statistics.tallies`` keeps the result equal to
``measures.programme_measures`` over the raw tables (its reference, compared in the tests).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlmodel import Session, col, func

from praksis.action_learning.models import TrialActionStatus
from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment
from praksis.feedback.models import FeedbackKind, TransferFollowUp
from praksis.statistics import measures as m
from praksis.statistics.measures import Measures, key_join
from praksis.statistics.models import AttendanceTally, ProjectTally, WorkshopEvaluationTally
from praksis.workshops.models import AttendanceStatus, Workshop

ProgrammeMeasures = dict[uuid.UUID, Measures]


class _Tally:
    def __init__(self) -> None:
        self.by_programme: ProgrammeMeasures = defaultdict(lambda: defaultdict(int))

    def add(self, programme: uuid.UUID, names: Collection[str], value: Any) -> None:
        if value:
            for name in names:
                self.by_programme[programme][name] += int(value)


def programme_tally_measures(
    session: Session, programme_ids: Collection[uuid.UUID] | None
) -> ProgrammeMeasures:
    """Every measure that adds up across programmes, and the evaluations by workshop start
    (``measures.start_bucket``), per programme (all of them when ``None``); zeros left out."""
    tally = _Tally()
    for read in (_enrolments, _attendance, _projects, _evaluations, _follow_ups):
        read(session, tally, programme_ids)
    return {programme: dict(values) for programme, values in tally.by_programme.items()}


def _of(column: Any, programme_ids: Collection[uuid.UUID] | None) -> ColumnElement[bool]:
    return true() if programme_ids is None else col(column).in_(list(programme_ids))


def _enrolments(session: Session, tally: _Tally, programmes: Any) -> None:
    for programme, status, grade, passed, count in session.execute(
        select(
            col(Enrolment.programme_id),
            col(Enrolment.status),
            col(Enrolment.grade),
            col(Enrolment.passed),
            func.count(),
        )
        .where(_of(Enrolment.programme_id, programmes))
        .group_by(
            col(Enrolment.programme_id),
            col(Enrolment.status),
            col(Enrolment.grade),
            col(Enrolment.passed),
        )
    ).all():
        tally.add(programme, [f"enrolments.{status}", m.ENROLMENTS_TOTAL], count)
        if f"enrolments.{status}" == m.ENROLMENTS_COMPLETED:
            tally.add(programme, [m.completion_outcome(grade, passed)], count)


def _attendance(session: Session, tally: _Tally, programmes: Any) -> None:
    statuses = [status.value for status in AttendanceStatus]
    for programme, *sums in session.execute(
        select(
            col(Cohort.programme_id),
            *(func.sum(getattr(AttendanceTally, status)) for status in statuses),
        )
        .select_from(AttendanceTally)
        .join(Cohort, key_join(Cohort, AttendanceTally.cohort_id))
        .where(
            _of(Cohort.programme_id, programmes),
            m.enrolled_in(AttendanceTally.cohort_id, AttendanceTally.person_id),
        )
        .group_by(col(Cohort.programme_id))
    ).all():
        for status, value in zip(statuses, sums, strict=True):
            tally.add(programme, [f"attendance.{status}", m.ATTENDANCE_RECORDED], value)


def _projects(session: Session, tally: _Tally, programmes: Any) -> None:
    trials = [f"trial_actions_{status.value}" for status in TrialActionStatus]
    kinds = [f"feedback_{kind.value}" for kind in FeedbackKind]
    for programme, status, phase, count, *sums in session.execute(
        select(
            col(Cohort.programme_id),
            col(ProjectTally.status),
            col(ProjectTally.phase),
            func.count(),
            *(func.sum(getattr(ProjectTally, name)) for name in (*trials, *kinds)),
        )
        .select_from(ProjectTally)
        .join(Cohort, key_join(Cohort, ProjectTally.cohort_id))
        .where(
            _of(Cohort.programme_id, programmes),
            m.owner_enrolled(ProjectTally.project_id, ProjectTally.cohort_id),
        )
        .group_by(col(Cohort.programme_id), col(ProjectTally.status), col(ProjectTally.phase))
    ).all():
        tally.add(
            programme,
            [f"projects.status.{status}", f"projects.phase.{phase}", m.PROJECTS_TOTAL],
            count,
        )
        for name, value in zip(m.TRIAL_ACTION_STATUSES, sums[: len(trials)], strict=True):
            tally.add(programme, [name, m.TRIAL_ACTIONS_TOTAL], value)
        for name, value in zip(m.FEEDBACK_KINDS, sums[len(trials) :], strict=True):
            tally.add(programme, [name, m.FEEDBACK_TOTAL], value)


def _evaluations(session: Session, tally: _Tally, programmes: Any) -> None:
    sums = [getattr(WorkshopEvaluationTally, f"{score}_sum") for score in m.EVALUATION_SCORES]
    for programme, starts_at, *values in session.execute(
        select(
            col(Cohort.programme_id),
            col(Workshop.starts_at),
            func.sum(WorkshopEvaluationTally.responses),
            *(func.sum(total) for total in sums),
        )
        .select_from(WorkshopEvaluationTally)
        .join(Workshop, key_join(Workshop, WorkshopEvaluationTally.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(_of(Cohort.programme_id, programmes), m.enrolled_in(Workshop.cohort_id))
        .group_by(col(Cohort.programme_id), col(Workshop.starts_at))
    ).all():
        totals = (m.EVALUATION_RESPONSES, *m.EVALUATION_SUMS)
        for total, value in zip(totals, values, strict=True):
            tally.add(programme, [total], value)
        for name, value in m.start_measures(m.as_utc(starts_at), values):
            tally.add(programme, [name], value)


def _follow_ups(session: Session, tally: _Tally, programmes: Any) -> None:
    for programme, answers, usage in session.execute(
        select(col(Enrolment.programme_id), func.count(), func.sum(TransferFollowUp.usage))
        .select_from(TransferFollowUp)
        .join(Enrolment, key_join(Enrolment, TransferFollowUp.enrolment_id))
        .where(_of(Enrolment.programme_id, programmes), col(TransferFollowUp.usage).is_not(None))
        .group_by(col(Enrolment.programme_id))
    ).all():
        tally.add(programme, [m.FOLLOW_UP_ANSWERS], answers)
        tally.add(programme, [m.FOLLOW_UP_USAGE_SUM], usage)

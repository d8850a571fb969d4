"""Enrolments: the seeds' nomination rules. Every function gets a scoped session."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from praksis.enrolments.models import Enrolment, EnrolmentStatus

PARTICIPATING = (EnrolmentStatus.approved, EnrolmentStatus.completed)


def participant_ids(session: Session, cohort_id: uuid.UUID) -> set[uuid.UUID]:
    """Everyone with an approved (or completed) place in the cohort."""
    rows = session.exec(
        select(Enrolment.person_id).where(
            Enrolment.cohort_id == cohort_id, col(Enrolment.status).in_(PARTICIPATING)
        )
    ).all()
    return set(rows)


def cohort_ids_of(session: Session, person_id: uuid.UUID) -> set[uuid.UUID]:
    """The cohorts the person has an approved (or completed) place in."""
    rows = session.exec(
        select(Enrolment.cohort_id).where(
            Enrolment.person_id == person_id,
            col(Enrolment.status).in_(PARTICIPATING),
            col(Enrolment.cohort_id).is_not(None),
        )
    ).all()
    return {row for row in rows if row is not None}

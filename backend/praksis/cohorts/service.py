"""Cohorts, learning groups and buddy pairs. Every function gets a scoped session."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from praksis.cohorts.models import Cohort, CohortFacilitator
from praksis.kit.errors import NotFound


def get_cohort(session: Session, cohort_id: uuid.UUID) -> Cohort:
    found = session.exec(select(Cohort).where(Cohort.id == cohort_id)).first()
    if found is None:
        raise NotFound(f"Cohort {cohort_id} was not found.")
    return found


def facilitator_ids(session: Session, cohort_id: uuid.UUID) -> set[uuid.UUID]:
    rows = session.exec(
        select(CohortFacilitator.person_id).where(CohortFacilitator.cohort_id == cohort_id)
    ).all()
    return set(rows)

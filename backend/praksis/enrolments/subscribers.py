"""What enrolments do for the cohorts domain, which comes before them (``cohorts.events``).

Subscribed in ``praksis.wiring``: the places in a cohort are enrolments, so enrolments answer
who holds one, fill new places from the waiting list, and refuse deleting a cohort that
anyone was ever enrolled on.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from praksis.cohorts.events import (
    CohortGrew,
    CountPlaces,
    DeletingCohort,
    Participants,
    PlaceCounts,
)
from praksis.enrolments import service
from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.errors import Conflict


def participants(session: Session, question: Participants) -> set[uuid.UUID]:
    return service.participant_ids(session, question.cohort_id)


def count_places(session: Session, question: CountPlaces) -> dict[uuid.UUID, PlaceCounts]:
    return {
        cohort_id: PlaceCounts(
            approved=count[EnrolmentStatus.approved],
            completed=count[EnrolmentStatus.completed],
            waitlisted=count[EnrolmentStatus.waitlisted],
        )
        for cohort_id, count in service.status_counts(session, question.cohort_ids).items()
    }


def fill_new_places(session: Session, event: CohortGrew) -> None:
    service.promote_waitlisted(session, event.cohort, event.actor)


def refuse_deleting_cohort_with_enrolments(session: Session, event: DeletingCohort) -> None:
    if service.has_enrolments(session, event.cohort_id):
        raise Conflict("The cohort has enrolments; cancel it instead of deleting it.")

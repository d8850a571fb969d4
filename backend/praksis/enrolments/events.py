"""What enrolments tell the later domains (``kit.events``; subscribed in ``praksis.wiring``).

A place in a cohort books the person into the cohort's workshops, which are planned after
enrolments: the workshops domain refuses a place that would double-book the person, and
books or frees the person's time when the place starts or ends.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from praksis.audit.trail import Actor
from praksis.kit.events import Event


@dataclass(frozen=True)
class JoiningCohort(Event):
    """The person is about to take a place in the cohort; refused (409, times in ``zone``)
    when that would book them into two overlapping workshops."""

    person_id: uuid.UUID
    cohort_id: uuid.UUID
    zone: ZoneInfo


@dataclass(frozen=True)
class PersonPlaced(Event):
    """The caller placed the person in the cohort (flushed). A clash that a change saved at
    the same time slipped past ``JoiningCohort`` is refused in the same words."""

    person_id: uuid.UUID
    cohort_id: uuid.UUID
    zone: ZoneInfo


@dataclass(frozen=True)
class PlaceChanged(Event):
    """The person's place in the cohort started or ended otherwise (promoted from the waiting
    list, withdrawn; flushed)."""

    person_id: uuid.UUID
    cohort_id: uuid.UUID


@dataclass(frozen=True)
class EnrolmentCompleted(Event):
    """HR recorded the enrolment's completion with its result (flushed): a later domain may
    issue what the programme awards for it, in the same transaction. ``actor`` decided it."""

    enrolment_id: uuid.UUID
    person_id: uuid.UUID
    programme_id: uuid.UUID
    passed: bool | None
    completed_on: date  # in the municipality's time zone
    actor: Actor


Decision = Literal["approved", "waitlisted", "declined", "promoted"]


@dataclass(frozen=True)
class EnrolmentDecided(Event):
    """HR decided a nomination (approved, waitlisted or declined it), or a freed place
    promoted it from the waiting list (flushed): a later domain may tell someone outside."""

    enrolment_id: uuid.UUID
    person_id: uuid.UUID
    programme_id: uuid.UUID
    cohort_id: uuid.UUID | None
    decision: Decision

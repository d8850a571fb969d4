"""What cohorts tell and ask the later domains (``kit.events``; subscribed in ``praksis.wiring``).

The places in a cohort are enrolments, and its workshops are planned after it: cohorts ask
for the first and announce their changes to both, without importing either (a cohort's
workshops book its facilitators, so a change of them is announced too).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from praksis.audit.trail import Actor
from praksis.cohorts.models import Cohort
from praksis.kit.events import Event, Question


@dataclass(frozen=True)
class PlaceCounts:
    """How many enrolments of a cohort are in each status that shows on the cohort."""

    approved: int = 0
    completed: int = 0
    waitlisted: int = 0


@dataclass(frozen=True)
class Participants(Question[set[uuid.UUID]]):
    """Everyone with an approved (or completed) place in the cohort."""

    cohort_id: uuid.UUID


@dataclass(frozen=True)
class CountPlaces(Question[dict[uuid.UUID, PlaceCounts]]):
    """The place counts of each of these cohorts."""

    cohort_ids: frozenset[uuid.UUID]


@dataclass(frozen=True)
class CohortGrew(Event):
    """The cohort's capacity went up (flushed; the caller holds the cohort's lock). What
    the new places cause is recorded in the audit trail as done by ``actor``."""

    cohort: Cohort
    actor: Actor


@dataclass(frozen=True)
class DeletingCohort(Event):
    """The planned cohort is about to be deleted; a domain with rows in it refuses (409)."""

    cohort_id: uuid.UUID


@dataclass(frozen=True)
class FacilitatorsChanged(Event):
    """The cohort's facilitators changed (flushed; the caller holds the cohort's lock): the
    cohort's workshops book who was ``added`` and free who was ``removed``, refusing someone
    busy then (409, times in ``zone``)."""

    cohort_id: uuid.UUID
    added: frozenset[uuid.UUID]
    removed: frozenset[uuid.UUID]
    zone: ZoneInfo

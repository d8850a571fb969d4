"""What workshops do when an earlier domain changes (``cohorts``, ``programmes`` and
``enrolments`` events; subscribed in ``praksis.wiring``).

A workshop holds its cohort's participants and facilitators, so a place in a cohort, or
facilitating it, books the person into its workshops (``workshops.bookings``), refused when
that would double-book them. A cohort or a module with workshops cannot be deleted.
"""

from __future__ import annotations

import dataclasses
import uuid
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from praksis.cohorts.events import DeletingCohort, FacilitatorsChanged
from praksis.enrolments.events import JoiningCohort, PersonPlaced, PlaceChanged
from praksis.kit.errors import Conflict
from praksis.programmes.events import DeletingModule
from praksis.workshops import bookings, service
from praksis.workshops.bookings import WorkshopConflict
from praksis.workshops.models import Workshop


def refuse_double_booking_on_joining(session: Session, event: JoiningCohort) -> None:
    """A participant cannot be booked into two overlapping workshops: joining a cohort books
    its workshops, so a clash with the person's other workshops, or of two of the cohort's
    own, refuses the place."""
    person_id, cohort_id, zone = event.person_id, event.cohort_id, event.zone
    own = service.own_overlaps_if_joining_cohort(session, person_id, cohort_id)
    if own:
        raise Conflict(
            f"{len(own)} of the cohort's own workshops overlap each other, so a participant "
            "would be booked into two at once; move them apart before approving anyone.",
            extra={"conflicts": [conflict.as_problem_member(zone) for conflict in own]},
        )
    others = service.conflicts_if_joining_cohort(session, person_id, cohort_id)
    if others:
        raise _double_booking(others, zone)


def book_placed_person(session: Session, event: PersonPlaced) -> None:
    """Store the person's bookings in the cohort's workshops. The database refuses a double
    booking that a change saved at the same time slipped past the check on joining: the
    same 409."""
    try:
        bookings.sync_people(session, event.cohort_id, {event.person_id})
    except bookings.DoubleBooking as refused:
        if not refused.conflicts:
            raise
        raise _double_booking(refused.conflicts, event.zone) from refused


def sync_bookings_of_place(session: Session, event: PlaceChanged) -> None:
    bookings.sync_people(session, event.cohort_id, {event.person_id})


def book_cohort_facilitators(session: Session, event: FacilitatorsChanged) -> None:
    """The cohort's workshops book its facilitators (already stored as such): a new one who
    is busy at one of them, elsewhere or at another of the cohort's own, is refused with
    the clashing workshops; so is one the database refuses (a change saved at the same time)."""
    conflicts: dict[uuid.UUID, WorkshopConflict] = {}
    for person_id in sorted(event.added):
        for conflict in service.conflicts_if_joining_cohort(session, person_id, event.cohort_id):
            known = conflicts.get(conflict.workshop_id)
            people = conflict.person_ids | (known.person_ids if known else frozenset())
            conflicts[conflict.workshop_id] = dataclasses.replace(conflict, person_ids=people)
    if conflicts:
        ordered = sorted(conflicts.values(), key=lambda c: (c.starts_at, c.workshop_id))
        raise _busy_facilitators(ordered, event.zone)
    try:
        bookings.sync_people(session, event.cohort_id, event.added | event.removed)
    except bookings.DoubleBooking as refused:
        if not refused.conflicts:
            raise
        raise _busy_facilitators(refused.conflicts, event.zone) from refused


def refuse_deleting_cohort_with_workshops(session: Session, event: DeletingCohort) -> None:
    workshop = session.exec(
        select(Workshop.id).where(Workshop.cohort_id == event.cohort_id)
    ).first()
    if workshop is not None:
        raise Conflict("The cohort has workshops; delete them first or cancel the cohort.")


def refuse_deleting_module_with_workshops(session: Session, event: DeletingModule) -> None:
    if session.exec(select(Workshop.id).where(Workshop.module_id == event.module_id)).first():
        raise Conflict("This module has workshops; delete or move them before the module.")


def _busy_facilitators(conflicts: list[WorkshopConflict], zone: ZoneInfo) -> Conflict:
    busy = set().union(*(conflict.person_ids for conflict in conflicts))
    return Conflict(
        f"{len(busy)} of the cohort's facilitators would be booked into two overlapping "
        f"workshops: the cohort's workshops overlap {len(conflicts)} of their other workshops.",
        extra={"conflicts": [conflict.as_problem_member(zone) for conflict in conflicts]},
    )


def _double_booking(conflicts: list[WorkshopConflict], zone: ZoneInfo) -> Conflict:
    return Conflict(
        f"The cohort's workshops overlap {len(conflicts)} of the person's other workshops.",
        extra={"conflicts": [conflict.as_problem_member(zone) for conflict in conflicts]},
    )

"""Who each scheduled workshop holds, stored so the database can refuse a double booking.

The rule (``workshops.service``): nobody is booked into two overlapping scheduled workshops,
and a workshop holds its cohort's participants (an approved or completed place), its cohort's
facilitators and the facilitators named on it. Someone held for more than one of these
reasons is booked once.

The services check before they write and answer 409 naming the clash, but two requests at
once both pass that check. So ``workshop_bookings`` holds one row for each person a scheduled
workshop holds, and on PostgreSQL an exclusion constraint refuses a second overlapping row of
one person: the later of two clashing writers fails at its INSERT (``DoubleBooking``, named
from what the other committed). SQLite serialises writers, so its check alone holds.

Whoever changes what a workshop holds calls, in the same transaction:

* ``sync_workshops`` when workshops are planned, moved (in time or to another cohort),
  cancelled, or their named facilitators change;
* ``sync_people`` when people start or stop being held by a cohort's workshops: a place in
  the cohort starts or ends (approved, promoted from the waiting list, withdrawn), or the
  cohort's facilitators change.

Each recomputes its rows from the raw tables and writes the difference. Each first locks the
cohorts concerned (shared for workshops, exclusive for its people; PostgreSQL): of a change to
a cohort's people and a workshop of the cohort planned, moved or cancelled at the same time,
the second to get the lock sees what the first committed, so no row is left behind or missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from psycopg.errors import ExclusionViolation
from sqlalchemy import ColumnElement, and_, delete, insert, tuple_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from praksis.cohorts.models import Cohort, CohortFacilitator
from praksis.enrolments.models import PARTICIPATING, Enrolment
from praksis.kit.db import TenantSession
from praksis.kit.errors import Conflict
from praksis.workshops.models import (
    Workshop,
    WorkshopBooking,
    WorkshopFacilitator,
    WorkshopStatus,
)

Key = tuple[uuid.UUID, uuid.UUID]  # (workshop, person)
Period = tuple[datetime, datetime]


@dataclass(frozen=True)
class WorkshopConflict:
    """Another scheduled workshop that overlaps, and who of the given people it holds."""

    workshop_id: uuid.UUID
    title: str
    starts_at: datetime
    person_ids: frozenset[uuid.UUID]

    def as_problem_member(self, zone: ZoneInfo) -> dict[str, Any]:
        return {
            "workshop_id": str(self.workshop_id),
            "title": self.title,
            "starts_at": self.starts_at.astimezone(zone).isoformat(),
            "person_ids": sorted(str(person) for person in self.person_ids),
        }


class DoubleBooking(Conflict):
    """The database refused a booking: a change saved at the same time holds one of the
    people elsewhere then. ``conflicts`` names those workshops, as far as they are still
    there to be named; the caller words the 409 as its own check does."""

    def __init__(self, conflicts: list[WorkshopConflict]) -> None:
        super().__init__(
            "Someone would be booked into two overlapping workshops by this change and one "
            "saved at the same time."
        )
        self.conflicts = conflicts


def sync_workshops(
    session: Session, workshops: Iterable[Workshop], moved_from: uuid.UUID | None = None
) -> None:
    """Store who these workshops hold now (nobody, once cancelled). ``moved_from``: the
    cohort a workshop was moved away from, whose places are locked as well."""
    chosen = {workshop.id: workshop for workshop in workshops}
    if not chosen:
        return
    cohorts = {workshop.cohort_id for workshop in chosen.values()}
    _lock_cohorts(session, cohorts | ({moved_from} if moved_from else set()), exclusive=False)
    ids = sorted(chosen)
    _write(
        session,
        wanted=_held(session, col(Workshop.id).in_(ids)),
        stored=_stored(session, col(WorkshopBooking.workshop_id).in_(ids)),
    )


def sync_people(session: Session, cohort_id: uuid.UUID, person_ids: Collection[uuid.UUID]) -> None:
    """Store these people's bookings in the cohort's workshops after their place in the
    cohort, or their facilitation of it, changed."""
    if not person_ids:
        return
    _lock_cohorts(session, {cohort_id}, exclusive=True)
    people = sorted(person_ids)
    of_cohort = select(Workshop.id).where(Workshop.cohort_id == cohort_id)
    _write(
        session,
        wanted=_held(session, col(Workshop.cohort_id) == cohort_id, people),
        stored=_stored(
            session,
            col(WorkshopBooking.workshop_id).in_(of_cohort),
            col(WorkshopBooking.person_id).in_(people),
        ),
    )


def _lock_cohorts(session: Session, cohort_ids: Collection[uuid.UUID], *, exclusive: bool) -> None:
    # FOR SHARE lets workshops of one cohort be planned side by side; FOR NO KEY UPDATE (a
    # place) waits for them and they for it. Neither blocks the key-share locks of foreign
    # keys. The approvals, withdrawals and changes of the cohort's facilitators hold the
    # cohort FOR NO KEY UPDATE already.
    statement = (
        select(Cohort.id)
        .where(col(Cohort.id).in_(sorted(cohort_ids)))
        .order_by(col(Cohort.id))
        .with_for_update(read=not exclusive, key_share=exclusive)
    )
    session.exec(statement).all()


def _held(
    session: Session,
    workshops: ColumnElement[bool],
    person_ids: Collection[uuid.UUID] | None = None,
) -> dict[Key, Period]:
    """Who the scheduled workshops among ``workshops`` hold, and when (only ``person_ids``,
    if given): their cohorts' participants and facilitators, and their named facilitators."""
    municipality = col(Workshop.municipality_id)
    holders: list[tuple[type[SQLModel], uuid.UUID, ColumnElement[bool]]] = [
        (
            Enrolment,
            Enrolment.person_id,
            and_(
                col(Enrolment.municipality_id) == municipality,
                col(Enrolment.cohort_id) == col(Workshop.cohort_id),
                col(Enrolment.status).in_(PARTICIPATING),
            ),
        ),
        (
            CohortFacilitator,
            CohortFacilitator.person_id,
            and_(
                col(CohortFacilitator.municipality_id) == municipality,
                col(CohortFacilitator.cohort_id) == col(Workshop.cohort_id),
            ),
        ),
        (
            WorkshopFacilitator,
            WorkshopFacilitator.person_id,
            and_(
                col(WorkshopFacilitator.municipality_id) == municipality,
                col(WorkshopFacilitator.workshop_id) == col(Workshop.id),
            ),
        ),
    ]
    held: dict[Key, Period] = {}
    for table, person, joined in holders:
        statement = (
            select(col(person), col(Workshop.id), col(Workshop.starts_at), col(Workshop.ends_at))
            .join(table, joined)
            .where(workshops, col(Workshop.status) == WorkshopStatus.scheduled)
        )
        if person_ids is not None:
            statement = statement.where(col(person).in_(sorted(person_ids)))
        for holder, workshop, starts_at, ends_at in session.exec(statement).all():
            held[(workshop, holder)] = (starts_at, ends_at)
    return held


def _stored(session: Session, *where: ColumnElement[bool]) -> dict[Key, Period]:
    rows = session.exec(
        select(
            WorkshopBooking.workshop_id,
            WorkshopBooking.person_id,
            WorkshopBooking.starts_at,
            WorkshopBooking.ends_at,
        ).where(*where)
    ).all()
    return {(workshop, person): (starts, ends) for workshop, person, starts, ends in rows}


def _write(session: Session, wanted: dict[Key, Period], stored: dict[Key, Period]) -> None:
    stale = [key for key, period in stored.items() if wanted.get(key) != period]
    # Each person's rows in time order: two writers that book the same person into several
    # workshops then wait for each other in one direction only (no deadlock).
    new = sorted(
        ((key, period) for key, period in wanted.items() if stored.get(key) != period),
        key=lambda item: (item[0][1], item[1][0], item[0][0]),
    )
    if stale:
        pairs = tuple_(col(WorkshopBooking.workshop_id), col(WorkshopBooking.person_id))
        session.execute(
            delete(WorkshopBooking).where(pairs.in_(stale)),
            execution_options={"synchronize_session": False},
        )
    if not new:
        return
    assert isinstance(session, TenantSession), "bookings are written in a tenant's session"
    rows = [
        {
            "municipality_id": session.tenant,
            "workshop_id": workshop,
            "person_id": person,
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
        for (workshop, person), (starts_at, ends_at) in new
    ]
    try:
        # a savepoint, so that after a refusal the transaction can still read what clashed
        with session.begin_nested():
            session.execute(insert(WorkshopBooking), rows)
    except IntegrityError as error:
        if not isinstance(error.orig, ExclusionViolation):
            raise
        raise DoubleBooking(_clashes(session, wanted)) from error


def _clashes(session: Session, wanted: dict[Key, Period]) -> list[WorkshopConflict]:
    """The other workshops the wanted rows overlap. The exclusion constraint waited for the
    transaction that stored them to commit, so a new statement sees them (READ COMMITTED)."""
    people = {person for _workshop, person in wanted}
    ours = {workshop for workshop, _person in wanted}
    earliest = min(starts for starts, _ends in wanted.values())
    latest = max(ends for _starts, ends in wanted.values())
    others = _stored(
        session,
        col(WorkshopBooking.person_id).in_(people),
        col(WorkshopBooking.workshop_id).not_in(ours),
        col(WorkshopBooking.starts_at) < latest,
        col(WorkshopBooking.ends_at) > earliest,
    )
    by_person: dict[uuid.UUID, list[tuple[uuid.UUID, Period]]] = {}
    for (workshop, person), period in {**others, **wanted}.items():
        by_person.setdefault(person, []).append((workshop, period))
    clashing: dict[uuid.UUID, set[uuid.UUID]] = {}
    for (workshop, person), (starts, ends) in wanted.items():
        for other, (other_starts, other_ends) in by_person[person]:
            if other != workshop and other_starts < ends and other_ends > starts:
                clashing.setdefault(other, set()).add(person)
    if not clashing:
        return []
    described = session.exec(
        select(Workshop.id, Workshop.title, Workshop.starts_at).where(
            col(Workshop.id).in_(list(clashing))
        )
    ).all()
    return sorted(
        (
            WorkshopConflict(workshop, title, starts_at, frozenset(clashing[workshop]))
            for workshop, title, starts_at in described
        ),
        key=lambda conflict: (conflict.starts_at, conflict.workshop_id),
    )

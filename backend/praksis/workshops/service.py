"""Workshops, attendance and personal calendar feeds.

The rules, from Hedensted's programme (a module of 3–4 workshops, held per cohort) and from
what a calendar needs:

* a workshop belongs to a module of its cohort's programme;
* nobody is booked into two overlapping scheduled workshops: a workshop's people are its
  cohort's participants and facilitators and its named facilitators (checked here before
  writing, and guaranteed by the database for requests that arrive at once:
  ``workshops.bookings``);
* a cancellation is kept (status ``cancelled``, higher ``sequence``) so subscribed calendars
  show it, and a cancelled workshop is final;
* attendance is recorded by the workshop's facilitators (named on the workshop or on its
  cohort) or by HR, only for the cohort's participants and never for a cancelled workshop.

Services take the caller's context and decide there what it may see and record; the lookups
other domains' services and subscribers share take their tenant session (see ``praksis``). A
calendar feed is read without a caller: the secret in its address is the credential.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from praksis.audit.trail import AuditAction, AuditObject, fields_of, record, record_changes
from praksis.cohorts import service as cohorts
from praksis.cohorts.models import CohortFacilitator
from praksis.enrolments import service as enrolments
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import locking, sharing, tenant_session, utc_now
from praksis.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from praksis.kit.events import publish
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.permissions import Permission
from praksis.kit.runtime import MunicipalityInfo, Runtime
from praksis.people import service as people
from praksis.people.models import Person
from praksis.programmes import service as programmes
from praksis.workshops import bookings, calendar, sparring
from praksis.workshops.bookings import WorkshopConflict
from praksis.workshops.events import WorkshopChanged
from praksis.workshops.models import (
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Workshop,
    WorkshopFacilitator,
    WorkshopStatus,
)
from praksis.workshops.schemas import AttendanceEntry, WorkshopCreate, WorkshopUpdate
from praksis.workshops.times import EARLIEST_YEAR, LATEST_YEAR, check_times

LIST_ORDER = (col(Workshop.starts_at), col(Workshop.id))
ATTENDANCE_ORDER = (Person.name, Attendance.id)
# A change to any of these is one a calendar must show (RFC 5545 SEQUENCE).
SEQUENCE_FIELDS = frozenset({"starts_at", "ends_at", "location", "title", "status"})
# What the audit trail keeps of a workshop (with its themes and facilitators).
AUDITED_FIELDS = (
    "cohort_id",
    "module_id",
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "location",
    "description",
    "capacity",
    "status",
)


@dataclass
class WorkshopView:
    """A workshop with its named facilitators."""

    workshop: Workshop
    facilitator_ids: set[uuid.UUID] = field(default_factory=set)


@dataclass(frozen=True)
class WorkshopFilters:
    cohort_id: uuid.UUID | None = None
    module_id: uuid.UUID | None = None
    window_from: datetime | None = None
    window_to: datetime | None = None
    status: WorkshopStatus | None = None
    mine: bool = False  # only the caller's workshops


def _zone(context: TenantContext) -> ZoneInfo:
    return ZoneInfo(context.municipality.time_zone)


# --- lookups other domains use ----------------------------------------------------------------


def get_workshop(
    session: Session, workshop_id: uuid.UUID, *, for_update: bool = False, shared: bool = False
) -> Workshop:
    """The workshop, or 404. ``for_update`` locks its row and reads it again, so a change
    and a cancellation are taken one at a time, each on the state the other left; ``shared``
    holds such a change off while the caller writes something that depends on the state."""
    statement = select(Workshop).where(Workshop.id == workshop_id)
    if for_update:
        statement = locking(statement)
    elif shared:
        statement = sharing(statement)
    found = session.exec(statement).first()
    if found is None:
        raise NotFound(f"Workshop {workshop_id} was not found.")
    return found


def facilitator_ids(session: Session, workshop: Workshop) -> set[uuid.UUID]:
    """Everyone who facilitates the workshop: named on it, or a facilitator of its cohort."""
    return _workshop_facilitator_ids(session, workshop.id) | cohorts.facilitator_ids(
        session, workshop.cohort_id
    )


def conflicting_workshops(
    session: Session,
    person_ids: set[uuid.UUID],
    starts_at: datetime,
    ends_at: datetime,
    exclude_workshop_id: uuid.UUID | None = None,
) -> list[WorkshopConflict]:
    """Scheduled workshops overlapping ``[starts_at, ends_at)`` that hold any of the people
    (as participants or facilitators of their cohort, or as named facilitators), in any
    cohort.

    Back-to-back workshops (one ends when the other starts) do not overlap. Other domains
    call this too, e.g. before placing a person in a cohort whose workshops would clash.
    """
    if not person_ids:
        return []
    statement = select(Workshop).where(
        Workshop.status == WorkshopStatus.scheduled,
        Workshop.starts_at < ends_at,
        Workshop.ends_at > starts_at,
    )
    if exclude_workshop_id is not None:
        statement = statement.where(Workshop.id != exclude_workshop_id)
    candidates = session.exec(statement.order_by(*LIST_ORDER)).all()
    named = _facilitators_by_workshop(session, (workshop.id for workshop in candidates))
    of_cohort: dict[uuid.UUID, set[uuid.UUID]] = {}
    conflicts: list[WorkshopConflict] = []
    for workshop in candidates:
        if workshop.cohort_id not in of_cohort:
            of_cohort[workshop.cohort_id] = _held_by_cohort(session, workshop.cohort_id)
        booked = of_cohort[workshop.cohort_id] | named.get(workshop.id, set())
        clashing = booked & person_ids
        if clashing:
            conflicts.append(
                WorkshopConflict(
                    workshop.id, workshop.title, workshop.starts_at, frozenset(clashing)
                )
            )
    return conflicts


def _held_by_cohort(session: Session, cohort_id: uuid.UUID) -> set[uuid.UUID]:
    """Whom each workshop of the cohort holds, whoever it names: the cohort's participants
    and facilitators."""
    return enrolments.participant_ids(session, cohort_id) | cohorts.facilitator_ids(
        session, cohort_id
    )


def conflicts_if_joining_cohort(
    session: Session, person_id: uuid.UUID, cohort_id: uuid.UUID
) -> list[WorkshopConflict]:
    """The person's other workshops that overlap the cohort's scheduled workshops, e.g. for
    enrolments to check before approving a place in the cohort."""
    workshops = session.exec(
        select(Workshop).where(
            Workshop.cohort_id == cohort_id, Workshop.status == WorkshopStatus.scheduled
        )
    ).all()
    found: dict[uuid.UUID, WorkshopConflict] = {}
    for workshop in workshops:
        for conflict in conflicting_workshops(
            session, {person_id}, workshop.starts_at, workshop.ends_at, workshop.id
        ):
            found.setdefault(conflict.workshop_id, conflict)
    return sorted(found.values(), key=lambda conflict: (conflict.starts_at, conflict.workshop_id))


def own_overlaps_if_joining_cohort(
    session: Session, person_id: uuid.UUID, cohort_id: uuid.UUID
) -> list[WorkshopConflict]:
    """The cohort's scheduled workshops that overlap another of its own. Planning allows that
    while they hold nobody, but whoever joins the cohort would be booked into both."""
    workshops = session.exec(
        select(Workshop)
        .where(Workshop.cohort_id == cohort_id, Workshop.status == WorkshopStatus.scheduled)
        .order_by(*LIST_ORDER)
    ).all()
    return [
        WorkshopConflict(workshop.id, workshop.title, workshop.starts_at, frozenset({person_id}))
        for workshop in workshops
        if any(
            other.id != workshop.id
            and other.starts_at < workshop.ends_at
            and other.ends_at > workshop.starts_at
            for other in workshops
        )
    ]


# --- the double-booking rule -----------------------------------------------------------------


def _refuse_double_booking(
    session: Session,
    cohort_id: uuid.UUID,
    facilitators: set[uuid.UUID],
    starts_at: datetime,
    ends_at: datetime,
    zone: ZoneInfo,
    exclude_workshop_id: uuid.UUID | None = None,
) -> None:
    booked = _held_by_cohort(session, cohort_id) | facilitators
    conflicts = conflicting_workshops(session, booked, starts_at, ends_at, exclude_workshop_id)
    if conflicts:
        raise _double_booking(conflicts, zone)


def _double_booking(conflicts: list[WorkshopConflict], zone: ZoneInfo) -> Conflict:
    clashing = set().union(*(conflict.person_ids for conflict in conflicts))
    people_word = "person" if len(clashing) == 1 else "people"
    return Conflict(
        f"{len(clashing)} {people_word} would be booked into two overlapping workshops; "
        f"{len(conflicts)} other workshop(s) clash with this time.",
        extra={"conflicts": [conflict.as_problem_member(zone) for conflict in conflicts]},
    )


def _book(
    session: Session, workshop: Workshop, zone: ZoneInfo, moved_from: uuid.UUID | None = None
) -> None:
    """Store who the workshop holds. The database refuses a double booking that a change
    saved at the same time slipped past ``_refuse_double_booking``: the same 409."""
    try:
        bookings.sync_workshops(session, [workshop], moved_from)
    except bookings.DoubleBooking as refused:
        if not refused.conflicts:
            raise
        raise _double_booking(refused.conflicts, zone) from refused


# --- reading ---------------------------------------------------------------------------------


def read_workshop(context: TenantContext, workshop_id: uuid.UUID) -> WorkshopView:
    session = context.session
    workshop = get_workshop(session, workshop_id)
    return WorkshopView(workshop, _workshop_facilitator_ids(session, workshop.id))


def list_workshops(
    context: TenantContext, page: PageRequest, filters: WorkshopFilters
) -> tuple[list[WorkshopView], str | None]:
    session = context.session
    statement = select(Workshop)
    if filters.cohort_id is not None:
        statement = statement.where(Workshop.cohort_id == filters.cohort_id)
    if filters.module_id is not None:
        statement = statement.where(Workshop.module_id == filters.module_id)
    if filters.status is not None:
        statement = statement.where(Workshop.status == filters.status)
    if filters.window_from is not None:
        statement = statement.where(Workshop.ends_at > _clamped(filters.window_from))
    if filters.window_to is not None:
        statement = statement.where(Workshop.starts_at < _clamped(filters.window_to))
    if filters.mine:
        statement = statement.where(_workshops_of(session, context.person_id))
    rows, next_cursor = paginate(session, statement, LIST_ORDER, page)
    facilitators = _facilitators_by_workshop(session, (row.id for row in rows))
    return [WorkshopView(row, facilitators.get(row.id, set())) for row in rows], next_cursor


def _workshop_facilitator_ids(session: Session, workshop_id: uuid.UUID) -> set[uuid.UUID]:
    """The people named as facilitators on the workshop itself."""
    return _facilitators_by_workshop(session, [workshop_id]).get(workshop_id, set())


def _facilitators_by_workshop(
    session: Session, workshop_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, set[uuid.UUID]]:
    ids = list(workshop_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(WorkshopFacilitator.workshop_id, WorkshopFacilitator.person_id).where(
            col(WorkshopFacilitator.workshop_id).in_(ids)
        )
    ).all()
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for workshop_id, person_id in rows:
        found.setdefault(workshop_id, set()).add(person_id)
    return found


def _workshops_of_person(session: Session, person_id: uuid.UUID) -> list[Workshop]:
    """Every workshop (also cancelled ones) of the cohorts the person takes part in or
    facilitates, and those the person is named to facilitate; by time."""
    statement = select(Workshop).where(_workshops_of(session, person_id))
    return list(session.exec(statement.order_by(*LIST_ORDER)).all())


def _workshops_of(session: Session, person_id: uuid.UUID) -> ColumnElement[bool]:
    cohort_ids = enrolments.cohort_ids_of(session, person_id) | set(
        session.exec(
            select(CohortFacilitator.cohort_id).where(CohortFacilitator.person_id == person_id)
        ).all()
    )
    named = set(
        session.exec(
            select(WorkshopFacilitator.workshop_id).where(
                WorkshopFacilitator.person_id == person_id
            )
        ).all()
    )
    return or_(col(Workshop.cohort_id).in_(cohort_ids), col(Workshop.id).in_(named))


def _clamped(moment: datetime) -> datetime:
    """A query bound far outside any workshop, made safe to convert to UTC."""
    if moment.year < EARLIEST_YEAR:
        return datetime(EARLIEST_YEAR - 1, 1, 1, tzinfo=UTC)
    if moment.year > LATEST_YEAR:
        return datetime(LATEST_YEAR + 1, 12, 31, tzinfo=UTC)
    return moment


# --- writing ---------------------------------------------------------------------------------


def create_workshop(context: TenantContext, data: WorkshopCreate) -> WorkshopView:
    """Plan a workshop of a module for a cohort, refusing any double booking."""
    session, zone = context.session, _zone(context)
    facilitators = set(data.facilitator_ids)
    _check_plan(session, data.cohort_id, data.module_id, facilitators)
    check_times(data.starts_at, data.ends_at)
    _refuse_double_booking(
        session, data.cohort_id, facilitators, data.starts_at, data.ends_at, zone
    )
    workshop = Workshop(
        **data.model_dump(exclude={"facilitator_ids", "themes"}), themes=_unique(data.themes)
    )
    session.add(workshop)
    session.flush()
    _replace_facilitators(session, workshop.id, set(), facilitators)
    _book(session, workshop, zone)
    fields = _audited_fields(workshop, facilitators)
    record(context, AuditAction.workshop_created, AuditObject.workshop, workshop.id, {}, fields)
    return WorkshopView(workshop, facilitators)


def update_workshop(
    context: TenantContext, workshop_id: uuid.UUID, changes: WorkshopUpdate
) -> WorkshopView:
    """Change a workshop; moving it (or its people) is checked for double bookings again."""
    session, zone = context.session, _zone(context)
    workshop = get_workshop(session, workshop_id, for_update=True)
    current_facilitators = _workshop_facilitator_ids(session, workshop.id)
    values = changes.model_dump(exclude_unset=True)
    facilitators = set(values.pop("facilitator_ids", current_facilitators))
    if "themes" in values:
        values["themes"] = _unique(values["themes"])
    changed = {name: value for name, value in values.items() if getattr(workshop, name) != value}
    if not changed and facilitators == current_facilitators:
        return WorkshopView(workshop, current_facilitators)
    if workshop.status == WorkshopStatus.cancelled:
        raise Conflict("The workshop is cancelled and cannot be changed or rescheduled.")
    cohort_id = changed.get("cohort_id", workshop.cohort_id)
    module_id = changed.get("module_id", workshop.module_id)
    starts_at = changed.get("starts_at", workshop.starts_at)
    ends_at = changed.get("ends_at", workshop.ends_at)
    if {"cohort_id", "module_id"} & changed.keys() or facilitators != current_facilitators:
        _check_plan(session, cohort_id, module_id, facilitators - current_facilitators)
    if {"starts_at", "ends_at"} & changed.keys():
        check_times(starts_at, ends_at)
    moved = {"starts_at", "ends_at", "cohort_id"} & changed.keys()
    still_scheduled = changed.get("status", workshop.status) == WorkshopStatus.scheduled
    if still_scheduled and (moved or facilitators - current_facilitators):
        _refuse_double_booking(
            session, cohort_id, facilitators, starts_at, ends_at, zone, workshop.id
        )
    moved_from, was = workshop.cohort_id, _audited_fields(workshop, current_facilitators)
    apply_changes(workshop, changed)
    if SEQUENCE_FIELDS & changed.keys():
        workshop.sequence += 1
    _replace_facilitators(session, workshop.id, current_facilitators, facilitators)
    session.flush()
    if moved or "status" in changed or facilitators != current_facilitators:
        _book(session, workshop, zone, moved_from)
    now = _audited_fields(workshop, facilitators)
    record_changes(
        context, AuditAction.workshop_updated, AuditObject.workshop, workshop_id, was, now
    )
    if SEQUENCE_FIELDS & changed.keys():
        publish(session, WorkshopChanged(workshop.id))
    return WorkshopView(workshop, facilitators)


def _audited_fields(workshop: Workshop, facilitators: set[uuid.UUID]) -> dict[str, object]:
    fields = fields_of(workshop, AUDITED_FIELDS)
    return {**fields, "themes": list(workshop.themes), "facilitator_ids": set(facilitators)}


def cancel_workshop(context: TenantContext, workshop_id: uuid.UUID) -> None:
    """Cancel, keeping the workshop so calendars show the cancellation (idempotent)."""
    session = context.session
    workshop = get_workshop(session, workshop_id, for_update=True)
    if workshop.status == WorkshopStatus.cancelled:
        return
    was = workshop.status
    workshop.status = WorkshopStatus.cancelled
    workshop.sequence += 1
    workshop.updated_at = utc_now()
    session.flush()
    bookings.sync_workshops(session, [workshop])  # frees its people's time
    record(
        context,
        AuditAction.workshop_cancelled,
        AuditObject.workshop,
        workshop.id,
        {"status": was},
        {"status": workshop.status},
    )
    publish(session, WorkshopChanged(workshop.id))


def _check_plan(
    session: Session,
    cohort_id: uuid.UUID,
    module_id: uuid.UUID,
    new_facilitators: set[uuid.UUID],
) -> None:
    cohort = cohorts.get_cohort(session, cohort_id)
    module = programmes.get_module(session, module_id)
    for person_id in sorted(new_facilitators):
        people.require_current_person(session, person_id)
    if module.programme_id != cohort.programme_id:
        raise InvalidInput(
            "The module is not part of the cohort's programme.",
            errors=[{"location": "body.module_id", "message": "not a module of the programme"}],
        )


def _replace_facilitators(
    session: Session, workshop_id: uuid.UUID, current: set[uuid.UUID], wanted: set[uuid.UUID]
) -> None:
    if current - wanted:
        for row in session.exec(
            select(WorkshopFacilitator).where(
                WorkshopFacilitator.workshop_id == workshop_id,
                col(WorkshopFacilitator.person_id).in_(current - wanted),
            )
        ).all():
            session.delete(row)
    for person_id in sorted(wanted - current):
        session.add(WorkshopFacilitator(workshop_id=workshop_id, person_id=person_id))
    session.flush()


def _unique(themes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(themes))


# --- attendance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    person_id: uuid.UUID
    person_name: str
    status: AttendanceStatus
    recorded_by_id: uuid.UUID
    recorded_at: datetime


def record_attendance(
    context: TenantContext, workshop_id: uuid.UUID, entries: list[AttendanceEntry]
) -> list[AttendanceRow]:
    """Add or change attendance records; only the workshop's facilitators or HR may, only for
    the cohort's participants, and not once cancelled."""
    session, recorder_id = context.session, context.person_id
    workshop = get_workshop(session, workshop_id)
    if not _sees_all_attendance(context, workshop):
        raise Forbidden("Only the workshop's facilitators or HR may record its attendance.")
    if workshop.status == WorkshopStatus.cancelled:
        raise Conflict("The workshop is cancelled; there is no attendance to record.")
    sent = [entry.person_id for entry in entries]
    if len(set(sent)) != len(sent):
        raise InvalidInput("Send each person once.")
    participants = enrolments.participant_ids(session, workshop.cohort_id)
    outsiders = [(index, person) for index, person in enumerate(sent) if person not in participants]
    if outsiders:
        raise InvalidInput(
            f"{len(outsiders)} of the people are not participants of the workshop's cohort: "
            + ", ".join(str(person) for _index, person in outsiders),
            errors=[
                {"location": f"body.records.{index}.person_id", "message": "not a participant"}
                for index, _person in outsiders
            ],
        )
    existing = {
        row.person_id: row
        for row in session.exec(
            select(Attendance).where(
                Attendance.workshop_id == workshop.id, col(Attendance.person_id).in_(sent)
            )
        ).all()
    }
    now = utc_now()
    for entry in entries:
        record = existing.get(entry.person_id)
        if record is None:
            record = Attendance(
                workshop_id=workshop.id,
                person_id=entry.person_id,
                status=entry.status,
                recorded_by_id=recorder_id,
            )
            session.add(record)
            existing[entry.person_id] = record
        record.status = entry.status
        record.recorded_by_id = recorder_id
        record.recorded_at = now
    session.flush()
    names = _names(session, set(sent))
    return [
        AttendanceRow(
            person,
            names.get(person, ""),
            existing[person].status,
            recorder_id,
            now,
        )
        for person in sent
    ]


def list_attendance(
    context: TenantContext, workshop_id: uuid.UUID, page: PageRequest
) -> tuple[list[AttendanceRow], str | None]:
    """The workshop's records, by name: all of them for its facilitators and HR, otherwise
    only the caller's own."""
    session = context.session
    workshop = get_workshop(session, workshop_id)
    statement = (
        sa_select(
            col(Attendance.id),
            col(Attendance.person_id),
            col(Person.name),
            col(Attendance.status),
            col(Attendance.recorded_by_id),
            col(Attendance.recorded_at),
        )
        .join(
            Person,
            and_(
                col(Person.municipality_id) == col(Attendance.municipality_id),
                col(Person.id) == col(Attendance.person_id),
            ),
        )
        .where(col(Attendance.workshop_id) == workshop.id)
    )
    if not _sees_all_attendance(context, workshop):
        statement = statement.where(col(Attendance.person_id) == context.person_id)
    rows, next_cursor = paginate(session, statement, ATTENDANCE_ORDER, page)
    return [
        AttendanceRow(row.person_id, row.name, row.status, row.recorded_by_id, row.recorded_at)
        for row in rows
    ], next_cursor


def _sees_all_attendance(context: TenantContext, workshop: Workshop) -> bool:
    """HR (who manages workshops) and the workshop's facilitators see and record all of its
    attendance."""
    if context.principal.can(Permission.workshops_write):
        return True
    return context.person_id in facilitator_ids(context.session, workshop)


def _names(session: Session, person_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = session.exec(select(Person.id, Person.name).where(col(Person.id).in_(person_ids))).all()
    return dict(rows)


# --- calendar feeds --------------------------------------------------------------------------

FEED_SECRET_BYTES = 32
FEED_NOT_FOUND = "No calendar at this address."
_MUNICIPALITY_ID = re.compile(r"^[a-z]{2}-[0-9]{4}$")
_FEED_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")  # 32 bytes, urlsafe base64 without padding


def feed_token(municipality_id: str, secret: str) -> str:
    """The feed's public token: ``<municipality>.<secret>``; the municipality picks the
    tenant to look in, the secret (never stored) finds the person."""
    return f"{municipality_id}.{secret}"


def parse_feed_token(token: str) -> tuple[str, str] | None:
    """``(municipality id, secret)`` of a well-formed token, else ``None``."""
    municipality_id, dot, secret = token.partition(".")
    if not dot or not _MUNICIPALITY_ID.fullmatch(municipality_id):
        return None
    if not _FEED_SECRET.fullmatch(secret):
        return None
    return municipality_id, secret


def calendar_feed(context: TenantContext) -> CalendarFeed | None:
    """The caller's own feed, if they have one."""
    return _calendar_feed_of(context.session, context.person_id)


def rotate_calendar_feed(context: TenantContext) -> tuple[str, CalendarFeed]:
    """A new secret for the caller's feed (the old URL stops working). Returns the feed's
    token; its secret is not stored anywhere: only its SHA-256."""
    session, person_id = context.session, context.person_id
    secret = secrets.token_urlsafe(FEED_SECRET_BYTES)
    feed = _calendar_feed_of(session, person_id)
    if feed is None:
        feed = CalendarFeed(person_id=person_id, token_hash=_digest(secret))
        session.add(feed)
    feed.token_hash = _digest(secret)
    feed.created_at = utc_now()
    session.flush()
    return feed_token(context.tenant, secret), feed


def revoke_calendar_feed(context: TenantContext) -> None:
    session = context.session
    feed = _calendar_feed_of(session, context.person_id)
    if feed is not None:
        session.delete(feed)
        session.flush()


def _calendar_feed_of(session: Session, person_id: uuid.UUID) -> CalendarFeed | None:
    return session.exec(select(CalendarFeed).where(CalendarFeed.person_id == person_id)).first()


def _feed_owner(session: Session, secret: str) -> uuid.UUID | None:
    """The person whose feed has this secret, in the session's municipality."""
    digest = _digest(secret)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == digest)).first()
    if feed is None or not hmac.compare_digest(feed.token_hash, digest):
        return None
    return feed.person_id


def calendar_for_secret(
    runtime: Runtime, municipality: MunicipalityInfo, secret: str
) -> str | None:
    """The iCalendar text of the municipality's feed with this secret, or ``None`` if there
    is none.

    Holds only the person's own workshops and the sparring meetings they are invited to:
    times, place, themes. No other participant and no attendance. No bearer token means no
    caller context: the token's prefix picks the municipality, and its scoped session (under
    RLS on PostgreSQL) is the only place the secret is looked up."""
    engine, role = runtime.engine, runtime.settings.app_db_role
    with tenant_session(engine, municipality.id, role) as session:
        person_id = _feed_owner(session, secret)
        if person_id is None:
            return None
        workshops = _workshops_of_person(session, person_id)
        events = [_event(workshop) for workshop in workshops]
        events += sparring.calendar_events(session, person_id)  # the leader's sparring meetings
        return calendar.render_calendar(
            name=f"Praksis – {municipality.name}",
            time_zone=municipality.time_zone,
            events=events,
            now=utc_now(),
        )


def _event(workshop: Workshop) -> calendar.CalendarEvent:
    description = workshop.description.strip()
    if workshop.themes:
        themes = "Temaer: " + ", ".join(workshop.themes)
        description = f"{description}\n\n{themes}" if description else themes
    return calendar.CalendarEvent(
        uid=calendar.event_uid(workshop.id),
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        summary=workshop.title,
        location=workshop.location,
        description=description,
        sequence=workshop.sequence,
        created=workshop.created_at,
        last_modified=workshop.updated_at,
        cancelled=workshop.status == WorkshopStatus.cancelled,
    )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

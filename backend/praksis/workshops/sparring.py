"""Leader sparring meetings ("sparringsmøder mellem lederne", issue 18).

A programme's sparring meeting invites the leaders of its participants: for everyone holding a
place (approved or completed) in one of the programme's cohorts, the leaders of their unit, or
of the nearest unit above that has a leader other than the person. Planning a meeting invites
them; ``invite_leaders`` adds those who became such leaders since (nobody is uninvited).

* HR and the facilitators of the programme's cohorts plan, change and cancel meetings and
  record whether each leader came (``attended`` / ``absent``), each record applied only to the
  status the recorder saw (409 otherwise);
* the invited leaders see their meetings (``my_invitation``) and their own invitation, and the
  meetings are in their calendar feed; nobody else sees a meeting (404);
* a meeting books nobody (``workshops.bookings``): an invitation is not a booking, and a leader
  decides themselves whether to come;
* a cancellation is kept (status ``cancelled``, higher ``sequence``) so calendars show it.

Locks: the meeting (``FOR NO KEY UPDATE``) for a change, a cancellation or new invitations;
the meeting shared, then the invitation, for a record of attendance.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Row, and_, false, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from praksis.audit.trail import AuditAction, AuditObject, record, record_changes
from praksis.cohorts.models import Cohort, CohortFacilitator
from praksis.enrolments.models import PARTICIPATING, Enrolment
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import locking, sharing, utc_now
from praksis.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.permissions import Permission
from praksis.kit.reads import TenantList
from praksis.people.models import OrgUnit, OrgUnitLeader, Person
from praksis.programmes import service as programmes
from praksis.workshops import calendar
from praksis.workshops.models import (
    SparringAttendance,
    SparringInvitation,
    SparringMeeting,
    SparringStatus,
)
from praksis.workshops.schemas import (
    MyInvitation,
    SparringAttendanceChange,
    SparringInvitationRead,
    SparringMeetingCreate,
    SparringMeetingRead,
    SparringMeetingUpdate,
)
from praksis.workshops.times import check_times

MEETING_ORDER = (col(SparringMeeting.starts_at), col(SparringMeeting.id))
INVITATION_ORDER = (col(Person.name), col(SparringInvitation.id))
SEQUENCE_FIELDS = frozenset({"starts_at", "ends_at", "location", "title"})
WHAT = "The sparring meeting"


@dataclass(frozen=True)
class MeetingFilters:
    programme_id: uuid.UUID | None = None
    mine: bool = False  # only those the caller is invited to


def _zone(context: TenantContext) -> ZoneInfo:
    return ZoneInfo(context.municipality.time_zone)


# --- who ----------------------------------------------------------------------------------------


def leaders_of_participants(session: Session, programme_id: uuid.UUID) -> set[uuid.UUID]:
    """The leaders of everyone holding a place in the programme's cohorts: of their unit, or
    of the nearest unit above with a leader other than themselves."""
    participants = session.exec(
        select(Person.id, Person.org_unit_id)
        .join(Enrolment, col(Enrolment.person_id) == col(Person.id))
        .where(
            Enrolment.programme_id == programme_id,
            col(Enrolment.status).in_(PARTICIPATING),
            col(Enrolment.cohort_id).is_not(None),
        )
    ).all()
    if not participants:
        return set()
    parents: dict[uuid.UUID, uuid.UUID | None] = dict(
        session.exec(select(OrgUnit.id, OrgUnit.parent_id)).all()
    )
    leaders: dict[uuid.UUID, set[uuid.UUID]] = {}
    for led, leader in session.exec(select(OrgUnitLeader.org_unit_id, OrgUnitLeader.person_id)):
        leaders.setdefault(led, set()).add(leader)
    found: set[uuid.UUID] = set()
    for person, unit in participants:
        cursor: uuid.UUID | None = unit
        seen: set[uuid.UUID] = set()
        while cursor is not None and cursor not in seen:
            seen.add(cursor)
            theirs = leaders.get(cursor, set()) - {person}
            if theirs:
                found |= theirs
                break
            cursor = parents.get(cursor)
    return found


def _facilitated_programmes(person_id: uuid.UUID) -> ColumnElement[bool]:
    """The programmes with a cohort the person facilitates, as a condition on meetings."""
    return col(SparringMeeting.programme_id).in_(
        select(Cohort.programme_id)
        .join(CohortFacilitator, col(CohortFacilitator.cohort_id) == col(Cohort.id))
        .where(CohortFacilitator.person_id == person_id)
    )


def _plans_all(context: TenantContext) -> bool:
    return context.principal.can(Permission.workshops_write)


def _may_plan(context: TenantContext, programme_id: uuid.UUID) -> bool:
    if _plans_all(context):
        return True
    me = context.acting_person_id
    if not context.principal.can(Permission.events_plan) or me is None:
        return False
    found = context.session.exec(
        select(Cohort.id)
        .join(CohortFacilitator, col(CohortFacilitator.cohort_id) == col(Cohort.id))
        .where(Cohort.programme_id == programme_id, CohortFacilitator.person_id == me)
    ).first()
    return found is not None


def _invited(person_id: uuid.UUID | None) -> ColumnElement[bool]:
    if person_id is None:
        return false()
    return col(SparringMeeting.id).in_(
        select(SparringInvitation.meeting_id).where(SparringInvitation.person_id == person_id)
    )


def _visible(context: TenantContext) -> ColumnElement[bool] | None:
    """``None``: every meeting (HR). Otherwise those of programmes the caller facilitates
    and those the caller is invited to."""
    if _plans_all(context):
        return None
    me = context.acting_person_id
    if me is None:
        return false()
    return or_(_facilitated_programmes(me), _invited(me))


# --- reading -----------------------------------------------------------------------------------


def _meeting(
    context: TenantContext, meeting_id: uuid.UUID, *, lock: bool = False, share: bool = False
) -> SparringMeeting:
    statement = select(SparringMeeting).where(SparringMeeting.id == meeting_id)
    visible = _visible(context)
    if visible is not None:
        statement = statement.where(visible)
    if lock:
        statement = locking(statement)
    elif share:
        statement = sharing(statement)
    found = context.session.exec(statement).first()
    if found is None:
        raise NotFound(f"Sparring meeting {meeting_id} was not found.")
    return found


def _planned_by_caller(
    context: TenantContext, meeting_id: uuid.UUID, *, share: bool = False
) -> SparringMeeting:
    meeting = _meeting(context, meeting_id, lock=not share, share=share)
    if not _may_plan(context, meeting.programme_id):
        raise Forbidden("Only HR and the programme's facilitators plan its sparring meetings.")
    return meeting


def _views(
    context: TenantContext, meetings: Iterable[SparringMeeting]
) -> list[SparringMeetingRead]:
    chosen = list(meetings)
    ids = [meeting.id for meeting in chosen]
    counts: dict[uuid.UUID, dict[SparringAttendance, int]] = {}
    mine: dict[uuid.UUID, MyInvitation] = {}
    if ids:
        session = context.session
        for meeting_id, status, count in session.exec(
            select(SparringInvitation.meeting_id, SparringInvitation.status, func.count())
            .where(col(SparringInvitation.meeting_id).in_(ids))
            .group_by(col(SparringInvitation.meeting_id), col(SparringInvitation.status))
        ).all():
            counts.setdefault(meeting_id, {})[SparringAttendance(status)] = count
        for invitation in session.exec(
            select(SparringInvitation).where(
                col(SparringInvitation.meeting_id).in_(ids),
                SparringInvitation.person_id == context.acting_person_id,
            )
        ).all():
            mine[invitation.meeting_id] = MyInvitation(id=invitation.id, status=invitation.status)
    zone = _zone(context)
    return [
        SparringMeetingRead.of(meeting, counts.get(meeting.id, {}), mine.get(meeting.id), zone)
        for meeting in chosen
    ]


def read_meeting(context: TenantContext, meeting_id: uuid.UUID) -> SparringMeetingRead:
    return _views(context, [_meeting(context, meeting_id)])[0]


def list_meetings(
    context: TenantContext, page: PageRequest, filters: MeetingFilters
) -> tuple[list[SparringMeetingRead], str | None]:
    statement = select(SparringMeeting)
    visible = _visible(context)
    if visible is not None:
        statement = statement.where(visible)
    if filters.programme_id is not None:
        statement = statement.where(SparringMeeting.programme_id == filters.programme_id)
    if filters.mine:
        statement = statement.where(_invited(context.acting_person_id))
    rows, next_cursor = paginate(context.session, statement, MEETING_ORDER, page)
    return _views(context, rows), next_cursor


MEETINGS_LIST = TenantList(SparringMeetingRead, read=list_meetings)


def list_invitations(
    context: TenantContext, meeting_id: uuid.UUID, page: PageRequest
) -> tuple[list[SparringInvitationRead], str | None]:
    """Every invitation, by name, for HR and the programme's facilitators; an invited leader
    sees only their own."""
    meeting = _meeting(context, meeting_id)
    statement = _invitation_rows().where(col(SparringInvitation.meeting_id) == meeting.id)
    if not _may_plan(context, meeting.programme_id):
        statement = statement.where(col(SparringInvitation.person_id) == context.acting_person_id)
    rows, next_cursor = paginate(context.session, statement, INVITATION_ORDER, page)
    return [_invitation_read(row, _zone(context)) for row in rows], next_cursor


SPARRING_INVITATIONS_LIST = TenantList(SparringInvitationRead, read=list_invitations)


def _invitation_rows() -> Any:
    return sa_select(
        col(SparringInvitation.id),
        col(SparringInvitation.meeting_id),
        col(SparringInvitation.person_id),
        col(Person.name),
        col(SparringInvitation.status),
        col(SparringInvitation.invited_at),
        col(SparringInvitation.recorded_by_id),
        col(SparringInvitation.recorded_at),
    ).join(
        Person,
        and_(
            col(Person.municipality_id) == col(SparringInvitation.municipality_id),
            col(Person.id) == col(SparringInvitation.person_id),
        ),
    )


def _invitation_read(row: Row[Any], zone: ZoneInfo) -> SparringInvitationRead:
    recorded_at = row.recorded_at
    return SparringInvitationRead(
        id=row.id,
        meeting_id=row.meeting_id,
        person_id=row.person_id,
        person_name=row.name,
        status=row.status,
        invited_at=row.invited_at.astimezone(zone),
        recorded_by_id=row.recorded_by_id,
        recorded_at=None if recorded_at is None else recorded_at.astimezone(zone),
    )


# --- planning ----------------------------------------------------------------------------------


def create_meeting(context: TenantContext, data: SparringMeetingCreate) -> SparringMeetingRead:
    """Plan a sparring meeting of the programme and invite its participants' leaders."""
    session = context.session
    programme = programmes.get_programme(session, data.programme_id)
    if not _may_plan(context, programme.id):
        raise Forbidden("Only HR and the programme's facilitators plan its sparring meetings.")
    check_times(data.starts_at, data.ends_at, WHAT)
    meeting = SparringMeeting(**data.model_dump(), created_by_id=context.person_id)
    session.add(meeting)
    session.flush()
    invited = _invite(session, meeting, leaders_of_participants(session, programme.id))
    record(
        context,
        AuditAction.sparring_meeting_planned,
        AuditObject.sparring_meeting,
        meeting.id,
        {},
        {**_audited(meeting), "invited": sorted(invited)},
    )
    return _views(context, [meeting])[0]


def update_meeting(
    context: TenantContext, meeting_id: uuid.UUID, changes: SparringMeetingUpdate
) -> SparringMeetingRead:
    meeting = _planned_by_caller(context, meeting_id)
    values = changes.model_dump(exclude_unset=True)
    changed = {name: value for name, value in values.items() if getattr(meeting, name) != value}
    if not changed:
        return _views(context, [meeting])[0]
    _refuse_if_cancelled(meeting)
    starts_at = changed.get("starts_at", meeting.starts_at)
    check_times(starts_at, changed.get("ends_at", meeting.ends_at), WHAT)
    before = _audited(meeting)
    apply_changes(meeting, changed)
    if SEQUENCE_FIELDS & changed.keys():
        meeting.sequence += 1
    context.session.flush()
    record_changes(
        context,
        AuditAction.sparring_meeting_updated,
        AuditObject.sparring_meeting,
        meeting.id,
        before,
        _audited(meeting),
    )
    return _views(context, [meeting])[0]


def cancel_meeting(context: TenantContext, meeting_id: uuid.UUID) -> None:
    """Cancel, keeping the meeting so calendars show the cancellation (idempotent)."""
    meeting = _planned_by_caller(context, meeting_id)
    if meeting.status == SparringStatus.cancelled:
        return
    meeting.status = SparringStatus.cancelled
    meeting.sequence += 1
    meeting.updated_at = utc_now()
    context.session.flush()
    record(
        context,
        AuditAction.sparring_meeting_cancelled,
        AuditObject.sparring_meeting,
        meeting.id,
        {"status": SparringStatus.scheduled},
        {"status": SparringStatus.cancelled},
    )


def invite_leaders(context: TenantContext, meeting_id: uuid.UUID) -> list[SparringInvitationRead]:
    """Invite the participants' leaders who are not invited yet (places approved since, new
    leaders); nobody is uninvited."""
    session = context.session
    meeting = _planned_by_caller(context, meeting_id)
    _refuse_if_cancelled(meeting)
    invited = _invite(session, meeting, leaders_of_participants(session, meeting.programme_id))
    if not invited:
        return []
    record(
        context,
        AuditAction.sparring_meeting_leaders_invited,
        AuditObject.sparring_meeting,
        meeting.id,
        {},
        {"invited": sorted(invited)},
    )
    statement = _invitation_rows().where(
        col(SparringInvitation.meeting_id) == meeting.id,
        col(SparringInvitation.person_id).in_(sorted(invited)),
    )
    zone = _zone(context)
    rows = session.execute(statement.order_by(*INVITATION_ORDER)).all()
    return [_invitation_read(row, zone) for row in rows]


def _invite(session: Session, meeting: SparringMeeting, leaders: set[uuid.UUID]) -> set[uuid.UUID]:
    """Add an invitation for each leader not invited yet (current people only)."""
    already = set(
        session.exec(
            select(SparringInvitation.person_id).where(SparringInvitation.meeting_id == meeting.id)
        ).all()
    )
    current = set(
        session.exec(
            select(Person.id).where(
                col(Person.id).in_(sorted(leaders - already)), col(Person.erased_at).is_(None)
            )
        ).all()
    )
    for person_id in sorted(current):
        session.add(SparringInvitation(meeting_id=meeting.id, person_id=person_id))
    session.flush()
    return current


def record_attendance(
    context: TenantContext,
    meeting_id: uuid.UUID,
    invitation_id: uuid.UUID,
    change: SparringAttendanceChange,
) -> SparringInvitationRead:
    """Whether the leader came: applied only to the status the recorder saw."""
    if change.status == SparringAttendance.invited:
        raise InvalidInput(
            "Record `attended` or `absent`.",
            errors=[{"location": "body.status", "message": "attended or absent"}],
        )
    session = context.session
    meeting = _planned_by_caller(context, meeting_id, share=True)
    invitation = session.exec(
        locking(
            select(SparringInvitation).where(
                SparringInvitation.id == invitation_id,
                SparringInvitation.meeting_id == meeting.id,
            )
        )
    ).first()
    if invitation is None:
        raise NotFound(f"Invitation {invitation_id} was not found at this meeting.")
    _refuse_if_cancelled(meeting)
    if invitation.status != change.expected_status:
        raise Conflict(
            f"The invitation is {invitation.status.value} now, not "
            f"{change.expected_status.value}; nothing was changed. Read it again.",
            extra={"current_status": invitation.status.value},
        )
    before = invitation.status
    invitation.status = change.status
    invitation.recorded_by_id = context.person_id
    invitation.recorded_at = utc_now()
    session.flush()
    record_changes(
        context,
        AuditAction.sparring_invitation_recorded,
        AuditObject.sparring_invitation,
        invitation.id,
        {"meeting_id": meeting.id, "person_id": invitation.person_id, "status": before},
        {"meeting_id": meeting.id, "person_id": invitation.person_id, "status": change.status},
    )
    row = session.execute(
        _invitation_rows().where(col(SparringInvitation.id) == invitation.id)
    ).one()
    return _invitation_read(row, _zone(context))


def _refuse_if_cancelled(meeting: SparringMeeting) -> None:
    if meeting.status == SparringStatus.cancelled:
        raise Conflict("The sparring meeting is cancelled and cannot be changed.")


def _audited(meeting: SparringMeeting) -> dict[str, object]:
    return {
        "programme_id": meeting.programme_id,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "location": meeting.location,
    }


# --- calendar feeds ----------------------------------------------------------------------------


def calendar_events(session: Session, person_id: uuid.UUID) -> list[calendar.CalendarEvent]:
    """The sparring meetings the person is invited to (also cancelled ones), as a calendar
    shows them: nothing about who else is invited or came."""
    meetings = session.exec(
        select(SparringMeeting)
        .join(SparringInvitation, col(SparringInvitation.meeting_id) == col(SparringMeeting.id))
        .where(SparringInvitation.person_id == person_id)
        .order_by(*MEETING_ORDER)
    ).all()
    return [
        calendar.CalendarEvent(
            uid=calendar.event_uid(meeting.id),
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            summary=meeting.title,
            location=meeting.location,
            description=meeting.description.strip(),
            sequence=meeting.sequence,
            created=meeting.created_at,
            last_modified=meeting.updated_at,
            cancelled=meeting.status == SparringStatus.cancelled,
        )
        for meeting in meetings
    ]

from __future__ import annotations

import uuid
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from praksis.kit.context import TenantContext, api_router, authorize, known_municipality, runtime_of
from praksis.kit.created import NewItem
from praksis.kit.errors import NotFound
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams, PageRequest
from praksis.kit.permissions import Permission
from praksis.kit.reads import TenantList
from praksis.kit.schemas import Moment
from praksis.workshops import guests, service, sparring
from praksis.workshops.models import (
    SparringInvitation,
    SparringMeeting,
    Workshop,
    WorkshopGuest,
    WorkshopStatus,
)
from praksis.workshops.schemas import (
    AttendanceRead,
    AttendanceRecorded,
    AttendanceUpdate,
    CalendarFeedCreated,
    CalendarFeedStatus,
    GuestCreate,
    GuestRead,
    GuestUpdate,
    LeadersInvited,
    SparringAttendanceChange,
    SparringInvitationRead,
    SparringMeetingCreate,
    SparringMeetingRead,
    SparringMeetingUpdate,
    WorkshopCreate,
    WorkshopRead,
    WorkshopUpdate,
)

WorkshopsReader = Annotated[TenantContext, Depends(authorize(Permission.workshops_read))]
WorkshopsWriter = Annotated[TenantContext, Depends(authorize(Permission.workshops_write))]
WorkshopReader = Annotated[
    TenantContext, Depends(authorize(Permission.workshops_read, item=Workshop))
]
WorkshopWriter = Annotated[
    TenantContext, Depends(authorize(Permission.workshops_write, item=Workshop))
]
AttendanceRecorder = Annotated[
    TenantContext, Depends(authorize(Permission.attendance_record, item=Workshop))
]
CalendarOwner = Annotated[TenantContext, Depends(authorize(Permission.calendar_own))]
GuestsPlanner = Annotated[TenantContext, Depends(authorize(Permission.events_plan, item=Workshop))]
GuestPlanner = Annotated[
    TenantContext, Depends(authorize(Permission.events_plan, item=WorkshopGuest))
]
GuestReader = Annotated[
    TenantContext, Depends(authorize(Permission.workshops_read, item=WorkshopGuest))
]
SparringPlanner = Annotated[TenantContext, Depends(authorize(Permission.events_plan))]
MeetingReader = Annotated[
    TenantContext, Depends(authorize(Permission.workshops_read, item=SparringMeeting))
]
MeetingPlanner = Annotated[
    TenantContext, Depends(authorize(Permission.events_plan, item=SparringMeeting))
]
InvitationRecorder = Annotated[
    TenantContext, Depends(authorize(Permission.events_plan, item=SparringInvitation))
]

router = api_router(prefix="/workshops", tags=["workshops"])

calendar_router = api_router(prefix="/calendar", tags=["calendar"])

sparring_router = api_router(prefix="/sparring-meetings", tags=["sparring meetings"])


def _zone(context: TenantContext) -> ZoneInfo:
    return ZoneInfo(context.municipality.time_zone)


def _read(view: service.WorkshopView, zone: ZoneInfo) -> WorkshopRead:
    return WorkshopRead.of(view.workshop, view.facilitator_ids, zone)


# --- workshops -------------------------------------------------------------------------------


def _workshop_page(
    context: TenantContext, page: PageRequest, filters: service.WorkshopFilters
) -> tuple[list[WorkshopRead], str | None]:
    views, next_cursor = service.list_workshops(context, page, filters)
    zone = _zone(context)
    return [_read(view, zone) for view in views], next_cursor


WORKSHOPS_LIST = TenantList(WorkshopRead, read=_workshop_page)


@router.get("", operation_id="list_workshops", response_model=Page[WorkshopRead])
async def list_workshops(
    context: WorkshopsReader,
    page: PageParams,
    cohort_id: uuid.UUID | None = None,
    module_id: uuid.UUID | None = None,
    window_from: Annotated[
        Moment | None,
        Query(alias="from", description="Only workshops ending after this moment."),
    ] = None,
    window_to: Annotated[
        Moment | None,
        Query(alias="to", description="Only workshops starting before this moment."),
    ] = None,
    workshop_status: Annotated[WorkshopStatus | None, Query(alias="status")] = None,
    mine: Annotated[
        bool,
        Query(description="Only the workshops of my cohorts and those I facilitate."),
    ] = False,
) -> Response:
    """Workshops by start time (then id)."""
    filters = service.WorkshopFilters(
        cohort_id=cohort_id,
        module_id=module_id,
        window_from=window_from,
        window_to=window_to,
        status=workshop_status,
        mine=mine,
    )
    return await WORKSHOPS_LIST.respond(context, page, filters=filters)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_workshop")
def create_workshop(context: WorkshopsWriter, body: WorkshopCreate, new: NewItem) -> WorkshopRead:
    """Plan a workshop; 409 with `conflicts` if anyone would be double-booked."""
    view = service.create_workshop(context, body)
    new.at(view.workshop.id)
    return _read(view, _zone(context))


@router.get("/{workshop_id}", operation_id="get_workshop")
def get_workshop(
    context: WorkshopReader, workshop_id: uuid.UUID, cache: IfNoneMatch
) -> WorkshopRead:
    return cache.tagged(_read_workshop(context, workshop_id))


@router.patch("/{workshop_id}", operation_id="update_workshop")
def update_workshop(
    context: WorkshopWriter, workshop_id: uuid.UUID, body: WorkshopUpdate, if_match: IfMatch
) -> WorkshopRead:
    if_match.check(
        context.session, Workshop, workshop_id, lambda: _read_workshop(context, workshop_id)
    )
    view = service.update_workshop(context, workshop_id, body)
    return if_match.tagged(_read(view, _zone(context)))


def _read_workshop(context: TenantContext, workshop_id: uuid.UUID) -> WorkshopRead:
    return _read(service.read_workshop(context, workshop_id), _zone(context))


@router.delete(
    "/{workshop_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="cancel_workshop"
)
def cancel_workshop(context: WorkshopWriter, workshop_id: uuid.UUID) -> None:
    """Cancel the workshop: it stays, with status `cancelled`, so calendars show it."""
    service.cancel_workshop(context, workshop_id)


# --- attendance ------------------------------------------------------------------------------


def _attendance(row: service.AttendanceRow, zone: ZoneInfo) -> AttendanceRead:
    return AttendanceRead(
        person_id=row.person_id,
        person_name=row.person_name,
        status=row.status,
        recorded_by_id=row.recorded_by_id,
        recorded_at=row.recorded_at.astimezone(zone),
    )


@router.put("/{workshop_id}/attendance", operation_id="record_attendance")
def record_attendance(
    context: AttendanceRecorder, workshop_id: uuid.UUID, body: AttendanceUpdate
) -> AttendanceRecorded:
    """Add or change attendance: the workshop's facilitators and HR, for its participants."""
    rows = service.record_attendance(context, workshop_id, body.records)
    zone = _zone(context)
    return AttendanceRecorded(records=[_attendance(row, zone) for row in rows])


def _attendance_page(
    context: TenantContext, page: PageRequest, workshop_id: uuid.UUID
) -> tuple[list[AttendanceRead], str | None]:
    rows, next_cursor = service.list_attendance(context, workshop_id, page)
    zone = _zone(context)
    return [_attendance(row, zone) for row in rows], next_cursor


ATTENDANCE_LIST = TenantList(AttendanceRead, read=_attendance_page)


@router.get(
    "/{workshop_id}/attendance", operation_id="list_attendance", response_model=Page[AttendanceRead]
)
async def list_attendance(
    context: WorkshopReader, workshop_id: uuid.UUID, page: PageParams
) -> Response:
    """Facilitators of the workshop and HR see every record; anyone else only their own."""
    return await ATTENDANCE_LIST.respond(context, page, workshop_id=workshop_id)


# --- guests: external facilitators and speakers ----------------------------------------------


def _guest_page(
    context: TenantContext, page: PageRequest, workshop_id: uuid.UUID
) -> tuple[list[GuestRead], str | None]:
    rows, next_cursor = guests.list_guests(context, workshop_id, page)
    zone = _zone(context)
    return [GuestRead.of(row, zone) for row in rows], next_cursor


GUESTS_LIST = TenantList(GuestRead, read=_guest_page)


@router.get(
    "/{workshop_id}/guests", operation_id="list_workshop_guests", response_model=Page[GuestRead]
)
async def list_workshop_guests(
    context: WorkshopReader, workshop_id: uuid.UUID, page: PageParams
) -> Response:
    """The workshop's external facilitators and speakers, in the order they were named."""
    return await GUESTS_LIST.respond(context, page, workshop_id=workshop_id)


@router.post(
    "/{workshop_id}/guests", status_code=status.HTTP_201_CREATED, operation_id="add_workshop_guest"
)
def add_workshop_guest(
    context: GuestsPlanner, workshop_id: uuid.UUID, body: GuestCreate, new: NewItem
) -> GuestRead:
    """Name a guest (no account): HR, or a facilitator of the workshop. 409 once cancelled."""
    return GuestRead.of(new.located(guests.add_guest(context, workshop_id, body)), _zone(context))


@router.get("/{workshop_id}/guests/{guest_id}", operation_id="get_workshop_guest")
def get_workshop_guest(
    context: GuestReader, workshop_id: uuid.UUID, guest_id: uuid.UUID, cache: IfNoneMatch
) -> GuestRead:
    return cache.tagged(_read_guest(context, workshop_id, guest_id))


@router.patch("/{workshop_id}/guests/{guest_id}", operation_id="update_workshop_guest")
def update_workshop_guest(
    context: GuestPlanner,
    workshop_id: uuid.UUID,
    guest_id: uuid.UUID,
    body: GuestUpdate,
    if_match: IfMatch,
) -> GuestRead:
    if_match.check(
        context.session,
        WorkshopGuest,
        guest_id,
        lambda: _read_guest(context, workshop_id, guest_id),
    )
    guest = guests.update_guest(context, workshop_id, guest_id, body)
    return if_match.tagged(GuestRead.of(guest, _zone(context)))


def _read_guest(context: TenantContext, workshop_id: uuid.UUID, guest_id: uuid.UUID) -> GuestRead:
    return GuestRead.of(guests.get_guest(context, workshop_id, guest_id), _zone(context))


@router.delete(
    "/{workshop_id}/guests/{guest_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="remove_workshop_guest",
)
def remove_workshop_guest(
    context: GuestPlanner, workshop_id: uuid.UUID, guest_id: uuid.UUID
) -> None:
    guests.remove_guest(context, workshop_id, guest_id)


# --- leader sparring meetings ------------------------------------------------------------------


@sparring_router.get(
    "", operation_id="list_sparring_meetings", response_model=Page[SparringMeetingRead]
)
async def list_sparring_meetings(
    context: WorkshopsReader,
    page: PageParams,
    programme_id: uuid.UUID | None = None,
    mine: Annotated[bool, Query(description="Only the meetings I am invited to.")] = False,
) -> Response:
    """By start time: all for HR; the programmes' meetings for their facilitators; the
    meetings a leader is invited to."""
    filters = sparring.MeetingFilters(programme_id=programme_id, mine=mine)
    return await sparring.MEETINGS_LIST.respond(context, page, filters=filters)


@sparring_router.post(
    "", status_code=status.HTTP_201_CREATED, operation_id="create_sparring_meeting"
)
def create_sparring_meeting(
    context: SparringPlanner, body: SparringMeetingCreate, new: NewItem
) -> SparringMeetingRead:
    """Plan a sparring meeting of a programme (HR, or a facilitator of one of its cohorts):
    the leaders of its participants are invited."""
    return new.located(sparring.create_meeting(context, body))


@sparring_router.get("/{meeting_id}", operation_id="get_sparring_meeting")
def get_sparring_meeting(
    context: MeetingReader, meeting_id: uuid.UUID, cache: IfNoneMatch
) -> SparringMeetingRead:
    return cache.tagged(sparring.read_meeting(context, meeting_id))


@sparring_router.patch("/{meeting_id}", operation_id="update_sparring_meeting")
def update_sparring_meeting(
    context: MeetingPlanner,
    meeting_id: uuid.UUID,
    body: SparringMeetingUpdate,
    if_match: IfMatch,
) -> SparringMeetingRead:
    if_match.check(
        context.session,
        SparringMeeting,
        meeting_id,
        lambda: sparring.read_meeting(context, meeting_id),
    )
    return if_match.tagged(sparring.update_meeting(context, meeting_id, body))


@sparring_router.delete(
    "/{meeting_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="cancel_sparring_meeting"
)
def cancel_sparring_meeting(context: MeetingPlanner, meeting_id: uuid.UUID) -> None:
    """Cancel: the meeting stays, with status `cancelled`, so calendars show it."""
    sparring.cancel_meeting(context, meeting_id)


@sparring_router.post("/{meeting_id}/invite-leaders", operation_id="invite_sparring_leaders")
def invite_sparring_leaders(context: MeetingPlanner, meeting_id: uuid.UUID) -> LeadersInvited:
    """Invite the participants' leaders not invited yet (new places, new leaders)."""
    return LeadersInvited(invited=sparring.invite_leaders(context, meeting_id))


@sparring_router.get(
    "/{meeting_id}/invitations",
    operation_id="list_sparring_invitations",
    response_model=Page[SparringInvitationRead],
)
async def list_sparring_invitations(
    context: MeetingReader, meeting_id: uuid.UUID, page: PageParams
) -> Response:
    """Every invitation for HR and the programme's facilitators; a leader sees their own."""
    return await sparring.SPARRING_INVITATIONS_LIST.respond(context, page, meeting_id=meeting_id)


@sparring_router.put(
    "/{meeting_id}/invitations/{invitation_id}", operation_id="record_sparring_attendance"
)
def record_sparring_attendance(
    context: InvitationRecorder,
    meeting_id: uuid.UUID,
    invitation_id: uuid.UUID,
    body: SparringAttendanceChange,
) -> SparringInvitationRead:
    """Record whether the leader came; 409 unless the invitation still has `expected_status`."""
    return sparring.record_attendance(context, meeting_id, invitation_id, body)


# --- the caller's calendar feed --------------------------------------------------------------


@calendar_router.post(
    "/feed", status_code=status.HTTP_201_CREATED, operation_id="create_calendar_feed"
)
def create_calendar_feed(context: CalendarOwner, request: Request) -> CalendarFeedCreated:
    """Create or rotate my secret calendar URL; any earlier URL stops working.

    The URL is shown only in this response. Because only a hash of it is stored, a retried
    request is not replayed (that would store the secret): it rotates again.
    """
    request.state.idempotency = None  # never keep this response (it holds the secret)
    token, feed = service.rotate_calendar_feed(context)
    return CalendarFeedCreated(
        url=request.url_for("calendar_ics", token=token).path,
        created_at=feed.created_at.astimezone(_zone(context)),
    )


@calendar_router.get("/feed", operation_id="get_calendar_feed")
def get_calendar_feed(context: CalendarOwner) -> CalendarFeedStatus:
    """Whether I have an active calendar URL (the URL itself is never shown again)."""
    feed = service.calendar_feed(context)
    if feed is None:
        return CalendarFeedStatus(active=False, created_at=None)
    return CalendarFeedStatus(active=True, created_at=feed.created_at.astimezone(_zone(context)))


@calendar_router.delete(
    "/feed", status_code=status.HTTP_204_NO_CONTENT, operation_id="revoke_calendar_feed"
)
def revoke_calendar_feed(context: CalendarOwner) -> None:
    """Revoke my calendar URL; it answers 404 from now on."""
    service.revoke_calendar_feed(context)


ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"


@calendar_router.get(
    "/{token}.ics",
    name="calendar_ics",
    operation_id="get_calendar_ics",
    response_class=Response,
    openapi_extra={"security": []},
    responses={
        200: {
            "description": "The person's workshops as iCalendar (RFC 5545).",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    },
)
async def calendar_ics(request: Request, token: str) -> Response:
    """A personal calendar feed for calendar apps. **No bearer token**: the secret in the URL
    is the credential. Any unknown, revoked or malformed address answers the same 404."""
    runtime = runtime_of(request)
    parsed = service.parse_feed_token(token)
    municipality = await known_municipality(runtime, parsed[0]) if parsed is not None else None
    if parsed is None or municipality is None:
        raise NotFound(service.FEED_NOT_FOUND)
    ics = await run_in_threadpool(service.calendar_for_secret, runtime, municipality, parsed[1])
    if ics is None:
        raise NotFound(service.FEED_NOT_FOUND)
    return Response(
        content=ics,
        media_type=ICS_MEDIA_TYPE,
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )

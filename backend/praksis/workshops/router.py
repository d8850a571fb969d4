from __future__ import annotations

import uuid
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from praksis.kit.context import TenantContext, api_router, authorize, runtime_of
from praksis.kit.errors import NotFound
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission
from praksis.kit.runtime import MunicipalityInfo, Runtime
from praksis.kit.schemas import Moment
from praksis.workshops import service
from praksis.workshops.models import Workshop, WorkshopStatus
from praksis.workshops.schemas import (
    AttendanceRead,
    AttendanceRecorded,
    AttendanceUpdate,
    CalendarFeedCreated,
    CalendarFeedStatus,
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

router = api_router(prefix="/workshops", tags=["workshops"])

calendar_router = api_router(prefix="/calendar", tags=["calendar"])


def _zone(context: TenantContext) -> ZoneInfo:
    return ZoneInfo(context.municipality.time_zone)


def _read(view: service.WorkshopView, zone: ZoneInfo) -> WorkshopRead:
    return WorkshopRead.of(view.workshop, view.facilitator_ids, zone)


# --- workshops -------------------------------------------------------------------------------


@router.get("", operation_id="list_workshops")
def list_workshops(
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
) -> Page[WorkshopRead]:
    """Workshops by start time (then id)."""
    filters = service.WorkshopFilters(
        cohort_id=cohort_id,
        module_id=module_id,
        window_from=window_from,
        window_to=window_to,
        status=workshop_status,
        mine=mine,
    )
    views, next_cursor = service.list_workshops(context, page, filters)
    zone = _zone(context)
    return Page(items=[_read(view, zone) for view in views], next_cursor=next_cursor)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_workshop")
def create_workshop(
    context: WorkshopsWriter, body: WorkshopCreate, response: Response
) -> WorkshopRead:
    """Plan a workshop; 409 with `conflicts` if anyone would be double-booked."""
    view = service.create_workshop(context, body)
    response.headers["Location"] = f"/api/v1/workshops/{view.workshop.id}"
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


@router.get("/{workshop_id}/attendance", operation_id="list_attendance")
def list_attendance(
    context: WorkshopReader, workshop_id: uuid.UUID, page: PageParams
) -> Page[AttendanceRead]:
    """Facilitators of the workshop and HR see every record; anyone else only their own."""
    rows, next_cursor = service.list_attendance(context, workshop_id, page)
    zone = _zone(context)
    return Page(items=[_attendance(row, zone) for row in rows], next_cursor=next_cursor)


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
    municipality = await _municipality(runtime, parsed[0]) if parsed is not None else None
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


async def _municipality(runtime: Runtime, municipality_id: str) -> MunicipalityInfo | None:
    municipality = runtime.municipalities.get(municipality_id)
    if municipality is None:
        municipality = await run_in_threadpool(
            runtime.directory.municipality, runtime.engine, municipality_id
        )
        if municipality is not None:
            runtime.municipalities.put(municipality_id, municipality)
    return municipality

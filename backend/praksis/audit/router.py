from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from praksis.audit import service
from praksis.audit.models import AuditEvent
from praksis.audit.schemas import AuditEventRead
from praksis.audit.trail import AuditAction, AuditObject
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.csv import CSV_MEDIA_TYPE, csv_response, wants_csv
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission
from praksis.kit.schemas import Moment

AuditReader = Annotated[TenantContext, Depends(authorize(Permission.audit_read))]
AuditEventReader = Annotated[
    TenantContext, Depends(authorize(Permission.audit_read, item=AuditEvent))
]

# Read-only on purpose: the trail is never changed through the API (nor, on PostgreSQL, by
# the application role at all).
router = api_router(prefix="/audit", tags=["audit"])

CSV_RESPONSE = csv_response(
    "A page of events as JSON, or every event matching the filters as CSV for Danish Excel "
    "(UTF-8 with BOM, `;`) with `Accept: text/csv` or `?format=csv`."
)


@router.get(
    "",
    operation_id="list_audit_events",
    response_model=Page[AuditEventRead],
    responses=CSV_RESPONSE,
)
async def list_audit_events(
    context: AuditReader,
    request: Request,
    page: PageParams,
    object_type: Annotated[
        AuditObject | None, Query(description="Only this kind of object.")
    ] = None,
    object_id: Annotated[uuid.UUID | None, Query(description="Only this object's events.")] = None,
    actor_person_id: Annotated[
        uuid.UUID | None, Query(description="Only what this person did.")
    ] = None,
    action: Annotated[AuditAction | None, Query(description="Only this action.")] = None,
    occurred_from: Annotated[
        Moment | None, Query(alias="from", description="Only events at or after this moment.")
    ] = None,
    occurred_to: Annotated[
        Moment | None, Query(alias="to", description="Only events before this moment.")
    ] = None,
    format: Annotated[
        Literal["json", "csv"] | None,
        Query(description="csv: the same as Accept: text/csv (every matching event, no pages)."),
    ] = None,
) -> Response:
    """The municipality's audit trail (HR only), oldest first: who decided or changed what
    and when, with the changed fields before and after and each decision's note."""
    filters = service.AuditFilters(
        object_type, object_id, actor_person_id, action, occurred_from, occurred_to
    )
    if wants_csv(request.headers.get("accept", ""), format):
        body = await run_in_threadpool(_events_csv, context, filters)
        return Response(body, media_type=CSV_MEDIA_TYPE)
    return await service.EVENTS_LIST.respond(context, page, filters=filters)


def _events_csv(context: TenantContext, filters: service.AuditFilters) -> bytes:
    try:
        return service.events_csv(context, filters)
    finally:
        context.close_session()


@router.get("/{event_id}", operation_id="get_audit_event")
def get_audit_event(context: AuditEventReader, event_id: uuid.UUID) -> AuditEventRead:
    return AuditEventRead.model_validate(service.get_event(context, event_id))

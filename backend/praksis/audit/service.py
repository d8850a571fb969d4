"""Reading the audit trail (HR). Recording is ``audit.trail``; nothing here changes an event,
and no route can."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select
from sqlmodel.sql.expression import SelectOfScalar

from praksis.audit.models import AuditEvent
from praksis.audit.schemas import AuditEventRead
from praksis.audit.trail import AuditAction, AuditObject
from praksis.kit.context import TenantContext
from praksis.kit.csv import Cell, excel_csv
from praksis.kit.lookups import row_or_404
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.reads import TenantList

LIST_ORDER = (AuditEvent.occurred_at, AuditEvent.id)
CSV_BATCH = 1000
CSV_HEADER = (
    "occurred_at",
    "actor_person_id",
    "actor_client",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
)


@dataclass(frozen=True)
class AuditFilters:
    object_type: AuditObject | None = None
    object_id: uuid.UUID | None = None
    actor_person_id: uuid.UUID | None = None
    action: AuditAction | None = None
    occurred_from: datetime | None = None  # on or after
    occurred_to: datetime | None = None  # before


def list_events(
    context: TenantContext, filters: AuditFilters, page: PageRequest
) -> tuple[list[AuditEvent], str | None]:
    """The municipality's events matching the filters, oldest first."""
    return paginate(context.session, _matching(filters), LIST_ORDER, page)


EVENTS_LIST = TenantList(AuditEventRead, read=list_events)


def get_event(context: TenantContext, event_id: uuid.UUID) -> AuditEvent:
    return row_or_404(
        context.session, AuditEvent, event_id, missing=f"Audit event {event_id} was not found."
    )


def events_csv(context: TenantContext, filters: AuditFilters) -> bytes:
    """Every event matching the filters, oldest first, as CSV for Danish Excel."""
    return excel_csv([CSV_HEADER, *(_csv_row(event) for event in _all(context, filters))])


def _all(context: TenantContext, filters: AuditFilters) -> Iterator[AuditEvent]:
    """Keyset pages of ``CSV_BATCH``, so no one statement reads the whole trail at once."""
    page = PageRequest(limit=CSV_BATCH, cursor=None)
    while True:
        events, cursor = paginate(context.session, _matching(filters), LIST_ORDER, page)
        yield from events
        if cursor is None:
            return
        context.session.expunge_all()  # what was written out need not stay in memory
        page = PageRequest(limit=CSV_BATCH, cursor=cursor)


def _matching(filters: AuditFilters) -> SelectOfScalar[AuditEvent]:
    statement = select(AuditEvent)
    if filters.object_type is not None:
        statement = statement.where(AuditEvent.object_type == filters.object_type.value)
    if filters.object_id is not None:
        statement = statement.where(AuditEvent.object_id == filters.object_id)
    if filters.actor_person_id is not None:
        statement = statement.where(AuditEvent.actor_person_id == filters.actor_person_id)
    if filters.action is not None:
        statement = statement.where(AuditEvent.action == filters.action.value)
    if filters.occurred_from is not None:
        statement = statement.where(AuditEvent.occurred_at >= filters.occurred_from)
    if filters.occurred_to is not None:
        statement = statement.where(AuditEvent.occurred_at < filters.occurred_to)
    return statement


def _csv_row(event: AuditEvent) -> Sequence[Cell]:
    return (
        event.occurred_at.isoformat(),
        _text(event.actor_person_id),
        event.actor_client,
        event.action,
        event.object_type,
        str(event.object_id),
        _json(event.before),
        _json(event.after),
    )


def _text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _json(fields: dict[str, object]) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True) if fields else ""

"""Deliveries written in the transaction of the change they tell of (the outbox): an event
that rolls back leaves none, and one that commits leaves one per subscribed endpoint, which
``webhooks.delivery`` sends afterwards, outside any transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import orjson
from sqlmodel import Session, col, select

from praksis.kit.db import TenantSession, utc_now
from praksis.kit.ids import new_id
from praksis.webhooks.models import WebhookDelivery, WebhookEndpoint


def new_message_id() -> str:
    return f"msg_{new_id().hex}"


def body_of(event_type: str, municipality_id: str, data: Mapping[str, Any], at: datetime) -> str:
    """The delivery's JSON (the Standard Webhooks shape: type, timestamp, data); the data
    always names the municipality."""
    document = {
        "type": event_type,
        "timestamp": at,
        "data": {"municipality_id": municipality_id, **data},
    }
    return orjson.dumps(document).decode("utf-8")


def enqueue(session: Session, event_type: str, data: Mapping[str, Any]) -> list[WebhookDelivery]:
    """A delivery of the event to every active endpoint of the session's municipality that
    subscribed to ``event_type``, due now."""
    endpoints = [
        endpoint
        for endpoint in session.exec(
            select(WebhookEndpoint)
            .where(col(WebhookEndpoint.active))
            .order_by(col(WebhookEndpoint.id))
        ).all()
        if event_type in endpoint.event_types
    ]
    return enqueue_for(session, endpoints, event_type, data)


def enqueue_for(
    session: Session,
    endpoints: Iterable[WebhookEndpoint],
    event_type: str,
    data: Mapping[str, Any],
) -> list[WebhookDelivery]:
    """One delivery to each of ``endpoints``, sharing one message id (the receiver's key for
    recognising a retry)."""
    targets = list(endpoints)
    if not targets:
        return []
    assert isinstance(session, TenantSession)  # the municipality the data belongs to
    now = utc_now()
    message_id = new_message_id()
    body = body_of(event_type, session.tenant, data, now)
    deliveries = [
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event_type=event_type,
            message_id=message_id,
            body=body,
            next_attempt_at=now,
        )
        for endpoint in targets
    ]
    session.add_all(deliveries)
    session.flush()
    return deliveries

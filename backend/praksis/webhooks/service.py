"""A municipality's webhook endpoints and their deliveries (HR, or an integration with the
``webhooks:manage`` scope). Services take the caller's ``TenantContext``."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from praksis.audit.trail import AuditAction, AuditObject, record, record_changes
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.kit.errors import Conflict, NotFound
from praksis.kit.lookups import row_or_404
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.reads import TenantList
from praksis.settings import Settings, get_settings
from praksis.webhooks.addresses import check_endpoint_url
from praksis.webhooks.models import (
    TEST_EVENT,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)
from praksis.webhooks.outbox import enqueue_for
from praksis.webhooks.schemas import (
    DeliveryRead,
    EndpointCreate,
    EndpointRead,
    EndpointUpdate,
    EndpointWithSecret,
)
from praksis.webhooks.signing import new_secret

MAX_ENDPOINTS = 20  # per municipality: each event is sent to every subscribed one
PREVIOUS_SECRET_VALIDITY = timedelta(hours=24)  # a rotation's overlap, for the receiver


# --- lookups ---------------------------------------------------------------------------------


def get_endpoint(
    session: Session, endpoint_id: uuid.UUID, *, for_update: bool = False
) -> WebhookEndpoint:
    return row_or_404(
        session,
        WebhookEndpoint,
        endpoint_id,
        missing=f"Webhook endpoint {endpoint_id} was not found.",
        for_update=for_update,
    )


# --- services --------------------------------------------------------------------------------


def list_endpoints(
    context: TenantContext, page: PageRequest
) -> tuple[list[WebhookEndpoint], str | None]:
    return paginate(context.session, select(WebhookEndpoint), (WebhookEndpoint.id,), page)


ENDPOINTS_LIST = TenantList(EndpointRead, read=list_endpoints)


def read_endpoint(context: TenantContext, endpoint_id: uuid.UUID) -> EndpointRead:
    return EndpointRead.model_validate(get_endpoint(context.session, endpoint_id))


def create_endpoint(context: TenantContext, data: EndpointCreate) -> EndpointWithSecret:
    session = context.session
    check_endpoint_url(data.url, _settings(context))
    count = session.exec(select(func.count()).select_from(WebhookEndpoint)).one()
    if count >= MAX_ENDPOINTS:
        raise Conflict(f"A municipality has at most {MAX_ENDPOINTS} webhook endpoints.")
    endpoint = WebhookEndpoint(
        url=data.url,
        description=data.description,
        event_types=[str(event_type) for event_type in data.event_types],
        secret=new_secret(),
        active=data.active,
    )
    session.add(endpoint)
    session.flush()
    record(
        context,
        AuditAction.webhook_endpoint_created,
        AuditObject.webhook_endpoint,
        endpoint.id,
        {},
        _audited_fields(endpoint),
    )
    return _with_secret(endpoint)


def update_endpoint(
    context: TenantContext, endpoint_id: uuid.UUID, changes: EndpointUpdate
) -> EndpointRead:
    session = context.session
    endpoint = get_endpoint(session, endpoint_id)
    values = changes.model_dump(exclude_unset=True)
    if "url" in values:
        check_endpoint_url(values["url"], _settings(context))
    if "event_types" in values:
        values["event_types"] = [str(event_type) for event_type in values["event_types"]]
    was = _audited_fields(endpoint)
    apply_changes(endpoint, values)
    session.flush()
    record_changes(
        context,
        AuditAction.webhook_endpoint_updated,
        AuditObject.webhook_endpoint,
        endpoint.id,
        was,
        _audited_fields(endpoint),
    )
    return EndpointRead.model_validate(endpoint)


def delete_endpoint(context: TenantContext, endpoint_id: uuid.UUID) -> None:
    """The endpoint and its deliveries, sent or not."""
    session = context.session
    endpoint = get_endpoint(session, endpoint_id)
    fields = _audited_fields(endpoint)
    session.delete(endpoint)
    session.flush()
    record(
        context,
        AuditAction.webhook_endpoint_deleted,
        AuditObject.webhook_endpoint,
        endpoint_id,
        fields,
        {},
    )


def rotate_secret(context: TenantContext, endpoint_id: uuid.UUID) -> EndpointWithSecret:
    """A new secret, shown once; the current one also signs for ``PREVIOUS_SECRET_VALIDITY``
    so the receiver can switch without losing a delivery."""
    endpoint = get_endpoint(context.session, endpoint_id, for_update=True)
    now = utc_now()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + PREVIOUS_SECRET_VALIDITY
    endpoint.secret = new_secret()
    endpoint.updated_at = now
    context.session.flush()
    record(
        context,
        AuditAction.webhook_endpoint_secret_rotated,
        AuditObject.webhook_endpoint,
        endpoint.id,
        {},
        {"previous_secret_expires_at": endpoint.previous_secret_expires_at},
    )
    return _with_secret(endpoint)


def send_test_event(context: TenantContext, endpoint_id: uuid.UUID) -> DeliveryRead:
    """A ``webhook.test`` delivery to this endpoint alone, due now (a paused one gets it
    when it is resumed)."""
    endpoint = get_endpoint(context.session, endpoint_id)
    (delivery,) = enqueue_for(context.session, [endpoint], TEST_EVENT, {"endpoint_id": endpoint.id})
    return DeliveryRead.of(delivery)


def list_deliveries(
    context: TenantContext,
    endpoint_id: uuid.UUID,
    page: PageRequest,
    status: DeliveryStatus | None = None,
) -> tuple[list[DeliveryRead], str | None]:
    """The endpoint's deliveries, oldest first (ids are time-ordered)."""
    get_endpoint(context.session, endpoint_id)
    statement = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        statement = statement.where(WebhookDelivery.status == status)
    rows, cursor = paginate(context.session, statement, (WebhookDelivery.id,), page)
    return [DeliveryRead.of(row) for row in rows], cursor


DELIVERIES_LIST = TenantList(DeliveryRead, read=list_deliveries)


def retry_delivery(
    context: TenantContext, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryRead:
    """A failed delivery gets a new round of the retry schedule, due now (after an outage
    longer than the schedule). Conditional on its being failed: 409 otherwise."""
    session = context.session
    get_endpoint(session, endpoint_id)
    retried = session.execute(
        update(WebhookDelivery)
        .where(
            col(WebhookDelivery.id) == delivery_id,
            col(WebhookDelivery.endpoint_id) == endpoint_id,
            col(WebhookDelivery.status) == DeliveryStatus.failed,
        )
        .values(status=DeliveryStatus.pending, attempts=0, next_attempt_at=utc_now())
        .returning(col(WebhookDelivery.id))
        .execution_options(synchronize_session=False)
    ).first()
    delivery = session.exec(
        select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint_id
        )
    ).first()
    if delivery is None:
        raise NotFound(f"Delivery {delivery_id} was not found.")
    if retried is None:
        raise Conflict(
            f"Only a failed delivery is sent again; this one is {delivery.status.value}."
        )
    session.refresh(delivery)
    return DeliveryRead.of(delivery)


def _with_secret(endpoint: WebhookEndpoint) -> EndpointWithSecret:
    return EndpointWithSecret.model_validate(
        {**EndpointRead.model_validate(endpoint).model_dump(), "secret": endpoint.secret}
    )


def _audited_fields(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What the trail keeps of an endpoint: never its secret."""
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": sorted(endpoint.event_types),
        "active": endpoint.active,
    }


def _settings(context: TenantContext) -> Settings:
    return context.runtime.settings if context.runtime is not None else get_settings()

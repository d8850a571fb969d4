from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response, status

from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission
from praksis.webhooks import service
from praksis.webhooks.models import DeliveryStatus, WebhookEndpoint
from praksis.webhooks.schemas import (
    DeliveryRead,
    EndpointCreate,
    EndpointRead,
    EndpointUpdate,
    EndpointWithSecret,
)

WebhooksManager = Annotated[TenantContext, Depends(authorize(Permission.webhooks_manage))]
EndpointManager = Annotated[
    TenantContext, Depends(authorize(Permission.webhooks_manage, item=WebhookEndpoint))
]

router = api_router(prefix="/webhooks/endpoints", tags=["webhooks"])


@router.get("", operation_id="list_webhook_endpoints", response_model=Page[EndpointRead])
async def list_webhook_endpoints(context: WebhooksManager, page: PageParams) -> Response:
    return await service.ENDPOINTS_LIST.respond(context, page)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_webhook_endpoint")
def create_webhook_endpoint(
    context: WebhooksManager, body: EndpointCreate, new: NewItem
) -> EndpointWithSecret:
    """Registers an endpoint; the answer holds its signing secret, shown this once."""
    return new.located(service.create_endpoint(context, body))


@router.get("/{endpoint_id}", operation_id="get_webhook_endpoint")
def get_webhook_endpoint(
    context: EndpointManager, endpoint_id: uuid.UUID, cache: IfNoneMatch
) -> EndpointRead:
    return cache.tagged(service.read_endpoint(context, endpoint_id))


@router.patch("/{endpoint_id}", operation_id="update_webhook_endpoint")
def update_webhook_endpoint(
    context: EndpointManager, endpoint_id: uuid.UUID, body: EndpointUpdate, if_match: IfMatch
) -> EndpointRead:
    if_match.check(
        context.session,
        WebhookEndpoint,
        endpoint_id,
        lambda: service.read_endpoint(context, endpoint_id),
    )
    return if_match.tagged(service.update_endpoint(context, endpoint_id, body))


@router.delete(
    "/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_webhook_endpoint",
)
def delete_webhook_endpoint(context: EndpointManager, endpoint_id: uuid.UUID) -> None:
    service.delete_endpoint(context, endpoint_id)


@router.post("/{endpoint_id}/rotate-secret", operation_id="rotate_webhook_secret")
def rotate_webhook_secret(context: EndpointManager, endpoint_id: uuid.UUID) -> EndpointWithSecret:
    """A new signing secret, shown this once; the previous one also signs for 24 hours."""
    return service.rotate_secret(context, endpoint_id)


@router.post(
    "/{endpoint_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="send_webhook_test_event",
)
def send_webhook_test_event(context: EndpointManager, endpoint_id: uuid.UUID) -> DeliveryRead:
    """Queues a `webhook.test` delivery to this endpoint; follow it in its deliveries."""
    return service.send_test_event(context, endpoint_id)


@router.get(
    "/{endpoint_id}/deliveries",
    operation_id="list_webhook_deliveries",
    response_model=Page[DeliveryRead],
)
async def list_webhook_deliveries(
    context: EndpointManager,
    endpoint_id: uuid.UUID,
    page: PageParams,
    delivery_status: Annotated[
        DeliveryStatus | None, Query(alias="status", description="Only those in this status.")
    ] = None,
) -> Response:
    """The endpoint's deliveries with their last status, oldest first."""
    return await service.DELIVERIES_LIST.respond(
        context, page, endpoint_id=endpoint_id, status=delivery_status
    )


@router.post("/{endpoint_id}/deliveries/{delivery_id}/retry", operation_id="retry_webhook_delivery")
def retry_webhook_delivery(
    context: EndpointManager, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryRead:
    """Sends a failed delivery again, with a new round of retries (409 unless it failed)."""
    return service.retry_delivery(context, endpoint_id, delivery_id)

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import orjson
from pydantic import Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from praksis.kit.schemas import (
    SINGLE_LINE_PATTERN,
    Flag,
    InputModel,
    OptionalLine,
    PatchModel,
    RowModel,
)
from praksis.webhooks.models import URL_LENGTH, DeliveryStatus, EventType, WebhookDelivery

Url = Annotated[
    str,
    Field(
        min_length=1,
        max_length=URL_LENGTH,
        pattern=SINGLE_LINE_PATTERN,
        description="Where deliveries are POSTed: https, a public address "
        '(docs/operations.md, "Webhooks").',
        examples=["https://intranet.hedensted.dk/hooks/praksis"],
    ),
]
Description = Annotated[OptionalLine, Field(max_length=500)]
EventTypes = Annotated[
    list[EventType],
    Field(min_length=1, max_length=len(EventType), description="The events to deliver."),
]


def _distinct(values: list[EventType] | None) -> list[EventType] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError("name each event type once")
    return values


class EndpointCreate(InputModel):
    url: Url
    description: Description = ""
    event_types: EventTypes
    active: Flag = True

    _distinct_types = field_validator("event_types")(_distinct)


class EndpointUpdate(PatchModel):
    """Only the fields sent are changed; the secret changes by rotation only."""

    url: Url | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    event_types: EventTypes | SkipJsonSchema[None] = None
    active: Flag | SkipJsonSchema[None] = Field(
        default=None, description="false pauses deliveries; they wait until true again."
    )

    _distinct_types = field_validator("event_types")(_distinct)


class EndpointRead(RowModel):
    id: uuid.UUID
    url: str
    description: str
    event_types: list[EventType]
    active: bool
    previous_secret_expires_at: datetime | None = Field(
        description="After a rotation, until when the previous secret also signs."
    )
    created_at: datetime
    updated_at: datetime


class EndpointWithSecret(EndpointRead):
    """The endpoint and its signing secret, shown this once (creation, rotation)."""

    secret: str = Field(
        description="Standard Webhooks secret (`whsec_` + base64): verify each delivery's "
        "`webhook-signature` with it. Shown only now; rotate to get a new one."
    )


class DeliveryRead(RowModel):
    id: uuid.UUID
    endpoint_id: uuid.UUID
    event_type: str
    message_id: str = Field(description="The `webhook-id` header: the same on every retry.")
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None = Field(description="The receiver's last HTTP status.")
    last_error: str | None = Field(description="Why the last attempt failed, if it did.")
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When it is tried next, if pending.")
    delivered_at: datetime | None
    created_at: datetime
    payload: dict[str, Any] = Field(description="The body sent, as JSON.")

    @classmethod
    def of(cls, delivery: WebhookDelivery) -> DeliveryRead:
        return cls.model_validate(
            {
                **{name: getattr(delivery, name) for name in cls.model_fields if name != "payload"},
                "payload": orjson.loads(delivery.body),
            }
        )

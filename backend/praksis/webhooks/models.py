"""Endpoints a municipality registered, and the outbox of deliveries to them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field

from praksis.kit.db import (
    TenantOwned,
    TenantRecord,
    UtcDateTime,
    enum_field,
    tenant_fk,
    timestamp_field,
)

URL_LENGTH = 2000
SECRET_LENGTH = 100
MESSAGE_ID_LENGTH = 40
EVENT_TYPE_LENGTH = 64
ERROR_LENGTH = 300


class EventType(StrEnum):
    """What an endpoint may subscribe to (docs/operations.md, "Webhooks")."""

    enrolment_decided = "enrolment.decided"
    enrolment_completed = "enrolment.completed"
    programme_status_changed = "programme.status_changed"
    credential_issued = "credential.issued"
    credential_revoked = "credential.revoked"


TEST_EVENT = "webhook.test"  # sent on request to one endpoint, never subscribed to


class DeliveryStatus(StrEnum):
    pending = "pending"  # due at next_attempt_at (or being sent: claimed until then)
    delivered = "delivered"  # a 2xx answer
    failed = "failed"  # every attempt of the schedule failed


class WebhookEndpoint(TenantRecord, table=True):
    """Where a municipality's integration wants to be told of events, and the secret the
    deliveries are signed with (kept to sign; shown once, when created or rotated). After a
    rotation the previous secret also signs until ``previous_secret_expires_at``."""

    __tablename__ = "webhook_endpoints"

    url: str = Field(max_length=URL_LENGTH)
    description: str = Field(default="", max_length=500)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret: str = Field(max_length=SECRET_LENGTH)
    previous_secret: str | None = Field(default=None, max_length=SECRET_LENGTH)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    active: bool = Field(default=True)


PENDING_SQL = "status = 'pending'"


class WebhookDelivery(TenantOwned, table=True):
    """One event for one endpoint: the outbox row, written in the event's own transaction,
    and afterwards its last status. ``body`` is the exact JSON sent (and signed)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        tenant_fk("endpoint_id", "webhook_endpoints", ondelete="CASCADE"),
        UniqueConstraint("municipality_id", "endpoint_id", "message_id"),
        Index("ix_webhook_deliveries_due", "municipality_id", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint", "municipality_id", "endpoint_id", "id"),
        # which municipalities have a delivery due, read across them (migration 0030)
        Index(
            "ix_webhook_deliveries_pending",
            "next_attempt_at",
            "municipality_id",
            postgresql_where=text(PENDING_SQL),
            sqlite_where=text(PENDING_SQL),
        ),
    )

    endpoint_id: uuid.UUID
    event_type: str = Field(max_length=EVENT_TYPE_LENGTH)
    message_id: str = Field(max_length=MESSAGE_ID_LENGTH)
    body: str = Field(sa_type=Text)
    status: DeliveryStatus = enum_field(DeliveryStatus, DeliveryStatus.pending)
    attempts: int = Field(default=0)
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=ERROR_LENGTH)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = timestamp_field()

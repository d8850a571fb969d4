from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field

from praksis.kit.db import TenantOwned, timestamp_field

ACTION_LENGTH = 64
OBJECT_TYPE_LENGTH = 32
CLIENT_LENGTH = 255


class AuditEvent(TenantOwned, table=True):
    """One decision or change, as it was made. Append-only: on PostgreSQL the application
    role may only insert and read these rows (migration 0012).

    ``actor_person_id`` is the person who acted; a service token (an integration) is no
    person, so its subject is kept in ``actor_client`` instead. ``before`` and ``after`` hold
    only the fields that changed (and a decision's note in ``after``)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_occurred_at", "municipality_id", "occurred_at", "id"),
        Index("ix_audit_events_object", "municipality_id", "object_type", "object_id"),
        Index("ix_audit_events_actor", "municipality_id", "actor_person_id"),
    )

    occurred_at: datetime = timestamp_field()
    actor_person_id: uuid.UUID | None = None
    actor_client: str | None = Field(default=None, max_length=CLIENT_LENGTH)
    action: str = Field(max_length=ACTION_LENGTH)
    object_type: str = Field(max_length=OBJECT_TYPE_LENGTH)
    object_id: uuid.UUID
    before: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    after: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)

"""What the audit routes return."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from praksis.audit.trail import AuditAction, AuditObject
from praksis.kit.schemas import RowModel


class AuditEventRead(RowModel):
    id: uuid.UUID
    occurred_at: datetime
    actor_person_id: uuid.UUID | None = Field(description="The person who acted.")
    actor_client: str | None = Field(
        description="The token subject of a service (integration) that acted without a person."
    )
    action: AuditAction
    object_type: AuditObject
    object_id: uuid.UUID
    before: dict[str, Any] = Field(description="The changed fields as they were.")
    after: dict[str, Any] = Field(
        description="The changed fields as they became; a decision's `note` too."
    )

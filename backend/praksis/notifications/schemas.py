from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from praksis.kit.schemas import InputModel
from praksis.notifications.models import Delivery, Language, NotificationKind, NotificationStatus


class NotificationSettings(InputModel):
    """The caller's own choice: the language of their e-mails (``null``: the
    municipality's, Danish or Norwegian bokmål) and when they get them."""

    language: Language | None = Field(
        description="da, en or nb; null for the municipality's language."
    )
    delivery: Delivery = Field(
        description="immediate: each as it happens; digest: one e-mail a day; none: no e-mail."
    )


class NotificationSettingsRead(BaseModel):
    language: Language | None
    delivery: Delivery
    effective_language: Language = Field(
        description="The language e-mails are written in: the chosen one or the municipality's."
    )


class NotificationRead(BaseModel):
    """One e-mail notification to the person and what became of it."""

    id: uuid.UUID
    kind: NotificationKind
    status: NotificationStatus
    created_at: datetime
    sent_at: datetime | None

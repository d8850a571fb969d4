"""What development tells the later domains (``kit.events``; subscribed in ``praksis.wiring``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from praksis.kit.events import Event


@dataclass(frozen=True)
class CredentialIssued(Event):
    """A completed enrolment earned the programme's credential (flushed)."""

    credential_id: uuid.UUID
    person_id: uuid.UUID
    programme_id: uuid.UUID
    enrolment_id: uuid.UUID
    awarded_on: date


@dataclass(frozen=True)
class CredentialRevoked(Event):
    """HR revoked the credential (flushed); the reason stays with HR."""

    credential_id: uuid.UUID
    person_id: uuid.UUID
    programme_id: uuid.UUID
    revoked_at: datetime

"""The notifications outbox and each person's notification preferences.

A row of ``notifications`` is written in the transaction of what it tells (a decision, a
workshop moved), or by the periodic collection (a workshop in two days); the worker delivers
it afterwards (``service.deliver``), outside any transaction while it talks to the mail
server. Its ``status`` says what became of it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field

from praksis.kit.db import (
    TenantOwned,
    TenantScoped,
    UtcDateTime,
    enum_field,
    optional_enum_field,
    tenant_fk,
    timestamp_field,
)

DEDUPE_KEY_MAX = 200
LAST_ERROR_MAX = 500


class NotificationKind(StrEnum):
    enrolment_decided = "enrolment_decided"  # approved, waitlisted, declined or promoted
    workshop_invitation = "workshop_invitation"  # METHOD:REQUEST, two days ahead or changed
    workshop_cancelled = "workshop_cancelled"  # METHOD:CANCEL to those invited
    feedback_requested = "feedback_requested"
    evaluation_due = "evaluation_due"  # a participant who attended
    evaluations_open = "evaluations_open"  # a facilitator: their workshop's answers come in
    follow_up_due = "follow_up_due"
    team_attention = "team_attention"  # a leader: a team member's request waits for them


class NotificationStatus(StrEnum):
    pending = "pending"  # to be delivered (or retried)
    sending = "sending"  # claimed by a worker, which is talking to the mail server
    sent = "sent"
    awaiting_digest = "awaiting_digest"  # the person chose a daily digest
    held = "held"  # no mail server configured (PRAKSIS_SMTP_HOST): recorded, not sent
    opted_out = "opted_out"  # the person chose no e-mail
    undeliverable = "undeliverable"  # the person has no e-mail address
    failed = "failed"  # every attempt failed; last_error says why


class Delivery(StrEnum):
    immediate = "immediate"
    digest = "digest"
    none = "none"


class Language(StrEnum):
    da = "da"
    en = "en"
    nb = "nb"


UNDELIVERED_SQL = "status IN ('pending', 'sending')"
PENDING_SQL = "status = 'pending'"


class Notification(TenantOwned, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("municipality_id", "dedupe_key"),
        tenant_fk("person_id", "people", ondelete="CASCADE"),
        Index("ix_notifications_status", "municipality_id", "status"),
        Index("ix_notifications_person", "municipality_id", "person_id"),
        # which municipalities have one to deliver, read across them (migration 0030)
        Index(
            "ix_notifications_undelivered",
            "municipality_id",
            postgresql_where=text(UNDELIVERED_SQL),
            sqlite_where=text(UNDELIVERED_SQL),
        ),
    )

    person_id: uuid.UUID  # the recipient
    kind: NotificationKind = enum_field(NotificationKind)
    subject_id: uuid.UUID | None = None  # what it is about: an enrolment, a workshop, …
    # a team member it names (team_attention): erased with them
    about_person_id: uuid.UUID | None = None
    # one notification per fact: the collection and a retried request add nothing twice
    dedupe_key: str = Field(max_length=DEDUPE_KEY_MAX)
    # what the text says (titles, times, the outcome), so it is written as it was decided
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: NotificationStatus = enum_field(NotificationStatus, NotificationStatus.pending)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=LAST_ERROR_MAX)
    created_at: datetime = timestamp_field()
    claimed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class NotificationPreference(TenantScoped, table=True):
    """A person's own choice; without a row: immediate, in the municipality's language."""

    __tablename__ = "notification_preferences"
    __table_args__ = (tenant_fk("person_id", "people", ondelete="CASCADE"),)

    person_id: uuid.UUID = Field(primary_key=True)
    language: Language | None = optional_enum_field(Language)
    delivery: Delivery = enum_field(Delivery, Delivery.immediate)
    updated_at: datetime = timestamp_field()

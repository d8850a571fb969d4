from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from praksis.kit.db import (
    TenantOwned,
    TenantRecord,
    TenantScoped,
    UtcDateTime,
    enum_field,
    link_constraints,
    tenant_fk,
    timestamp_field,
)


class FeedbackKind(StrEnum):
    buddy = "buddy"
    learning_group = "learning_group"
    leader = "leader"
    colleague = "colleague"
    facilitator = "facilitator"  # by a facilitator of the project's cohort


class TrialActionFeedback(TenantRecord, table=True):
    """Constructive feedback on a trial action: what worked, what to try next."""

    __tablename__ = "trial_action_feedback"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        tenant_fk("trial_action_id", "trial_actions", ondelete="CASCADE"),
        tenant_fk("author_id", "people"),
        Index("ix_trial_action_feedback_action", "municipality_id", "trial_action_id"),
    )

    trial_action_id: uuid.UUID
    author_id: uuid.UUID
    kind: FeedbackKind = enum_field(FeedbackKind)
    what_worked: str = Field(default="", sa_type=Text)
    try_next: str = Field(default="", sa_type=Text)
    rating: int | None = None
    shared_with_leader: bool = False


class FeedbackInvitation(TenantOwned, table=True):
    """A participant asks a colleague for feedback on a trial action."""

    __tablename__ = "feedback_invitations"
    __table_args__ = (
        *link_constraints("trial_action_id", "trial_actions", "invitee_id", "people"),
        tenant_fk("invited_by_id", "people"),
        Index("ix_feedback_invitations_invitee", "municipality_id", "invitee_id"),
    )

    trial_action_id: uuid.UUID
    invitee_id: uuid.UUID
    invited_by_id: uuid.UUID
    created_at: datetime = timestamp_field()


class WorkshopEvaluation(TenantOwned, table=True):
    """An attendee's anonymous evaluation of a workshop.

    Holds no author and no time: who answered is kept apart in ``EvaluationReceipt``, and the
    id is random (not time-ordered), so an answer cannot be linked back to its author.
    """

    __tablename__ = "workshop_evaluations"
    __table_args__ = (
        CheckConstraint("relevance BETWEEN 1 AND 5", name="relevance_range"),
        CheckConstraint("learning BETWEEN 1 AND 5", name="learning_range"),
        CheckConstraint("usefulness BETWEEN 1 AND 5", name="usefulness_range"),
        tenant_fk("workshop_id", "workshops", ondelete="CASCADE"),
        Index("ix_workshop_evaluations_workshop", "municipality_id", "workshop_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workshop_id: uuid.UUID
    relevance: int
    learning: int
    usefulness: int
    comment: str = Field(default="", sa_type=Text)


class EvaluationReceipt(TenantOwned, table=True):
    """That a person has evaluated a workshop (so they answer once), and nothing more."""

    __tablename__ = "evaluation_receipts"
    __table_args__ = link_constraints("workshop_id", "workshops", "person_id", "people")

    workshop_id: uuid.UUID
    person_id: uuid.UUID


class EvaluationRelease(TenantScoped, table=True):
    """A workshop's evaluation results, released once by HR or its facilitator: from then on
    the summary is shown and never changes, because the workshop takes no more answers (so
    nobody can read it before and after one person's answer)."""

    __tablename__ = "evaluation_releases"
    __table_args__ = (
        tenant_fk("workshop_id", "workshops", ondelete="CASCADE"),
        tenant_fk("released_by_id", "people"),
    )

    workshop_id: uuid.UUID = Field(primary_key=True)
    released_at: datetime = timestamp_field()
    released_by_id: uuid.UUID


class TransferFollowUp(TenantOwned, table=True):
    """Kirkpatrick level 3: some time after a programme, does the completer use what they
    learnt? Issued per completed enrolment, answered once."""

    __tablename__ = "transfer_follow_ups"
    __table_args__ = (
        UniqueConstraint("municipality_id", "enrolment_id"),
        CheckConstraint("usage IS NULL OR usage BETWEEN 1 AND 5", name="usage_range"),
        tenant_fk("enrolment_id", "enrolments", ondelete="CASCADE"),
        tenant_fk("person_id", "people"),
        Index("ix_transfer_follow_ups_person", "municipality_id", "person_id"),
    )

    enrolment_id: uuid.UUID
    person_id: uuid.UUID
    due_on: date
    usage: int | None = None
    examples: str = Field(default="", sa_type=Text)
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = timestamp_field()

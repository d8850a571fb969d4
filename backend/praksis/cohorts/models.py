from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field

from praksis.kit.db import (
    TenantOwned,
    TenantRecord,
    UtcDateTime,
    enum_field,
    link_constraints,
    optional_enum_field,
    tenant_fk,
)
from praksis.programmes.models import CancellationReason


class CohortStatus(StrEnum):
    planned = "planned"
    running = "running"
    completed = "completed"
    cancelled = "cancelled"


class Cohort(TenantRecord, table=True):
    """A cohort (hold) of a programme: the participants who go through it together."""

    __tablename__ = "cohorts"
    __table_args__ = (
        UniqueConstraint("municipality_id", "programme_id", "name"),
        tenant_fk("programme_id", "programmes"),
    )

    programme_id: uuid.UUID
    name: str = Field(max_length=200)
    capacity: int
    status: CohortStatus = enum_field(CohortStatus, CohortStatus.planned)
    cancellation_reason: CancellationReason | None = optional_enum_field(CancellationReason)
    cancellation_note: str = Field(default="", sa_type=Text)
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class CohortFacilitator(TenantOwned, table=True):
    __tablename__ = "cohort_facilitators"
    __table_args__ = link_constraints("cohort_id", "cohorts", "person_id", "people")

    cohort_id: uuid.UUID
    person_id: uuid.UUID


class LearningGroup(TenantOwned, table=True):
    """4–6 participants of a cohort, committed to each other for the programme."""

    __tablename__ = "learning_groups"
    __table_args__ = (
        UniqueConstraint("municipality_id", "cohort_id", "name"),
        tenant_fk("cohort_id", "cohorts", ondelete="CASCADE"),
    )

    cohort_id: uuid.UUID
    name: str = Field(max_length=200)


class LearningGroupMember(TenantOwned, table=True):
    __tablename__ = "learning_group_members"
    __table_args__ = (
        # one group per person per cohort
        UniqueConstraint("municipality_id", "cohort_id", "person_id"),
        tenant_fk("group_id", "learning_groups", ondelete="CASCADE"),
        tenant_fk("person_id", "people"),
    )

    cohort_id: uuid.UUID
    group_id: uuid.UUID
    person_id: uuid.UUID


class BuddyPair(TenantOwned, table=True):
    """Two members of one learning group who give each other feedback ("buddys")."""

    __tablename__ = "buddy_pairs"
    __table_args__ = (
        UniqueConstraint("municipality_id", "cohort_id", "first_person_id"),
        UniqueConstraint("municipality_id", "cohort_id", "second_person_id"),
        tenant_fk("group_id", "learning_groups", ondelete="CASCADE"),
        tenant_fk("first_person_id", "people"),
        tenant_fk("second_person_id", "people"),
    )

    cohort_id: uuid.UUID
    group_id: uuid.UUID
    first_person_id: uuid.UUID
    second_person_id: uuid.UUID

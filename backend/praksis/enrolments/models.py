from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Text, text
from sqlmodel import Field

from praksis.kit.db import TenantOwned, UtcDateTime, enum_field, tenant_fk, timestamp_field


class EnrolmentStatus(StrEnum):
    nominated = "nominated"
    approved = "approved"
    waitlisted = "waitlisted"
    declined = "declined"
    withdrawn = "withdrawn"
    completed = "completed"


ACTIVE_STATUSES = (
    EnrolmentStatus.nominated,
    EnrolmentStatus.approved,
    EnrolmentStatus.waitlisted,
    EnrolmentStatus.completed,
)

# who holds a place in the cohort (and is booked into its workshops)
PARTICIPATING = (EnrolmentStatus.approved, EnrolmentStatus.completed)

ACTIVE_ENROLMENT_SQL = "status IN ('nominated', 'approved', 'waitlisted', 'completed')"


class Enrolment(TenantOwned, table=True):
    """A person's place on a programme (and cohort), from nomination to completion."""

    __tablename__ = "enrolments"
    __table_args__ = (
        tenant_fk("programme_id", "programmes"),
        tenant_fk("cohort_id", "cohorts"),
        tenant_fk("person_id", "people"),
        tenant_fk("nominated_by_id", "people"),
        Index("ix_enrolments_programme", "municipality_id", "programme_id", "status"),
        Index("ix_enrolments_cohort", "municipality_id", "cohort_id", "status"),
        Index("ix_enrolments_person", "municipality_id", "person_id"),
        Index(
            "uq_enrolments_one_active",
            "municipality_id",
            "programme_id",
            "person_id",
            unique=True,
            postgresql_where=text(ACTIVE_ENROLMENT_SQL),
            sqlite_where=text(ACTIVE_ENROLMENT_SQL),
        ),
    )

    programme_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    person_id: uuid.UUID
    nominated_by_id: uuid.UUID | None = None
    justification: str = Field(default="", sa_type=Text)
    team_challenge: str = Field(default="", sa_type=Text)
    status: EnrolmentStatus = enum_field(EnrolmentStatus, EnrolmentStatus.nominated)
    decision_note: str = Field(default="", sa_type=Text)
    grade: int | None = None
    passed: bool | None = None
    completed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()

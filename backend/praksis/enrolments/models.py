from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Text, text
from sqlmodel import Field

from praksis.kit.db import (
    TenantRecord,
    UtcDateTime,
    enum_field,
    optional_enum_field,
    tenant_fk,
)


class EnrolmentStatus(StrEnum):
    nominated = "nominated"
    approved = "approved"
    waitlisted = "waitlisted"
    declined = "declined"
    withdrawn = "withdrawn"
    completed = "completed"


class WithdrawalReason(StrEnum):
    """Why someone withdrew; the barriers the seeds name (HK's debate at Folkemødet)."""

    time_pressure = "time_pressure"  # tidspres
    loyalty_to_colleagues = "loyalty_to_colleagues"  # loyalitet over for kolleger
    caseload = "caseload"  # sagsbunker, der bare vokser og vokser
    exam_anxiety = "exam_anxiety"  # eksamensangst
    insufficient_interest = "insufficient_interest"  # the programme was not what they wanted
    changed_job = "changed_job"
    other = "other"


ACTIVE_STATUSES = (
    EnrolmentStatus.nominated,
    EnrolmentStatus.approved,
    EnrolmentStatus.waitlisted,
    EnrolmentStatus.completed,
)

# who holds a place in the cohort (and is booked into its workshops)
PARTICIPATING = (EnrolmentStatus.approved, EnrolmentStatus.completed)

ACTIVE_ENROLMENT_SQL = "status IN ('nominated', 'approved', 'waitlisted', 'completed')"
WITHDRAWN_SQL = "status = 'withdrawn'"


SCOPE_COLUMNS = [
    "id",
    "person_id",
    "cohort_id",
    "programme_id",
    "status",
    "withdrawal_reason",
    "grade",
    "passed",
]


class Enrolment(TenantRecord, table=True):
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
        # a period's enrolments as the statistics' scope reads them, from the index alone
        Index(
            "ix_enrolments_created",
            "municipality_id",
            "created_at",
            postgresql_include=SCOPE_COLUMNS,
        ),
        # HR's whole municipality counts the withdrawals by reason (statistics.scope_reads)
        Index(
            "ix_enrolments_withdrawn",
            "municipality_id",
            "withdrawal_reason",
            postgresql_where=text(WITHDRAWN_SQL),
            sqlite_where=text(WITHDRAWN_SQL),
        ),
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
    withdrawal_reason: WithdrawalReason | None = optional_enum_field(WithdrawalReason)
    withdrawal_note: str = Field(default="", sa_type=Text)
    grade: int | None = None
    passed: bool | None = None
    completed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class RequestStatus(StrEnum):
    pending = "pending"  # waiting for the person's leader
    endorsed = "endorsed"  # the leader nominated them: an enrolment HR decides on
    declined = "declined"  # the leader said no
    withdrawn = "withdrawn"  # the person took the request back


PENDING_REQUEST_SQL = "status = 'pending'"


class EnrolmentRequest(TenantRecord, table=True):
    """A person asks for a place ("efter aftale med egen leder", Hedensted) with their own
    motivation; their leader endorses it into a nomination, or declines it."""

    __tablename__ = "enrolment_requests"
    __table_args__ = (
        tenant_fk("programme_id", "programmes"),
        tenant_fk("cohort_id", "cohorts"),
        tenant_fk("person_id", "people"),
        tenant_fk("decided_by_id", "people"),
        tenant_fk("enrolment_id", "enrolments"),
        Index("ix_enrolment_requests_person", "municipality_id", "person_id"),
        Index(
            "uq_enrolment_requests_one_pending",
            "municipality_id",
            "programme_id",
            "person_id",
            unique=True,
            postgresql_where=text(PENDING_REQUEST_SQL),
            sqlite_where=text(PENDING_REQUEST_SQL),
        ),
    )

    programme_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    person_id: uuid.UUID
    motivation: str = Field(default="", sa_type=Text)
    status: RequestStatus = enum_field(RequestStatus, RequestStatus.pending)
    decided_by_id: uuid.UUID | None = None
    decision_note: str = Field(default="", sa_type=Text)
    enrolment_id: uuid.UUID | None = None

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlmodel import Field

from praksis.kit.db import (
    TenantOwned,
    TenantScoped,
    UtcDateTime,
    enum_field,
    tenant_fk,
    timestamp_field,
)


class WorkshopKind(StrEnum):
    workshop = "workshop"
    leader_sparring = "leader_sparring"
    oplaeg = "oplaeg"


class WorkshopStatus(StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class AttendanceStatus(StrEnum):
    present = "present"
    absent = "absent"
    excused = "excused"


class Workshop(TenantOwned, table=True):
    """A session of a module for one cohort."""

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        tenant_fk("module_id", "programme_modules"),
        tenant_fk("cohort_id", "cohorts"),
        Index("ix_workshops_cohort_time", "municipality_id", "cohort_id", "starts_at"),
    )

    module_id: uuid.UUID
    cohort_id: uuid.UUID
    title: str = Field(max_length=200)
    kind: WorkshopKind = enum_field(WorkshopKind, WorkshopKind.workshop)
    starts_at: datetime = Field(sa_type=UtcDateTime)
    ends_at: datetime = Field(sa_type=UtcDateTime)
    location: str = Field(default="", max_length=300)
    description: str = Field(default="", sa_type=Text)
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    capacity: int | None = None
    status: WorkshopStatus = enum_field(WorkshopStatus, WorkshopStatus.scheduled)
    # RFC 5545 SEQUENCE: bumped on every change a calendar must show
    sequence: int = 0
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class WorkshopFacilitator(TenantOwned, table=True):
    __tablename__ = "workshop_facilitators"
    __table_args__ = (
        UniqueConstraint("municipality_id", "workshop_id", "person_id"),
        tenant_fk("workshop_id", "workshops", ondelete="CASCADE"),
        tenant_fk("person_id", "people"),
    )

    workshop_id: uuid.UUID
    person_id: uuid.UUID


class WorkshopBooking(TenantScoped, table=True):
    """A person held by a scheduled workshop, at its time: one row for each of its cohort's
    participants and facilitators and its named facilitators (each person once), kept by
    ``workshops.bookings``.

    On PostgreSQL no two rows of one person overlap (``[starts_at, ends_at)``, so back to back
    is fine): the database refuses a double booking that two requests at once would each
    have passed the service's read-then-write check with. SQLite serialises writers, so the
    check alone holds there and the table has no such constraint.
    """

    __tablename__ = "workshop_bookings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        tenant_fk("workshop_id", "workshops", ondelete="CASCADE"),
        tenant_fk("person_id", "people", ondelete="CASCADE"),
        ExcludeConstraint(
            ("municipality_id", "="),
            ("person_id", "="),
            (func.tstzrange(Column("starts_at"), Column("ends_at")), "&&"),
            name="ex_workshop_bookings_no_double_booking",
            using="gist",
        ).ddl_if(dialect="postgresql"),
    )

    workshop_id: uuid.UUID = Field(primary_key=True)
    person_id: uuid.UUID = Field(primary_key=True)
    starts_at: datetime = Field(sa_type=UtcDateTime)
    ends_at: datetime = Field(sa_type=UtcDateTime)


class Attendance(TenantOwned, table=True):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("municipality_id", "workshop_id", "person_id"),
        tenant_fk("workshop_id", "workshops", ondelete="CASCADE"),
        tenant_fk("person_id", "people"),
        tenant_fk("recorded_by_id", "people"),
    )

    workshop_id: uuid.UUID
    person_id: uuid.UUID
    status: AttendanceStatus = enum_field(AttendanceStatus)
    recorded_by_id: uuid.UUID
    recorded_at: datetime = timestamp_field()


class CalendarFeed(TenantOwned, table=True):
    """A person's secret iCalendar URL; only a hash of its token is stored."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        UniqueConstraint("municipality_id", "person_id"),
        UniqueConstraint("municipality_id", "token_hash"),
        tenant_fk("person_id", "people", ondelete="CASCADE"),
    )

    person_id: uuid.UUID
    token_hash: str = Field(max_length=64)
    created_at: datetime = timestamp_field()

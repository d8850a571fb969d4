from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import ExcludeConstraint
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


class Workshop(TenantRecord, table=True):
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


class WorkshopFacilitator(TenantOwned, table=True):
    __tablename__ = "workshop_facilitators"
    __table_args__ = link_constraints("workshop_id", "workshops", "person_id", "people")

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
        *link_constraints("workshop_id", "workshops", "person_id", "people"),
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


class GuestContribution(StrEnum):
    facilitator = "facilitator"  # runs (part of) the workshop
    speaker = "speaker"  # gives a talk (oplæg)


class WorkshopGuest(TenantRecord, table=True):
    """Someone from outside the municipality who facilitates or speaks at a workshop: an
    erhvervspsykolog, a consultant, a professor. Named only; no account, no person record."""

    __tablename__ = "workshop_guests"
    __table_args__ = (
        tenant_fk("workshop_id", "workshops", ondelete="CASCADE"),
        Index("ix_workshop_guests_workshop", "municipality_id", "workshop_id"),
    )

    workshop_id: uuid.UUID
    name: str = Field(max_length=200)
    organisation: str = Field(default="", max_length=200)
    role: str = Field(default="", max_length=200)
    contribution: GuestContribution = enum_field(GuestContribution, GuestContribution.speaker)


class SparringStatus(StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class SparringAttendance(StrEnum):
    invited = "invited"
    attended = "attended"
    absent = "absent"


class SparringMeeting(TenantRecord, table=True):
    """A leader sparring meeting ("sparringsmøder mellem lederne") of a programme: the leaders
    of its participants meet to support their people's learning. Not a workshop of a cohort:
    it books no participants."""

    __tablename__ = "sparring_meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        tenant_fk("programme_id", "programmes"),
        tenant_fk("created_by_id", "people"),
        Index("ix_sparring_meetings_programme", "municipality_id", "programme_id", "starts_at"),
    )

    programme_id: uuid.UUID
    title: str = Field(max_length=200)
    starts_at: datetime = Field(sa_type=UtcDateTime)
    ends_at: datetime = Field(sa_type=UtcDateTime)
    location: str = Field(default="", max_length=300)
    description: str = Field(default="", sa_type=Text)
    status: SparringStatus = enum_field(SparringStatus, SparringStatus.scheduled)
    sequence: int = 0  # RFC 5545 SEQUENCE, as a workshop's
    created_by_id: uuid.UUID


class SparringInvitation(TenantOwned, table=True):
    """A leader invited to a sparring meeting, and whether they came."""

    __tablename__ = "sparring_invitations"
    __table_args__ = (
        *link_constraints("meeting_id", "sparring_meetings", "person_id", "people"),
        tenant_fk("recorded_by_id", "people"),
        Index("ix_sparring_invitations_person", "municipality_id", "person_id"),
    )

    meeting_id: uuid.UUID
    person_id: uuid.UUID
    status: SparringAttendance = enum_field(SparringAttendance, SparringAttendance.invited)
    invited_at: datetime = timestamp_field()
    recorded_by_id: uuid.UUID | None = None
    recorded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

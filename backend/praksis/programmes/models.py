from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from praksis.kit.db import (
    TenantOwned,
    TenantRecord,
    UtcDateTime,
    enum_field,
    link_constraints,
    optional_enum_field,
    tenant_fk,
    timestamp_field,
)
from praksis.kit.ids import new_id
from praksis.people.models import OrgUnitKind


class ProgrammeKind(StrEnum):
    kompetencegivende_uddannelse = "kompetencegivende_uddannelse"
    udviklingsforloeb = "udviklingsforloeb"
    kursus = "kursus"
    temadag = "temadag"
    fyraftensmoede = "fyraftensmoede"
    ledersparring = "ledersparring"
    netvaerk = "netvaerk"


class ProgrammeStatus(StrEnum):
    draft = "draft"
    open = "open"
    running = "running"
    completed = "completed"
    cancelled = "cancelled"


class Grading(StrEnum):
    none = "none"
    pass_fail = "pass_fail"  # noqa: S105 - a grading scheme, not a password
    danish_7_point = "danish_7_point"


class CancellationReason(StrEnum):
    """Why a programme or a cohort was cancelled (counted in the municipality's statistics)."""

    insufficient_interest = "insufficient_interest"  # Skanderborg: too few wanted to take part
    too_few_participants = "too_few_participants"  # too few places taken to start
    time_pressure = "time_pressure"  # the workplaces could not spare the time
    budget = "budget"
    facilitator_unavailable = "facilitator_unavailable"
    organisational_change = "organisational_change"
    other = "other"


class Programme(TenantRecord, table=True):
    """A competence programme run by the municipality, with the rules it enforces."""

    __tablename__ = "programmes"
    __table_args__ = (
        CheckConstraint(
            "cohort_min_size IS NULL OR cohort_max_size IS NULL "
            "OR cohort_min_size <= cohort_max_size",
            name="cohort_size_range",
        ),
        ForeignKeyConstraint(["offering_id"], ["partner_offerings.id"]),
    )

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    kind: ProgrammeKind = enum_field(ProgrammeKind)
    status: ProgrammeStatus = enum_field(ProgrammeStatus, ProgrammeStatus.draft)
    starts_on: date | None = None
    ends_on: date | None = None
    offering_id: uuid.UUID | None = Field(default=None, index=False)
    # The programme's rules, from the seeds (KL pilot, Hedensted, HK/KL fagprofil).
    min_participants_per_org_unit: int | None = None
    # the level whose units each send that many (KL: "Forvaltningen skal stille med mindst to")
    min_participants_level: OrgUnitKind = enum_field(OrgUnitKind, OrgUnitKind.forvaltning)
    justification_required: bool = True
    justification_min_length: int = 0
    cohort_min_size: int | None = None
    cohort_max_size: int | None = None
    grading: Grading = enum_field(Grading, Grading.none)
    transfer_follow_up_days: int = 90
    # The catalogue: who it is for, and whether a draft is shown to gauge interest.
    target_group: str = Field(default="", sa_type=Text)
    open_for_interest: bool = False
    cancellation_reason: CancellationReason | None = optional_enum_field(CancellationReason)
    cancellation_note: str = Field(default="", sa_type=Text)
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ProgrammeEligibleUnit(TenantOwned, table=True):
    """An org unit whose staff (and the staff of the units below it) may join the programme;
    a programme without any is open to everyone in the municipality."""

    __tablename__ = "programme_eligible_units"
    __table_args__ = link_constraints(
        "programme_id", "programmes", "org_unit_id", "org_units", "CASCADE"
    )

    programme_id: uuid.UUID
    org_unit_id: uuid.UUID


class ProgrammeInterest(TenantOwned, table=True):
    """A person's interest in a programme, registered before HR commits it (one per person)."""

    __tablename__ = "programme_interests"
    __table_args__ = (
        *link_constraints("programme_id", "programmes", "person_id", "people", "CASCADE"),
        Index("ix_programme_interests_person", "municipality_id", "person_id"),
    )

    programme_id: uuid.UUID
    person_id: uuid.UUID
    created_at: datetime = timestamp_field()


class ProgrammeModule(TenantOwned, table=True):
    """An ordered module of a programme, e.g. Hedensted's "Modul 1: Samarbejde …"."""

    __tablename__ = "programme_modules"
    __table_args__ = (
        UniqueConstraint("municipality_id", "programme_id", "position"),
        tenant_fk("programme_id", "programmes", ondelete="CASCADE"),
    )

    programme_id: uuid.UUID
    position: int
    title: str = Field(max_length=200)
    competence_goal: str = Field(default="", sa_type=Text)
    themes: str = Field(default="", sa_type=Text)


class ProgrammeKerneopgave(TenantOwned, table=True):
    __tablename__ = "programme_kerneopgaver"
    __table_args__ = link_constraints(
        "programme_id", "programmes", "kerneopgave_id", "kerneopgaver"
    )

    programme_id: uuid.UUID
    kerneopgave_id: uuid.UUID


class CompetenceGoal(TenantOwned, table=True):
    """A competence a programme (or one of its modules) aims at."""

    __tablename__ = "competence_goals"
    __table_args__ = (
        UniqueConstraint("municipality_id", "programme_id", "module_id", "competence_id"),
        tenant_fk("programme_id", "programmes", ondelete="CASCADE"),
        tenant_fk("module_id", "programme_modules", ondelete="CASCADE"),
        tenant_fk("competence_id", "competences"),
    )

    programme_id: uuid.UUID
    module_id: uuid.UUID | None = None
    competence_id: uuid.UUID


class PartnerOffering(SQLModel, table=True):
    """A partner's cross-municipality programme (KL, HK, KS).

    Owned by the partner, not by a municipality: it holds no personal data. Each
    participating municipality runs its own tenant-scoped programme linked to it.
    """

    __tablename__ = "partner_offerings"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    partner: str = Field(max_length=32, index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    kind: ProgrammeKind = enum_field(ProgrammeKind)
    min_participants_per_org_unit: int | None = None
    grading: Grading = enum_field(Grading, Grading.none)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class PartnerOfferingMember(SQLModel, table=True):
    """A municipality taking part in a partner offering."""

    __tablename__ = "partner_offering_members"

    offering_id: uuid.UUID = Field(
        foreign_key="partner_offerings.id", primary_key=True, ondelete="CASCADE"
    )
    member_municipality_id: str = Field(
        foreign_key="municipalities.id", primary_key=True, max_length=16, index=True
    )

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from praksis.kit.db import TenantOwned, enum_field, tenant_fk, timestamp_field
from praksis.kit.ids import new_id


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


class Programme(TenantOwned, table=True):
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
    justification_required: bool = True
    justification_min_length: int = 0
    cohort_min_size: int | None = None
    cohort_max_size: int | None = None
    grading: Grading = enum_field(Grading, Grading.none)
    transfer_follow_up_days: int = 90
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


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
    __table_args__ = (
        UniqueConstraint("municipality_id", "programme_id", "kerneopgave_id"),
        tenant_fk("programme_id", "programmes", ondelete="CASCADE"),
        tenant_fk("kerneopgave_id", "kerneopgaver"),
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

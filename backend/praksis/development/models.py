from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Float, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from praksis.kit.db import (
    StatusListReadable,
    TenantOwned,
    TenantRecord,
    TenantScoped,
    UtcDateTime,
    enum_field,
    link_constraints,
    tenant_fk,
    timestamp_field,
)


class GoalStatus(StrEnum):
    proposed = "proposed"
    agreed = "agreed"
    in_progress = "in_progress"
    achieved = "achieved"
    dropped = "dropped"


OPEN_GOAL_STATUSES = (GoalStatus.proposed, GoalStatus.agreed, GoalStatus.in_progress)


class DevelopmentGoal(TenantRecord, table=True):
    """A goal a person sets with their leader ("hvad de gerne vil være dygtigere til"), to be
    reviewed at the annual conversation (MUS) on ``review_on``."""

    __tablename__ = "development_goals"
    __table_args__ = (
        tenant_fk("person_id", "people"),
        tenant_fk("proposed_by_id", "people"),
        tenant_fk("agreed_by_id", "people"),
        Index("ix_development_goals_person", "municipality_id", "person_id"),
    )

    person_id: uuid.UUID
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    status: GoalStatus = enum_field(GoalStatus, GoalStatus.proposed)
    review_on: date | None = None
    proposed_by_id: uuid.UUID
    agreed_by_id: uuid.UUID | None = None
    agreed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class GoalCompetence(TenantOwned, table=True):
    """A competence (of a competence profile, e.g. a fagprofil) the goal aims at."""

    __tablename__ = "development_goal_competences"
    __table_args__ = link_constraints(
        "goal_id", "development_goals", "competence_id", "competences", "CASCADE"
    )

    goal_id: uuid.UUID
    competence_id: uuid.UUID


class GoalKerneopgave(TenantOwned, table=True):
    """A kerneopgave the goal serves."""

    __tablename__ = "development_goal_kerneopgaver"
    __table_args__ = link_constraints(
        "goal_id", "development_goals", "kerneopgave_id", "kerneopgaver", "CASCADE"
    )

    goal_id: uuid.UUID
    kerneopgave_id: uuid.UUID


class ProgrammeAward(TenantRecord, table=True):
    """What completing a programme awards: a credential's definition (one per programme),
    e.g. "Specialist i borgerkontakt" from COK, 10 ECTS."""

    __tablename__ = "programme_awards"
    __table_args__ = (
        UniqueConstraint("municipality_id", "programme_id"),
        tenant_fk("programme_id", "programmes", ondelete="CASCADE"),
        CheckConstraint("ects IS NULL OR (ects >= 0 AND ects <= 300)", name="ects_range"),
    )

    programme_id: uuid.UUID
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    criteria: str = Field(default="", sa_type=Text)
    provider: str = Field(max_length=200)
    provider_url: str | None = Field(default=None, max_length=500)
    ects: float | None = Field(default=None, sa_type=Float)


class CredentialStatusEntry(TenantScoped, StatusListReadable, table=True):
    """A place in the municipality's status list (W3C Bitstring Status List): an index and
    whether the credential given it is revoked. Nothing about a person, so it is what the
    public status list reads, and it outlives an erasure of the credential: a badge handed
    out keeps its true status, and its index is never given to another credential."""

    __tablename__ = "credential_status_entries"

    status_list_index: int = Field(
        primary_key=True, ge=0, sa_column_kwargs={"autoincrement": False}
    )
    revoked: bool = False


class Credential(TenantOwned, table=True):
    """A credential a person holds: the programme's award as it was when it was issued for
    their completed enrolment (one per enrolment), and its place in the status list."""

    __tablename__ = "credentials"
    __table_args__ = (
        UniqueConstraint("municipality_id", "enrolment_id"),
        UniqueConstraint("municipality_id", "status_list_index"),
        tenant_fk("person_id", "people"),
        tenant_fk("programme_id", "programmes"),
        tenant_fk("enrolment_id", "enrolments"),
        ForeignKeyConstraint(
            ["municipality_id", "status_list_index"],
            [
                "credential_status_entries.municipality_id",
                "credential_status_entries.status_list_index",
            ],
        ),
        Index("ix_credentials_person", "municipality_id", "person_id"),
    )

    person_id: uuid.UUID
    programme_id: uuid.UUID
    enrolment_id: uuid.UUID
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    criteria: str = Field(default="", sa_type=Text)
    provider: str = Field(max_length=200)
    provider_url: str | None = Field(default=None, max_length=500)
    ects: float | None = Field(default=None, sa_type=Float)
    awarded_on: date
    issued_at: datetime = timestamp_field()
    status_list_index: int
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revocation_reason: str | None = Field(default=None, max_length=500)


class AssessmentMoment(StrEnum):
    before = "before"
    after = "after"


class SelfAssessment(TenantOwned, table=True):
    """A participant's own rating (1–5) of one of the programme's competence goals, before
    or after an ungraded programme: Kirkpatrick level 2 where no grade shows learning."""

    __tablename__ = "self_assessments"
    __table_args__ = (
        UniqueConstraint("municipality_id", "enrolment_id", "competence_id", "moment"),
        tenant_fk("enrolment_id", "enrolments"),
        tenant_fk("person_id", "people"),
        tenant_fk("competence_id", "competences"),
        CheckConstraint("score >= 1 AND score <= 5", name="score_range"),
        Index("ix_self_assessments_person", "municipality_id", "person_id"),
    )

    enrolment_id: uuid.UUID
    person_id: uuid.UUID
    competence_id: uuid.UUID
    moment: AssessmentMoment = enum_field(AssessmentMoment)
    score: int
    answered_at: datetime = timestamp_field()

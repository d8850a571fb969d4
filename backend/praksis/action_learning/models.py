from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field

from praksis.kit.db import (
    TenantOwned,
    TenantRecord,
    enum_field,
    link_constraints,
    tenant_fk,
    timestamp_field,
)


class ProjectPhase(StrEnum):
    udforske = "udforske"
    designe = "designe"
    afproeve = "afproeve"
    evaluere = "evaluere"


class ProjectStatus(StrEnum):
    active = "active"
    completed = "completed"
    paused = "paused"
    abandoned = "abandoned"


class TrialActionStatus(StrEnum):
    planned = "planned"
    done = "done"
    dropped = "dropped"


class ActionLearningProject(TenantRecord, table=True):
    """An action-learning project (aktionslæringsprojekt): a participant's development
    project in daily practice, tied to a kerneopgave."""

    __tablename__ = "action_learning_projects"
    __table_args__ = (
        tenant_fk("kerneopgave_id", "kerneopgaver"),
        tenant_fk("cohort_id", "cohorts"),
        tenant_fk("created_by_id", "people"),
        Index("ix_action_learning_projects_cohort", "municipality_id", "cohort_id"),
    )

    title: str = Field(max_length=200)
    challenge: str = Field(default="", sa_type=Text)
    goal: str = Field(default="", sa_type=Text)
    kerneopgave_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    phase: ProjectPhase = enum_field(ProjectPhase, ProjectPhase.udforske)
    status: ProjectStatus = enum_field(ProjectStatus, ProjectStatus.active)
    outcome: str = Field(default="", sa_type=Text)
    created_by_id: uuid.UUID


class ProjectOwner(TenantOwned, table=True):
    """An owner of a project; colleagues from one unit may own a project together."""

    __tablename__ = "project_owners"
    __table_args__ = (
        *link_constraints("project_id", "action_learning_projects", "person_id", "people"),
        Index("ix_project_owners_person", "municipality_id", "person_id"),
    )

    project_id: uuid.UUID
    person_id: uuid.UUID


class ProjectInvitation(TenantOwned, table=True):
    """An invitation to co-own a project: the invited person becomes an owner only by
    accepting it (``accept_invitation``), never by being named."""

    __tablename__ = "project_invitations"
    __table_args__ = (
        *link_constraints("project_id", "action_learning_projects", "person_id", "people"),
        tenant_fk("invited_by_id", "people"),
        Index("ix_project_invitations_person", "municipality_id", "person_id"),
    )

    project_id: uuid.UUID
    person_id: uuid.UUID
    invited_by_id: uuid.UUID
    created_at: datetime = timestamp_field()


class TrialAction(TenantRecord, table=True):
    """A trial action (prøvehandling): trying a new way of working with colleagues, citizens
    or partners, within an action-learning project."""

    __tablename__ = "trial_actions"
    __table_args__ = (
        tenant_fk("project_id", "action_learning_projects", ondelete="CASCADE"),
        tenant_fk("module_id", "programme_modules"),
        Index("ix_trial_actions_project", "municipality_id", "project_id"),
    )

    project_id: uuid.UUID
    module_id: uuid.UUID | None = None
    title: str = Field(max_length=200)
    plan: str = Field(default="", sa_type=Text)
    # who takes part: any of "colleagues", "citizens", "partners"
    with_whom: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    with_whom_note: str = Field(default="", max_length=500)
    planned_for: date | None = None
    what_happened: str = Field(default="", sa_type=Text)
    reflection: str = Field(default="", sa_type=Text)
    status: TrialActionStatus = enum_field(TrialActionStatus, TrialActionStatus.planned)

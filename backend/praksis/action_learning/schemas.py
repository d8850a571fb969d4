"""What the action-learning routes accept and return: action-learning projects
(aktionslæringsprojekter) and their trial actions (prøvehandlinger)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from praksis.action_learning.models import ProjectPhase, ProjectStatus, TrialActionStatus
from praksis.kit.schemas import (
    Day,
    InputModel,
    MultiLine,
    OptionalLine,
    PatchModel,
    RowModel,
    SingleLine,
)

Title = Annotated[SingleLine, Field(min_length=1, max_length=200)]
LongText = Annotated[MultiLine, Field(max_length=5000)]
Note = Annotated[OptionalLine, Field(max_length=500)]
WithWhom = Literal["colleagues", "citizens", "partners"]
WithWhomList = Annotated[list[WithWhom], Field(max_length=3)]
OwnerIds = Annotated[list[uuid.UUID], Field(min_length=1, max_length=10)]


class ProjectCreate(InputModel):
    title: Title = Field(examples=["Borgeren som medskaber i hjemmeplejen"])
    challenge: LongText = ""
    goal: LongText = ""
    kerneopgave_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    owner_ids: OwnerIds | None = Field(
        default=None,
        description="The project's owners; the caller by default. Co-owners in a programme "
        "that requires two per department come from one department.",
    )


class ProjectUpdate(PatchModel):
    """Only the fields sent are changed."""

    title: Title | SkipJsonSchema[None] = None
    challenge: LongText | SkipJsonSchema[None] = None
    goal: LongText | SkipJsonSchema[None] = None
    kerneopgave_id: uuid.UUID | SkipJsonSchema[None] = None
    phase: ProjectPhase | SkipJsonSchema[None] = Field(
        default=None, description="Forward one step at a time, or back to any earlier phase."
    )
    status: ProjectStatus | SkipJsonSchema[None] = Field(
        default=None, description="`completed` requires an outcome."
    )
    outcome: LongText | SkipJsonSchema[None] = None
    owner_ids: OwnerIds | SkipJsonSchema[None] = None


class TeamChallenge(BaseModel):
    """What an owner's leader wrote, nominating them, about the team's current development
    challenge (their place in the project's cohort)."""

    person_id: uuid.UUID = Field(description="The owner whose nomination it comes from.")
    text: str


class ProjectRead(BaseModel):
    id: uuid.UUID
    title: str
    challenge: str
    goal: str
    kerneopgave_id: uuid.UUID
    cohort_id: uuid.UUID | None
    phase: ProjectPhase
    status: ProjectStatus
    outcome: str
    owner_ids: list[uuid.UUID]
    invited_ids: list[uuid.UUID] = Field(
        description="Asked to co-own the project; each becomes an owner only by accepting"
    )
    created_by_id: uuid.UUID
    created_at: datetime
    updated_at: datetime
    team_challenges: list[TeamChallenge] = Field(
        default_factory=list,
        description="The team challenges the owners' leaders wrote at nomination for the "
        "project's cohort, carried into the project for whoever may see it.",
    )


class TrialActionCreate(InputModel):
    title: Title = Field(examples=["Borgermøde om fællesspisning"])
    plan: LongText = ""
    with_whom: WithWhomList = Field(default_factory=list)
    with_whom_note: Note = ""
    planned_for: Day | None = None
    module_id: uuid.UUID | None = Field(
        default=None, description="A module of the programme of the project's cohort."
    )
    what_happened: LongText = ""
    reflection: LongText = ""
    status: TrialActionStatus = TrialActionStatus.planned


class TrialActionUpdate(PatchModel):
    """Only the fields sent are changed."""

    title: Title | SkipJsonSchema[None] = None
    plan: LongText | SkipJsonSchema[None] = None
    with_whom: WithWhomList | SkipJsonSchema[None] = None
    with_whom_note: Note | SkipJsonSchema[None] = None
    planned_for: Day | SkipJsonSchema[None] = None
    module_id: uuid.UUID | SkipJsonSchema[None] = None
    what_happened: LongText | SkipJsonSchema[None] = None
    reflection: LongText | SkipJsonSchema[None] = None
    status: TrialActionStatus | SkipJsonSchema[None] = Field(
        default=None, description="`done` requires what happened; a done action stays done."
    )


class TrialActionRead(RowModel):
    id: uuid.UUID
    project_id: uuid.UUID
    module_id: uuid.UUID | None
    title: str
    plan: str
    with_whom: list[str]
    with_whom_note: str
    planned_for: date | None
    what_happened: str
    reflection: str
    status: TrialActionStatus
    created_at: datetime
    updated_at: datetime


class TeamProjectOverview(BaseModel):
    """A project of the leader's team, with counts only: never the feedback's content."""

    id: uuid.UUID
    title: str
    phase: ProjectPhase
    status: ProjectStatus
    owner_ids: list[uuid.UUID]
    trial_actions: dict[TrialActionStatus, int] = Field(
        description="Trial actions by status (every status present)."
    )
    feedback: dict[str, int] = Field(
        description="Feedback on the project's trial actions by kind (every kind present)."
    )

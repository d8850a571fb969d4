"""What the competences API accepts and returns: frameworks (fagprofiler) and competences."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from praksis.kit.schemas import InputModel, MultiLine, PatchModel, RowModel, SingleLine

Title = Annotated[SingleLine, Field(max_length=200)]
Description = Annotated[MultiLine, Field(max_length=5000)]
Source = Annotated[SingleLine, Field(max_length=200)]
Position = Annotated[int, Field(ge=1, le=10_000)]
KerneopgaveIds = Annotated[
    list[uuid.UUID],
    Field(max_length=50, description="Kerneopgaver of your municipality this competence serves."),
]
MAX_COMPETENCES_PER_FRAMEWORK = 200


class CompetenceCreate(InputModel):
    title: Title = Field(examples=["Samskabelse med borgere og erhverv"])
    description: Description = ""
    kerneopgave_ids: KerneopgaveIds = Field(default_factory=list)
    position: Position | SkipJsonSchema[None] = Field(
        default=None, description="1-based place in the framework; the end if omitted."
    )


class CompetenceUpdate(PatchModel):
    """Only the fields sent change; ``kerneopgave_ids`` replaces the list when sent."""

    title: Title | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    kerneopgave_ids: KerneopgaveIds | SkipJsonSchema[None] = None
    position: Position | SkipJsonSchema[None] = Field(
        default=None, description="Move to this 1-based place; the others close up."
    )


class NewFrameworkCompetence(InputModel):
    """A competence given with its framework; they are numbered in the order given."""

    title: Title
    description: Description = ""
    kerneopgave_ids: KerneopgaveIds = Field(default_factory=list)


class FrameworkCreate(InputModel):
    title: Title = Field(examples=["Kompetenceprofil: Specialist i borgerkontakt"])
    description: Description = ""
    source: Source | SkipJsonSchema[None] = Field(
        default=None, examples=["Teknologisk Institut for HK/KL/Fremfærd"]
    )
    competences: list[NewFrameworkCompetence] = Field(
        default=[], max_length=MAX_COMPETENCES_PER_FRAMEWORK
    )


class FrameworkUpdate(PatchModel):
    """Only the fields sent change."""

    title: Title | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    source: Source | SkipJsonSchema[None] = None


class CompetenceRead(RowModel):
    id: uuid.UUID
    framework_id: uuid.UUID
    title: str
    description: str
    position: int
    kerneopgave_ids: list[uuid.UUID] = Field(description="Sorted by id.")


class FrameworkRead(BaseModel):
    id: uuid.UUID
    title: str
    description: str
    source: str | None
    competences: list[CompetenceRead] = Field(description="Ordered by position.")
    created_at: datetime
    updated_at: datetime

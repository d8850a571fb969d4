from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from praksis.kit.schemas import (
    Flag,
    InputModel,
    MultiLine,
    PatchModel,
    RequiredMultiLine,
    RowModel,
    SingleLine,
)

Title = Annotated[SingleLine, Field(max_length=200)]
Description = Annotated[MultiLine, Field(max_length=5000)]
CitizenOutcome = Annotated[RequiredMultiLine, Field(max_length=2000)]
Position = Annotated[int, Field(ge=0, le=10_000)]


class KerneopgaveCreate(InputModel):
    title: Title = Field(examples=["Fritid & Fællesskab"])
    description: Description = ""
    citizen_outcome: CitizenOutcome = Field(
        description='"Bevægelsen for borgeren": the movement this core task creates.',
        examples=["At man både kan bidrage til og deltage i fællesskabet."],
    )
    position: Position = Field(default=0, description="Display order, lowest first.")
    active: Flag = True


class KerneopgaveUpdate(PatchModel):
    """Only the fields sent are changed."""

    title: Title | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    citizen_outcome: CitizenOutcome | SkipJsonSchema[None] = None
    position: Position | SkipJsonSchema[None] = None
    active: Flag | SkipJsonSchema[None] = None


class KerneopgaveRead(RowModel):
    id: uuid.UUID
    title: str
    description: str
    citizen_outcome: str
    position: int
    active: bool
    created_at: datetime
    updated_at: datetime

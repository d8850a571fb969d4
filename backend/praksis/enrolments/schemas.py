"""What the enrolment routes accept and return."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.schemas import InputModel, MultiLine

Justification = Annotated[
    MultiLine,
    Field(
        max_length=5000,
        description="The leader's written justification: how the programme connects to the "
        "team's current development challenge (required by most programmes).",
    ),
]
TeamChallenge = Annotated[
    MultiLine,
    Field(max_length=2000, description="The team's current development challenge."),
]
Note = Annotated[MultiLine, Field(max_length=2000)]


class EnrolmentCreate(InputModel):
    """A nomination of a person for a programme (and optionally a cohort of it)."""

    programme_id: uuid.UUID
    person_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    justification: Justification = Field(
        default="",
        examples=["Teamet skal samskabe med borgerne om Fritid & Fællesskab; forløbet giver os…"],
    )
    team_challenge: TeamChallenge = ""


class EnrolmentApproval(InputModel):
    cohort_id: uuid.UUID | None = Field(
        default=None, description="The cohort to place the participant on, if not set yet."
    )
    note: Note = ""


class EnrolmentDecision(InputModel):
    note: Note = ""


class EnrolmentCompletion(InputModel):
    grade: int | None = Field(
        default=None,
        ge=-3,
        le=12,
        description="Danish 7-point scale (-3, 0, 2, 4, 7, 10, 12) when the programme grades.",
    )
    passed: bool | None = Field(
        default=None, description="For pass/fail programmes; follows from a 7-point grade."
    )


class EnrolmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    programme_id: uuid.UUID
    cohort_id: uuid.UUID | None
    person_id: uuid.UUID
    nominated_by_id: uuid.UUID | None
    justification: str
    team_challenge: str
    status: EnrolmentStatus
    decision_note: str
    grade: int | None
    passed: bool | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime

"""What the cohort routes accept and return: cohorts (hold), learning groups, buddy pairs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from praksis.cohorts.models import CohortStatus
from praksis.kit.schemas import InputModel, MultiLine, PatchModel, SingleLine
from praksis.programmes.models import CancellationReason

MAX_CAPACITY = 500
MAX_FACILITATORS = 20
GROUP_MIN_MEMBERS = 4
GROUP_MAX_MEMBERS = 6

Name = Annotated[SingleLine, Field(max_length=200)]
Capacity = Annotated[
    int,
    Field(
        ge=1,
        le=MAX_CAPACITY,
        description="Places in the cohort; at most the programme's cohort_max_size.",
    ),
]
FacilitatorIds = Annotated[
    list[uuid.UUID],
    Field(max_length=MAX_FACILITATORS, description="People who run the cohort's workshops."),
]
MemberIds = Annotated[
    list[uuid.UUID],
    Field(
        min_length=GROUP_MIN_MEMBERS,
        max_length=GROUP_MAX_MEMBERS,
        description="4–6 approved participants of the cohort (Hedensted's læringsgrupper).",
    ),
]
BuddyIds = Annotated[
    list[uuid.UUID],
    Field(
        min_length=2,
        max_length=2,
        description="Two members of the same learning group of this cohort.",
    ),
]


class CohortCreate(InputModel):
    programme_id: uuid.UUID
    name: Name = Field(examples=["Hold 1 (2015)"])
    capacity: Capacity = Field(examples=[24])
    facilitator_ids: FacilitatorIds = Field(default_factory=list)


class CohortUpdate(PatchModel):
    """Only the fields sent change. ``status`` moves planned → running → completed, or
    planned/running → cancelled."""

    name: Name | SkipJsonSchema[None] = None
    capacity: Capacity | SkipJsonSchema[None] = None
    facilitator_ids: FacilitatorIds | SkipJsonSchema[None] = None
    status: CohortStatus | SkipJsonSchema[None] = None
    cancellation_reason: CancellationReason | SkipJsonSchema[None] = Field(
        default=None, description="Why, sent with status cancelled (only then)."
    )
    cancellation_note: Annotated[MultiLine, Field(max_length=2000)] | SkipJsonSchema[None] = None


class CohortRead(BaseModel):
    id: uuid.UUID
    programme_id: uuid.UUID
    name: str
    capacity: int
    status: CohortStatus
    facilitator_ids: list[uuid.UUID]
    approved_count: int = Field(description="Enrolments approved onto the cohort.")
    completed_count: int = Field(
        description="Enrolments completed; with approved_count, the places taken."
    )
    waitlisted_count: int = Field(description="Enrolments waiting for a place.")
    cancellation_reason: CancellationReason | None
    cancellation_note: str
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class LearningGroupCreate(InputModel):
    name: Name = Field(examples=["Læringsgruppe 1"])
    member_ids: MemberIds


class LearningGroupUpdate(PatchModel):
    """Only the fields sent change; new ``member_ids`` replace the members, and buddy pairs
    whose people are no longer both members are dropped."""

    name: Name | SkipJsonSchema[None] = None
    member_ids: MemberIds | SkipJsonSchema[None] = None


class LearningGroupRead(BaseModel):
    id: uuid.UUID
    cohort_id: uuid.UUID
    name: str
    member_ids: list[uuid.UUID]


class BuddyPairCreate(InputModel):
    person_ids: BuddyIds


class BuddyPairRead(BaseModel):
    id: uuid.UUID
    cohort_id: uuid.UUID
    group_id: uuid.UUID
    person_ids: list[uuid.UUID]

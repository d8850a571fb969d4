"""What the enrolment routes accept and return."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from praksis.enrolments.models import EnrolmentStatus, RequestStatus, WithdrawalReason
from praksis.kit.schemas import Flag, InputModel, MultiLine, RowModel
from praksis.programmes.models import ProgrammeKind, ProgrammeStatus

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


class EnrolmentWithdrawal(InputModel):
    """Why the participant withdraws: a reason for the statistics, and an optional note.
    Neither overwrites the decision's note."""

    reason: WithdrawalReason | None = Field(
        default=None,
        description="The barrier, as the seeds name them (tidspres, loyalitet over for kolleger, "
        "sagsbunker, eksamensangst …); counted in the municipality's statistics.",
    )
    note: Note = ""


class EnrolmentCompletion(InputModel):
    grade: int | None = Field(
        default=None,
        ge=-3,
        le=12,
        description="Danish 7-point scale (-3, 0, 2, 4, 7, 10, 12) when the programme grades.",
    )
    passed: Flag | None = Field(
        default=None, description="For pass/fail programmes; follows from a 7-point grade."
    )


class EnrolmentRead(RowModel):
    id: uuid.UUID
    programme_id: uuid.UUID
    cohort_id: uuid.UUID | None
    person_id: uuid.UUID
    nominated_by_id: uuid.UUID | None
    justification: str
    team_challenge: str
    status: EnrolmentStatus
    decision_note: str
    withdrawal_reason: WithdrawalReason | None
    withdrawal_note: str
    grade: int | None
    passed: bool | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


# --- a person's request for a place -----------------------------------------------------------

Motivation = Annotated[
    MultiLine,
    Field(
        min_length=1,
        max_length=2000,
        description="Your own motivation: what you want to get better at, and why now.",
    ),
]


class EnrolmentRequestCreate(InputModel):
    """You ask for a place on an open programme (and optionally a cohort of it)."""

    programme_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    motivation: Motivation = Field(examples=["Jeg vil blive bedre til at samskabe med borgerne."])


class RequestEndorsement(InputModel):
    """The leader endorses: the request becomes a nomination with the leader's written
    justification (the programme's rules apply as to any nomination)."""

    justification: Justification = ""
    team_challenge: TeamChallenge = ""
    cohort_id: uuid.UUID | None = Field(
        default=None, description="The cohort to nominate for, if not the one asked for."
    )


class EnrolmentRequestRead(RowModel):
    id: uuid.UUID
    programme_id: uuid.UUID
    cohort_id: uuid.UUID | None
    person_id: uuid.UUID
    motivation: str
    status: RequestStatus
    decided_by_id: uuid.UUID | None
    decision_note: str
    enrolment_id: uuid.UUID | None = Field(description="The nomination, once endorsed.")
    created_at: datetime
    updated_at: datetime


# --- a whole team in one request --------------------------------------------------------------


class TeamNominationCreate(InputModel):
    """A unit's staff nominated in one request with one justification (Horsens sent all 21 of
    borgerservice)."""

    programme_id: uuid.UUID
    org_unit_id: uuid.UUID
    cohort_id: uuid.UUID | None = None
    include_sub_units: Flag = Field(default=True, description="Also the units below it.")
    justification: Justification = ""
    team_challenge: TeamChallenge = ""


class TeamOutcome(StrEnum):
    nominated = "nominated"
    already_enrolled = "already_enrolled"  # an active enrolment on the programme already
    not_eligible = "not_eligible"  # outside the programme's target group
    leads_the_unit = "leads_the_unit"  # the unit's own leaders are not its staff
    left = "left"  # has left the municipality (or was erased)


class TeamMemberResult(BaseModel):
    person_id: uuid.UUID
    outcome: TeamOutcome
    enrolment_id: uuid.UUID | None = Field(
        description="The new nomination, or the active enrolment the person already has."
    )


class TeamNominationRead(BaseModel):
    programme_id: uuid.UUID
    org_unit_id: uuid.UUID
    cohort_id: uuid.UUID | None
    counts: dict[TeamOutcome, int] = Field(description="How many people had each outcome.")
    results: list[TeamMemberResult] = Field(description="One per person, by person id.")


# --- the catalogue ----------------------------------------------------------------------------


class CatalogueCohort(BaseModel):
    id: uuid.UUID
    name: str
    seats_left: int = Field(description="Capacity minus places taken (0 when full).")


class CatalogueEntry(BaseModel):
    """A programme you could join: who it is for, when, and how many places are left."""

    programme_id: uuid.UUID
    title: str
    description: str
    kind: ProgrammeKind
    status: ProgrammeStatus = Field(
        description="open: ask for a place; draft: shown to gauge interest before HR opens it."
    )
    target_group: str
    eligible_org_unit_ids: list[uuid.UUID]
    eligible: bool = Field(description="Whether you are in the target group.")
    starts_on: date | None
    ends_on: date | None
    justification_required: bool
    seats_left: int | None = Field(
        description="Free places in its planned and running cohorts; null without a cohort."
    )
    cohorts: list[CatalogueCohort]
    interest_registered: bool
    interest_count: int | None = Field(description="How many registered interest (HR only).")
    my_enrolment_status: EnrolmentStatus | None = Field(
        description="Your active enrolment on it, if any."
    )
    my_request_status: RequestStatus | None = Field(
        description="Your latest request for a place on it, if any."
    )

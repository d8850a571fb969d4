from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from praksis.feedback.models import FeedbackKind
from praksis.kit.schemas import Flag, InputModel, MultiLine, PatchModel, RowModel

FeedbackText = Annotated[MultiLine, Field(max_length=5000)]
Rating = Annotated[int, Field(ge=1, le=5)]
Comment = Annotated[MultiLine, Field(max_length=2000)]

MIN_RESPONSES_FOR_RESULTS = 5
"""Below this many answers a workshop's evaluation shows only the count (anonymity)."""


# --- feedback on trial actions -----------------------------------------------------------------


class FeedbackCreate(InputModel):
    trial_action_id: uuid.UUID
    kind: FeedbackKind = Field(
        description="In which role the author gives it: buddy, learning_group, leader, "
        "colleague (only when invited by an owner of the trial action) or facilitator (a "
        "facilitator of the project's cohort)."
    )
    what_worked: FeedbackText = Field(examples=["Borgerne tog selv ordet på mødet."])
    try_next: FeedbackText = Field(examples=["Lad borgerne sætte dagsordenen næste gang."])
    rating: Rating | None = Field(default=None, description="Optional, 1 (low) to 5 (high).")
    shared_with_leader: Flag = Field(
        default=False, description="Whether the owners' leader may read it."
    )


class FeedbackUpdate(PatchModel):
    """Only the author changes their feedback; only the fields sent change."""

    what_worked: FeedbackText | SkipJsonSchema[None] = None
    try_next: FeedbackText | SkipJsonSchema[None] = None
    rating: Rating | SkipJsonSchema[None] = None
    shared_with_leader: Flag | SkipJsonSchema[None] = None


class FeedbackRead(RowModel):
    id: uuid.UUID
    trial_action_id: uuid.UUID
    project_id: uuid.UUID
    author_id: uuid.UUID
    kind: FeedbackKind
    what_worked: str
    try_next: str
    rating: int | None
    shared_with_leader: bool
    created_at: datetime
    updated_at: datetime


class PersonName(BaseModel):
    id: uuid.UUID
    name: str


class FeedbackToGive(BaseModel):
    """A done trial action of the caller's buddy or learning group, or of a project in a
    cohort the caller facilitates, which they may give feedback on in the kinds listed
    (buddy first, facilitator last)."""

    trial_action_id: uuid.UUID
    trial_action_title: str
    what_happened: str
    reflection: str
    project_id: uuid.UUID
    project_title: str
    owners: list[PersonName]
    kinds: list[FeedbackKind]
    given_by_me: int = Field(description="How much feedback the caller has given on it.")


class InvitationCreate(InputModel):
    trial_action_id: uuid.UUID
    person_id: uuid.UUID = Field(description="The colleague asked for feedback.")


class InvitationRead(RowModel):
    """An invitation to give feedback; shows the trial action's title and nothing more of it."""

    id: uuid.UUID
    trial_action_id: uuid.UUID
    trial_action_title: str
    invitee_id: uuid.UUID
    invited_by_id: uuid.UUID
    created_at: datetime


# --- workshop evaluations ----------------------------------------------------------------------


class WorkshopEvaluationCreate(InputModel):
    workshop_id: uuid.UUID
    relevance: Rating = Field(description="How relevant was it to your work? 1–5.")
    learning: Rating = Field(description="How much did you learn? 1–5.")
    usefulness: Rating = Field(description="How useful will it be in your practice? 1–5.")
    comment: Comment = ""


class WorkshopEvaluationDue(BaseModel):
    """A workshop the caller attended and has not evaluated yet."""

    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str


class EvaluationReceived(BaseModel):
    """The evaluation was stored anonymously; nothing identifies it."""

    workshop_id: uuid.UUID
    received: bool = True


class QuestionResults(BaseModel):
    average: float = Field(description="Mean of the answers, rounded to two decimals.")
    distribution: list[int] = Field(
        min_length=5, max_length=5, description="How many answered 1, 2, 3, 4 and 5."
    )


class EvaluationResults(BaseModel):
    relevance: QuestionResults
    learning: QuestionResults
    usefulness: QuestionResults


class EvaluationSummary(BaseModel):
    """Aggregates only, once released and from enough answers; never who answered what."""

    workshop_id: uuid.UUID
    responses: int
    minimum_responses: int = MIN_RESPONSES_FOR_RESULTS
    released_at: datetime | None = Field(
        description="When HR or the facilitator released the results; null until then. From "
        "then on the workshop takes no more answers, so the results never change."
    )
    suppressed: bool = Field(
        description="True until released, and when fewer than minimum_responses answered."
    )
    results: EvaluationResults | None
    comments: list[str] | None = Field(description="Non-empty comments, in random order.")


# --- transfer follow-ups -----------------------------------------------------------------------


class FollowUpIssued(BaseModel):
    issued: int = Field(description="How many follow-ups this call issued.")


class FollowUpRead(RowModel):
    id: uuid.UUID
    enrolment_id: uuid.UUID
    person_id: uuid.UUID
    programme_id: uuid.UUID
    programme_title: str
    due_on: date
    usage: int | None
    examples: str
    answered_at: datetime | None
    created_at: datetime


class TeamFollowUpRead(RowModel):
    """A team member's follow-up as their leader sees it: when it fell due, whether and when it
    was answered, and the usage score; the examples stay with the person (and HR)."""

    id: uuid.UUID
    person_id: uuid.UUID
    programme_id: uuid.UUID
    programme_title: str
    due_on: date
    usage: int | None
    answered_at: datetime | None


class FollowUpAnswer(InputModel):
    usage: Rating = Field(
        description="How far do you use what you learnt in your daily work? 1 (not) to 5 (fully)."
    )
    examples: Annotated[MultiLine, Field(max_length=5000)] = Field(
        default="", description="Examples of what you now do differently."
    )

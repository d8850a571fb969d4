"""What the development routes accept and return: goals, the development plan, programme
awards, credentials and self-assessments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, HttpUrl
from pydantic.json_schema import SkipJsonSchema

from praksis.action_learning.models import ProjectPhase, ProjectStatus
from praksis.development.models import AssessmentMoment, GoalStatus
from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.schemas import Day, InputModel, MultiLine, PatchModel, RowModel, SingleLine

Title = Annotated[SingleLine, Field(max_length=200)]
LongText = Annotated[MultiLine, Field(max_length=5000)]
Note = Annotated[MultiLine, Field(max_length=2000)]
CompetenceIds = Annotated[list[uuid.UUID], Field(max_length=20)]
KerneopgaveIds = Annotated[list[uuid.UUID], Field(max_length=20)]
Ects = Annotated[float, Field(ge=0, le=300, multiple_of=0.5, description="ECTS points.")]
ProviderUrl = Annotated[HttpUrl, Field(max_length=500)]
Score = Annotated[int, Field(ge=1, le=5, description="1 (not at all) to 5 (fully).")]

# --- goals -------------------------------------------------------------------------------------


class GoalCreate(InputModel):
    title: Title = Field(examples=["Facilitere borgermøder i Fritid & Fællesskab"])
    description: LongText = ""
    person_id: uuid.UUID | None = Field(
        default=None,
        description="Whose goal; the caller by default. A leader proposes goals for their team.",
    )
    competence_ids: CompetenceIds = Field(default_factory=list)
    kerneopgave_ids: KerneopgaveIds = Field(default_factory=list)
    review_on: Day | None = Field(
        default=None, description="When to review it: the annual conversation (MUS)."
    )


class GoalUpdate(PatchModel):
    """Only the fields sent are changed; an achieved or dropped goal is not changed."""

    title: Title | SkipJsonSchema[None] = None
    description: LongText | SkipJsonSchema[None] = None
    competence_ids: CompetenceIds | SkipJsonSchema[None] = None
    kerneopgave_ids: KerneopgaveIds | SkipJsonSchema[None] = None
    review_on: Day | SkipJsonSchema[None] = None


class GoalStatusChange(InputModel):
    status: GoalStatus = Field(
        description="proposed → agreed (by the other party: the person or their leader) → "
        "in_progress → achieved; dropped from any open status."
    )
    note: Note = ""


class GoalRead(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID
    title: str
    description: str
    status: GoalStatus
    review_on: date | None
    competence_ids: list[uuid.UUID]
    kerneopgave_ids: list[uuid.UUID]
    proposed_by_id: uuid.UUID
    agreed_by_id: uuid.UUID | None
    agreed_at: datetime | None
    created_at: datetime
    updated_at: datetime


# --- awards and credentials ---------------------------------------------------------------------


class AwardDefinition(InputModel):
    """What completing the programme awards (a pass, where the programme grades)."""

    title: Title = Field(examples=["Specialist i borgerkontakt"])
    description: LongText = ""
    criteria: LongText = Field(
        default="", description="How it is earned; the programme's completion when empty."
    )
    provider: Title = Field(examples=["COK – Center for Offentlig Kompetenceudvikling"])
    provider_url: ProviderUrl | None = None
    ects: Ects | None = None


class AwardRead(RowModel):
    programme_id: uuid.UUID
    title: str
    description: str
    criteria: str
    provider: str
    provider_url: str | None
    ects: float | None
    updated_at: datetime


class CredentialRead(RowModel):
    id: uuid.UUID
    person_id: uuid.UUID
    programme_id: uuid.UUID
    enrolment_id: uuid.UUID
    title: str
    description: str
    criteria: str
    provider: str
    provider_url: str | None
    ects: float | None
    awarded_on: date
    issued_at: datetime
    revoked_at: datetime | None = Field(
        description="When HR revoked it; its exports and the status list say so from then."
    )
    revocation_reason: str | None


class CredentialRevocation(InputModel):
    reason: Annotated[SingleLine, Field(max_length=500)] = Field(
        description="Why it no longer stands, e.g. issued for the wrong person.",
        examples=["Udstedt ved en fejl: forløbet blev ikke gennemført."],
    )


class SignedCredential(BaseModel):
    """A verifiable credential secured as a VC-JWT (a compact JWS, RS256)."""

    jwt: str = Field(description="Compact JWS; its payload is the credential.")
    public_key: dict[str, str] = Field(
        description="The issuer's public key (JWK), also in the JOSE header and in the "
        "published key set (`/credential-keys`)."
    )


class SignedOpenBadge(SignedCredential):
    """The Open Badges 3.0 credential secured as a VC-JWT (a compact JWS, RS256)."""


class SignedStatusList(SignedCredential):
    """The municipality's BitstringStatusListCredential secured as a VC-JWT (RS256)."""


class IssuerProfile(BaseModel):
    """The municipality as the issuer of its credentials (Open Badges 3.0 ``Profile``): the
    same ``id`` every credential it issued names as its issuer."""

    id: str = Field(examples=["urn:uuid:2f1c6a0e-3d61-5a52-9d0e-5b1f7a3c9e11"])
    type: list[str] = Field(examples=[["Profile"]])
    name: str = Field(examples=["Hedensted"])


class JsonWebKey(BaseModel):
    """An RSA public key (RFC 7517) for RS256 signatures; ``kid`` is its RFC 7638 thumbprint."""

    kty: str
    n: str
    e: str
    kid: str
    use: str
    alg: str


class JsonWebKeySet(BaseModel):
    keys: list[JsonWebKey]


# --- self-assessments ----------------------------------------------------------------------------


class CompetenceScore(InputModel):
    competence_id: uuid.UUID
    score: Score


class SelfAssessmentCreate(InputModel):
    moment: AssessmentMoment
    scores: list[CompetenceScore] = Field(
        min_length=1, max_length=100, description="One score per competence goal of the programme."
    )


class SelfAssessmentItem(BaseModel):
    competence_id: uuid.UUID
    title: str
    before: int | None
    after: int | None


class SelfAssessmentRead(BaseModel):
    """The participant's ratings of the programme's competence goals, before and after."""

    enrolment_id: uuid.UUID
    items: list[SelfAssessmentItem]


# --- the development plan ----------------------------------------------------------------------


class PlanProgramme(BaseModel):
    enrolment_id: uuid.UUID
    programme_id: uuid.UUID
    programme_title: str
    cohort_id: uuid.UUID | None
    status: EnrolmentStatus
    grade: int | None
    passed: bool | None
    completed_at: datetime | None


class PlanProject(BaseModel):
    id: uuid.UUID
    title: str
    kerneopgave_id: uuid.UUID
    phase: ProjectPhase
    status: ProjectStatus


class DevelopmentPlan(BaseModel):
    """A person's development plan: goals (open first, by review day), programmes, projects
    and credentials. Seen by the person, their leaders and HR."""

    person_id: uuid.UUID
    name: str
    next_review_on: date | None = Field(
        description="The earliest review day of an open goal: the next MUS to prepare for."
    )
    goals: list[GoalRead]
    programmes: list[PlanProgramme]
    projects: list[PlanProject]
    credentials: list[CredentialRead]

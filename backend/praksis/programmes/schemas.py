"""What the programmes API accepts and returns: programmes, modules, rules, partner offerings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from praksis.kit.schemas import (
    Day,
    Flag,
    InputModel,
    MultiLine,
    MunicipalityId,
    PatchModel,
    RowModel,
    SingleLine,
)
from praksis.people.models import OrgUnitKind
from praksis.programmes.models import CancellationReason, Grading, ProgrammeKind, ProgrammeStatus

Title = Annotated[SingleLine, Field(max_length=200)]
Description = Annotated[MultiLine, Field(max_length=5000)]
CompetenceGoalText = Annotated[MultiLine, Field(max_length=2000)]
Theme = Annotated[SingleLine, Field(max_length=200)]
Themes = Annotated[
    list[Theme],
    Field(max_length=30, description="Workshop themes, e.g. Forandringsledelse, Facilitering."),
]
Position = Annotated[int, Field(ge=1, le=10_000)]
KerneopgaveIds = Annotated[list[uuid.UUID], Field(max_length=50)]
CompetenceIds = Annotated[list[uuid.UUID], Field(max_length=100)]
MinPerOrgUnit = Annotated[
    int,
    Field(
        ge=1,
        le=100,
        description="Each org unit sends at least this many (the KL pilot: 2, who then "
        "implement together).",
    ),
]
MinPerOrgUnitLevel = Annotated[
    OrgUnitKind,
    Field(
        description="The level whose units each send min_participants_per_org_unit: the "
        'forvaltning (KL: "Forvaltningen skal stille med mindst to"), the afdeling or the '
        "team; a person counts towards the nearest unit of that level at or above their unit."
    ),
]
TargetGroup = Annotated[
    MultiLine,
    Field(max_length=2000, description="Who the programme is for, e.g. HK'ere i borgerservice."),
]
EligibleUnitIds = Annotated[
    list[uuid.UUID],
    Field(
        max_length=200,
        description="Org units whose staff (and the staff of the units below them) may join; "
        "empty: everyone in the municipality.",
    ),
]
CancellationNote = Annotated[MultiLine, Field(max_length=2000)]
JustificationMinLength = Annotated[int, Field(ge=0, le=2000)]
CohortSize = Annotated[int, Field(ge=1, le=1000)]
FollowUpDays = Annotated[int, Field(ge=1, le=730)]
MAX_MODULES = 50


def _refuse_reversed_cohort_range(minimum: int | None, maximum: int | None) -> None:
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValueError("cohort_min_size must not exceed cohort_max_size")


# --- rules -----------------------------------------------------------------------------------


class ProgrammeRules(InputModel):
    """The rules a programme enforces on nominations, cohorts and completions."""

    min_participants_per_org_unit: MinPerOrgUnit | None = None
    min_participants_level: MinPerOrgUnitLevel = OrgUnitKind.forvaltning
    justification_required: Flag = Field(
        default=True,
        description="The leader justifies in writing how the programme meets the team's "
        "current development challenges.",
    )
    justification_min_length: JustificationMinLength = 0
    cohort_min_size: CohortSize | None = None
    cohort_max_size: CohortSize | None = None
    grading: Grading = Grading.none
    transfer_follow_up_days: FollowUpDays = Field(
        default=90, description="Days after completion when transfer to practice is followed up."
    )

    @model_validator(mode="after")
    def _cohort_range(self) -> ProgrammeRules:
        _refuse_reversed_cohort_range(self.cohort_min_size, self.cohort_max_size)
        return self


_NON_NULLABLE_RULES = (
    "min_participants_level",
    "justification_required",
    "justification_min_length",
    "grading",
    "transfer_follow_up_days",
)


class ProgrammeRulesUpdate(InputModel):
    """Only the rules sent change; ``null`` clears an optional rule."""

    min_participants_per_org_unit: MinPerOrgUnit | None = None
    min_participants_level: MinPerOrgUnitLevel | SkipJsonSchema[None] = None
    justification_required: Flag | SkipJsonSchema[None] = None
    justification_min_length: JustificationMinLength | SkipJsonSchema[None] = None
    cohort_min_size: CohortSize | None = None
    cohort_max_size: CohortSize | None = None
    grading: Grading | SkipJsonSchema[None] = None
    transfer_follow_up_days: FollowUpDays | SkipJsonSchema[None] = None

    @model_validator(mode="before")
    @classmethod
    def _refuse_nulls_for_required_rules(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = sorted(key for key in _NON_NULLABLE_RULES if key in data and data[key] is None)
            if nulls:
                raise ValueError(f"null is not allowed for: {', '.join(nulls)}")
        return data


class ProgrammeRulesRead(RowModel):
    min_participants_per_org_unit: int | None
    min_participants_level: OrgUnitKind
    justification_required: bool
    justification_min_length: int
    cohort_min_size: int | None
    cohort_max_size: int | None
    grading: Grading
    transfer_follow_up_days: int


# --- modules ---------------------------------------------------------------------------------


class NewProgrammeModule(InputModel):
    """A module given with its programme; modules are numbered in the order given."""

    title: Title = Field(examples=["Modul 1"])
    competence_goal: CompetenceGoalText = Field(
        default="", examples=["Samarbejde i organisationen om bevægelsen for borgeren."]
    )
    themes: Themes = Field(default_factory=list)
    competence_ids: CompetenceIds = Field(default_factory=list)


class ModuleCreate(NewProgrammeModule):
    position: Position | SkipJsonSchema[None] = Field(
        default=None, description="1-based place in the programme; the end if omitted."
    )


class ModuleUpdate(PatchModel):
    """Only the fields sent change; ``themes`` and ``competence_ids`` replace the lists."""

    title: Title | SkipJsonSchema[None] = None
    competence_goal: CompetenceGoalText | SkipJsonSchema[None] = None
    themes: Themes | SkipJsonSchema[None] = None
    competence_ids: CompetenceIds | SkipJsonSchema[None] = None
    position: Position | SkipJsonSchema[None] = Field(
        default=None, description="Move to this 1-based place; the others close up."
    )


class ModuleRead(BaseModel):
    id: uuid.UUID
    programme_id: uuid.UUID
    position: int
    title: str
    competence_goal: str
    themes: list[str]
    competence_ids: list[uuid.UUID] = Field(description="The module's goals, sorted by id.")


# --- programmes ------------------------------------------------------------------------------


class ProgrammeCreate(InputModel):
    title: Title = Field(examples=["Kultur- og kompetenceudviklingsforløb"])
    description: Description = ""
    kind: ProgrammeKind
    starts_on: Day | None = None
    ends_on: Day | None = None
    kerneopgave_ids: KerneopgaveIds = Field(
        default=[], description="The kerneopgaver the programme serves (needed to open it)."
    )
    competence_ids: CompetenceIds = Field(default=[], description="Programme-level goals.")
    offering_id: uuid.UUID | None = Field(
        default=None,
        description="A partner offering your municipality takes part in; its "
        "min_participants_per_org_unit and grading apply unless the rules give them.",
    )
    rules: ProgrammeRules = Field(default_factory=ProgrammeRules)
    modules: list[NewProgrammeModule] = Field(default=[], max_length=MAX_MODULES)
    target_group: TargetGroup = ""
    eligible_org_unit_ids: EligibleUnitIds = Field(default=[])
    open_for_interest: Flag = Field(
        default=False,
        description="Show the draft in the catalogue so people can register interest before "
        "HR opens it (an open programme is always shown).",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> ProgrammeCreate:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class ProgrammeUpdate(PatchModel):
    """Only the fields sent change; id lists replace the current ones.

    ``status`` moves draft → open → running → completed, or draft/open/running → cancelled.
    Rules (and the linked offering) change only while draft or open.
    """

    title: Title | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    kind: ProgrammeKind | SkipJsonSchema[None] = None
    starts_on: Day | SkipJsonSchema[None] = None
    ends_on: Day | SkipJsonSchema[None] = None
    kerneopgave_ids: KerneopgaveIds | SkipJsonSchema[None] = None
    competence_ids: CompetenceIds | SkipJsonSchema[None] = None
    offering_id: uuid.UUID | SkipJsonSchema[None] = None
    rules: ProgrammeRulesUpdate | SkipJsonSchema[None] = None
    status: ProgrammeStatus | SkipJsonSchema[None] = None
    target_group: TargetGroup | SkipJsonSchema[None] = None
    eligible_org_unit_ids: EligibleUnitIds | SkipJsonSchema[None] = None
    open_for_interest: Flag | SkipJsonSchema[None] = None
    cancellation_reason: CancellationReason | SkipJsonSchema[None] = Field(
        default=None, description="Why, sent with status cancelled (only then)."
    )
    cancellation_note: CancellationNote | SkipJsonSchema[None] = None


class OfferingSummary(RowModel):
    """The partner offering a programme is linked to."""

    id: uuid.UUID
    partner: str
    title: str
    kind: ProgrammeKind
    min_participants_per_org_unit: int | None
    grading: Grading


class ProgrammeRead(BaseModel):
    id: uuid.UUID
    title: str
    description: str
    kind: ProgrammeKind
    status: ProgrammeStatus
    allowed_statuses: list[ProgrammeStatus] = Field(
        description="The statuses a PATCH may move the programme to now (any other is a 409); "
        "empty once completed or cancelled."
    )
    starts_on: date | None
    ends_on: date | None
    kerneopgave_ids: list[uuid.UUID] = Field(description="Sorted by id.")
    competence_ids: list[uuid.UUID] = Field(
        description="Programme-level competence goals, sorted by id."
    )
    rules: ProgrammeRulesRead
    offering_id: uuid.UUID | None
    offering: OfferingSummary | None
    modules: list[ModuleRead] = Field(description="Ordered by position.")
    target_group: str
    eligible_org_unit_ids: list[uuid.UUID] = Field(description="Sorted by id; empty: everyone.")
    open_for_interest: bool
    cancellation_reason: CancellationReason | None
    cancellation_note: str
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class InterestRead(BaseModel):
    """Interest in a programme: the caller's own, and for HR how many registered it."""

    programme_id: uuid.UUID
    registered: bool = Field(description="Whether you registered interest.")
    count: int | None = Field(
        description="How many registered interest (HR only; null for everyone else)."
    )
    by_org_unit: list[InterestByUnit] | None = Field(
        description="HR only: the count per forvaltning (the nearest at or above each "
        "person's unit; null id: no unit), largest first."
    )


class InterestByUnit(BaseModel):
    org_unit_id: uuid.UUID | None
    name: str
    count: int


# --- partner offerings -----------------------------------------------------------------------


MunicipalityIds = Annotated[
    list[MunicipalityId],
    Field(max_length=200, description="The municipalities taking part."),
]


class OfferingCreate(InputModel):
    title: Title = Field(examples=["Fremtidens teknik- og miljømedarbejder"])
    description: Description = ""
    kind: ProgrammeKind
    min_participants_per_org_unit: MinPerOrgUnit | None = None
    grading: Grading = Grading.none
    municipality_ids: MunicipalityIds = Field(default_factory=list)


class OfferingUpdate(PatchModel):
    """Only the fields sent change; ``municipality_ids`` replaces the members."""

    title: Title | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    min_participants_per_org_unit: MinPerOrgUnit | SkipJsonSchema[None] = None
    grading: Grading | SkipJsonSchema[None] = None
    municipality_ids: MunicipalityIds | SkipJsonSchema[None] = None


class OfferingRead(BaseModel):
    """A partner's cross-municipality programme; it holds no personal data."""

    id: uuid.UUID
    partner: str
    title: str
    description: str
    kind: ProgrammeKind
    min_participants_per_org_unit: int | None
    grading: Grading
    municipality_ids: list[str]
    created_at: datetime
    updated_at: datetime

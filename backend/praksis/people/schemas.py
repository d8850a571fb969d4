from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema

from praksis.kit.schemas import Day, InputModel, PatchModel, RowModel, SingleLine
from praksis.people.models import OrgUnit, OrgUnitKind

NAME_MAX = 200
EXTERNAL_ID_MAX = 200
JOB_TITLE_MAX = 200
EMAIL_MAX = 320
MAX_LEADERS = 50
MAX_BULK_PEOPLE = 1000

# The shape of an address, not proof that it exists: one @, a dot in the domain, no spaces
# or control characters. Explicit ranges rather than \s, which the JSON Schema (ECMA 262),
# Rust (pydantic) and Python regex engines read differently.
_EMAIL_PART = r"[^@ \x00-\x1f\x7f-\x9f]+"
EMAIL_PATTERN = rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$"

Name = Annotated[SingleLine, Field(max_length=NAME_MAX)]
ExternalId = Annotated[
    SingleLine,
    Field(
        max_length=EXTERNAL_ID_MAX,
        description="The id of this row in the municipality's own HR or intranet system; "
        "unique within the municipality.",
    ),
]
JobTitle = Annotated[SingleLine, Field(max_length=JOB_TITLE_MAX)]
Email = Annotated[str, StringConstraints(max_length=EMAIL_MAX, pattern=EMAIL_PATTERN)]
LeftOn = Annotated[
    Day,
    Field(
        description="The day the person left the municipality. With "
        "PRAKSIS_RETENTION_MONTHS_AFTER_LEAVING set, `praksis erase-leavers` erases their "
        "personal data that many months later."
    ),
]
LeaderIds = Annotated[
    list[uuid.UUID],
    Field(
        max_length=MAX_LEADERS,
        description="The people who lead the unit. Their team is everyone in the unit and "
        "in the units below it. Sent in a PATCH, the list replaces the leaders as a whole.",
    ),
]


# --- org units -------------------------------------------------------------------------------


class OrgUnitCreate(InputModel):
    name: Name = Field(examples=["Fritid & Fællesskab"])
    kind: OrgUnitKind = Field(
        description="forvaltning (top, no parent) → afdeling (under a forvaltning) → team "
        "(under an afdeling or another team)."
    )
    parent_id: uuid.UUID | None = None
    external_id: ExternalId | None = None
    leader_ids: LeaderIds = Field(default_factory=list)


class OrgUnitUpdate(PatchModel):
    """Only the fields sent are changed. Changing ``kind`` to forvaltning detaches the unit
    from its parent, since a forvaltning is at the top of the organisation."""

    name: Name | SkipJsonSchema[None] = None
    kind: OrgUnitKind | SkipJsonSchema[None] = None
    parent_id: uuid.UUID | SkipJsonSchema[None] = None
    external_id: ExternalId | SkipJsonSchema[None] = None
    leader_ids: LeaderIds | SkipJsonSchema[None] = None


class OrgUnitRead(BaseModel):
    id: uuid.UUID
    name: str
    kind: OrgUnitKind
    parent_id: uuid.UUID | None
    external_id: str | None
    leader_ids: list[uuid.UUID]
    retired_on: date | None = Field(
        description="The day the unit stopped existing in the organisation (the org sync "
        "retires a unit gone from OS2mo); null for a unit in use."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, unit: OrgUnit, leader_ids: Sequence[uuid.UUID]) -> OrgUnitRead:
        return cls(
            id=unit.id,
            name=unit.name,
            kind=unit.kind,
            parent_id=unit.parent_id,
            external_id=unit.external_id,
            leader_ids=sorted(leader_ids, key=str),
            retired_on=unit.retired_on,
            created_at=unit.created_at,
            updated_at=unit.updated_at,
        )


# --- people ----------------------------------------------------------------------------------


class PersonCreate(InputModel):
    name: Name = Field(examples=["Søren Ærø Åkjær"])
    email: Email | None = Field(default=None, examples=["soren.akjaer@hedensted.dk"])
    job_title: JobTitle | None = Field(default=None, examples=["Pædagog"])
    org_unit_id: uuid.UUID | None = None
    external_id: ExternalId | None = None
    left_on: LeftOn | None = None


class PersonUpdate(PatchModel):
    """Only the fields sent are changed; `left_on` alone may be sent as null (the person
    is back, or it was set by mistake)."""

    name: Name | SkipJsonSchema[None] = None
    email: Email | SkipJsonSchema[None] = None
    job_title: JobTitle | SkipJsonSchema[None] = None
    org_unit_id: uuid.UUID | SkipJsonSchema[None] = None
    external_id: ExternalId | SkipJsonSchema[None] = None
    left_on: LeftOn | None = None

    # overrides PatchModel's validator of the same name
    @model_validator(mode="before")
    @classmethod
    def _refuse_explicit_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = sorted(
                str(key) for key, value in data.items() if value is None and key != "left_on"
            )
            if nulls:
                raise ValueError(f"null is not allowed for: {', '.join(nulls)}")
        return data


class PersonRead(RowModel):
    id: uuid.UUID
    name: str
    email: str | None
    job_title: str | None
    org_unit_id: uuid.UUID | None
    external_id: str | None
    left_on: date | None = Field(description="The day the person left (HR and the person).")
    erased_at: datetime | None = Field(
        description="When the person's personal data was erased (GDPR art. 17): `name` is "
        'then a marker ("Tidligere medarbejder"), to be shown in the reader\'s language '
        'as "former employee", and every other personal field is null.'
    )
    created_at: datetime
    updated_at: datetime


# --- import (CSV and bulk share one result) --------------------------------------------------


class BulkPerson(InputModel):
    """One person to create or update, found by ``external_id``.

    Each item is checked on its own (required name, email shape, known org unit, lengths,
    no control characters); a refused item is reported in the result and the others are
    still saved. A field left out is left as it is; ``null`` clears it.
    """

    external_id: str = Field(examples=["HR-1001"])
    name: str = Field(examples=["Søren Ærø Åkjær"])
    email: str | None = None
    job_title: str | None = None
    org_unit_external_id: str | None = Field(
        default=None, description="The `external_id` of the person's org unit."
    )
    left_on: str | None = Field(
        default=None,
        description="The day the person left, YYYY-MM-DD (see `PersonRead.left_on`).",
        examples=["2026-06-30"],
    )


class PeopleBulk(InputModel):
    people: list[BulkPerson] = Field(max_length=MAX_BULK_PEOPLE)


class ImportOutcome(StrEnum):
    created = "created"
    updated = "updated"
    unchanged = "unchanged"
    rejected = "rejected"


class ImportLineError(BaseModel):
    field: str | None = Field(description="The column or field at fault; null for the line.")
    message: str


class ImportLine(BaseModel):
    line: int = Field(
        description="CSV: the 1-based line number in the file where the record starts. "
        "Bulk: the 1-based position of the item in `people`."
    )
    external_id: str | None
    outcome: ImportOutcome
    person_id: uuid.UUID | None = Field(
        description="The person written or matched; null when rejected or created in a dry run."
    )
    errors: list[ImportLineError]


class ImportSummary(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int


class ImportResult(BaseModel):
    """What an import did (or, in a dry run, would do) with each line."""

    dry_run: bool
    summary: ImportSummary
    lines: list[ImportLine]


class MunicipalityRead(BaseModel):
    id: str
    name: str
    country: str
    time_zone: str


class MeRead(BaseModel):
    """The caller as Praksis knows them from their token."""

    subject: str
    roles: list[str]
    permissions: list[str]
    partner: str | None
    municipality: MunicipalityRead | None
    person: PersonRead | None

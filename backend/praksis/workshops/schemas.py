from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from praksis.kit.schemas import (
    InputModel,
    Moment,
    MultiLine,
    OptionalLine,
    PatchModel,
    SingleLine,
)
from praksis.workshops.models import AttendanceStatus, Workshop, WorkshopKind, WorkshopStatus

Title = Annotated[SingleLine, Field(max_length=200)]
Location = Annotated[OptionalLine, Field(max_length=300)]
Description = Annotated[MultiLine, Field(max_length=5000)]
Theme = Annotated[SingleLine, Field(max_length=200)]
Themes = Annotated[list[Theme], Field(max_length=20)]
Capacity = Annotated[int, Field(ge=1, le=1000)]
FacilitatorIds = Annotated[list[uuid.UUID], Field(max_length=20)]


class WorkshopCreate(InputModel):
    module_id: uuid.UUID = Field(description="A module of the cohort's programme.")
    cohort_id: uuid.UUID
    title: Title = Field(examples=["Workshop 1: Udforske og forstå borgerens reelle behov"])
    kind: WorkshopKind = WorkshopKind.workshop
    starts_at: Moment
    ends_at: Moment = Field(description="After starts_at; ISO 8601 with an offset.")
    location: Location = Field(default="", examples=["Rådhuset, Niels Gyldings Vej 2, Juelsminde"])
    description: Description = ""
    themes: Themes = Field(
        default_factory=list, examples=[["Nye roller / Playmaker", "Forandringsledelse"]]
    )
    capacity: Capacity | None = None
    facilitator_ids: FacilitatorIds = Field(
        default_factory=list, description="People of the municipality who run the workshop."
    )


class WorkshopUpdate(PatchModel):
    """Only the fields sent change. A new time, place, title or status raises ``sequence``;
    ``status: cancelled`` cancels; a cancelled workshop cannot be changed again."""

    module_id: uuid.UUID | SkipJsonSchema[None] = None
    cohort_id: uuid.UUID | SkipJsonSchema[None] = None
    title: Title | SkipJsonSchema[None] = None
    kind: WorkshopKind | SkipJsonSchema[None] = None
    starts_at: Moment | SkipJsonSchema[None] = None
    ends_at: Moment | SkipJsonSchema[None] = None
    location: Location | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None
    themes: Themes | SkipJsonSchema[None] = None
    capacity: Capacity | SkipJsonSchema[None] = None
    status: WorkshopStatus | SkipJsonSchema[None] = None
    facilitator_ids: FacilitatorIds | SkipJsonSchema[None] = Field(
        default=None, description="Replaces the workshop's facilitators."
    )


class WorkshopRead(BaseModel):
    """Times are given in the municipality's time zone (``+01:00`` in winter in Denmark)."""

    id: uuid.UUID
    module_id: uuid.UUID
    cohort_id: uuid.UUID
    title: str
    kind: WorkshopKind
    starts_at: datetime
    ends_at: datetime
    location: str
    description: str
    themes: list[str]
    capacity: int | None
    status: WorkshopStatus
    sequence: int = Field(description="RFC 5545 SEQUENCE: grows with every change calendars show.")
    facilitator_ids: list[uuid.UUID]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(
        cls, workshop: Workshop, facilitator_ids: Iterable[uuid.UUID], zone: ZoneInfo
    ) -> WorkshopRead:
        return cls(
            id=workshop.id,
            module_id=workshop.module_id,
            cohort_id=workshop.cohort_id,
            title=workshop.title,
            kind=workshop.kind,
            starts_at=workshop.starts_at.astimezone(zone),
            ends_at=workshop.ends_at.astimezone(zone),
            location=workshop.location,
            description=workshop.description,
            themes=list(workshop.themes),
            capacity=workshop.capacity,
            status=workshop.status,
            sequence=workshop.sequence,
            facilitator_ids=sorted(facilitator_ids),
            created_at=workshop.created_at.astimezone(zone),
            updated_at=workshop.updated_at.astimezone(zone),
        )


class AttendanceEntry(InputModel):
    person_id: uuid.UUID
    status: AttendanceStatus


class AttendanceUpdate(InputModel):
    """Records to add or change; people not listed keep their record."""

    records: list[AttendanceEntry] = Field(min_length=1, max_length=500)


class AttendanceRead(BaseModel):
    person_id: uuid.UUID
    person_name: str
    status: AttendanceStatus
    recorded_by_id: uuid.UUID
    recorded_at: datetime


class AttendanceRecorded(BaseModel):
    """The records as stored, in the order they were sent."""

    records: list[AttendanceRead]


class CalendarFeedCreated(BaseModel):
    url: str = Field(
        description="The secret feed URL (relative to this server). Shown only now: keep it; "
        "creating a new one makes this one stop working.",
        examples=["/api/v1/calendar/dk-0766.Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg.ics"],
    )
    created_at: datetime


class CalendarFeedStatus(BaseModel):
    active: bool
    created_at: datetime | None

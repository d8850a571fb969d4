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
from praksis.workshops.models import (
    AttendanceStatus,
    GuestContribution,
    SparringAttendance,
    SparringMeeting,
    SparringStatus,
    Workshop,
    WorkshopGuest,
    WorkshopKind,
    WorkshopStatus,
)

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


# --- guests on workshops (issue 18) -----------------------------------------------------------

GuestText = Annotated[SingleLine, Field(max_length=200)]
OptionalGuestText = Annotated[OptionalLine, Field(max_length=200)]


class GuestCreate(InputModel):
    """Someone from outside the municipality, named only: no account is made for them."""

    name: GuestText = Field(examples=["Mette Holm"])
    organisation: OptionalGuestText = Field(default="", examples=["Holm & Co. Erhvervspsykologi"])
    role: OptionalGuestText = Field(
        default="", examples=["erhvervspsykolog"], description="E.g. konsulent, professor."
    )
    contribution: GuestContribution = Field(
        default=GuestContribution.speaker,
        description="`facilitator`: runs (part of) the workshop; `speaker`: gives a talk.",
    )


class GuestUpdate(PatchModel):
    """Only the fields sent change."""

    name: GuestText | SkipJsonSchema[None] = None
    organisation: OptionalGuestText | SkipJsonSchema[None] = None
    role: OptionalGuestText | SkipJsonSchema[None] = None
    contribution: GuestContribution | SkipJsonSchema[None] = None


class GuestRead(BaseModel):
    id: uuid.UUID
    workshop_id: uuid.UUID
    name: str
    organisation: str
    role: str
    contribution: GuestContribution
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, guest: WorkshopGuest, zone: ZoneInfo) -> GuestRead:
        return cls(
            id=guest.id,
            workshop_id=guest.workshop_id,
            name=guest.name,
            organisation=guest.organisation,
            role=guest.role,
            contribution=guest.contribution,
            created_at=guest.created_at.astimezone(zone),
            updated_at=guest.updated_at.astimezone(zone),
        )


# --- leader sparring meetings (issue 18) ------------------------------------------------------


class SparringMeetingCreate(InputModel):
    programme_id: uuid.UUID
    title: Title = Field(examples=["Sparringsmøde for lederne"])
    starts_at: Moment
    ends_at: Moment = Field(description="After starts_at; ISO 8601 with an offset.")
    location: Location = ""
    description: Description = ""


class SparringMeetingUpdate(PatchModel):
    """Only the fields sent change; a new time, place or title raises ``sequence``. A
    cancelled meeting cannot be changed."""

    title: Title | SkipJsonSchema[None] = None
    starts_at: Moment | SkipJsonSchema[None] = None
    ends_at: Moment | SkipJsonSchema[None] = None
    location: Location | SkipJsonSchema[None] = None
    description: Description | SkipJsonSchema[None] = None


class MyInvitation(BaseModel):
    id: uuid.UUID
    status: SparringAttendance


class SparringMeetingRead(BaseModel):
    """Times in the municipality's time zone. ``my_invitation``: the caller's own, if invited."""

    id: uuid.UUID
    programme_id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    description: str
    status: SparringStatus
    sequence: int
    invited: int = Field(description="Leaders invited.")
    attended: int = Field(description="Leaders recorded as attending.")
    my_invitation: MyInvitation | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(
        cls,
        meeting: SparringMeeting,
        counts: dict[SparringAttendance, int],
        mine: MyInvitation | None,
        zone: ZoneInfo,
    ) -> SparringMeetingRead:
        return cls(
            id=meeting.id,
            programme_id=meeting.programme_id,
            title=meeting.title,
            starts_at=meeting.starts_at.astimezone(zone),
            ends_at=meeting.ends_at.astimezone(zone),
            location=meeting.location,
            description=meeting.description,
            status=meeting.status,
            sequence=meeting.sequence,
            invited=sum(counts.values()),
            attended=counts.get(SparringAttendance.attended, 0),
            my_invitation=mine,
            created_at=meeting.created_at.astimezone(zone),
            updated_at=meeting.updated_at.astimezone(zone),
        )


class SparringInvitationRead(BaseModel):
    id: uuid.UUID
    meeting_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    status: SparringAttendance
    invited_at: datetime
    recorded_by_id: uuid.UUID | None
    recorded_at: datetime | None


class SparringAttendanceChange(InputModel):
    """Record whether the leader came. Applied only while the invitation still has
    ``expected_status`` (what the recorder saw), else 409 and nothing changes."""

    status: SparringAttendance = Field(description="`attended` or `absent`.")
    expected_status: SparringAttendance = Field(
        description="The status the recorder read: `invited` for a first record."
    )


class LeadersInvited(BaseModel):
    invited: list[SparringInvitationRead] = Field(description="Invitations added by this call.")

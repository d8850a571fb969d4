"""What the export (GDPR art. 15) returns: everything Praksis holds on one person."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from praksis.action_learning.schemas import ProjectRead, TrialActionRead
from praksis.audit.schemas import AuditEventRead
from praksis.development.models import AssessmentMoment
from praksis.development.schemas import CredentialRead, GoalRead
from praksis.enrolments.schemas import EnrolmentRead, EnrolmentRequestRead
from praksis.feedback.models import FeedbackKind
from praksis.feedback.schemas import FeedbackRead, FollowUpRead
from praksis.kit.schemas import RowModel
from praksis.notifications.schemas import NotificationRead, NotificationSettingsRead
from praksis.people.models import OrgUnitKind
from praksis.people.schemas import PersonRead
from praksis.workshops.models import AttendanceStatus, SparringAttendance, WorkshopKind


class Named(BaseModel):
    id: uuid.UUID
    name: str


class MunicipalityOfPerson(BaseModel):
    id: str
    name: str


class OrgUnitOfPerson(Named):
    kind: OrgUnitKind


class EnrolmentExport(EnrolmentRead):
    programme_title: str
    cohort_name: str | None
    decisions: list[AuditEventRead] = Field(
        description="Every nomination and decision on the enrolment, with its note, oldest "
        "first (the audit trail)."
    )


class CohortMembership(BaseModel):
    cohort_id: uuid.UUID
    cohort_name: str
    programme_id: uuid.UUID
    learning_group: Named | None = Field(description="The learning group they are in.")
    buddy_ids: list[uuid.UUID] = Field(description="Their buddies in the cohort.")


class WorkshopOfPerson(BaseModel):
    workshop_id: uuid.UUID
    cohort_id: uuid.UUID
    title: str
    kind: WorkshopKind
    starts_at: datetime
    ends_at: datetime
    booked: bool = Field(description="The workshop holds them at its time (calendar).")
    facilitating: bool
    attendance: AttendanceStatus | None = Field(description="Their attendance as recorded.")
    evaluated: bool = Field(
        description="They evaluated the workshop. The evaluation itself is anonymous: it holds "
        "no author, so it cannot be found again as theirs and is not part of the export."
    )


class SparringInvitationOfPerson(BaseModel):
    """A leader sparring meeting they were invited to, and whether they came."""

    meeting_id: uuid.UUID
    programme_id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    attendance: SparringAttendance


class FeedbackReceived(BaseModel):
    id: uuid.UUID
    trial_action_id: uuid.UUID
    kind: FeedbackKind
    what_worked: str
    try_next: str
    rating: int | None
    author_id: uuid.UUID = Field(description="The giver, as the feedback API shows them.")
    author_name: str
    created_at: datetime


class TrialActionExport(TrialActionRead):
    feedback_received: list[FeedbackReceived]


class ProjectExport(ProjectRead):
    trial_actions: list[TrialActionExport]


class InvitationReceived(BaseModel):
    trial_action_id: uuid.UUID
    invited_by_id: uuid.UUID
    created_at: datetime


class SelfAssessmentExport(RowModel):
    enrolment_id: uuid.UUID
    competence_id: uuid.UUID
    moment: AssessmentMoment
    score: int
    answered_at: datetime


class CalendarFeedExport(BaseModel):
    """That they have a calendar feed; its secret is never stored, only a hash of it."""

    created_at: datetime


class PersonalDataExport(BaseModel):
    """Everything Praksis holds on one person (GDPR art. 15), as JSON.

    Roles come from the sign-in token each time and are not stored; what the person leads or
    facilitates is. Anonymous workshop evaluations cannot be linked to their author and are
    therefore not included (only that the person evaluated, `workshops[].evaluated`).
    The response's `Date` header says when it was read."""

    municipality: MunicipalityOfPerson
    person: PersonRead
    org_unit: OrgUnitOfPerson | None
    leads_units: list[Named]
    facilitates_cohorts: list[Named]
    enrolments: list[EnrolmentExport]
    enrolment_requests: list[EnrolmentRequestRead] = Field(
        description="Their requests for a place, with their motivation and the leader's answer."
    )
    programme_interests: list[Named] = Field(
        description="The programmes they registered interest in."
    )
    cohorts: list[CohortMembership]
    workshops: list[WorkshopOfPerson]
    sparring_meetings: list[SparringInvitationOfPerson] = Field(
        description="Leader sparring meetings they were invited to."
    )
    projects: list[ProjectExport] = Field(description="Projects they own or co-own.")
    feedback_given: list[FeedbackRead]
    feedback_invitations_received: list[InvitationReceived]
    follow_ups: list[FollowUpRead]
    development_goals: list[GoalRead] = Field(description="Their goals, with their leader.")
    credentials: list[CredentialRead]
    self_assessments: list[SelfAssessmentExport] = Field(
        description="Their ratings of programmes' competence goals, before and after."
    )
    calendar_feed: CalendarFeedExport | None
    notification_settings: NotificationSettingsRead = Field(
        description="Their choice of e-mail language and delivery."
    )
    notifications: list[NotificationRead] = Field(
        description="The e-mail notifications to them: what about and what became of each."
    )
    audit_events: list[AuditEventRead] = Field(
        description="The audit trail's events about the person record itself, oldest first "
        "(their enrolments' events are under `enrolments[].decisions`)."
    )

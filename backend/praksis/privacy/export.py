"""Putting together everything Praksis holds on one person (GDPR art. 15).

Each part reads the tables of the domain that owns it, in the caller's tenant session (so
in the caller's municipality only, under row-level security on PostgreSQL).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import or_
from sqlmodel import Session, col, select

from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectInvitation,
    ProjectOwner,
    TrialAction,
)
from praksis.action_learning.schemas import TrialActionRead
from praksis.audit.models import AuditEvent
from praksis.audit.schemas import AuditEventRead
from praksis.audit.trail import AuditObject
from praksis.cohorts.models import (
    BuddyPair,
    Cohort,
    CohortFacilitator,
    LearningGroup,
    LearningGroupMember,
)
from praksis.development import service as development_service
from praksis.development.models import SelfAssessment
from praksis.enrolments.models import PARTICIPATING, Enrolment, EnrolmentRequest
from praksis.enrolments.schemas import EnrolmentRead, EnrolmentRequestRead
from praksis.feedback.models import (
    EvaluationReceipt,
    FeedbackInvitation,
    TransferFollowUp,
    TrialActionFeedback,
)
from praksis.feedback.schemas import FeedbackRead, FollowUpRead
from praksis.kit.runtime import MunicipalityInfo
from praksis.notifications import service as notifications
from praksis.people.models import OrgUnit, OrgUnitLeader, Person
from praksis.people.schemas import PersonRead
from praksis.privacy.schemas import (
    CalendarFeedExport,
    CohortMembership,
    EnrolmentExport,
    FeedbackReceived,
    InvitationReceived,
    MunicipalityOfPerson,
    Named,
    OrgUnitOfPerson,
    PersonalDataExport,
    ProjectExport,
    SelfAssessmentExport,
    SparringInvitationOfPerson,
    TrialActionExport,
    WorkshopOfPerson,
)
from praksis.programmes.models import Programme, ProgrammeInterest
from praksis.workshops.models import (
    Attendance,
    CalendarFeed,
    SparringInvitation,
    SparringMeeting,
    SparringStatus,
    Workshop,
    WorkshopBooking,
    WorkshopFacilitator,
)


def personal_data(
    session: Session, person: Person, municipality: MunicipalityInfo
) -> PersonalDataExport:
    """Everything held on ``person``, each part from the domain that owns it."""
    return PersonalDataExport(
        municipality=MunicipalityOfPerson(id=municipality.id, name=municipality.name),
        person=PersonRead.model_validate(person),
        org_unit=_org_unit(session, person.org_unit_id),
        leads_units=_units_led(session, person.id),
        facilitates_cohorts=_cohorts_facilitated(session, person.id),
        enrolments=_enrolments(session, person.id),
        enrolment_requests=_requests(session, person.id),
        programme_interests=_interests(session, person.id),
        cohorts=_cohort_memberships(session, person.id),
        workshops=_workshops(session, person.id),
        sparring_meetings=_sparring_meetings(session, person.id),
        projects=_projects(session, person.id),
        feedback_given=_feedback_given(session, person.id),
        feedback_invitations_received=_invitations(session, person.id),
        follow_ups=_follow_ups(session, person.id),
        development_goals=development_service.goals_of(session, person.id),
        credentials=development_service.credentials_of(session, person.id),
        self_assessments=_self_assessments(session, person.id),
        calendar_feed=_calendar_feed(session, person.id),
        notification_settings=notifications.settings_of(session, person.id, municipality),
        notifications=notifications.notifications_of(session, person.id),
        audit_events=_audit_events(session, AuditObject.person, [person.id]),
    )


def _org_unit(session: Session, org_unit_id: uuid.UUID | None) -> OrgUnitOfPerson | None:
    if org_unit_id is None:
        return None
    unit = session.exec(select(OrgUnit).where(OrgUnit.id == org_unit_id)).first()
    return None if unit is None else OrgUnitOfPerson(id=unit.id, name=unit.name, kind=unit.kind)


def _units_led(session: Session, person_id: uuid.UUID) -> list[Named]:
    rows = session.exec(
        select(OrgUnit.id, OrgUnit.name)
        .join(OrgUnitLeader, col(OrgUnitLeader.org_unit_id) == OrgUnit.id)
        .where(OrgUnitLeader.person_id == person_id)
        .order_by(col(OrgUnit.name), col(OrgUnit.id))
    ).all()
    return [Named(id=unit_id, name=name) for unit_id, name in rows]


def _cohorts_facilitated(session: Session, person_id: uuid.UUID) -> list[Named]:
    rows = session.exec(
        select(Cohort.id, Cohort.name)
        .join(CohortFacilitator, col(CohortFacilitator.cohort_id) == Cohort.id)
        .where(CohortFacilitator.person_id == person_id)
        .order_by(col(Cohort.name), col(Cohort.id))
    ).all()
    return [Named(id=cohort_id, name=name) for cohort_id, name in rows]


def _requests(session: Session, person_id: uuid.UUID) -> list[EnrolmentRequestRead]:
    rows = session.exec(
        select(EnrolmentRequest)
        .where(EnrolmentRequest.person_id == person_id)
        .order_by(col(EnrolmentRequest.id))
    ).all()
    return [EnrolmentRequestRead.model_validate(row) for row in rows]


def _interests(session: Session, person_id: uuid.UUID) -> list[Named]:
    rows = session.exec(
        select(Programme.id, Programme.title)
        .join(ProgrammeInterest, col(ProgrammeInterest.programme_id) == Programme.id)
        .where(ProgrammeInterest.person_id == person_id)
        .order_by(col(Programme.title), col(Programme.id))
    ).all()
    return [Named(id=programme_id, name=title) for programme_id, title in rows]


def _enrolments(session: Session, person_id: uuid.UUID) -> list[EnrolmentExport]:
    enrolments = session.exec(
        select(Enrolment)
        .where(Enrolment.person_id == person_id)
        .order_by(col(Enrolment.created_at), col(Enrolment.id))
    ).all()
    programmes = _programme_titles(session, {enrolment.programme_id for enrolment in enrolments})
    cohorts = _cohort_names(session, {e.cohort_id for e in enrolments if e.cohort_id})
    decisions: dict[uuid.UUID, list[AuditEventRead]] = {}
    for event in _audit_events(session, AuditObject.enrolment, [e.id for e in enrolments]):
        decisions.setdefault(event.object_id, []).append(event)
    return [
        EnrolmentExport(
            **EnrolmentRead.model_validate(enrolment).model_dump(),
            programme_title=programmes.get(enrolment.programme_id, ""),
            cohort_name=None if enrolment.cohort_id is None else cohorts.get(enrolment.cohort_id),
            decisions=decisions.get(enrolment.id, []),
        )
        for enrolment in enrolments
    ]


def _programme_titles(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.exec(select(Programme.id, Programme.title).where(col(Programme.id).in_(ids)))
    return dict(rows.all())


def _cohort_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.exec(select(Cohort.id, Cohort.name).where(col(Cohort.id).in_(ids))).all())


def _cohort_memberships(session: Session, person_id: uuid.UUID) -> list[CohortMembership]:
    """The cohorts they hold a place in, with their learning group and buddies there."""
    placed = set(
        session.exec(
            select(Enrolment.cohort_id).where(
                Enrolment.person_id == person_id,
                col(Enrolment.cohort_id).is_not(None),
                col(Enrolment.status).in_(PARTICIPATING),
            )
        ).all()
    )
    groups = {
        cohort_id: Named(id=group_id, name=name)
        for cohort_id, group_id, name in session.exec(
            select(LearningGroupMember.cohort_id, LearningGroup.id, LearningGroup.name)
            .join(LearningGroup, col(LearningGroup.id) == LearningGroupMember.group_id)
            .where(LearningGroupMember.person_id == person_id)
        ).all()
    }
    buddies: dict[uuid.UUID, list[uuid.UUID]] = {}
    for pair in session.exec(
        select(BuddyPair).where(
            or_(
                col(BuddyPair.first_person_id) == person_id,
                col(BuddyPair.second_person_id) == person_id,
            )
        )
    ).all():
        buddy = pair.second_person_id if pair.first_person_id == person_id else pair.first_person_id
        buddies.setdefault(pair.cohort_id, []).append(buddy)
    cohort_ids = {cohort for cohort in placed if cohort is not None} | set(groups) | set(buddies)
    if not cohort_ids:
        return []
    cohorts = session.exec(
        select(Cohort).where(col(Cohort.id).in_(cohort_ids)).order_by(col(Cohort.name))
    ).all()
    return [
        CohortMembership(
            cohort_id=cohort.id,
            cohort_name=cohort.name,
            programme_id=cohort.programme_id,
            learning_group=groups.get(cohort.id),
            buddy_ids=sorted(buddies.get(cohort.id, []), key=str),
        )
        for cohort in cohorts
    ]


def _workshops(session: Session, person_id: uuid.UUID) -> list[WorkshopOfPerson]:
    """Workshops booked for them, run by them, with their attendance or their evaluation."""
    booked = _workshop_ids(session, WorkshopBooking, person_id)
    facilitating = _workshop_ids(session, WorkshopFacilitator, person_id)
    evaluated = _workshop_ids(session, EvaluationReceipt, person_id)
    attendance = dict(
        session.exec(
            select(Attendance.workshop_id, Attendance.status).where(
                Attendance.person_id == person_id
            )
        ).all()
    )
    ids = booked | facilitating | evaluated | set(attendance)
    if not ids:
        return []
    workshops = session.exec(
        select(Workshop).where(col(Workshop.id).in_(ids)).order_by(col(Workshop.starts_at))
    ).all()
    return [
        WorkshopOfPerson(
            workshop_id=workshop.id,
            cohort_id=workshop.cohort_id,
            title=workshop.title,
            kind=workshop.kind,
            starts_at=workshop.starts_at,
            ends_at=workshop.ends_at,
            booked=workshop.id in booked,
            facilitating=workshop.id in facilitating,
            attendance=attendance.get(workshop.id),
            evaluated=workshop.id in evaluated,
        )
        for workshop in workshops
    ]


def _sparring_meetings(session: Session, person_id: uuid.UUID) -> list[SparringInvitationOfPerson]:
    rows = session.exec(
        select(SparringMeeting, SparringInvitation.status)
        .join(SparringInvitation, col(SparringInvitation.meeting_id) == col(SparringMeeting.id))
        .where(SparringInvitation.person_id == person_id)
        .order_by(col(SparringMeeting.starts_at), col(SparringMeeting.id))
    ).all()
    return [
        SparringInvitationOfPerson(
            meeting_id=meeting.id,
            programme_id=meeting.programme_id,
            title=meeting.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            cancelled=meeting.status == SparringStatus.cancelled,
            attendance=status,
        )
        for meeting, status in rows
    ]


def _workshop_ids(
    session: Session,
    model: type[WorkshopBooking] | type[WorkshopFacilitator] | type[EvaluationReceipt],
    person_id: uuid.UUID,
) -> set[uuid.UUID]:
    return set(session.exec(select(model.workshop_id).where(model.person_id == person_id)).all())


def owned_project_ids(session: Session, person_id: uuid.UUID) -> list[uuid.UUID]:
    """The projects the person owns or co-owns."""
    return list(
        session.exec(
            select(ProjectOwner.project_id).where(ProjectOwner.person_id == person_id)
        ).all()
    )


def _projects(session: Session, person_id: uuid.UUID) -> list[ProjectExport]:
    project_ids = owned_project_ids(session, person_id)
    if not project_ids:
        return []
    projects = session.exec(
        select(ActionLearningProject)
        .where(col(ActionLearningProject.id).in_(project_ids))
        .order_by(col(ActionLearningProject.created_at), col(ActionLearningProject.id))
    ).all()
    owners: dict[uuid.UUID, list[uuid.UUID]] = {}
    for project_id, owner_id in session.exec(
        select(ProjectOwner.project_id, ProjectOwner.person_id).where(
            col(ProjectOwner.project_id).in_(project_ids)
        )
    ).all():
        owners.setdefault(project_id, []).append(owner_id)
    invited: dict[uuid.UUID, list[uuid.UUID]] = {}
    for project_id, person_id in session.exec(
        select(ProjectInvitation.project_id, ProjectInvitation.person_id).where(
            col(ProjectInvitation.project_id).in_(project_ids)
        )
    ).all():
        invited.setdefault(project_id, []).append(person_id)
    actions = session.exec(
        select(TrialAction)
        .where(col(TrialAction.project_id).in_(project_ids))
        .order_by(col(TrialAction.created_at), col(TrialAction.id))
    ).all()
    received = _feedback_on(session, [action.id for action in actions])
    return [
        ProjectExport(
            **project.model_dump(exclude={"municipality_id"}),
            owner_ids=sorted(owners.get(project.id, []), key=str),
            invited_ids=sorted(invited.get(project.id, []), key=str),
            trial_actions=[
                TrialActionExport(
                    **TrialActionRead.model_validate(action).model_dump(),
                    feedback_received=received.get(action.id, []),
                )
                for action in actions
                if action.project_id == project.id
            ],
        )
        for project in projects
    ]


def _feedback_on(
    session: Session, trial_action_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[FeedbackReceived]]:
    if not trial_action_ids:
        return {}
    rows = session.exec(
        select(TrialActionFeedback, Person.name)
        .join(Person, col(Person.id) == TrialActionFeedback.author_id)
        .where(col(TrialActionFeedback.trial_action_id).in_(trial_action_ids))
        .order_by(col(TrialActionFeedback.created_at), col(TrialActionFeedback.id))
    ).all()
    found: dict[uuid.UUID, list[FeedbackReceived]] = {}
    for feedback, author_name in rows:
        found.setdefault(feedback.trial_action_id, []).append(
            FeedbackReceived(
                id=feedback.id,
                trial_action_id=feedback.trial_action_id,
                kind=feedback.kind,
                what_worked=feedback.what_worked,
                try_next=feedback.try_next,
                rating=feedback.rating,
                author_id=feedback.author_id,
                author_name=author_name,
                created_at=feedback.created_at,
            )
        )
    return found


def _feedback_given(session: Session, person_id: uuid.UUID) -> list[FeedbackRead]:
    rows = session.exec(
        select(TrialActionFeedback, TrialAction.project_id)
        .join(TrialAction, col(TrialAction.id) == TrialActionFeedback.trial_action_id)
        .where(TrialActionFeedback.author_id == person_id)
        .order_by(col(TrialActionFeedback.created_at), col(TrialActionFeedback.id))
    ).all()
    return [
        FeedbackRead.model_validate(
            {**feedback.model_dump(exclude={"municipality_id"}), "project_id": project_id}
        )
        for feedback, project_id in rows
    ]


def _invitations(session: Session, person_id: uuid.UUID) -> list[InvitationReceived]:
    rows = session.exec(
        select(FeedbackInvitation)
        .where(FeedbackInvitation.invitee_id == person_id)
        .order_by(col(FeedbackInvitation.created_at))
    ).all()
    return [
        InvitationReceived(
            trial_action_id=row.trial_action_id,
            invited_by_id=row.invited_by_id,
            created_at=row.created_at,
        )
        for row in rows
    ]


def _follow_ups(session: Session, person_id: uuid.UUID) -> list[FollowUpRead]:
    rows = session.exec(
        select(TransferFollowUp, Programme.id, Programme.title)
        .join(Enrolment, col(Enrolment.id) == TransferFollowUp.enrolment_id)
        .join(Programme, col(Programme.id) == Enrolment.programme_id)
        .where(TransferFollowUp.person_id == person_id)
        .order_by(col(TransferFollowUp.due_on), col(TransferFollowUp.id))
    ).all()
    return [
        FollowUpRead.model_validate(
            {
                **follow_up.model_dump(exclude={"municipality_id"}),
                "programme_id": programme_id,
                "programme_title": title,
            }
        )
        for follow_up, programme_id, title in rows
    ]


def _self_assessments(session: Session, person_id: uuid.UUID) -> list[SelfAssessmentExport]:
    rows = session.exec(
        select(SelfAssessment)
        .where(SelfAssessment.person_id == person_id)
        .order_by(col(SelfAssessment.answered_at), col(SelfAssessment.id))
    ).all()
    return [SelfAssessmentExport.model_validate(row) for row in rows]


def _calendar_feed(session: Session, person_id: uuid.UUID) -> CalendarFeedExport | None:
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.person_id == person_id)).first()
    return None if feed is None else CalendarFeedExport(created_at=feed.created_at)


def _audit_events(
    session: Session, object_type: AuditObject, object_ids: Iterable[uuid.UUID]
) -> list[AuditEventRead]:
    ids = list(object_ids)
    if not ids:
        return []
    rows = session.exec(
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type.value, col(AuditEvent.object_id).in_(ids))
        .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
    ).all()
    return [AuditEventRead.model_validate(row) for row in rows]

"""Export (GDPR art. 15), erasure (art. 17) and the retention of leavers' data.

An erasure removes what identifies the person and what they wrote about themselves, and
keeps their row as a pseudonym: enrolments, attendance, evaluations and projects keep
counting in the statistics (the record key does not change), and feedback they gave keeps
its content under the marker name. docs/privacy.md says what is kept and why.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectInvitation,
    ProjectOwner,
    TrialAction,
)
from praksis.audit.trail import AuditAction, AuditObject, record
from praksis.cohorts.models import Cohort, CohortFacilitator, CohortStatus
from praksis.development.models import Credential, DevelopmentGoal
from praksis.enrolments.models import Enrolment, EnrolmentRequest
from praksis.feedback.models import FeedbackInvitation, TransferFollowUp, TrialActionFeedback
from praksis.kit.auth import Principal
from praksis.kit.context import TenantContext
from praksis.kit.db import locking, tenant_session, utc_now
from praksis.kit.errors import Conflict
from praksis.kit.permissions import Permission, Role
from praksis.kit.runtime import MunicipalityInfo
from praksis.municipalities.models import Municipality
from praksis.notifications.models import Notification, NotificationPreference
from praksis.people.models import OrgUnit, OrgUnitLeader, Person
from praksis.people.schemas import PersonRead
from praksis.people.service import refuse_if_erased, require_person
from praksis.privacy.export import owned_project_ids, personal_data
from praksis.privacy.schemas import PersonalDataExport
from praksis.programmes.models import ProgrammeInterest
from praksis.workshops.models import CalendarFeed, Workshop, WorkshopFacilitator, WorkshopStatus

# An erased person's name, in the municipality's language; clients show `erased_at` people
# as "former employee" in the reader's own.
FORMER_EMPLOYEE = {"DK": "Tidligere medarbejder", "NO": "Tidligere medarbeider"}
RETENTION_JOB = "praksis erase-leavers"


class ErasureBlocked(Conflict):
    slug, title = "erasure-blocked", "Erasure blocked"


# --- export ----------------------------------------------------------------------------------


def export_person(context: TenantContext, person_id: uuid.UUID) -> PersonalDataExport:
    """Everything held on a person of the municipality (HR), or 404."""
    person = require_person(context.session, person_id)
    return personal_data(context.session, person, context.municipality)


def export_my_data(context: TenantContext) -> PersonalDataExport:
    """Everything held on the caller (an integration is no person: 403)."""
    person = require_person(context.session, context.person_id)
    return personal_data(context.session, person, context.municipality)


# --- erasure ---------------------------------------------------------------------------------


def erase_person(context: TenantContext, person_id: uuid.UUID) -> PersonRead:
    """Erase the person's personal data, keeping their row as a pseudonym (see the module).

    Refused (409) while they lead a unit or facilitate a cohort or workshop that is not over:
    someone must take that over first, since others rely on it by name."""
    session = context.session
    person = require_person(session, person_id)
    session.exec(locking(select(Person).where(Person.id == person.id))).first()
    refuse_if_erased(person)
    _refuse_while_relied_on(session, person)
    cleared = _pseudonymise(session, person, context.municipality)
    cleared |= _clear_own_texts(session, person.id)
    cleared |= _delete_notifications(session, person.id)
    record(context, AuditAction.person_erased, AuditObject.person, person.id, {}, cleared)
    session.flush()
    return PersonRead.model_validate(person)


def _delete_notifications(session: Session, person_id: uuid.UUID) -> dict[str, Any]:
    """The e-mails to the person and those that name them (a leader told of their request,
    a colleague of their wish for feedback), sent or not, and their notification choice."""
    deleted = session.execute(
        delete(Notification).where(
            or_(
                col(Notification.person_id) == person_id,
                col(Notification.about_person_id) == person_id,
            )
        )
    )
    session.execute(
        delete(NotificationPreference).where(col(NotificationPreference.person_id) == person_id)
    )
    return {"notifications_deleted": int(getattr(deleted, "rowcount", 0))}


def _refuse_while_relied_on(session: Session, person: Person) -> None:
    reasons = []
    units = session.exec(
        select(OrgUnit.name)
        .join(OrgUnitLeader, col(OrgUnitLeader.org_unit_id) == OrgUnit.id)
        .where(OrgUnitLeader.person_id == person.id)
        .order_by(col(OrgUnit.name))
    ).all()
    if units:
        reasons.append(f"leads {_listed(units)} (appoint another leader first)")
    cohorts = session.exec(
        select(Cohort.name)
        .join(CohortFacilitator, col(CohortFacilitator.cohort_id) == Cohort.id)
        .where(
            CohortFacilitator.person_id == person.id,
            col(Cohort.status).in_((CohortStatus.planned, CohortStatus.running)),
        )
        .order_by(col(Cohort.name))
    ).all()
    if cohorts:
        reasons.append(f"facilitates the cohort(s) {_listed(cohorts)}, which are not over")
    workshops = session.exec(
        select(Workshop.title)
        .join(WorkshopFacilitator, col(WorkshopFacilitator.workshop_id) == Workshop.id)
        .where(
            WorkshopFacilitator.person_id == person.id,
            Workshop.status == WorkshopStatus.scheduled,
            col(Workshop.ends_at) > utc_now(),
        )
        .order_by(col(Workshop.starts_at))
    ).all()
    if workshops:
        reasons.append(f"facilitates the coming workshop(s) {_listed(workshops)}")
    if reasons:
        raise ErasureBlocked(
            f"Person {person.id} cannot be erased yet: they {'; '.join(reasons)}. "
            "Hand these over, then erase again; nothing was changed."
        )


def _listed(names: Any) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _pseudonymise(
    session: Session, person: Person, municipality: MunicipalityInfo
) -> dict[str, Any]:
    """The person row becomes a pseudonym: the marker name, nothing that identifies them,
    no sign-in (a later sign-in of their subject becomes a new person). Their unit, record
    key and creation time stay: the statistics count them by these."""
    person.name = FORMER_EMPLOYEE.get(municipality.country, FORMER_EMPLOYEE["DK"])
    person.email = None
    person.job_title = None
    person.external_id = None
    person.subject = None
    person.left_on = None
    person.erased_at = person.updated_at = utc_now()
    session.add(person)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.person_id == person.id)).first()
    if feed is not None:
        session.delete(feed)
    invitations: list[Any] = [
        *session.exec(
            select(FeedbackInvitation).where(FeedbackInvitation.invitee_id == person.id)
        ).all(),
        # asked to co-own a project: a former employee will not accept
        *session.exec(
            select(ProjectInvitation).where(ProjectInvitation.person_id == person.id)
        ).all(),
    ]
    for invitation in invitations:
        session.delete(invitation)
    interests = session.exec(
        select(ProgrammeInterest).where(ProgrammeInterest.person_id == person.id)
    ).all()
    for interest in interests:  # a former employee will not take part
        session.delete(interest)
    return {
        "cleared": ["name", "email", "job_title", "external_id", "sign_in", "left_on"],
        "calendar_feed_revoked": feed is not None,
        "invitations_removed": len(invitations),
        "interests_removed": len(interests),
    }


def _clear_own_texts(session: Session, person_id: uuid.UUID) -> dict[str, Any]:
    """Free text about the person: their enrolments' justification, team challenge,
    decision note and withdrawal note, their requests' motivation and answer, their follow-up
    answers' examples, and their own projects (no owner left who is not erased): texts, trial
    actions' texts and the feedback's texts on those (ratings and kinds stay: the statistics
    count them). Projects shared with a colleague stay as they are: they are the colleague's
    work too.

    Each row is locked before it is changed, children after parents (docs/concurrency.md), so
    a decision or an edit at the same moment is not lost under the cleared text, nor written
    over it."""
    enrolments = session.exec(
        locking(
            select(Enrolment)
            .where(Enrolment.person_id == person_id)
            .order_by(col(Enrolment.created_at), col(Enrolment.id))
        )
    ).all()
    for enrolment in enrolments:
        enrolment.justification = enrolment.team_challenge = enrolment.decision_note = ""
        enrolment.withdrawal_note = ""
        session.add(enrolment)
    requests = session.exec(
        locking(
            select(EnrolmentRequest)
            .where(EnrolmentRequest.person_id == person_id)
            .order_by(col(EnrolmentRequest.id))
        )
    ).all()
    for request in requests:
        request.motivation = request.decision_note = ""
        session.add(request)
    follow_ups = session.exec(
        locking(
            select(TransferFollowUp)
            .where(TransferFollowUp.person_id == person_id)
            .order_by(col(TransferFollowUp.id))
        )
    ).all()
    for follow_up in follow_ups:
        follow_up.examples = ""
        session.add(follow_up)
    projects = _projects_left_to(session, person_id)
    for project in projects:
        _clear_project(session, project)
    return {
        "enrolments_cleared": len(enrolments),
        "follow_ups_cleared": len(follow_ups),
        "projects_cleared": len(projects),
        **_remove_development(session, person_id),
    }


def _remove_development(session: Session, person_id: uuid.UUID) -> dict[str, Any]:
    """Their development goals (texts about them; their links go with them) and credentials
    are removed: no statistics count them. Self-assessment scores stay, as a pseudonym's
    (the level 2 figures count them)."""
    goals = session.exec(
        locking(
            select(DevelopmentGoal)
            .where(DevelopmentGoal.person_id == person_id)
            .order_by(col(DevelopmentGoal.id))
        )
    ).all()
    credentials = session.exec(select(Credential).where(Credential.person_id == person_id)).all()
    for row in [*goals, *credentials]:
        session.delete(row)
    return {"goals_removed": len(goals), "credentials_removed": len(credentials)}


def _projects_left_to(session: Session, person_id: uuid.UUID) -> list[ActionLearningProject]:
    """The person's projects whose other owners (if any) are all erased."""
    project_ids = owned_project_ids(session, person_id)
    if not project_ids:
        return []
    shared = set(
        session.exec(
            select(ProjectOwner.project_id)
            .join(Person, col(Person.id) == ProjectOwner.person_id)
            .where(
                col(ProjectOwner.project_id).in_(project_ids),
                ProjectOwner.person_id != person_id,
                col(Person.erased_at).is_(None),
            )
        ).all()
    )
    own = [project_id for project_id in project_ids if project_id not in shared]
    if not own:
        return []
    return list(
        session.exec(
            locking(
                select(ActionLearningProject)
                .where(col(ActionLearningProject.id).in_(own))
                .order_by(col(ActionLearningProject.id))
            )
        ).all()
    )


def _clear_project(session: Session, project: ActionLearningProject) -> None:
    project.title = project.challenge = project.goal = project.outcome = ""
    project.updated_at = utc_now()
    session.add(project)
    actions = session.exec(
        locking(
            select(TrialAction)
            .where(TrialAction.project_id == project.id)
            .order_by(col(TrialAction.id))
        )
    ).all()
    for action in actions:
        action.title = action.plan = action.with_whom_note = ""
        action.what_happened = action.reflection = ""
        action.updated_at = utc_now()
        session.add(action)
    if not actions:
        return
    feedback = session.exec(
        select(TrialActionFeedback).where(
            col(TrialActionFeedback.trial_action_id).in_([action.id for action in actions])
        )
    ).all()
    for item in feedback:
        item.what_worked = item.try_next = ""
        session.add(item)


# --- retention -------------------------------------------------------------------------------


@dataclass
class LeaversReport:
    """What ``erase_leavers`` did in one municipality."""

    erased: list[uuid.UUID] = field(default_factory=list)
    blocked: dict[uuid.UUID, str] = field(default_factory=dict)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def erase_leavers(
    engine: Engine, app_role: str, months: int, today: date, *, dry_run: bool = False
) -> dict[str, LeaversReport]:
    """Erase everyone who left more than ``months`` months before ``today``, each
    municipality in its own tenant transaction. A leaver someone still relies on (see
    ``erase_person``) is reported as blocked and left for a later run."""
    cutoff = months_before(today, months)
    reports: dict[str, LeaversReport] = {}
    for municipality in _municipalities(engine):
        with _retention_context(engine, app_role, municipality) as context:
            reports[municipality.id] = _erase_leavers_in(context, cutoff, dry_run=dry_run)
    return reports


def _erase_leavers_in(context: TenantContext, cutoff: date, *, dry_run: bool) -> LeaversReport:
    report = LeaversReport()
    leavers = context.session.exec(
        select(Person.id)
        .where(col(Person.left_on) < cutoff, col(Person.erased_at).is_(None))
        .order_by(col(Person.left_on), col(Person.id))
    ).all()
    for person_id in leavers:
        try:
            if dry_run:
                _refuse_while_relied_on(context.session, require_person(context.session, person_id))
            else:
                erase_person(context, person_id)
        except ErasureBlocked as blocked:
            report.blocked[person_id] = blocked.detail
            continue
        report.erased.append(person_id)
    return report


def _municipalities(engine: Engine) -> list[MunicipalityInfo]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Municipality.id, Municipality.name, Municipality.country, Municipality.time_zone
            ).order_by(col(Municipality.id))
        ).all()
    return [MunicipalityInfo(*row) for row in rows]


@contextmanager
def _retention_context(
    engine: Engine, app_role: str, municipality: MunicipalityInfo
) -> Iterator[TenantContext]:
    """The retention job's context in one municipality: a service (no person), recorded in
    the audit trail as ``praksis erase-leavers``; committed when the block ends."""
    principal = Principal(
        issuer="praksis",
        subject=RETENTION_JOB,
        tenant=municipality.id,
        roles=frozenset({Role.integration}),
        permissions=frozenset({Permission.people_erase}),
    )
    with tenant_session(engine, municipality.id, app_role) as session:
        yield TenantContext.over_session(principal, municipality, None, session)

"""Feedback: on trial actions, anonymous workshop evaluations and transfer follow-ups.

From the seeds: buddies "giver hinanden konstruktiv feedback på prøvehandlingerne" (Hedensted),
participants "give og modtage feedback fra kollegaer" (KL pilot). Who may give which kind is
decided by the relation to the trial action's owners; nobody changes someone else's feedback.
Workshop evaluations are anonymous: the answer and the fact that someone answered are stored
apart, and results are shown only as aggregates once enough have answered. Follow-ups ask
completers, some time after the programme ended, whether they use what they learnt
(Kirkpatrick level 3).
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, exists, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, or_, select

from praksis.action_learning import service as projects
from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectOwner,
    TrialAction,
    TrialActionStatus,
)
from praksis.cohorts import service as cohorts_service
from praksis.cohorts.models import BuddyPair, LearningGroupMember
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import (
    EvaluationReceipt,
    EvaluationRelease,
    FeedbackInvitation,
    FeedbackKind,
    TransferFollowUp,
    TrialActionFeedback,
    WorkshopEvaluation,
)
from praksis.feedback.schemas import (
    MIN_RESPONSES_FOR_RESULTS,
    EvaluationResults,
    EvaluationSummary,
    FeedbackCreate,
    FeedbackRead,
    FeedbackToGive,
    FeedbackUpdate,
    FollowUpAnswer,
    FollowUpRead,
    InvitationCreate,
    InvitationRead,
    PersonName,
    QuestionResults,
    TeamFollowUpRead,
    WorkshopEvaluationCreate,
    WorkshopEvaluationDue,
)
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import locking, utc_now
from praksis.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from praksis.kit.jobs import JobRuntime, job_context
from praksis.kit.lookups import row_or_404
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.permissions import Permission, Role
from praksis.kit.reads import TenantList
from praksis.municipalities.service import list_municipalities
from praksis.people import service as people_service
from praksis.people.models import Person
from praksis.programmes.models import Programme
from praksis.workshops import service as workshops_service
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

log = logging.getLogger(__name__)

# --- feedback on trial actions -----------------------------------------------------------------

FEEDBACK_ORDER = (TrialActionFeedback.id,)
FEEDBACK_COLUMNS: tuple[Any, ...] = (
    *(
        getattr(TrialActionFeedback, name)
        for name in FeedbackRead.model_fields
        if name != "project_id"
    ),
    TrialAction.project_id,
)
# What a leader of the owners reads without it being shared with them.
ALWAYS_FOR_LEADERS = (FeedbackKind.leader,)


def _trial_action(session: Session, trial_action_id: uuid.UUID) -> TrialAction:
    return row_or_404(
        session,
        TrialAction,
        trial_action_id,
        missing=f"Trial action {trial_action_id} was not found.",
    )


def _project(session: Session, project_id: uuid.UUID) -> ActionLearningProject:
    return row_or_404(
        session, ActionLearningProject, project_id, missing=f"Project {project_id} was not found."
    )


def _sees_trial_action(context: TenantContext, action: TrialAction) -> bool:
    try:
        projects.get_visible_trial_action(context, action.project_id, action.id)
    except NotFound:
        return False
    return True


def _refuse(context: TenantContext, action: TrialAction, reason: str) -> Forbidden | NotFound:
    """403 for someone who may see the trial action, 404 for anyone else (as if absent)."""
    if _sees_trial_action(context, action):
        return Forbidden(reason)
    return NotFound(f"Trial action {action.id} was not found.")


def _may_give(context: TenantContext, action: TrialAction, kind: FeedbackKind) -> bool:
    session, me = context.session, context.person_id
    owners = projects.project_owner_ids(session, action.project_id)
    if kind in (FeedbackKind.buddy, FeedbackKind.learning_group, FeedbackKind.facilitator):
        # buddies, learning groups and facilitators belong to a cohort: the project's
        cohort_id = _project(session, action.project_id).cohort_id
        if cohort_id is None:
            return False
        if kind is FeedbackKind.facilitator:
            return me in cohorts_service.facilitator_ids(session, cohort_id)
        if kind is FeedbackKind.buddy:
            return me in projects.buddy_ids_of(session, owners, cohort_id)
        return me in projects.learning_group_member_ids_of(session, owners, cohort_id)
    if kind is FeedbackKind.leader:
        return me in projects.leader_ids_of(session, owners)
    invited = session.exec(
        select(FeedbackInvitation.id).where(
            FeedbackInvitation.trial_action_id == action.id,
            FeedbackInvitation.invitee_id == me,
        )
    ).first()
    return invited is not None


def give_feedback(context: TenantContext, data: FeedbackCreate) -> FeedbackRead:
    """Feedback on someone else's trial action, in a role the author really has: the owners'
    buddy (in the project's cohort), a member of an owner's learning group, an owner's
    leader, a facilitator of the project's cohort, or a colleague an owner invited for this
    trial action."""
    session = context.session
    action = _trial_action(session, data.trial_action_id)
    if context.person_id in projects.project_owner_ids(session, action.project_id):
        raise Forbidden("You cannot give feedback on your own trial action.")
    if not _may_give(context, action, data.kind):
        raise _refuse(context, action, f"You may not give {data.kind.value} feedback here.")
    feedback = TrialActionFeedback(author_id=context.person_id, **data.model_dump())
    session.add(feedback)
    session.flush()
    return _feedback_read(feedback, action.project_id)


def _feedback_read(feedback: TrialActionFeedback, project_id: uuid.UUID) -> FeedbackRead:
    return FeedbackRead.model_validate(
        {**feedback.model_dump(exclude={"municipality_id"}), "project_id": project_id}
    )


def _own_trial_action_ids(session: Session, person_id: uuid.UUID) -> Any:
    return (
        select(TrialAction.id)
        .join(ProjectOwner, col(ProjectOwner.project_id) == col(TrialAction.project_id))
        .where(ProjectOwner.person_id == person_id)
    )


def _visible_feedback(context: TenantContext) -> ColumnElement[bool] | None:
    """Which feedback the caller reads (``None``: all): their own, that on their trial
    actions, and as a leader of an owner the leader's kind or what was shared with leaders."""
    if Role.hr_admin in context.principal.roles:
        return None
    session, me = context.session, context.person_id
    clauses: list[ColumnElement[bool]] = [
        col(TrialActionFeedback.author_id) == me,
        col(TrialActionFeedback.trial_action_id).in_(_own_trial_action_ids(session, me)),
    ]
    team = people_service.team_member_ids(session, me) - {me}
    if team:
        led_actions = (
            select(TrialAction.id)
            .join(ProjectOwner, col(ProjectOwner.project_id) == col(TrialAction.project_id))
            .where(col(ProjectOwner.person_id).in_(team))
        )
        clauses.append(
            col(TrialActionFeedback.trial_action_id).in_(led_actions)
            & (
                col(TrialActionFeedback.shared_with_leader)
                | col(TrialActionFeedback.kind).in_(ALWAYS_FOR_LEADERS)
            )
        )
    return or_(*clauses)


def list_feedback(
    context: TenantContext,
    page: PageRequest,
    *,
    trial_action_id: uuid.UUID | None = None,
    given: bool | None = None,
    received: bool | None = None,
) -> tuple[list[Any], str | None]:
    session, me = context.session, context.person_id
    statement = select(*FEEDBACK_COLUMNS).join(
        TrialAction, col(TrialAction.id) == col(TrialActionFeedback.trial_action_id)
    )
    visible = _visible_feedback(context)
    if visible is not None:
        statement = statement.where(visible)
    if trial_action_id is not None:
        statement = statement.where(TrialActionFeedback.trial_action_id == trial_action_id)
    if given is not None:
        mine = col(TrialActionFeedback.author_id) == me
        statement = statement.where(mine if given else ~mine)
    if received is not None:
        on_mine = col(TrialActionFeedback.trial_action_id).in_(_own_trial_action_ids(session, me))
        statement = statement.where(on_mine if received else ~on_mine)
    return paginate(session, statement, FEEDBACK_ORDER, page)


FEEDBACK_LIST = TenantList(FeedbackRead, read=list_feedback)


def _feedback_row(
    context: TenantContext, feedback_id: uuid.UUID, visible_only: bool
) -> tuple[TrialActionFeedback, uuid.UUID] | None:
    statement = (
        select(TrialActionFeedback, TrialAction.project_id)
        .join(TrialAction, col(TrialAction.id) == col(TrialActionFeedback.trial_action_id))
        .where(TrialActionFeedback.id == feedback_id)
    )
    if visible_only and (visible := _visible_feedback(context)) is not None:
        statement = statement.where(visible)
    row = context.session.exec(statement).first()
    return None if row is None else (row[0], row[1])


def get_feedback(context: TenantContext, feedback_id: uuid.UUID) -> FeedbackRead:
    """The feedback if the caller may read it; 404 otherwise, as if it did not exist."""
    feedback, project_id = _readable(context, feedback_id)
    return _feedback_read(feedback, project_id)


def _readable(
    context: TenantContext, feedback_id: uuid.UUID
) -> tuple[TrialActionFeedback, uuid.UUID]:
    row = _feedback_row(context, feedback_id, visible_only=True)
    if row is None:
        raise NotFound(f"Feedback {feedback_id} was not found.")
    return row


def _authored(
    context: TenantContext, feedback_id: uuid.UUID
) -> tuple[TrialActionFeedback, uuid.UUID]:
    feedback, project_id = _readable(context, feedback_id)
    if feedback.author_id != context.person_id:
        raise Forbidden("Only the author may change or delete their feedback.")
    return feedback, project_id


def update_feedback(
    context: TenantContext, feedback_id: uuid.UUID, changes: FeedbackUpdate
) -> FeedbackRead:
    feedback, project_id = _authored(context, feedback_id)
    apply_changes(feedback, changes.model_dump(exclude_unset=True))
    context.session.add(feedback)
    context.session.flush()
    return _feedback_read(feedback, project_id)


def delete_feedback(context: TenantContext, feedback_id: uuid.UUID) -> None:
    feedback, _project_id = _authored(context, feedback_id)
    context.session.delete(feedback)
    context.session.flush()


# --- what the caller may give feedback on ------------------------------------------------------

TO_GIVE_ORDER = (TrialAction.id,)
TO_GIVE_COLUMNS: tuple[Any, ...] = (
    TrialAction.id,
    TrialAction.project_id,
    TrialAction.title,
    TrialAction.what_happened,
    TrialAction.reflection,
    col(ActionLearningProject.title).label("project_title"),
    ActionLearningProject.cohort_id,
)


def _cohort_peers(
    session: Session, me: uuid.UUID
) -> dict[uuid.UUID, dict[uuid.UUID, FeedbackKind]]:
    """Per cohort, the people the caller gives feedback to and in which role: their buddies
    (first) and the other members of their learning groups."""
    mine = aliased(LearningGroupMember)
    theirs = aliased(LearningGroupMember)
    peers: dict[uuid.UUID, dict[uuid.UUID, FeedbackKind]] = {}
    for cohort_id, person_id in session.exec(
        select(theirs.cohort_id, theirs.person_id)
        .join(mine, col(mine.group_id) == col(theirs.group_id))
        .where(mine.person_id == me, theirs.person_id != me)
    ).all():
        peers.setdefault(cohort_id, {})[person_id] = FeedbackKind.learning_group
    for cohort_id, first, second in session.exec(
        select(BuddyPair.cohort_id, BuddyPair.first_person_id, BuddyPair.second_person_id).where(
            or_(BuddyPair.first_person_id == me, BuddyPair.second_person_id == me)
        )
    ).all():
        peers.setdefault(cohort_id, {})[second if first == me else first] = FeedbackKind.buddy
    return peers


def list_feedback_to_give(
    context: TenantContext, page: PageRequest
) -> tuple[list[FeedbackToGive], str | None]:
    """The done trial actions of the caller's buddies and learning-group members in the
    projects' cohorts, and of every project in the cohorts the caller facilitates (never the
    caller's own), with the kinds they may give."""
    session, me = context.session, context.person_id
    peers = _cohort_peers(session, me)
    facilitated = cohorts_service.cohorts_facilitated_by(session, me)
    if not peers and not facilitated:
        return [], None
    owner = aliased(ProjectOwner)
    by_peer = [
        and_(
            col(ActionLearningProject.cohort_id) == cohort_id,
            exists().where(
                col(owner.project_id) == col(ActionLearningProject.id),
                col(owner.person_id).in_(people),
            ),
        )
        for cohort_id, people in peers.items()
    ]
    by_peer.append(col(ActionLearningProject.cohort_id).in_(sorted(facilitated)))
    statement = (
        select(*TO_GIVE_COLUMNS)
        .join(ActionLearningProject, col(ActionLearningProject.id) == col(TrialAction.project_id))
        .where(
            TrialAction.status == TrialActionStatus.done,
            or_(*by_peer),
            col(TrialAction.project_id).not_in(
                select(ProjectOwner.project_id).where(ProjectOwner.person_id == me)
            ),
        )
    )
    rows, next_cursor = paginate(session, statement, TO_GIVE_ORDER, page)
    owners = _owner_names(session, {row.project_id for row in rows})
    given = _feedback_counts_by(session, me, [row.id for row in rows])
    return [
        FeedbackToGive(
            trial_action_id=row.id,
            trial_action_title=row.title,
            what_happened=row.what_happened,
            reflection=row.reflection,
            project_id=row.project_id,
            project_title=row.project_title,
            owners=owners.get(row.project_id, []),
            kinds=_kinds_towards(peers.get(row.cohort_id, {}), owners.get(row.project_id, []))
            + ([FeedbackKind.facilitator] if row.cohort_id in facilitated else []),
            given_by_me=given.get(row.id, 0),
        )
        for row in rows
    ], next_cursor


TO_GIVE_LIST = TenantList(FeedbackToGive, read=list_feedback_to_give)


def _kinds_towards(
    peers: dict[uuid.UUID, FeedbackKind], owners: list[PersonName]
) -> list[FeedbackKind]:
    kinds = {peers[person.id] for person in owners if person.id in peers}
    if FeedbackKind.buddy in kinds:
        kinds.add(FeedbackKind.learning_group)  # a buddy is in the same learning group
    return sorted(kinds, key=lambda kind: kind is not FeedbackKind.buddy)


def _owner_names(
    session: Session, project_ids: set[uuid.UUID]
) -> dict[uuid.UUID, list[PersonName]]:
    found: dict[uuid.UUID, list[PersonName]] = {}
    if not project_ids:
        return found
    for project_id, person_id, name in session.exec(
        select(ProjectOwner.project_id, Person.id, Person.name)
        .join(Person, col(Person.id) == col(ProjectOwner.person_id))
        .where(col(ProjectOwner.project_id).in_(project_ids))
        .order_by(col(Person.name), col(Person.id))
    ).all():
        found.setdefault(project_id, []).append(PersonName(id=person_id, name=name))
    return found


def _feedback_counts_by(
    session: Session, author_id: uuid.UUID, trial_action_ids: list[uuid.UUID]
) -> dict[uuid.UUID, int]:
    if not trial_action_ids:
        return {}
    rows = session.exec(
        select(TrialActionFeedback.trial_action_id, func.count())
        .where(
            TrialActionFeedback.author_id == author_id,
            col(TrialActionFeedback.trial_action_id).in_(trial_action_ids),
        )
        .group_by(col(TrialActionFeedback.trial_action_id))
    ).all()
    return dict(rows)


# --- invitations -------------------------------------------------------------------------------

INVITATION_ORDER = (FeedbackInvitation.id,)
INVITATION_COLUMNS: tuple[Any, ...] = (
    FeedbackInvitation.id,
    FeedbackInvitation.trial_action_id,
    col(TrialAction.title).label("trial_action_title"),
    FeedbackInvitation.invitee_id,
    FeedbackInvitation.invited_by_id,
    FeedbackInvitation.created_at,
)


def invite_colleague(context: TenantContext, data: InvitationCreate) -> InvitationRead:
    """An owner of the trial action asks a colleague (anyone in the municipality) for
    feedback on it; once per colleague and trial action."""
    session = context.session
    action = _trial_action(session, data.trial_action_id)
    owners = projects.project_owner_ids(session, action.project_id)
    if context.person_id not in owners:
        raise _refuse(context, action, "Only the trial action's owners invite colleagues.")
    people_service.require_current_person(session, data.person_id)
    if data.person_id in owners:
        raise InvalidInput(
            "An owner cannot be invited to give feedback on their own trial action.",
            errors=[{"location": "body.person_id", "message": "is an owner"}],
        )
    already = session.exec(
        select(FeedbackInvitation.id).where(
            FeedbackInvitation.trial_action_id == action.id,
            FeedbackInvitation.invitee_id == data.person_id,
        )
    ).first()
    if already is not None:
        raise Conflict("This colleague is already invited to give feedback on it.")
    invitation = FeedbackInvitation(
        trial_action_id=action.id, invitee_id=data.person_id, invited_by_id=context.person_id
    )
    session.add(invitation)
    session.flush()
    return InvitationRead.model_validate(
        {**invitation.model_dump(exclude={"municipality_id"}), "trial_action_title": action.title}
    )


def list_my_invitations(context: TenantContext, page: PageRequest) -> tuple[list[Any], str | None]:
    """Invitations to the caller, each with the trial action's title only."""
    statement = (
        select(*INVITATION_COLUMNS)
        .join(TrialAction, col(TrialAction.id) == col(FeedbackInvitation.trial_action_id))
        .where(FeedbackInvitation.invitee_id == context.person_id)
    )
    return paginate(context.session, statement, INVITATION_ORDER, page)


INVITATIONS_LIST = TenantList(InvitationRead, read=list_my_invitations)


# --- workshop evaluations ----------------------------------------------------------------------

QUESTIONS = ("relevance", "learning", "usefulness")
_shuffler = random.SystemRandom()


def evaluate_workshop(context: TenantContext, data: WorkshopEvaluationCreate) -> uuid.UUID:
    """An attendee's anonymous evaluation, once each, while the results are not released.

    The receipt (who answered) and the answer are written as two unrelated rows: the answer
    has no author, no time and a random id, so nothing leads from one to the other. The
    workshop's row is held shared meanwhile, so a release waits for the answers in flight
    and an answer after a release is refused.
    """
    session, me = context.session, context.person_id
    workshop = workshops_service.get_workshop(session, data.workshop_id, shared=True)
    present = session.exec(
        select(Attendance.id).where(
            Attendance.workshop_id == workshop.id,
            Attendance.person_id == me,
            Attendance.status == AttendanceStatus.present,
        )
    ).first()
    if present is None:
        raise Forbidden("Only those recorded present at the workshop may evaluate it.")
    if (release := _release_of(session, workshop.id)) is not None:
        raise Conflict(
            f"The results of this workshop's evaluation were released on "
            f"{release.released_at:%Y-%m-%d}; it takes no more answers."
        )
    answered = session.exec(
        select(EvaluationReceipt.id).where(
            EvaluationReceipt.workshop_id == workshop.id, EvaluationReceipt.person_id == me
        )
    ).first()
    if answered is not None:
        raise Conflict("You have already evaluated this workshop.")
    session.add(EvaluationReceipt(workshop_id=workshop.id, person_id=me))
    session.add(WorkshopEvaluation(**data.model_dump()))
    session.flush()
    return workshop.id


def _release_of(session: Session, workshop_id: uuid.UUID) -> EvaluationRelease | None:
    return session.exec(
        select(EvaluationRelease).where(EvaluationRelease.workshop_id == workshop_id)
    ).first()


def release_evaluation(context: TenantContext, workshop_id: uuid.UUID) -> EvaluationSummary:
    """Release a workshop's results, once: the summary shows them (from enough answers) and
    the workshop takes no more answers, so the released figures never change."""
    session = context.session
    workshop = workshops_service.get_workshop(session, workshop_id, for_update=True)
    _require_evaluation_reader(context, workshop)
    if (release := _release_of(session, workshop.id)) is not None:
        raise Conflict(f"The results were released already, on {release.released_at:%Y-%m-%d}.")
    session.add(EvaluationRelease(workshop_id=workshop.id, released_by_id=context.person_id))
    session.flush()
    return evaluation_summary(context, workshop.id)


def _require_evaluation_reader(context: TenantContext, workshop: Workshop) -> None:
    if Role.hr_admin not in context.principal.roles and context.person_id not in (
        workshops_service.facilitator_ids(context.session, workshop)
    ):
        raise Forbidden("Facilitators see the evaluations of their own workshops only.")


EVALUATION_DUE_ORDER = (col(Workshop.starts_at), col(Workshop.id))
EVALUATION_DUE_COLUMNS: tuple[Any, ...] = (
    Workshop.id,
    Workshop.title,
    Workshop.starts_at,
    Workshop.ends_at,
    Workshop.location,
)


def list_evaluations_due(context: TenantContext, page: PageRequest) -> tuple[list[Any], str | None]:
    """Workshops the caller was recorded present at and has not evaluated yet, by time."""
    me = context.person_id
    statement = (
        select(*EVALUATION_DUE_COLUMNS)
        .join(Attendance, col(Attendance.workshop_id) == col(Workshop.id))
        .where(
            Attendance.person_id == me,
            Attendance.status == AttendanceStatus.present,
            col(Workshop.id).not_in(
                select(EvaluationReceipt.workshop_id).where(EvaluationReceipt.person_id == me)
            ),
            col(Workshop.id).not_in(select(EvaluationRelease.workshop_id)),
        )
    )
    return paginate(context.session, statement, EVALUATION_DUE_ORDER, page)


EVALUATIONS_DUE_LIST = TenantList(WorkshopEvaluationDue, read=list_evaluations_due)


def evaluation_summary(context: TenantContext, workshop_id: uuid.UUID) -> EvaluationSummary:
    """Aggregates for HR and the workshop's own facilitators (a leader reads the
    municipality's statistics, not one workshop's answers): how many answered, and the
    results only once released (``release_evaluation``) and from at least
    ``MIN_RESPONSES_FOR_RESULTS`` answers; never who answered what."""
    session = context.session
    workshop = workshops_service.get_workshop(session, workshop_id)
    _require_evaluation_reader(context, workshop)
    release = _release_of(session, workshop.id)
    rows = session.exec(
        select(
            WorkshopEvaluation.relevance,
            WorkshopEvaluation.learning,
            WorkshopEvaluation.usefulness,
            WorkshopEvaluation.comment,
        ).where(WorkshopEvaluation.workshop_id == workshop.id)
    ).all()
    responses = len(rows)
    released_at = None if release is None else release.released_at
    if release is None or responses < MIN_RESPONSES_FOR_RESULTS:
        return EvaluationSummary(
            workshop_id=workshop.id,
            responses=responses,
            released_at=released_at,
            suppressed=True,
            results=None,
            comments=None,
        )
    results = EvaluationResults(
        **{
            question: _question_results([int(row[index]) for row in rows])
            for index, question in enumerate(QUESTIONS)
        }
    )
    comments = [str(row[3]) for row in rows if str(row[3]).strip()]
    _shuffler.shuffle(comments)
    return EvaluationSummary(
        workshop_id=workshop.id,
        responses=responses,
        released_at=released_at,
        suppressed=False,
        results=results,
        comments=comments,
    )


def _question_results(answers: list[int]) -> QuestionResults:
    return QuestionResults(
        average=round(sum(answers) / len(answers), 2),
        distribution=[answers.count(value) for value in range(1, 6)],
    )


# --- transfer follow-ups -----------------------------------------------------------------------

FOLLOW_UP_ORDER = (TransferFollowUp.id,)
FOLLOW_UP_COLUMNS: tuple[Any, ...] = (
    *(
        getattr(TransferFollowUp, name)
        for name in FollowUpRead.model_fields
        if name not in ("programme_id", "programme_title")
    ),
    Enrolment.programme_id,
    col(Programme.title).label("programme_title"),
)


DUE_COLUMNS: tuple[Any, ...] = (
    Enrolment.id,
    Enrolment.person_id,
    Enrolment.completed_at,
    Programme.ends_on,
    Programme.transfer_follow_up_days,
)


def _today(context: TenantContext) -> date:
    return datetime.now(ZoneInfo(context.municipality.time_zone)).date()


def issue_due_follow_ups(
    context: TenantContext, people: Collection[uuid.UUID] | None = None
) -> list[TransferFollowUp]:
    """Issue a follow-up for every completed enrolment completed at least its programme's
    ``transfer_follow_up_days`` ago that has none yet (these people's, or everyone's).

    Idempotent: an enrolment gets one follow-up, due that many days after the day the person
    completed (in the municipality's time zone), whether or not the programme has an end
    date. A completion recorded without its moment (written outside Praksis) is counted
    from the programme's end, if it has one.
    """
    session = context.session
    statement = (
        select(*DUE_COLUMNS)
        .join(Programme, col(Programme.id) == col(Enrolment.programme_id))
        .where(
            Enrolment.status == EnrolmentStatus.completed,
            col(Enrolment.id).not_in(select(TransferFollowUp.enrolment_id)),
        )
    )
    if people is not None:
        statement = statement.where(col(Enrolment.person_id).in_(people))
    zone = ZoneInfo(context.municipality.time_zone)
    today = _today(context)
    issued: list[TransferFollowUp] = []
    for enrolment_id, enrolled_id, completed_at, ends_on, days in session.exec(statement).all():
        completed_on = _completed_on(completed_at, ends_on, zone)
        if completed_on is None:
            continue
        due_on = completed_on + timedelta(days=days)
        if due_on <= today:
            issued.append(
                TransferFollowUp(enrolment_id=enrolment_id, person_id=enrolled_id, due_on=due_on)
            )
    session.add_all(issued)
    session.flush()
    return issued


FOLLOW_UP_JOB = "praksis issue-follow-ups"


def issue_follow_ups_everywhere(runtime: JobRuntime) -> dict[str, int]:
    """The periodic job (``feedback.tasks``): every follow-up that has fallen due, in every
    municipality, each in its own tenant transaction; how many were issued in each. A
    municipality whose transaction fails (a reader issued the same follow-up at that moment)
    is left for the next run; the others go on."""
    issued: dict[str, int] = {}
    for municipality in list_municipalities(runtime.engine):
        try:
            with job_context(
                runtime, municipality, FOLLOW_UP_JOB, {Permission.follow_ups_manage}
            ) as context:
                issued[municipality.id] = len(issue_due_follow_ups(context))
        except IntegrityError:
            log.warning("follow-ups issued concurrently", extra={"municipality": municipality.id})
    return issued


def _completed_on(
    completed_at: datetime | None, ends_on: date | None, zone: ZoneInfo
) -> date | None:
    """The day a person completed: from the moment recorded, else the programme's end."""
    if completed_at is not None:
        return completed_at.astimezone(zone).date()
    return ends_on


def _follow_ups() -> Any:
    return (
        select(*FOLLOW_UP_COLUMNS)
        .join(Enrolment, col(Enrolment.id) == col(TransferFollowUp.enrolment_id))
        .join(Programme, col(Programme.id) == col(Enrolment.programme_id))
    )


def list_my_follow_ups(context: TenantContext, page: PageRequest) -> tuple[list[Any], str | None]:
    """The caller's follow-ups, issuing any that have fallen due since they last looked."""
    issue_due_follow_ups(context, {context.person_id})
    statement = _follow_ups().where(TransferFollowUp.person_id == context.person_id)
    return paginate(context.session, statement, FOLLOW_UP_ORDER, page)


MY_FOLLOW_UPS_LIST = TenantList(FollowUpRead, read=list_my_follow_ups, keeps_changes=True)


TEAM_FOLLOW_UP_COLUMNS: tuple[Any, ...] = tuple(
    column for column in FOLLOW_UP_COLUMNS if getattr(column, "key", None) != "examples"
)


def list_team_follow_ups(context: TenantContext, page: PageRequest) -> tuple[list[Any], str | None]:
    """A leader's team's follow-ups (everyone in the units they lead and below), issuing any
    that have fallen due; without the examples the people wrote."""
    if Role.leader not in context.principal.roles:
        raise Forbidden("Only a leader follows up on a team.")
    team = people_service.team_member_ids(context.session, context.person_id) - {context.person_id}
    issue_due_follow_ups(context, team)
    statement = (
        select(*TEAM_FOLLOW_UP_COLUMNS)
        .join(Enrolment, col(Enrolment.id) == col(TransferFollowUp.enrolment_id))
        .join(Programme, col(Programme.id) == col(Enrolment.programme_id))
        .where(col(TransferFollowUp.person_id).in_(team))
    )
    return paginate(context.session, statement, FOLLOW_UP_ORDER, page)


TEAM_FOLLOW_UPS_LIST = TenantList(TeamFollowUpRead, read=list_team_follow_ups, keeps_changes=True)


def _visible_follow_ups(context: TenantContext) -> ColumnElement[bool] | None:
    if Role.hr_admin in context.principal.roles:
        return None
    return col(TransferFollowUp.person_id) == context.person_id


def get_follow_up(context: TenantContext, follow_up_id: uuid.UUID) -> FollowUpRead:
    """The person's own follow-up (HR: any); 404 for anyone else."""
    statement = _follow_ups().where(TransferFollowUp.id == follow_up_id)
    visible = _visible_follow_ups(context)
    if visible is not None:
        statement = statement.where(visible)
    row = context.session.exec(statement).first()
    if row is None:
        raise NotFound(f"Follow-up {follow_up_id} was not found.")
    return FollowUpRead.model_validate(row)


def answer_follow_up(
    context: TenantContext, follow_up_id: uuid.UUID, data: FollowUpAnswer
) -> FollowUpRead:
    """Only the person themselves answers, and only once."""
    session = context.session
    # locked and read again: of two answers at once, the second sees the first
    follow_up = session.exec(
        locking(select(TransferFollowUp).where(TransferFollowUp.id == follow_up_id))
    ).first()
    if follow_up is None or not _may_see_follow_up(context, follow_up):
        raise NotFound(f"Follow-up {follow_up_id} was not found.")
    if follow_up.person_id != context.person_id:
        raise Forbidden("Only the person asked answers their follow-up.")
    if follow_up.answered_at is not None:
        raise Conflict("This follow-up has already been answered.")
    follow_up.usage = data.usage
    follow_up.examples = data.examples
    follow_up.answered_at = utc_now()
    session.add(follow_up)
    session.flush()
    return get_follow_up(context, follow_up_id)


def _may_see_follow_up(context: TenantContext, follow_up: TransferFollowUp) -> bool:
    return Role.hr_admin in context.principal.roles or follow_up.person_id == context.person_id

"""Development goals, the development plan, programme awards, credentials and
self-assessments.

From the seeds: "Lederne hjælper medarbejderne til selv at sætte mål for det, de gerne vil
være dygtigere til" (Vesthimmerland), reviewed at the annual conversation (MUS); Horsens' 21
of borgerservice "kan kalde sig specialister i borgerkontakt". A person's goals, plan and
credentials are seen by the person, their leaders (of their unit and the units above:
``people.service.team_member_ids``) and HR; by anyone else not at all (404). Self-assessments
are the participant's own; the statistics show them only as averages of 5 people or more.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from praksis.action_learning.models import ActionLearningProject, ProjectOwner
from praksis.audit.trail import (
    NOT_KEPT,
    AuditAction,
    AuditObject,
    changed,
    record,
    record_changes,
)
from praksis.competences import service as competences_service
from praksis.competences.models import Competence
from praksis.development import open_badges, status_list
from praksis.development.events import CredentialRevoked
from praksis.development.models import (
    OPEN_GOAL_STATUSES,
    AssessmentMoment,
    Credential,
    CredentialStatusEntry,
    DevelopmentGoal,
    GoalCompetence,
    GoalKerneopgave,
    GoalStatus,
    ProgrammeAward,
    SelfAssessment,
)
from praksis.development.schemas import (
    AwardDefinition,
    AwardRead,
    CredentialRead,
    CredentialRevocation,
    DevelopmentPlan,
    GoalCreate,
    GoalRead,
    GoalStatusChange,
    GoalUpdate,
    PlanProgramme,
    PlanProject,
    SelfAssessmentCreate,
    SelfAssessmentItem,
    SelfAssessmentRead,
    SignedOpenBadge,
)
from praksis.enrolments import service as enrolments_service
from praksis.enrolments.models import PARTICIPATING, Enrolment
from praksis.kerneopgaver import service as kerneopgaver_service
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import locking, utc_now
from praksis.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from praksis.kit.events import publish
from praksis.kit.lookups import filtered, if_given, row_or_404
from praksis.kit.pagination import PageRequest, described_page, paginate
from praksis.kit.permissions import Role
from praksis.kit.reads import TenantList
from praksis.kit.relations import linked_values, replace_links
from praksis.people import service as people_service
from praksis.people.models import Person
from praksis.programmes import service as programmes_service
from praksis.programmes.models import CompetenceGoal, Grading, Programme
from praksis.settings import Settings, get_settings

GOAL_ORDER = (DevelopmentGoal.id,)
CREDENTIAL_ORDER = (Credential.id,)

# proposed → agreed → in_progress → achieved; agreed → achieved; any open status → dropped
TRANSITIONS: dict[GoalStatus, tuple[GoalStatus, ...]] = {
    GoalStatus.agreed: (GoalStatus.proposed,),
    GoalStatus.in_progress: (GoalStatus.agreed,),
    GoalStatus.achieved: (GoalStatus.agreed, GoalStatus.in_progress),
    GoalStatus.dropped: OPEN_GOAL_STATUSES,
}
TEXT_FIELDS = ("title", "description")


class SigningNotConfigured(Conflict):
    slug, title = "credential-signing-not-configured", "Credential signing not configured"


class CredentialAlreadyRevoked(Conflict):
    slug, title = "credential-already-revoked", "Credential already revoked"


# Draws of a free place in the status list; the list is at most half full, so all of them
# colliding is rarer than one in four billion.
STATUS_INDEX_DRAWS = 32


# --- lookups other domains use ---------------------------------------------------------------


def credential_of(
    award: ProgrammeAward,
    person_id: uuid.UUID,
    enrolment_id: uuid.UUID,
    awarded_on: date,
    status_list_index: int,
) -> Credential:
    """The credential a completion earns: the award as it is now, kept with the credential,
    at its place in the status list (``allocate_status_entry``)."""
    return Credential(
        person_id=person_id,
        programme_id=award.programme_id,
        enrolment_id=enrolment_id,
        title=award.title,
        description=award.description,
        criteria=award.criteria,
        provider=award.provider,
        provider_url=award.provider_url,
        ects=award.ects,
        awarded_on=awarded_on,
        status_list_index=status_list_index,
    )


def allocate_status_entry(session: Session) -> int:
    """A free place in the municipality's status list, drawn at random and taken at once.

    The entry's primary key makes each place unique; a draw that collides, also with a
    place another transaction is taking at this moment, is undone to its savepoint and
    drawn again."""
    taken = session.exec(select(func.count()).select_from(CredentialStatusEntry)).one()
    length = status_list.list_length(taken + 1)
    for _ in range(STATUS_INDEX_DRAWS):
        index = status_list.random_index(length)
        try:
            with session.begin_nested():
                session.add(CredentialStatusEntry(status_list_index=index))
        except IntegrityError:
            continue
        return index
    raise Conflict("No free place in the credential status list was found; try again.")


def award_of(session: Session, programme_id: uuid.UUID) -> ProgrammeAward | None:
    """What completing the programme awards, if anything."""
    return _award(session, programme_id)


def goals_of(session: Session, person_id: uuid.UUID) -> list[GoalRead]:
    """Every goal of the person, oldest first (their data export)."""
    goals = session.exec(
        select(DevelopmentGoal)
        .where(DevelopmentGoal.person_id == person_id)
        .order_by(col(DevelopmentGoal.created_at), col(DevelopmentGoal.id))
    ).all()
    return _goal_views(session, goals)


def credentials_of(session: Session, person_id: uuid.UUID) -> list[CredentialRead]:
    """Every credential the person holds, by the day it was awarded."""
    return [CredentialRead.model_validate(found) for found in _credentials_of(session, person_id)]


# --- who sees a person's development ------------------------------------------------------------


def _is_hr(context: TenantContext) -> bool:
    return Role.hr_admin in context.principal.roles


def _may_follow(context: TenantContext, person_id: uuid.UUID) -> bool:
    """The person themself, a leader of their unit or a unit above it, or HR."""
    if _is_hr(context) or person_id == context.person_id:
        return True
    return person_id in people_service.team_member_ids(context.session, context.person_id)


def _visible_people(context: TenantContext, column: Any) -> ColumnElement[bool] | None:
    """Rows of people the caller may follow (``None``: everyone, for HR)."""
    if _is_hr(context):
        return None
    followed = {context.person_id} | people_service.team_member_ids(
        context.session, context.person_id
    )
    clause: ColumnElement[bool] = col(column).in_(followed)
    return clause


def _followed_person(context: TenantContext, person_id: uuid.UUID) -> Person:
    """The person whose development the caller may follow; 404 otherwise (as if unknown)."""
    if not _may_follow(context, person_id):
        raise NotFound(f"Person {person_id} was not found.")
    return people_service.require_person(context.session, person_id)


# --- goals -------------------------------------------------------------------------------------


def list_goals(
    context: TenantContext,
    page: PageRequest,
    *,
    person_id: uuid.UUID | None = None,
    status: GoalStatus | None = None,
) -> tuple[list[GoalRead], str | None]:
    """The goals the caller may see (their own, their team's; HR all), filtered."""
    statement = filtered(
        select(DevelopmentGoal),
        _visible_people(context, DevelopmentGoal.person_id),
        if_given(DevelopmentGoal.person_id, person_id),
        if_given(DevelopmentGoal.status, status),
    )
    return described_page(context.session, statement, GOAL_ORDER, page, _goal_views)


GOALS_LIST = TenantList(GoalRead, read=list_goals)


def read_goal(context: TenantContext, goal_id: uuid.UUID) -> GoalRead:
    return _goal_views(context.session, [_visible_goal(context, goal_id)])[0]


def _visible_goal(
    context: TenantContext, goal_id: uuid.UUID, *, for_update: bool = False
) -> DevelopmentGoal:
    return row_or_404(
        context.session,
        DevelopmentGoal,
        goal_id,
        _visible_people(context, DevelopmentGoal.person_id),
        missing=f"Development goal {goal_id} was not found.",
        for_update=for_update,
    )


def propose_goal(context: TenantContext, data: GoalCreate) -> GoalRead:
    """The person proposes a goal for themself, or their leader (or HR) proposes one for
    them; the other party agrees to it (``change_goal_status``)."""
    session = context.session
    person_id = data.person_id or context.person_id
    if not _may_follow(context, person_id):
        raise Forbidden("A goal is set by the person, one of their leaders or HR.")
    person = people_service.require_current_person(session, person_id)
    _require_links(session, data.competence_ids, data.kerneopgave_ids)
    goal = DevelopmentGoal(
        person_id=person.id,
        title=data.title,
        description=data.description.strip(),
        review_on=data.review_on,
        proposed_by_id=context.person_id,
    )
    session.add(goal)
    session.flush()
    _replace_links(session, goal.id, data.competence_ids, data.kerneopgave_ids)
    record(
        context,
        AuditAction.development_goal_proposed,
        AuditObject.development_goal,
        goal.id,
        {},
        {"person_id": goal.person_id, **_audited(session, goal)},
    )
    return read_goal(context, goal.id)


def update_goal(context: TenantContext, goal_id: uuid.UUID, changes: GoalUpdate) -> GoalRead:
    """Change an open goal's text, links or review day (achieved and dropped goals stay)."""
    session = context.session
    goal = _visible_goal(context, goal_id, for_update=True)
    if goal.status not in OPEN_GOAL_STATUSES:
        raise Conflict(f"The goal is {goal.status.value}; only open goals are changed.")
    given = changes.model_dump(exclude_unset=True)
    _require_links(session, given.get("competence_ids", []), given.get("kerneopgave_ids", []))
    before = _audited(session, goal)
    texts = {field: getattr(goal, field) for field in TEXT_FIELDS}
    for field in ("title", "description", "review_on"):
        if field in given:
            setattr(goal, field, given[field].strip() if field in TEXT_FIELDS else given[field])
    if "competence_ids" in given or "kerneopgave_ids" in given:
        links = _links(session, [goal.id])
        _replace_links(
            session,
            goal.id,
            given.get("competence_ids", links[0].get(goal.id, [])),
            given.get("kerneopgave_ids", links[1].get(goal.id, [])),
        )
    goal.updated_at = utc_now()
    session.flush()
    old, new = changed(before, _audited(session, goal))
    rewritten = [field for field in TEXT_FIELDS if getattr(goal, field) != texts[field]]
    if rewritten:
        new["texts_changed"] = rewritten
    if old or new:
        record(
            context,
            AuditAction.development_goal_updated,
            AuditObject.development_goal,
            goal.id,
            old,
            new,
        )
    return read_goal(context, goal.id)


def change_goal_status(
    context: TenantContext, goal_id: uuid.UUID, data: GoalStatusChange
) -> GoalRead:
    """Move the goal on, from the status it has now (409 otherwise). A goal is agreed by the
    other party: the person agrees to what a leader proposed, a leader (or HR) to what the
    person proposed."""
    session = context.session
    goal = _visible_goal(context, goal_id, for_update=True)
    allowed = TRANSITIONS.get(data.status, ())
    if goal.status not in allowed:
        names = " or ".join(status.value for status in allowed) or "nothing"
        raise Conflict(
            f"A goal becomes {data.status.value} only from {names}; this one is "
            f"{goal.status.value}."
        )
    was: dict[str, object] = {"status": goal.status, "agreed_by_id": goal.agreed_by_id}
    if data.status == GoalStatus.agreed:
        _require_other_party(context, goal)
        goal.agreed_by_id, goal.agreed_at = context.person_id, utc_now()
    goal.status = data.status
    goal.updated_at = utc_now()
    session.flush()
    before, after = changed(was, {"status": goal.status, "agreed_by_id": goal.agreed_by_id})
    if data.note.strip():
        after["note"] = data.note.strip()
    action = (
        AuditAction.development_goal_agreed
        if data.status == GoalStatus.agreed
        else AuditAction.development_goal_status_changed
    )
    record(context, action, AuditObject.development_goal, goal.id, before, after)
    return read_goal(context, goal.id)


def _require_other_party(context: TenantContext, goal: DevelopmentGoal) -> None:
    me = context.person_id
    if me == goal.proposed_by_id:
        raise Forbidden("A goal is agreed by the other party, not by whoever proposed it.")
    if me != goal.person_id and goal.proposed_by_id != goal.person_id:
        raise Forbidden("The person agrees to a goal their leader proposed.")


def _require_links(
    session: Session, competence_ids: Iterable[uuid.UUID], kerneopgave_ids: Iterable[uuid.UUID]
) -> None:
    competences_service.require_competences(session, competence_ids, "body.competence_ids")
    kerneopgaver_service.require_kerneopgaver(session, kerneopgave_ids, "body.kerneopgave_ids")


def _replace_links(
    session: Session,
    goal_id: uuid.UUID,
    competence_ids: Iterable[uuid.UUID],
    kerneopgave_ids: Iterable[uuid.UUID],
) -> None:
    replace_links(
        session,
        select(GoalCompetence).where(GoalCompetence.goal_id == goal_id),
        [GoalCompetence(goal_id=goal_id, competence_id=c) for c in dict.fromkeys(competence_ids)],
    )
    replace_links(
        session,
        select(GoalKerneopgave).where(GoalKerneopgave.goal_id == goal_id),
        [
            GoalKerneopgave(goal_id=goal_id, kerneopgave_id=k)
            for k in dict.fromkeys(kerneopgave_ids)
        ],
    )


def _links(
    session: Session, goal_ids: Sequence[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[uuid.UUID]], dict[uuid.UUID, list[uuid.UUID]]]:
    return (
        linked_values(session, GoalCompetence.goal_id, GoalCompetence.competence_id, goal_ids),
        linked_values(session, GoalKerneopgave.goal_id, GoalKerneopgave.kerneopgave_id, goal_ids),
    )


def _goal_views(session: Session, goals: Sequence[DevelopmentGoal]) -> list[GoalRead]:
    competences, kerneopgaver = _links(session, [goal.id for goal in goals])
    return [
        GoalRead(
            id=goal.id,
            person_id=goal.person_id,
            title=goal.title,
            description=goal.description,
            status=goal.status,
            review_on=goal.review_on,
            competence_ids=sorted(competences.get(goal.id, []), key=str),
            kerneopgave_ids=sorted(kerneopgaver.get(goal.id, []), key=str),
            proposed_by_id=goal.proposed_by_id,
            agreed_by_id=goal.agreed_by_id,
            agreed_at=goal.agreed_at,
            created_at=goal.created_at,
            updated_at=goal.updated_at,
        )
        for goal in goals
    ]


def _audited(session: Session, goal: DevelopmentGoal) -> dict[str, object]:
    """What the audit trail keeps of a goal: links and review day by value; never its texts
    (they are the person's and are erased with them): an update names them as changed."""
    competences, kerneopgaver = _links(session, [goal.id])
    return {
        "review_on": goal.review_on,
        "competence_ids": set(competences.get(goal.id, [])),
        "kerneopgave_ids": set(kerneopgaver.get(goal.id, [])),
    }


# --- the development plan ----------------------------------------------------------------------


def development_plan(context: TenantContext, person_id: uuid.UUID) -> DevelopmentPlan:
    """The person's goals, programmes, projects and credentials (404 unless the caller may
    follow the person)."""
    session = context.session
    person = _followed_person(context, person_id)
    goals = session.exec(
        select(DevelopmentGoal).where(DevelopmentGoal.person_id == person.id)
    ).all()
    ordered = sorted(
        goals,
        key=lambda goal: (
            goal.status not in OPEN_GOAL_STATUSES,
            goal.review_on or date.max,
            goal.created_at,
        ),
    )
    upcoming = [g.review_on for g in goals if g.status in OPEN_GOAL_STATUSES and g.review_on]
    return DevelopmentPlan(
        person_id=person.id,
        name=person.name,
        next_review_on=min(upcoming) if upcoming else None,
        goals=_goal_views(session, ordered),
        programmes=_plan_programmes(session, person.id),
        projects=_plan_projects(session, person.id),
        credentials=credentials_of(session, person.id),
    )


def my_development_plan(context: TenantContext) -> DevelopmentPlan:
    return development_plan(context, context.person_id)


def _plan_programmes(session: Session, person_id: uuid.UUID) -> list[PlanProgramme]:
    rows = session.exec(
        select(Enrolment, Programme.title)
        .join(Programme, col(Programme.id) == Enrolment.programme_id)
        .where(Enrolment.person_id == person_id)
        .order_by(col(Enrolment.created_at), col(Enrolment.id))
    ).all()
    return [
        PlanProgramme(
            enrolment_id=enrolment.id,
            programme_id=enrolment.programme_id,
            programme_title=title,
            cohort_id=enrolment.cohort_id,
            status=enrolment.status,
            grade=enrolment.grade,
            passed=enrolment.passed,
            completed_at=enrolment.completed_at,
        )
        for enrolment, title in rows
    ]


def _plan_projects(session: Session, person_id: uuid.UUID) -> list[PlanProject]:
    rows = session.exec(
        select(ActionLearningProject)
        .join(ProjectOwner, col(ProjectOwner.project_id) == ActionLearningProject.id)
        .where(ProjectOwner.person_id == person_id)
        .order_by(col(ActionLearningProject.created_at), col(ActionLearningProject.id))
    ).all()
    return [
        PlanProject(
            id=project.id,
            title=project.title,
            kerneopgave_id=project.kerneopgave_id,
            phase=project.phase,
            status=project.status,
        )
        for project in rows
    ]


# --- programme awards --------------------------------------------------------------------------


def read_award(context: TenantContext, programme_id: uuid.UUID) -> AwardRead:
    """What the programme awards, or 404 (also when it awards nothing)."""
    programmes_service.get_programme(context.session, programme_id)
    return AwardRead.model_validate(_required_award(context.session, programme_id))


def set_award(context: TenantContext, programme_id: uuid.UUID, data: AwardDefinition) -> AwardRead:
    """HR defines what completing the programme awards; credentials issued before keep what
    they said when they were issued."""
    session = context.session
    programmes_service.get_programme(session, programme_id, for_update=True)
    award = _award(session, programme_id)
    before = {} if award is None else _award_fields(award)
    if award is None:
        award = ProgrammeAward(programme_id=programme_id, title=data.title, provider=data.provider)
    given = data.model_dump(mode="json").items()
    apply_changes(award, {f: v.strip() if isinstance(v, str) else v for f, v in given})
    session.add(award)
    session.flush()
    record_changes(
        context,
        AuditAction.programme_award_changed,
        AuditObject.programme,
        programme_id,
        before,
        _award_fields(award),
    )
    return AwardRead.model_validate(award)


def remove_award(context: TenantContext, programme_id: uuid.UUID) -> None:
    session = context.session
    programmes_service.get_programme(session, programme_id, for_update=True)
    award = _required_award(session, programme_id)
    record(
        context,
        AuditAction.programme_award_changed,
        AuditObject.programme,
        programme_id,
        _award_fields(award),
        {},
    )
    session.delete(award)
    session.flush()


def _award(session: Session, programme_id: uuid.UUID) -> ProgrammeAward | None:
    return session.exec(
        select(ProgrammeAward).where(ProgrammeAward.programme_id == programme_id)
    ).first()


def _required_award(session: Session, programme_id: uuid.UUID) -> ProgrammeAward:
    found = _award(session, programme_id)
    if found is None:
        raise NotFound(f"Programme {programme_id} awards no credential.")
    return found


def _award_fields(award: ProgrammeAward) -> dict[str, object]:
    return {
        "title": award.title,
        "provider": award.provider,
        "provider_url": award.provider_url,
        "ects": award.ects,
    }


# --- credentials -------------------------------------------------------------------------------


def list_credentials(
    context: TenantContext, page: PageRequest, *, person_id: uuid.UUID | None = None
) -> tuple[list[Credential], str | None]:
    statement = filtered(
        select(Credential),
        _visible_people(context, Credential.person_id),
        if_given(Credential.person_id, person_id),
    )
    return paginate(context.session, statement, CREDENTIAL_ORDER, page)


CREDENTIALS_LIST = TenantList(CredentialRead, read=list_credentials)


def get_credential(context: TenantContext, credential_id: uuid.UUID) -> Credential:
    """The credential if the caller may see it (its holder, their leaders, HR), else 404."""
    return row_or_404(
        context.session,
        Credential,
        credential_id,
        _visible_people(context, Credential.person_id),
        missing=f"Credential {credential_id} was not found.",
    )


def revoke_credential(
    context: TenantContext, credential_id: uuid.UUID, data: CredentialRevocation
) -> Credential:
    """HR revokes the credential: from now on its exports and the status list say so.

    The change is conditional on the credential standing: of two revocations at once one
    changes it and the other finds it revoked (409), and nothing changes twice."""
    session = context.session
    credential = get_credential(context, credential_id)
    revoked_at = utc_now()
    revoked = session.execute(
        update(Credential)
        .where(col(Credential.id) == credential.id, col(Credential.revoked_at).is_(None))
        .values(revoked_at=revoked_at, revocation_reason=data.reason)
        .returning(col(Credential.id))
        .execution_options(synchronize_session=False)
    ).first()
    if revoked is None:
        raise CredentialAlreadyRevoked(f"Credential {credential_id} was revoked already.")
    session.execute(
        update(CredentialStatusEntry)
        .where(col(CredentialStatusEntry.status_list_index) == credential.status_list_index)
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
    record(
        context,
        AuditAction.credential_revoked,
        AuditObject.credential,
        credential.id,
        {"revoked_at": None},
        {"revoked_at": revoked_at, "revocation_reason": NOT_KEPT},
    )
    publish(
        session,
        CredentialRevoked(credential.id, credential.person_id, credential.programme_id, revoked_at),
    )
    session.refresh(credential)
    return credential


def open_badge(context: TenantContext, credential_id: uuid.UUID) -> dict[str, Any]:
    """The credential as an unsigned Open Badges 3.0 ``OpenBadgeCredential``."""
    credential = get_credential(context, credential_id)
    return open_badges.document(credential, _holder(context, credential), _issuer(context))


def signed_open_badge(context: TenantContext, credential_id: uuid.UUID) -> SignedOpenBadge:
    """The Open Badge as a VC-JWT signed with the municipality's key (409 without one)."""
    credential = get_credential(context, credential_id)
    pem = signing_pem(_settings(context), "Open Badge")
    document = open_badges.document(credential, _holder(context, credential), _issuer(context))
    return SignedOpenBadge(
        jwt=open_badges.sign(document, pem), public_key=open_badges.public_key(pem)
    )


def signing_pem(settings: Settings, unsigned: str) -> str:
    """The credential signing key (PEM); 409 without one, naming what is offered unsigned."""
    key = settings.credential_signing_key
    if key is None:
        raise SigningNotConfigured(
            "Praksis has no credential signing key (PRAKSIS_CREDENTIAL_SIGNING_KEY); only the "
            f"unsigned {unsigned} is offered."
        )
    return key.get_secret_value()


def printable_credential(context: TenantContext, credential_id: uuid.UUID) -> str:
    credential = get_credential(context, credential_id)
    return open_badges.printable(credential, _holder(context, credential), _issuer(context))


def _credentials_of(session: Session, person_id: uuid.UUID) -> Sequence[Credential]:
    return session.exec(
        select(Credential)
        .where(Credential.person_id == person_id)
        .order_by(col(Credential.awarded_on), col(Credential.id))
    ).all()


def _holder(context: TenantContext, credential: Credential) -> open_badges.Holder:
    person = people_service.require_person(context.session, credential.person_id)
    return open_badges.Holder(person.id, person.name, person.email)


def _issuer(context: TenantContext) -> open_badges.Issuer:
    return open_badges.issuer_of(context.municipality, _settings(context))


def _settings(context: TenantContext) -> Settings:
    return context.runtime.settings if context.runtime is not None else get_settings()


# --- self-assessments (Kirkpatrick level 2 for ungraded programmes) ---------------------------


def read_self_assessment(context: TenantContext, enrolment_id: uuid.UUID) -> SelfAssessmentRead:
    """The participant's before and after ratings of the programme's competence goals."""
    enrolment = _own_enrolment(context, enrolment_id)
    goals = _competence_goals(context.session, enrolment.programme_id)
    scores: dict[tuple[uuid.UUID, AssessmentMoment], int] = {
        (row.competence_id, row.moment): row.score
        for row in context.session.exec(
            select(SelfAssessment).where(SelfAssessment.enrolment_id == enrolment.id)
        ).all()
    }
    return SelfAssessmentRead(
        enrolment_id=enrolment.id,
        items=[
            SelfAssessmentItem(
                competence_id=competence_id,
                title=title,
                before=scores.get((competence_id, AssessmentMoment.before)),
                after=scores.get((competence_id, AssessmentMoment.after)),
            )
            for competence_id, title in goals.items()
        ],
    )


def assess_self(
    context: TenantContext, enrolment_id: uuid.UUID, data: SelfAssessmentCreate
) -> SelfAssessmentRead:
    """Rate every competence goal once before (while holding a place) and once after (having
    rated before); an ungraded programme only: a graded one shows learning by its grades."""
    session = context.session
    enrolment = _own_enrolment(context, enrolment_id)
    programme = programmes_service.get_programme(session, enrolment.programme_id)
    if programme.grading != Grading.none:
        raise Conflict("This programme is graded; its grades show what was learnt.")
    enrolment = session.exec(locking(select(Enrolment).where(Enrolment.id == enrolment.id))).one()
    if enrolment.status not in PARTICIPATING:
        raise Conflict(
            f"The enrolment is {enrolment.status.value}; self-assessments are given with a place."
        )
    answered = set(
        session.exec(
            select(SelfAssessment.moment).where(SelfAssessment.enrolment_id == enrolment.id)
        ).all()
    )
    if data.moment in answered:
        raise Conflict(f"The {data.moment.value} self-assessment was given already.")
    if data.moment == AssessmentMoment.after and AssessmentMoment.before not in answered:
        raise Conflict("Give the before self-assessment first: the change is what is measured.")
    _require_every_goal(session, enrolment.programme_id, data)
    for item in data.scores:
        session.add(
            SelfAssessment(
                enrolment_id=enrolment.id,
                person_id=enrolment.person_id,
                competence_id=item.competence_id,
                moment=data.moment,
                score=item.score,
            )
        )
    session.flush()
    return read_self_assessment(context, enrolment.id)


def _own_enrolment(context: TenantContext, enrolment_id: uuid.UUID) -> Enrolment:
    """The caller's own enrolment; anyone else's answers 404 (self-assessments are private)."""
    enrolment = enrolments_service.get_enrolment(context, enrolment_id)
    if enrolment.person_id != context.person_id:
        raise NotFound(f"Enrolment {enrolment_id} was not found.")
    return enrolment


def _competence_goals(session: Session, programme_id: uuid.UUID) -> dict[uuid.UUID, str]:
    rows = session.exec(
        select(Competence.id, Competence.title)
        .join(CompetenceGoal, col(CompetenceGoal.competence_id) == Competence.id)
        .where(CompetenceGoal.programme_id == programme_id)
        .order_by(col(Competence.position), col(Competence.title), col(Competence.id))
    ).all()
    return dict(rows)


def _require_every_goal(
    session: Session, programme_id: uuid.UUID, data: SelfAssessmentCreate
) -> None:
    goals = set(_competence_goals(session, programme_id))
    given = [item.competence_id for item in data.scores]
    if not goals:
        raise Conflict("The programme has no competence goals to assess oneself against.")
    if len(set(given)) != len(given) or set(given) != goals:
        raise InvalidInput(
            "Rate each of the programme's competence goals exactly once.",
            errors=[{"location": "body.scores", "message": "one score per competence goal"}],
        )

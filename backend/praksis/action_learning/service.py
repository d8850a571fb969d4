"""Action-learning projects (aktionslæringsprojekter) and trial actions (prøvehandlinger).

From the seeds: each participant runs a development project tied to a kerneopgave and tries
new ways of working with colleagues and citizens; the learning group (4–6) and the buddy give
feedback, leaders follow up. A project is visible to its owners, the members of the owners'
learning group in the project's cohort, the leaders of the owners' units and the units above,
the cohort's facilitators and HR — nobody else (404, as if it did not exist).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, exists, false, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from praksis.action_learning.events import CountFeedback
from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectInvitation,
    ProjectOwner,
    ProjectPhase,
    ProjectStatus,
    TrialAction,
    TrialActionStatus,
)
from praksis.action_learning.schemas import (
    ProjectCreate,
    ProjectRead,
    ProjectUpdate,
    TeamChallenge,
    TeamProjectOverview,
    TrialActionCreate,
    TrialActionRead,
    TrialActionUpdate,
)
from praksis.audit.trail import (
    AuditAction,
    AuditObject,
    fields_of,
    record,
    record_changes,
    withheld,
)
from praksis.cohorts import service as cohorts_service
from praksis.cohorts.models import BuddyPair, LearningGroupMember
from praksis.enrolments.models import PARTICIPATING, Enrolment
from praksis.kerneopgaver import service as kerneopgaver_service
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.kit.errors import Conflict, Forbidden, InvalidInput
from praksis.kit.events import ask
from praksis.kit.lookups import filtered, if_given, row_or_404
from praksis.kit.pagination import PageRequest, described_page, paginate
from praksis.kit.permissions import Role
from praksis.kit.reads import TenantList
from praksis.kit.relations import keep_links, linked_values
from praksis.people import service as people_service
from praksis.people.models import OrgUnit, Person
from praksis.programmes import service as programmes_service

LIST_ORDER = (ActionLearningProject.id,)
# What the audit trail keeps of a project; its texts are named when they change, not kept:
# an erasure clears them (docs/privacy.md), and the trail is never changed.
AUDITED_FIELDS = (
    *("title", "challenge", "goal", "outcome"),
    *("kerneopgave_id", "cohort_id", "phase", "status"),
)
PROJECT_TEXTS = ("title", "challenge", "goal", "outcome")
TRIAL_ACTION_ORDER = (TrialAction.id,)
PHASES = list(ProjectPhase)


# --- visibility (feedback asks it too) --------------------------------------------------------


def get_visible_project(
    context: TenantContext, project_id: uuid.UUID, *, for_update: bool = False
) -> ActionLearningProject:
    """The project if the caller may see it; 404 otherwise, as if it did not exist.

    ``for_update`` locks its row and reads it again (project before trial action: the lock
    order), so changes to the project and to its trial actions are taken one at a time, each
    on the state the one before left."""
    return row_or_404(
        context.session,
        ActionLearningProject,
        project_id,
        _visible_to(context),
        missing=f"Action-learning project {project_id} was not found.",
        for_update=for_update,
    )


def get_visible_trial_action(
    context: TenantContext,
    project_id: uuid.UUID,
    trial_action_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> TrialAction:
    """The trial action of a project the caller may see; 404 otherwise. ``for_update``
    locks the project and then the trial action."""
    get_visible_project(context, project_id, for_update=for_update)
    return row_or_404(
        context.session,
        TrialAction,
        trial_action_id,
        TrialAction.project_id == project_id,
        missing=f"Trial action {trial_action_id} was not found.",
        for_update=for_update,
    )


def _visible_to(context: TenantContext) -> ColumnElement[bool] | None:
    """Which projects the caller sees (``None``: all, for HR)."""
    if Role.hr_admin in context.principal.roles:
        return None
    session, me = context.session, context.person_id
    owner = aliased(ProjectOwner)
    mine = aliased(LearningGroupMember)
    theirs = aliased(LearningGroupMember)
    clauses: list[ColumnElement[bool]] = [
        exists().where(
            col(owner.project_id) == col(ActionLearningProject.id), col(owner.person_id) == me
        ),
        # invited to co-own it: they see what they are asked to join
        exists().where(
            col(ProjectInvitation.project_id) == col(ActionLearningProject.id),
            col(ProjectInvitation.person_id) == me,
        ),
        # a member of an owner's learning group in the project's cohort
        exists().where(
            col(owner.project_id) == col(ActionLearningProject.id),
            col(theirs.person_id) == col(owner.person_id),
            col(theirs.cohort_id) == col(ActionLearningProject.cohort_id),
            col(mine.group_id) == col(theirs.group_id),
            col(mine.person_id) == me,
        ),
    ]
    team = people_service.team_member_ids(session, me)
    if team:
        clauses.append(_owned_by_any(team))
    facilitated = cohorts_service.cohorts_facilitated_by(session, me)
    if facilitated:
        clauses.append(col(ActionLearningProject.cohort_id).in_(facilitated))
    return or_(*clauses)


def _owned_by_any(people: set[uuid.UUID]) -> ColumnElement[bool]:
    owner = aliased(ProjectOwner)
    return exists().where(
        col(owner.project_id) == col(ActionLearningProject.id), col(owner.person_id).in_(people)
    )


def _require_editor(context: TenantContext, project: ActionLearningProject) -> None:
    if Role.hr_admin in context.principal.roles:
        return
    if context.person_id not in project_owner_ids(context.session, project.id):
        raise Forbidden("Only the project's owners (or HR) may change it.")


# --- lookups other domains use ----------------------------------------------------------------


def project_owner_ids(session: Session, project_id: uuid.UUID) -> set[uuid.UUID]:
    rows = session.exec(
        select(ProjectOwner.person_id).where(ProjectOwner.project_id == project_id)
    ).all()
    return set(rows)


def learning_group_member_ids_of(
    session: Session, person_ids: Iterable[uuid.UUID], cohort_id: uuid.UUID | None = None
) -> set[uuid.UUID]:
    """The other members of the learning groups the people belong to (in ``cohort_id`` when
    given, else in any cohort); the people themselves are left out."""
    people = set(person_ids)
    if not people:
        return set()
    groups = select(LearningGroupMember.group_id).where(
        col(LearningGroupMember.person_id).in_(people)
    )
    if cohort_id is not None:
        groups = groups.where(LearningGroupMember.cohort_id == cohort_id)
    rows = session.exec(
        select(LearningGroupMember.person_id).where(
            col(LearningGroupMember.group_id).in_(groups.scalar_subquery())
        )
    ).all()
    return set(rows) - people


def buddy_ids_of(
    session: Session, person_ids: Iterable[uuid.UUID], cohort_id: uuid.UUID
) -> set[uuid.UUID]:
    """The buddies of the people in the cohort; the people themselves are left out."""
    people = set(person_ids)
    if not people:
        return set()
    rows = session.exec(
        select(BuddyPair.first_person_id, BuddyPair.second_person_id).where(
            BuddyPair.cohort_id == cohort_id,
            or_(
                col(BuddyPair.first_person_id).in_(people),
                col(BuddyPair.second_person_id).in_(people),
            ),
        )
    ).all()
    found: set[uuid.UUID] = set()
    for first, second in rows:
        found.update((first, second))
    return found - people


def leader_ids_of(session: Session, person_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The leaders of the people's units and of every unit above them (a leader of a unit
    leads its sub-units); the people themselves are left out."""
    people = set(person_ids)
    if not people:
        return set()
    units = {
        unit
        for unit in session.exec(select(Person.org_unit_id).where(col(Person.id).in_(people))).all()
        if unit is not None
    }
    if not units:
        return set()
    parents = dict(session.exec(select(OrgUnit.id, OrgUnit.parent_id)).all())
    above: set[uuid.UUID] = set()
    for unit in units:
        cursor: uuid.UUID | None = unit
        while cursor is not None and cursor not in above:
            above.add(cursor)
            cursor = parents.get(cursor)
    leaders = people_service.leader_ids_of(session, above)
    return {leader for unit_leaders in leaders.values() for leader in unit_leaders} - people


# --- projects ---------------------------------------------------------------------------------


def list_projects(
    context: TenantContext,
    page: PageRequest,
    *,
    cohort_id: uuid.UUID | None = None,
    kerneopgave_id: uuid.UUID | None = None,
    phase: ProjectPhase | None = None,
    status: ProjectStatus | None = None,
    mine: bool = False,
    team: bool = False,
) -> tuple[list[ProjectRead], str | None]:
    statement = filtered(
        select(ActionLearningProject),
        _visible_to(context),
        if_given(ActionLearningProject.cohort_id, cohort_id),
        if_given(ActionLearningProject.kerneopgave_id, kerneopgave_id),
        if_given(ActionLearningProject.phase, phase),
        if_given(ActionLearningProject.status, status),
    )
    if mine:
        statement = statement.where(_owned_by_any({context.person_id}))
    if team:
        members = people_service.team_member_ids(context.session, context.person_id)
        statement = statement.where(_owned_by_any(members) if members else false())
    return described_page(context.session, statement, LIST_ORDER, page, _project_views)


PROJECTS_LIST = TenantList(ProjectRead, read=list_projects)


def read_project(context: TenantContext, project_id: uuid.UUID) -> ProjectRead:
    """The project if the caller may see it; 404 otherwise."""
    return _project_view(context.session, get_visible_project(context, project_id))


def _project_views(
    session: Session, projects: Sequence[ActionLearningProject]
) -> list[ProjectRead]:
    owners = _owners_of(session, [project.id for project in projects])
    invited = _invited_to(session, [project.id for project in projects])
    challenges = _team_challenges_of(session, [project.id for project in projects])
    return [
        ProjectRead(
            id=project.id,
            title=project.title,
            challenge=project.challenge,
            goal=project.goal,
            kerneopgave_id=project.kerneopgave_id,
            cohort_id=project.cohort_id,
            phase=project.phase,
            status=project.status,
            outcome=project.outcome,
            owner_ids=owners.get(project.id, []),
            invited_ids=invited.get(project.id, []),
            created_by_id=project.created_by_id,
            created_at=project.created_at,
            updated_at=project.updated_at,
            team_challenges=challenges.get(project.id, []),
        )
        for project in projects
    ]


def _team_challenges_of(
    session: Session, project_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[TeamChallenge]]:
    """Each project's owners' team challenges from their place in the project's cohort (the
    leader's text at nomination), by owner. Read, not copied: an erasure that clears the
    enrolment's text clears it here too."""
    found: dict[uuid.UUID, list[TeamChallenge]] = {}
    if not project_ids:
        return found
    rows = session.exec(
        select(ProjectOwner.project_id, Enrolment.person_id, Enrolment.team_challenge)
        .join(ActionLearningProject, col(ActionLearningProject.id) == col(ProjectOwner.project_id))
        .join(
            Enrolment,
            (col(Enrolment.person_id) == col(ProjectOwner.person_id))
            & (col(Enrolment.cohort_id) == col(ActionLearningProject.cohort_id)),
        )
        .where(
            col(ProjectOwner.project_id).in_(project_ids),
            col(Enrolment.status).in_(PARTICIPATING),
            Enrolment.team_challenge != "",
        )
        .order_by(col(ProjectOwner.project_id), col(Enrolment.person_id))
    ).all()
    for project_id, person_id, text in rows:
        found.setdefault(project_id, []).append(TeamChallenge(person_id=person_id, text=text))
    return found


def _project_view(session: Session, project: ActionLearningProject) -> ProjectRead:
    return _project_views(session, [project])[0]


def _invited_to(
    session: Session, project_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    return linked_values(
        session, ProjectInvitation.project_id, ProjectInvitation.person_id, project_ids
    )


def _owners_of(
    session: Session, project_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    return linked_values(session, ProjectOwner.project_id, ProjectOwner.person_id, project_ids)


def create_project(context: TenantContext, data: ProjectCreate) -> ProjectRead:
    session = context.session
    kerneopgaver_service.get_kerneopgave(session, data.kerneopgave_id)
    owner_ids = list(data.owner_ids) if data.owner_ids else [context.person_id]
    _check_owners(context, owner_ids, data.cohort_id, "body.owner_ids")
    project = ActionLearningProject(
        title=data.title,
        challenge=data.challenge,
        goal=data.goal,
        kerneopgave_id=data.kerneopgave_id,
        cohort_id=data.cohort_id,
        created_by_id=context.person_id,
    )
    session.add(project)
    session.flush()
    if Role.hr_admin in context.principal.roles:
        _replace_owners(session, project.id, owner_ids)  # HR sets up projects for others
    else:
        _replace_owners(session, project.id, [context.person_id])
    fields = {**_audited_fields(project), "owner_ids": project_owner_ids(session, project.id)}
    record(
        context,
        AuditAction.project_created,
        AuditObject.project,
        project.id,
        {},
        withheld(fields, PROJECT_TEXTS),
    )
    if Role.hr_admin not in context.principal.roles:
        _invite(context, project.id, [o for o in owner_ids if o != context.person_id])
    return _project_view(session, project)


def _audited_fields(project: ActionLearningProject) -> dict[str, object]:
    return fields_of(project, AUDITED_FIELDS)


def _invite(context: TenantContext, project_id: uuid.UUID, people: Iterable[uuid.UUID]) -> None:
    """Ask these people to co-own the project (each once); they become owners by accepting."""
    session = context.session
    invited = set(
        session.exec(
            select(ProjectInvitation.person_id).where(ProjectInvitation.project_id == project_id)
        ).all()
    )
    for person in people:
        if person not in invited:
            session.add(
                ProjectInvitation(
                    project_id=project_id, person_id=person, invited_by_id=context.person_id
                )
            )
            record(
                context,
                AuditAction.project_owner_invited,
                AuditObject.project,
                project_id,
                {},
                {"invited_id": person},
            )
    session.flush()


def _change_owners(
    context: TenantContext, project: ActionLearningProject, owner_ids: list[uuid.UUID]
) -> None:
    """HR sets the owners. An owner may invite people (they become owners by accepting);
    only the project's creator removes another owner, and nobody but HR removes the creator."""
    session = context.session
    current = project_owner_ids(session, project.id)
    if Role.hr_admin in context.principal.roles:
        _replace_owners(session, project.id, owner_ids)
    else:
        removed = current - set(owner_ids)
        if removed and context.person_id != project.created_by_id:
            raise Forbidden("Only the project's creator (or HR) removes an owner.")
        _replace_owners(session, project.id, [o for o in owner_ids if o in current])
        _invite(context, project.id, [o for o in owner_ids if o not in current])
    owners = project_owner_ids(session, project.id)
    if owners != current:
        record(
            context,
            AuditAction.project_owners_changed,
            AuditObject.project,
            project.id,
            {"owner_ids": current},
            {"owner_ids": owners},
        )


def accept_invitation(context: TenantContext, project_id: uuid.UUID) -> ProjectRead:
    """The invited person becomes a co-owner (the programme's rules for co-owners apply)."""
    session = context.session
    project = get_visible_project(context, project_id, for_update=True)
    invitation = _invitation_of(context, project.id)
    current = project_owner_ids(session, project.id)
    owners = sorted(current | {context.person_id}, key=str)
    _check_owners(context, owners, project.cohort_id, "invitation")
    session.delete(invitation)
    session.add(ProjectOwner(project_id=project.id, person_id=context.person_id))
    session.flush()
    record(
        context,
        AuditAction.project_invitation_accepted,
        AuditObject.project,
        project.id,
        {"owner_ids": current},
        {"owner_ids": owners},
    )
    return _project_view(session, project)


def decline_invitation(context: TenantContext, project_id: uuid.UUID) -> None:
    project = get_visible_project(context, project_id, for_update=True)
    context.session.delete(_invitation_of(context, project.id))
    context.session.flush()
    invited = {"invited_id": context.person_id}
    action = AuditAction.project_invitation_declined
    record(context, action, AuditObject.project, project.id, invited, {})


def _invitation_of(context: TenantContext, project_id: uuid.UUID) -> ProjectInvitation:
    invitation = context.session.exec(
        select(ProjectInvitation).where(
            ProjectInvitation.project_id == project_id,
            ProjectInvitation.person_id == context.person_id,
        )
    ).first()
    if invitation is None:
        raise Conflict("You have no invitation to co-own this project (any more).")
    return invitation


def _check_owners(
    context: TenantContext,
    owner_ids: list[uuid.UUID],
    cohort_id: uuid.UUID | None,
    location: str,
) -> None:
    session = context.session
    if len(set(owner_ids)) != len(owner_ids):
        raise InvalidInput(
            "An owner is listed twice.",
            errors=[{"location": location, "message": "repeated owner"}],
        )
    if Role.hr_admin not in context.principal.roles and context.person_id not in owner_ids:
        raise InvalidInput(
            "You must be one of the project's owners.",
            errors=[{"location": location, "message": "the caller is not an owner"}],
        )
    for owner_id in owner_ids:
        people_service.require_current_person(session, owner_id)
    if cohort_id is None or len(owner_ids) < 2:
        if cohort_id is not None:
            cohorts_service.get_cohort(session, cohort_id)
        return
    cohort = cohorts_service.get_cohort(session, cohort_id)
    programme = programmes_service.get_programme(session, cohort.programme_id)
    minimum = programme.min_participants_per_org_unit
    if minimum is not None and minimum >= 2:
        level = programme.min_participants_level
        units = set(people_service.unit_at_level_of(session, set(owner_ids), level).values())
        if len(units) != 1 or None in units:
            raise InvalidInput(
                f"Co-owners in this programme must come from the same {level.value}.",
                errors=[{"location": location, "message": f"owners from different {level}s"}],
            )


def _replace_owners(session: Session, project_id: uuid.UUID, owner_ids: list[uuid.UUID]) -> None:
    keep_links(
        session,
        select(ProjectOwner).where(ProjectOwner.project_id == project_id),
        lambda owner: owner.person_id,
        owner_ids,
        lambda person_id: ProjectOwner(project_id=project_id, person_id=person_id),
    )


def update_project(
    context: TenantContext, project_id: uuid.UUID, changes: ProjectUpdate
) -> ProjectRead:
    session = context.session
    project = get_visible_project(context, project_id, for_update=True)
    _require_editor(context, project)
    was = _audited_fields(project)
    sent = changes.model_fields_set
    if "kerneopgave_id" in sent and changes.kerneopgave_id is not None:
        kerneopgaver_service.get_kerneopgave(session, changes.kerneopgave_id)
    if changes.owner_ids is not None:
        _check_owners(context, list(changes.owner_ids), project.cohort_id, "body.owner_ids")
    if changes.phase is not None:
        _refuse_skipping_ahead(project.phase, changes.phase)
    outcome = changes.outcome if changes.outcome is not None else project.outcome
    if changes.status == ProjectStatus.completed and not outcome.strip():
        raise InvalidInput(
            "Describe the outcome to complete the project.",
            errors=[{"location": "body.outcome", "message": "required to complete"}],
        )
    stays_completed = project.status == ProjectStatus.completed and changes.status in (
        None,
        ProjectStatus.completed,
    )
    if stays_completed and changes.outcome is not None and not outcome.strip():
        raise InvalidInput(
            "A completed project keeps its outcome.",
            errors=[{"location": "body.outcome", "message": "must not be empty"}],
        )
    for field in ("title", "challenge", "goal", "kerneopgave_id", "phase", "status", "outcome"):
        value = getattr(changes, field)
        if field in sent and value is not None:
            setattr(project, field, value)
    record_changes(
        context,
        AuditAction.project_updated,
        AuditObject.project,
        project.id,
        was,
        _audited_fields(project),
        PROJECT_TEXTS,
    )
    if changes.owner_ids is not None:
        _change_owners(context, project, list(changes.owner_ids))
    project.updated_at = utc_now()
    session.add(project)
    session.flush()
    return _project_view(session, project)


def _refuse_skipping_ahead(current: ProjectPhase, target: ProjectPhase) -> None:
    if PHASES.index(target) > PHASES.index(current) + 1:
        raise Conflict(
            f"A project moves one phase at a time: from {current.value} the next phase is "
            f"{PHASES[PHASES.index(current) + 1].value}, not {target.value}."
        )


def delete_project(context: TenantContext, project_id: uuid.UUID) -> None:
    session = context.session
    project = get_visible_project(context, project_id, for_update=True)
    _require_editor(context, project)
    done = session.exec(
        select(TrialAction.id).where(
            TrialAction.project_id == project.id, TrialAction.status == TrialActionStatus.done
        )
    ).first()
    if done is not None:
        raise Conflict("A project with a done trial action cannot be deleted.")
    fields = {**_audited_fields(project), "owner_ids": project_owner_ids(session, project.id)}
    deleted = withheld(fields, PROJECT_TEXTS)
    record(context, AuditAction.project_deleted, AuditObject.project, project.id, deleted, {})
    for action in session.exec(select(TrialAction).where(TrialAction.project_id == project.id)):
        session.delete(action)
    for owner in session.exec(select(ProjectOwner).where(ProjectOwner.project_id == project.id)):
        session.delete(owner)
    session.flush()
    session.delete(project)
    session.flush()


# --- trial actions ----------------------------------------------------------------------------


def list_trial_actions(
    context: TenantContext,
    project_id: uuid.UUID,
    page: PageRequest,
    status: TrialActionStatus | None = None,
) -> tuple[list[TrialAction], str | None]:
    get_visible_project(context, project_id)
    statement = select(TrialAction).where(TrialAction.project_id == project_id)
    if status is not None:
        statement = statement.where(TrialAction.status == status)
    return paginate(context.session, statement, TRIAL_ACTION_ORDER, page)


TRIAL_ACTIONS_LIST = TenantList(TrialActionRead, read=list_trial_actions)


def read_trial_action(
    context: TenantContext, project_id: uuid.UUID, trial_action_id: uuid.UUID
) -> TrialActionRead:
    """The trial action of a project the caller may see; 404 otherwise."""
    found = get_visible_trial_action(context, project_id, trial_action_id)
    return TrialActionRead.model_validate(found)


def create_trial_action(
    context: TenantContext, project_id: uuid.UUID, data: TrialActionCreate
) -> TrialActionRead:
    session = context.session
    project = get_visible_project(context, project_id, for_update=True)
    _require_editor(context, project)
    if data.module_id is not None:
        _check_module(session, project, data.module_id)
    _refuse_done_without_story(data.status, data.what_happened)
    action = TrialAction(
        project_id=project.id,
        module_id=data.module_id,
        title=data.title,
        plan=data.plan,
        with_whom=_with_whom(data.with_whom),
        with_whom_note=data.with_whom_note,
        planned_for=data.planned_for,
        what_happened=data.what_happened,
        reflection=data.reflection,
        status=data.status,
    )
    session.add(action)
    session.flush()
    return TrialActionRead.model_validate(action)


def update_trial_action(
    context: TenantContext,
    project_id: uuid.UUID,
    trial_action_id: uuid.UUID,
    changes: TrialActionUpdate,
) -> TrialActionRead:
    session = context.session
    action = get_visible_trial_action(context, project_id, trial_action_id, for_update=True)
    project = get_visible_project(context, project_id)
    _require_editor(context, project)
    sent = changes.model_fields_set
    if changes.module_id is not None:
        _check_module(session, project, changes.module_id)
    if action.status == TrialActionStatus.done and changes.status == TrialActionStatus.planned:
        raise Conflict("A done trial action cannot go back to planned.")
    status = changes.status if changes.status is not None else action.status
    what_happened = (
        changes.what_happened if changes.what_happened is not None else action.what_happened
    )
    _refuse_done_without_story(status, what_happened)
    for field in (
        "title",
        "plan",
        "with_whom_note",
        "planned_for",
        "module_id",
        "what_happened",
        "reflection",
        "status",
    ):
        value = getattr(changes, field)
        if field in sent and value is not None:
            setattr(action, field, value)
    if changes.with_whom is not None:
        action.with_whom = _with_whom(changes.with_whom)
    action.updated_at = utc_now()
    session.add(action)
    session.flush()
    return TrialActionRead.model_validate(action)


def delete_trial_action(
    context: TenantContext, project_id: uuid.UUID, trial_action_id: uuid.UUID
) -> None:
    session = context.session
    action = get_visible_trial_action(context, project_id, trial_action_id, for_update=True)
    _require_editor(context, get_visible_project(context, project_id))
    if action.status == TrialActionStatus.done:
        raise Conflict("A done trial action is part of the project's record; drop it instead.")
    session.delete(action)
    session.flush()


def _with_whom(values: Iterable[str]) -> list[str]:
    return sorted(set(values))


def _check_module(session: Session, project: ActionLearningProject, module_id: uuid.UUID) -> None:
    module = programmes_service.get_module(session, module_id)
    if project.cohort_id is None:
        raise InvalidInput(
            "Only a project in a cohort can link a trial action to a module.",
            errors=[{"location": "body.module_id", "message": "the project has no cohort"}],
        )
    cohort = cohorts_service.get_cohort(session, project.cohort_id)
    if module.programme_id != cohort.programme_id:
        raise InvalidInput(
            "The module does not belong to the programme of the project's cohort.",
            errors=[{"location": "body.module_id", "message": "module of another programme"}],
        )


def _refuse_done_without_story(status: TrialActionStatus, what_happened: str) -> None:
    if status == TrialActionStatus.done and not what_happened.strip():
        raise InvalidInput(
            "Describe what happened to mark the trial action done.",
            errors=[{"location": "body.what_happened", "message": "required when done"}],
        )


# --- the leader's view ------------------------------------------------------------------------


def team_overview(
    context: TenantContext, page: PageRequest
) -> tuple[list[TeamProjectOverview], str | None]:
    """The projects of the leader's team, with trial actions and feedback counted — never
    the feedback's content."""
    session = context.session
    if Role.leader not in context.principal.roles:
        raise Forbidden("Only a leader has a team overview.")
    members = people_service.team_member_ids(session, context.person_id)
    statement = select(ActionLearningProject).where(_owned_by_any(members) if members else false())
    rows, next_cursor = paginate(session, statement, LIST_ORDER, page)
    projects: list[ActionLearningProject] = rows
    ids = [project.id for project in projects]
    owners = _owners_of(session, ids)
    actions: dict[uuid.UUID, dict[TrialActionStatus, int]] = {
        project_id: dict.fromkeys(TrialActionStatus, 0) for project_id in ids
    }
    feedback = ask(session, CountFeedback(frozenset(ids)))
    if ids:
        for project_id, action_status, count in session.exec(
            select(TrialAction.project_id, TrialAction.status, func.count())
            .where(col(TrialAction.project_id).in_(ids))
            .group_by(col(TrialAction.project_id), col(TrialAction.status))
        ).all():
            actions[project_id][TrialActionStatus(action_status)] = count
    return [
        TeamProjectOverview(
            id=project.id,
            title=project.title,
            phase=project.phase,
            status=project.status,
            owner_ids=owners.get(project.id, []),
            trial_actions=actions[project.id],
            feedback=feedback[project.id],
        )
        for project in projects
    ], next_cursor


TEAM_OVERVIEW_LIST = TenantList(TeamProjectOverview, read=team_overview)

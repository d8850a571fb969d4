from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response, status

from praksis.action_learning import service
from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectPhase,
    ProjectStatus,
    TrialAction,
    TrialActionStatus,
)
from praksis.action_learning.schemas import (
    ProjectCreate,
    ProjectRead,
    ProjectUpdate,
    TeamProjectOverview,
    TrialActionCreate,
    TrialActionRead,
    TrialActionUpdate,
)
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission

ProjectsReader = Annotated[TenantContext, Depends(authorize(Permission.projects_read))]
ProjectsWriter = Annotated[TenantContext, Depends(authorize(Permission.projects_write))]
ProjectReader = Annotated[
    TenantContext, Depends(authorize(Permission.projects_read, item=ActionLearningProject))
]
ProjectWriter = Annotated[
    TenantContext, Depends(authorize(Permission.projects_write, item=ActionLearningProject))
]
TrialActionReader = Annotated[
    TenantContext, Depends(authorize(Permission.projects_read, item=TrialAction))
]
TrialActionWriter = Annotated[
    TenantContext, Depends(authorize(Permission.projects_write, item=TrialAction))
]

router = api_router(prefix="/action-learning-projects", tags=["action-learning-projects"])


@router.get("", operation_id="list_action_learning_projects", response_model=Page[ProjectRead])
async def list_projects(
    context: ProjectsReader,
    page: PageParams,
    cohort_id: uuid.UUID | None = None,
    kerneopgave_id: uuid.UUID | None = None,
    phase: ProjectPhase | None = None,
    status: ProjectStatus | None = None,
    mine: Annotated[bool, Query(description="Only projects the caller owns.")] = False,
    team: Annotated[bool, Query(description="Only projects of the caller's team.")] = False,
) -> Response:
    return await service.PROJECTS_LIST.respond(
        context,
        page,
        cohort_id=cohort_id,
        kerneopgave_id=kerneopgave_id,
        phase=phase,
        status=status,
        mine=mine,
        team=team,
    )


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_action_learning_project")
def create_project(context: ProjectsWriter, body: ProjectCreate, new: NewItem) -> ProjectRead:
    return new.located(service.create_project(context, body))


@router.get(
    "/team-overview",
    operation_id="get_action_learning_team_overview",
    response_model=Page[TeamProjectOverview],
)
async def team_overview(context: ProjectsReader, page: PageParams) -> Response:
    """A leader's team's projects with trial-action and feedback counts (no content)."""
    return await service.TEAM_OVERVIEW_LIST.respond(context, page)


@router.get("/{project_id:uuid}", operation_id="get_action_learning_project")
def get_project(context: ProjectReader, project_id: uuid.UUID, cache: IfNoneMatch) -> ProjectRead:
    return cache.tagged(service.read_project(context, project_id))


@router.patch("/{project_id:uuid}", operation_id="update_action_learning_project")
def update_project(
    context: ProjectWriter, project_id: uuid.UUID, body: ProjectUpdate, if_match: IfMatch
) -> ProjectRead:
    if_match.check(
        context.session,
        ActionLearningProject,
        project_id,
        lambda: service.read_project(context, project_id),
    )
    return if_match.tagged(service.update_project(context, project_id, body))


@router.delete(
    "/{project_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_action_learning_project",
)
def delete_project(context: ProjectWriter, project_id: uuid.UUID) -> None:
    service.delete_project(context, project_id)


@router.post(
    "/{project_id:uuid}/invitation/accept",
    operation_id="accept_project_invitation",
    responses={409: {"description": "No invitation for the caller (problem+json)."}},
)
def accept_invitation(context: ProjectWriter, project_id: uuid.UUID) -> ProjectRead:
    """Become a co-owner of a project one of its owners invited you to: nobody becomes an
    owner of someone else's project without saying yes."""
    return service.accept_invitation(context, project_id)


@router.post(
    "/{project_id:uuid}/invitation/decline",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="decline_project_invitation",
    responses={409: {"description": "No invitation for the caller (problem+json)."}},
)
def decline_invitation(context: ProjectWriter, project_id: uuid.UUID) -> None:
    """Say no to an invitation to co-own a project."""
    service.decline_invitation(context, project_id)


@router.get(
    "/{project_id:uuid}/trial-actions",
    operation_id="list_trial_actions",
    response_model=Page[TrialActionRead],
)
async def list_trial_actions(
    context: ProjectReader,
    project_id: uuid.UUID,
    page: PageParams,
    status: TrialActionStatus | None = None,
) -> Response:
    return await service.TRIAL_ACTIONS_LIST.respond(
        context, page, project_id=project_id, status=status
    )


@router.post(
    "/{project_id:uuid}/trial-actions",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_trial_action",
)
def create_trial_action(
    context: ProjectWriter, project_id: uuid.UUID, body: TrialActionCreate, new: NewItem
) -> TrialActionRead:
    return new.located(service.create_trial_action(context, project_id, body))


@router.get(
    "/{project_id:uuid}/trial-actions/{trial_action_id:uuid}", operation_id="get_trial_action"
)
def get_trial_action(
    context: TrialActionReader,
    project_id: uuid.UUID,
    trial_action_id: uuid.UUID,
    cache: IfNoneMatch,
) -> TrialActionRead:
    return cache.tagged(service.read_trial_action(context, project_id, trial_action_id))


@router.patch(
    "/{project_id:uuid}/trial-actions/{trial_action_id:uuid}",
    operation_id="update_trial_action",
)
def update_trial_action(
    context: TrialActionWriter,
    project_id: uuid.UUID,
    trial_action_id: uuid.UUID,
    body: TrialActionUpdate,
    if_match: IfMatch,
) -> TrialActionRead:
    if_match.check(
        context.session,
        TrialAction,
        trial_action_id,
        lambda: service.read_trial_action(context, project_id, trial_action_id),
    )
    return if_match.tagged(service.update_trial_action(context, project_id, trial_action_id, body))


@router.delete(
    "/{project_id:uuid}/trial-actions/{trial_action_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_trial_action",
)
def delete_trial_action(
    context: TrialActionWriter, project_id: uuid.UUID, trial_action_id: uuid.UUID
) -> None:
    service.delete_trial_action(context, project_id, trial_action_id)

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Response, status

from praksis.competences import service
from praksis.competences.models import Competence, CompetenceFramework
from praksis.competences.schemas import (
    CompetenceCreate,
    CompetenceRead,
    CompetenceUpdate,
    FrameworkCreate,
    FrameworkRead,
    FrameworkUpdate,
)
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission

CompetencesReader = Annotated[TenantContext, Depends(authorize(Permission.competences_read))]
CompetencesWriter = Annotated[TenantContext, Depends(authorize(Permission.competences_write))]
FrameworkReader = Annotated[
    TenantContext, Depends(authorize(Permission.competences_read, item=CompetenceFramework))
]
FrameworkWriter = Annotated[
    TenantContext, Depends(authorize(Permission.competences_write, item=CompetenceFramework))
]
CompetenceReader = Annotated[
    TenantContext, Depends(authorize(Permission.competences_read, item=Competence))
]
CompetenceWriter = Annotated[
    TenantContext, Depends(authorize(Permission.competences_write, item=Competence))
]

router = api_router(prefix="/competences", tags=["competences"])


@router.get("", operation_id="list_competence_frameworks", response_model=Page[FrameworkRead])
async def list_competence_frameworks(context: CompetencesReader, page: PageParams) -> Response:
    """The municipality's competence frameworks (fagprofiler), oldest first."""
    return await service.FRAMEWORKS_LIST.respond(context, page)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_competence_framework")
def create_competence_framework(
    context: CompetencesWriter, body: FrameworkCreate, new: NewItem
) -> FrameworkRead:
    return new.located(service.create_framework(context, body))


@router.get("/{framework_id}", operation_id="get_competence_framework")
def get_competence_framework(
    context: FrameworkReader, framework_id: uuid.UUID, cache: IfNoneMatch
) -> FrameworkRead:
    return cache.tagged(service.read_framework(context, framework_id))


@router.patch("/{framework_id}", operation_id="update_competence_framework")
def update_competence_framework(
    context: FrameworkWriter, framework_id: uuid.UUID, body: FrameworkUpdate, if_match: IfMatch
) -> FrameworkRead:
    if_match.check(
        context.session,
        CompetenceFramework,
        framework_id,
        lambda: service.read_framework(context, framework_id),
    )
    return if_match.tagged(service.update_framework(context, framework_id, body))


@router.delete(
    "/{framework_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_competence_framework",
)
def delete_competence_framework(context: FrameworkWriter, framework_id: uuid.UUID) -> None:
    """Deletes the framework with its competences; 409 while a programme aims at one."""
    service.delete_framework(context, framework_id)


@router.get(
    "/{framework_id}/competences",
    operation_id="list_competences",
    response_model=Page[CompetenceRead],
)
async def list_competences(
    context: FrameworkReader, framework_id: uuid.UUID, page: PageParams
) -> Response:
    """The framework's competences, by position."""
    return await service.COMPETENCES_LIST.respond(context, page, framework_id=framework_id)


@router.post(
    "/{framework_id}/competences",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_competence",
)
def create_competence(
    context: FrameworkWriter, framework_id: uuid.UUID, body: CompetenceCreate, new: NewItem
) -> CompetenceRead:
    return new.located(service.create_competence(context, framework_id, body))


@router.get("/{framework_id}/competences/{competence_id}", operation_id="get_competence")
def get_competence(
    context: CompetenceReader,
    framework_id: uuid.UUID,
    competence_id: uuid.UUID,
    cache: IfNoneMatch,
) -> CompetenceRead:
    return cache.tagged(service.read_competence(context, framework_id, competence_id))


@router.patch("/{framework_id}/competences/{competence_id}", operation_id="update_competence")
def update_competence(
    context: CompetenceWriter,
    framework_id: uuid.UUID,
    competence_id: uuid.UUID,
    body: CompetenceUpdate,
    if_match: IfMatch,
) -> CompetenceRead:
    if_match.check(
        context.session,
        Competence,
        competence_id,
        lambda: service.read_competence(context, framework_id, competence_id),
    )
    return if_match.tagged(service.update_competence(context, framework_id, competence_id, body))


@router.delete(
    "/{framework_id}/competences/{competence_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_competence",
)
def delete_competence(
    context: CompetenceWriter, framework_id: uuid.UUID, competence_id: uuid.UUID
) -> None:
    """Removes the competence; the others close up. 409 while a programme aims at it."""
    service.delete_competence(context, framework_id, competence_id)

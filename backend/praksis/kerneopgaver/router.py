from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response, status

from praksis.kerneopgaver import service
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kerneopgaver.schemas import KerneopgaveCreate, KerneopgaveRead, KerneopgaveUpdate
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission

KerneopgaverReader = Annotated[TenantContext, Depends(authorize(Permission.kerneopgaver_read))]
KerneopgaverWriter = Annotated[TenantContext, Depends(authorize(Permission.kerneopgaver_write))]
KerneopgaveReader = Annotated[
    TenantContext, Depends(authorize(Permission.kerneopgaver_read, item=Kerneopgave))
]
KerneopgaveWriter = Annotated[
    TenantContext, Depends(authorize(Permission.kerneopgaver_write, item=Kerneopgave))
]

router = api_router(prefix="/kerneopgaver", tags=["kerneopgaver"])


@router.get("", operation_id="list_kerneopgaver", response_model=Page[KerneopgaveRead])
async def list_kerneopgaver(
    context: KerneopgaverReader,
    page: PageParams,
    active: Annotated[bool | None, Query(description="Only active or inactive ones.")] = None,
) -> Response:
    return await service.KERNEOPGAVER_LIST.respond(context, page, active=active)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_kerneopgave")
def create_kerneopgave(
    context: KerneopgaverWriter, body: KerneopgaveCreate, new: NewItem
) -> KerneopgaveRead:
    return KerneopgaveRead.model_validate(new.located(service.create_kerneopgave(context, body)))


@router.get("/{kerneopgave_id}", operation_id="get_kerneopgave")
def get_kerneopgave(
    context: KerneopgaveReader, kerneopgave_id: uuid.UUID, cache: IfNoneMatch
) -> KerneopgaveRead:
    return cache.tagged(service.read_kerneopgave(context, kerneopgave_id))


@router.patch("/{kerneopgave_id}", operation_id="update_kerneopgave")
def update_kerneopgave(
    context: KerneopgaveWriter,
    kerneopgave_id: uuid.UUID,
    body: KerneopgaveUpdate,
    if_match: IfMatch,
) -> KerneopgaveRead:
    if_match.check(
        context.session,
        Kerneopgave,
        kerneopgave_id,
        lambda: service.read_kerneopgave(context, kerneopgave_id),
    )
    updated = service.update_kerneopgave(context, kerneopgave_id, body)
    return if_match.tagged(KerneopgaveRead.model_validate(updated))


@router.delete(
    "/{kerneopgave_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_kerneopgave"
)
def delete_kerneopgave(context: KerneopgaveWriter, kerneopgave_id: uuid.UUID) -> None:
    service.delete_kerneopgave(context, kerneopgave_id)

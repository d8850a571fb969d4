from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response, status

from praksis.cohorts import service
from praksis.cohorts.models import BuddyPair, Cohort, LearningGroup
from praksis.cohorts.schemas import (
    BuddyPairCreate,
    BuddyPairRead,
    CohortCreate,
    CohortRead,
    CohortUpdate,
    LearningGroupCreate,
    LearningGroupRead,
    LearningGroupUpdate,
)
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.created import NewItem
from praksis.kit.etag import IfMatch, IfNoneMatch
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission

CohortsReader = Annotated[TenantContext, Depends(authorize(Permission.cohorts_read))]
CohortsWriter = Annotated[TenantContext, Depends(authorize(Permission.cohorts_write))]
CohortReader = Annotated[TenantContext, Depends(authorize(Permission.cohorts_read, item=Cohort))]
CohortWriter = Annotated[TenantContext, Depends(authorize(Permission.cohorts_write, item=Cohort))]
GroupReader = Annotated[
    TenantContext, Depends(authorize(Permission.cohorts_read, item=LearningGroup))
]
GroupWriter = Annotated[
    TenantContext, Depends(authorize(Permission.cohorts_write, item=LearningGroup))
]
PairReader = Annotated[TenantContext, Depends(authorize(Permission.cohorts_read, item=BuddyPair))]
PairWriter = Annotated[TenantContext, Depends(authorize(Permission.cohorts_write, item=BuddyPair))]

router = api_router(prefix="/cohorts", tags=["cohorts"])


# --- cohorts ----------------------------------------------------------------------------------


@router.get("", operation_id="list_cohorts", response_model=Page[CohortRead])
async def list_cohorts(
    context: CohortsReader,
    page: PageParams,
    programme_id: Annotated[uuid.UUID | None, Query(description="Only this programme's.")] = None,
) -> Response:
    return await service.COHORTS_LIST.respond(context, page, programme_id=programme_id)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_cohort")
def create_cohort(context: CohortsWriter, body: CohortCreate, new: NewItem) -> CohortRead:
    """A new planned cohort (hold) of a programme (Hedensted: 20–24 participants)."""
    return new.located(service.create_cohort(context, body))


@router.get("/{cohort_id}", operation_id="get_cohort")
def get_cohort(context: CohortReader, cohort_id: uuid.UUID, cache: IfNoneMatch) -> CohortRead:
    return cache.tagged(service.read_cohort(context, cohort_id))


@router.patch("/{cohort_id}", operation_id="update_cohort")
def update_cohort(
    context: CohortWriter, cohort_id: uuid.UUID, body: CohortUpdate, if_match: IfMatch
) -> CohortRead:
    """Change a cohort. Status moves planned → running → completed, or planned/running →
    cancelled. Starting it (``status: running``) checks the programme's participant rules:
    the KL pilot's at least two per department (a 409 whose ``org_units`` member lists every
    department with too few, as ``{id, name, count}``) and the minimum cohort size. The
    cohort's workshops book its facilitators: a new facilitator busy at one of them is
    refused (409 whose ``conflicts`` member names the clashing workshops)."""
    if_match.check(
        context.session, Cohort, cohort_id, lambda: service.read_cohort(context, cohort_id)
    )
    return if_match.tagged(service.update_cohort(context, cohort_id, body))


@router.delete("/{cohort_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_cohort")
def delete_cohort(context: CohortWriter, cohort_id: uuid.UUID) -> None:
    """Only a planned cohort without enrolments; otherwise cancel it."""
    service.delete_cohort(context, cohort_id)


# --- learning groups --------------------------------------------------------------------------


@router.get(
    "/{cohort_id}/learning-groups",
    operation_id="list_learning_groups",
    response_model=Page[LearningGroupRead],
)
async def list_learning_groups(
    context: CohortReader, cohort_id: uuid.UUID, page: PageParams
) -> Response:
    return await service.LEARNING_GROUPS_LIST.respond(context, page, cohort_id=cohort_id)


@router.post(
    "/{cohort_id}/learning-groups",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_learning_group",
)
def create_learning_group(
    context: CohortWriter, cohort_id: uuid.UUID, body: LearningGroupCreate, new: NewItem
) -> LearningGroupRead:
    """A læringsgruppe of 4–6 approved participants of the cohort."""
    return new.located(service.create_learning_group(context, cohort_id, body))


@router.get("/{cohort_id}/learning-groups/{group_id}", operation_id="get_learning_group")
def get_learning_group(
    context: GroupReader, cohort_id: uuid.UUID, group_id: uuid.UUID, cache: IfNoneMatch
) -> LearningGroupRead:
    return cache.tagged(service.get_learning_group(context, cohort_id, group_id))


@router.patch("/{cohort_id}/learning-groups/{group_id}", operation_id="update_learning_group")
def update_learning_group(
    context: GroupWriter,
    cohort_id: uuid.UUID,
    group_id: uuid.UUID,
    body: LearningGroupUpdate,
    if_match: IfMatch,
) -> LearningGroupRead:
    if_match.check(
        context.session,
        LearningGroup,
        group_id,
        lambda: service.get_learning_group(context, cohort_id, group_id),
    )
    return if_match.tagged(service.update_learning_group(context, cohort_id, group_id, body))


@router.delete(
    "/{cohort_id}/learning-groups/{group_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_learning_group",
)
def delete_learning_group(context: GroupWriter, cohort_id: uuid.UUID, group_id: uuid.UUID) -> None:
    service.delete_learning_group(context, cohort_id, group_id)


# --- buddy pairs ------------------------------------------------------------------------------


@router.get(
    "/{cohort_id}/buddy-pairs", operation_id="list_buddy_pairs", response_model=Page[BuddyPairRead]
)
async def list_buddy_pairs(
    context: CohortReader, cohort_id: uuid.UUID, page: PageParams
) -> Response:
    return await service.BUDDY_PAIRS_LIST.respond(context, page, cohort_id=cohort_id)


@router.post(
    "/{cohort_id}/buddy-pairs",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_buddy_pair",
)
def create_buddy_pair(
    context: CohortWriter, cohort_id: uuid.UUID, body: BuddyPairCreate, new: NewItem
) -> BuddyPairRead:
    """Two "buddys" from the same learning group, who give each other feedback."""
    return new.located(service.create_buddy_pair(context, cohort_id, body))


@router.get("/{cohort_id}/buddy-pairs/{pair_id}", operation_id="get_buddy_pair")
def get_buddy_pair(context: PairReader, cohort_id: uuid.UUID, pair_id: uuid.UUID) -> BuddyPairRead:
    return service.get_buddy_pair(context, cohort_id, pair_id)


@router.delete(
    "/{cohort_id}/buddy-pairs/{pair_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_buddy_pair",
)
def delete_buddy_pair(context: PairWriter, cohort_id: uuid.UUID, pair_id: uuid.UUID) -> None:
    service.delete_buddy_pair(context, cohort_id, pair_id)

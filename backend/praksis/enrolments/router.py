from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response, status

from praksis.enrolments import service
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.enrolments.schemas import (
    EnrolmentApproval,
    EnrolmentCompletion,
    EnrolmentCreate,
    EnrolmentDecision,
    EnrolmentRead,
)
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.pagination import Page, PageParams
from praksis.kit.permissions import Permission

EnrolmentsReader = Annotated[TenantContext, Depends(authorize(Permission.enrolments_read))]
Nominator = Annotated[TenantContext, Depends(authorize(Permission.enrolments_nominate))]
EnrolmentReader = Annotated[
    TenantContext, Depends(authorize(Permission.enrolments_read, item=Enrolment))
]
Decider = Annotated[TenantContext, Depends(authorize(Permission.enrolments_decide, item=Enrolment))]
Withdrawer = Annotated[
    TenantContext, Depends(authorize(Permission.enrolments_withdraw, item=Enrolment))
]
Completer = Annotated[
    TenantContext, Depends(authorize(Permission.enrolments_complete, item=Enrolment))
]

router = api_router(prefix="/enrolments", tags=["enrolments"])


@router.get("", operation_id="list_enrolments")
def list_enrolments(
    context: EnrolmentsReader,
    page: PageParams,
    programme_id: Annotated[uuid.UUID | None, Query(description="Only this programme's.")] = None,
    cohort_id: Annotated[uuid.UUID | None, Query(description="Only this cohort's.")] = None,
    status: Annotated[EnrolmentStatus | None, Query(description="Only in this status.")] = None,
    person_id: Annotated[uuid.UUID | None, Query(description="Only this person's.")] = None,
) -> Page[EnrolmentRead]:
    """The enrolments you may see: your own; a leader also their team's and those they
    nominated; a facilitator those in their cohorts; HR all."""
    rows, next_cursor = service.list_enrolments(
        context,
        page,
        programme_id=programme_id,
        cohort_id=cohort_id,
        status=status,
        person_id=person_id,
    )
    return Page(items=[EnrolmentRead.model_validate(row) for row in rows], next_cursor=next_cursor)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="nominate_for_programme")
def nominate_for_programme(
    context: Nominator, body: EnrolmentCreate, response: Response
) -> EnrolmentRead:
    """A leader nominates someone from their team, with the written justification."""
    created = service.nominate(context, body)
    response.headers["Location"] = f"/api/v1/enrolments/{created.id}"
    return EnrolmentRead.model_validate(created)


@router.get("/{enrolment_id}", operation_id="get_enrolment")
def get_enrolment(context: EnrolmentReader, enrolment_id: uuid.UUID) -> EnrolmentRead:
    return EnrolmentRead.model_validate(service.get_enrolment(context, enrolment_id))


@router.post("/{enrolment_id}/approve", operation_id="approve_enrolment")
def approve_enrolment(
    context: Decider, enrolment_id: uuid.UUID, body: EnrolmentApproval
) -> EnrolmentRead:
    """Approve onto a cohort, or onto its waiting list when the cohort is full."""
    return EnrolmentRead.model_validate(service.approve(context, enrolment_id, body))


@router.post("/{enrolment_id}/decline", operation_id="decline_enrolment")
def decline_enrolment(
    context: Decider, enrolment_id: uuid.UUID, body: EnrolmentDecision
) -> EnrolmentRead:
    return EnrolmentRead.model_validate(service.decline(context, enrolment_id, body))


@router.post("/{enrolment_id}/withdraw", operation_id="withdraw_enrolment")
def withdraw_enrolment(
    context: Withdrawer, enrolment_id: uuid.UUID, body: EnrolmentDecision
) -> EnrolmentRead:
    """The participant, their leader or HR withdraws; a freed place goes to the waiting list."""
    return EnrolmentRead.model_validate(service.withdraw(context, enrolment_id, body))


@router.post("/{enrolment_id}/complete", operation_id="complete_enrolment")
def complete_enrolment(
    context: Completer, enrolment_id: uuid.UUID, body: EnrolmentCompletion
) -> EnrolmentRead:
    """Completion, with a grade on the Danish 7-point scale or pass/fail as the programme
    grades."""
    return EnrolmentRead.model_validate(service.complete(context, enrolment_id, body))

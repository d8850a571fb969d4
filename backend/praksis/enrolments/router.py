from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Response, status

from praksis.enrolments import catalogue, requests, service, team
from praksis.enrolments.models import Enrolment, EnrolmentRequest, EnrolmentStatus, RequestStatus
from praksis.enrolments.schemas import (
    CatalogueEntry,
    EnrolmentApproval,
    EnrolmentCompletion,
    EnrolmentCreate,
    EnrolmentDecision,
    EnrolmentRead,
    EnrolmentRequestCreate,
    EnrolmentRequestRead,
    EnrolmentWithdrawal,
    RequestEndorsement,
    TeamNominationCreate,
    TeamNominationRead,
)
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.created import NewItem
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


@router.get("", operation_id="list_enrolments", response_model=Page[EnrolmentRead])
async def list_enrolments(
    context: EnrolmentsReader,
    page: PageParams,
    programme_id: Annotated[uuid.UUID | None, Query(description="Only this programme's.")] = None,
    cohort_id: Annotated[uuid.UUID | None, Query(description="Only this cohort's.")] = None,
    status: Annotated[EnrolmentStatus | None, Query(description="Only in this status.")] = None,
    person_id: Annotated[uuid.UUID | None, Query(description="Only this person's.")] = None,
) -> Response:
    """The enrolments you may see: your own; a leader also their team's and those they
    nominated; a facilitator those in their cohorts; HR all."""
    return await service.ENROLMENTS_LIST.respond(
        context,
        page,
        programme_id=programme_id,
        cohort_id=cohort_id,
        status=status,
        person_id=person_id,
    )


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="nominate_for_programme")
def nominate_for_programme(
    context: Nominator, body: EnrolmentCreate, new: NewItem
) -> EnrolmentRead:
    """A leader nominates someone from their team, with the written justification."""
    return EnrolmentRead.model_validate(new.located(service.nominate(context, body)))


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
    context: Withdrawer, enrolment_id: uuid.UUID, body: EnrolmentWithdrawal
) -> EnrolmentRead:
    """The participant, their leader or HR withdraws, with a reason for the statistics; a
    freed place goes to the waiting list."""
    return EnrolmentRead.model_validate(service.withdraw(context, enrolment_id, body))


@router.post("/{enrolment_id}/complete", operation_id="complete_enrolment")
def complete_enrolment(
    context: Completer, enrolment_id: uuid.UUID, body: EnrolmentCompletion
) -> EnrolmentRead:
    """Completion, with a grade on the Danish 7-point scale or pass/fail as the programme
    grades."""
    return EnrolmentRead.model_validate(service.complete(context, enrolment_id, body))


# --- ways in (issue 18): requests for a place, whole teams, the catalogue ---------------------

Requester = Annotated[TenantContext, Depends(authorize(Permission.enrolments_request))]
RequestReader = Annotated[
    TenantContext, Depends(authorize(Permission.enrolments_request, item=EnrolmentRequest))
]
Endorser = Annotated[
    TenantContext, Depends(authorize(Permission.enrolments_endorse, item=EnrolmentRequest))
]

requests_router = api_router(prefix="/enrolment-requests", tags=["enrolments"])


@requests_router.get(
    "", operation_id="list_enrolment_requests", response_model=Page[EnrolmentRequestRead]
)
async def list_enrolment_requests(
    context: Requester,
    page: PageParams,
    status: Annotated[RequestStatus | None, Query(description="Only in this status.")] = None,
    programme_id: Annotated[uuid.UUID | None, Query(description="Only this programme's.")] = None,
    person_id: Annotated[uuid.UUID | None, Query(description="Only this person's.")] = None,
) -> Response:
    """The requests you may see: your own; a leader also their team's (pending ones wait for
    them); HR all."""
    return await requests.REQUESTS_LIST.respond(
        context, page, status=status, programme_id=programme_id, person_id=person_id
    )


@requests_router.post("", status_code=status.HTTP_201_CREATED, operation_id="ask_for_place")
def ask_for_place(
    context: Requester, body: EnrolmentRequestCreate, new: NewItem
) -> EnrolmentRequestRead:
    """Ask for a place on an open programme of your target group, with your own motivation;
    your leader endorses it into a nomination (or declines), then HR decides."""
    return EnrolmentRequestRead.model_validate(new.located(requests.ask_for_place(context, body)))


@requests_router.get("/{request_id}", operation_id="get_enrolment_request")
def get_enrolment_request(context: RequestReader, request_id: uuid.UUID) -> EnrolmentRequestRead:
    return EnrolmentRequestRead.model_validate(requests.get_request(context, request_id))


@requests_router.post("/{request_id}/endorse", operation_id="endorse_enrolment_request")
def endorse_enrolment_request(
    context: Endorser, request_id: uuid.UUID, body: RequestEndorsement
) -> EnrolmentRequestRead:
    """The person's leader (or HR) nominates them as asked, with the written justification
    the programme requires; the nomination is ``enrolment_id``."""
    return EnrolmentRequestRead.model_validate(requests.endorse(context, request_id, body))


@requests_router.post("/{request_id}/decline", operation_id="decline_enrolment_request")
def decline_enrolment_request(
    context: Endorser, request_id: uuid.UUID, body: EnrolmentDecision
) -> EnrolmentRequestRead:
    """The person's leader (or HR) declines, with a note for the person."""
    return EnrolmentRequestRead.model_validate(requests.decline(context, request_id, body))


@requests_router.post("/{request_id}/withdraw", operation_id="withdraw_enrolment_request")
def withdraw_enrolment_request(
    context: RequestReader, request_id: uuid.UUID
) -> EnrolmentRequestRead:
    """Take your pending request back."""
    return EnrolmentRequestRead.model_validate(requests.withdraw(context, request_id))


team_router = api_router(prefix="/team-nominations", tags=["enrolments"])


@team_router.post("", operation_id="nominate_team")
def nominate_team(context: Nominator, body: TeamNominationCreate) -> TeamNominationRead:
    """A leader of the unit (or HR) nominates its staff in one request with one
    justification; each person gets their own result (nominated, already enrolled, not in
    the target group, leads the unit, left). Sent again, it nominates nobody twice."""
    return team.nominate_team(context, body)


catalogue_router = api_router(prefix="/catalogue", tags=["enrolments"])


@catalogue_router.get("", operation_id="list_catalogue", response_model=Page[CatalogueEntry])
async def list_catalogue(context: Requester, page: PageParams) -> Response:
    """The programmes you could join: open ones and drafts shown to gauge interest, with
    target group, dates and places left (a participant sees those of their target group; a
    leader and HR all)."""
    return await catalogue.CATALOGUE_LIST.respond(context, page)

"""A person asks for a place (Hedensted: "Ansatte med interesse kan deltage efter aftale med
egen leder"): the request carries the person's own motivation; their leader endorses it into
a nomination with the written justification the programme requires, or declines it; HR then
decides on the nomination as on any other.

At most one pending request per person and programme (a partial unique index); a decision is
taken on the locked request and applies only to a pending one (409 otherwise).
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement
from sqlmodel import col, or_, select

from praksis.audit.trail import AuditAction, AuditObject, record
from praksis.enrolments import service
from praksis.enrolments.models import EnrolmentRequest, RequestStatus
from praksis.enrolments.schemas import (
    EnrolmentDecision,
    EnrolmentRequestCreate,
    EnrolmentRequestRead,
    RequestEndorsement,
)
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.kit.errors import Conflict, Forbidden
from praksis.kit.lookups import filtered, if_given, row_or_404
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.permissions import Role
from praksis.kit.reads import TenantList
from praksis.people import service as people_service

LIST_ORDER = (EnrolmentRequest.id,)


def list_requests(
    context: TenantContext,
    page: PageRequest,
    *,
    status: RequestStatus | None = None,
    programme_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
) -> tuple[list[EnrolmentRequest], str | None]:
    """The requests the caller may see: their own; a leader also their team's; HR all."""
    statement = filtered(
        select(EnrolmentRequest),
        _visible_to(context),
        if_given(EnrolmentRequest.status, status),
        if_given(EnrolmentRequest.programme_id, programme_id),
        if_given(EnrolmentRequest.person_id, person_id),
    )
    return paginate(context.session, statement, LIST_ORDER, page)


REQUESTS_LIST = TenantList(EnrolmentRequestRead, read=list_requests)


def get_request(context: TenantContext, request_id: uuid.UUID) -> EnrolmentRequest:
    """The request if the caller may see it; 404 otherwise, as if it did not exist."""
    return row_or_404(
        context.session,
        EnrolmentRequest,
        request_id,
        _visible_to(context),
        missing=f"Enrolment request {request_id} was not found.",
    )


def _visible_to(context: TenantContext) -> ColumnElement[bool] | None:
    if Role.hr_admin in context.principal.roles:
        return None
    clauses: list[ColumnElement[bool]] = [col(EnrolmentRequest.person_id) == context.person_id]
    if Role.leader in context.principal.roles:
        team = people_service.team_member_ids(context.session, context.person_id)
        if team:
            clauses.append(col(EnrolmentRequest.person_id).in_(team))
    return or_(*clauses)


def ask_for_place(context: TenantContext, data: EnrolmentRequestCreate) -> EnrolmentRequest:
    """The caller asks for a place on an open programme of their target group, with their
    own motivation; refused while they hold an active enrolment or a pending request on it."""
    session = context.session
    person = people_service.require_current_person(session, context.person_id)
    programme = service.open_programme(session, data.programme_id)
    cohort_id = None
    if data.cohort_id is not None:
        cohort_id = service.cohort_of_programme(session, data.cohort_id, programme.id).id
    service.refuse_if_not_eligible(session, programme.id, person.id)
    service.refuse_second_active_enrolment(session, person.id, programme.id)
    pending = session.exec(
        select(EnrolmentRequest.id).where(
            EnrolmentRequest.person_id == person.id,
            EnrolmentRequest.programme_id == programme.id,
            EnrolmentRequest.status == RequestStatus.pending,
        )
    ).first()
    if pending is not None:
        raise Conflict(f"You have asked for a place on this programme already ({pending}).")
    request = EnrolmentRequest(
        programme_id=programme.id,
        cohort_id=cohort_id,
        person_id=person.id,
        motivation=data.motivation.strip(),
    )
    session.add(request)
    session.flush()  # a twin at once meets the unique index: 409
    record(
        context,
        AuditAction.enrolment_requested,
        AuditObject.enrolment_request,
        request.id,
        {},
        {"status": request.status, "programme_id": programme.id, "person_id": person.id},
    )
    return request


def endorse(
    context: TenantContext, request_id: uuid.UUID, data: RequestEndorsement
) -> EnrolmentRequest:
    """The person's leader (or HR) nominates them as they asked, with the justification the
    programme requires; HR then decides on the nomination."""
    session = context.session
    request = _pending_for_decision(context, request_id, "endorsed")
    programme = service.open_programme(session, request.programme_id)
    justification = data.justification.strip()
    service.require_justification(programme, justification)
    cohort_id = data.cohort_id or request.cohort_id
    if cohort_id is not None:
        cohort_id = service.cohort_of_programme(session, cohort_id, programme.id).id
    people_service.require_current_person(session, request.person_id)
    service.refuse_if_not_eligible(session, programme.id, request.person_id)
    service.refuse_second_active_enrolment(session, request.person_id, programme.id)
    enrolment = service.create_nomination(
        context, programme.id, cohort_id, request.person_id, justification, data.team_challenge
    )
    request.enrolment_id = enrolment.id
    return _decide(context, request, RequestStatus.endorsed, "")


def decline(
    context: TenantContext, request_id: uuid.UUID, data: EnrolmentDecision
) -> EnrolmentRequest:
    """The person's leader (or HR) says no, with a note for the person."""
    request = _pending_for_decision(context, request_id, "declined")
    return _decide(context, request, RequestStatus.declined, data.note.strip())


def withdraw(context: TenantContext, request_id: uuid.UUID) -> EnrolmentRequest:
    """The person takes their pending request back."""
    request = get_request(context, request_id)
    if request.person_id != context.person_id:
        raise Forbidden("Only the person who asked can take the request back.")
    request = _locked_pending(context, request, "withdrawn")
    return _decide(context, request, RequestStatus.withdrawn, "")


def _pending_for_decision(
    context: TenantContext, request_id: uuid.UUID, action: str
) -> EnrolmentRequest:
    request = get_request(context, request_id)
    roles = context.principal.roles
    if Role.hr_admin not in roles and (
        request.person_id == context.person_id
        or request.person_id
        not in people_service.team_member_ids(context.session, context.person_id)
    ):
        raise Forbidden("Only the person's leader (or HR) answers a request for a place.")
    return _locked_pending(context, request, action)


def _locked_pending(
    context: TenantContext, request: EnrolmentRequest, action: str
) -> EnrolmentRequest:
    """The request's row locked and read again; 409 unless it is still pending (of two
    answers at once, the second is told so)."""
    missing = f"Enrolment request {request.id} was not found."
    locked = row_or_404(
        context.session, EnrolmentRequest, request.id, missing=missing, for_update=True
    )
    if locked.status != RequestStatus.pending:
        raise Conflict(
            f"A request can be {action} only while pending; this one is {locked.status.value}."
        )
    return locked


ACTIONS = {
    RequestStatus.endorsed: AuditAction.enrolment_request_endorsed,
    RequestStatus.declined: AuditAction.enrolment_request_declined,
    RequestStatus.withdrawn: AuditAction.enrolment_request_withdrawn,
}


def _decide(
    context: TenantContext, request: EnrolmentRequest, status: RequestStatus, note: str
) -> EnrolmentRequest:
    request.status = status
    if status != RequestStatus.withdrawn:
        request.decided_by_id = context.person_id
    if note:
        request.decision_note = note
    request.updated_at = utc_now()
    after: dict[str, object] = {"status": status}
    if request.enrolment_id is not None:
        after["enrolment_id"] = request.enrolment_id
    if note:
        after["note"] = note
    context.session.flush()
    record(
        context,
        ACTIONS[status],
        AuditObject.enrolment_request,
        request.id,
        {"status": RequestStatus.pending},
        after,
    )
    return request

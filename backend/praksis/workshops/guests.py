"""Guests on workshops: external facilitators and speakers (an erhvervspsykolog, a consultant,
a professor) named on a workshop, without an account (issue 18).

Anyone who sees workshops sees its guests. HR and the workshop's facilitators (named on it or
on its cohort) name, correct and remove them; a cancelled workshop gets no new guest, but a
name can always be corrected or removed (it is personal data). The audit trail records who
added, changed or removed a guest, with the guest's id and what part they play; which of
name, organisation and role changed, never their values.
"""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from praksis.audit.trail import AuditAction, AuditObject, record, record_changes
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.errors import Conflict, Forbidden
from praksis.kit.lookups import row_or_404
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.permissions import Permission
from praksis.workshops import service
from praksis.workshops.models import Workshop, WorkshopGuest, WorkshopStatus
from praksis.workshops.schemas import GuestCreate, GuestUpdate

GUEST_ORDER = (col(WorkshopGuest.created_at), col(WorkshopGuest.id))
# What may identify a guest: named in the audit trail when it changes, never kept there.
IDENTIFYING = ("name", "organisation", "role")
NOT_KEPT = "(not kept)"


def list_guests(
    context: TenantContext, workshop_id: uuid.UUID, page: PageRequest
) -> tuple[list[WorkshopGuest], str | None]:
    session = context.session
    workshop = service.get_workshop(session, workshop_id)
    statement = select(WorkshopGuest).where(WorkshopGuest.workshop_id == workshop.id)
    return paginate(session, statement, GUEST_ORDER, page)


def add_guest(context: TenantContext, workshop_id: uuid.UUID, data: GuestCreate) -> WorkshopGuest:
    session = context.session
    workshop = _planned_by_caller(context, workshop_id)
    if workshop.status == WorkshopStatus.cancelled:
        raise Conflict("The workshop is cancelled; it gets no new guests.")
    guest = WorkshopGuest(workshop_id=workshop.id, **data.model_dump())
    session.add(guest)
    session.flush()
    record(
        context,
        AuditAction.workshop_guest_added,
        AuditObject.workshop_guest,
        guest.id,
        {},
        _audited(guest),
    )
    return guest


def update_guest(
    context: TenantContext, workshop_id: uuid.UUID, guest_id: uuid.UUID, changes: GuestUpdate
) -> WorkshopGuest:
    guest = _guest(context, workshop_id, guest_id)
    values = changes.model_dump(exclude_unset=True)
    changed = {name for name, value in values.items() if getattr(guest, name) != value}
    before = _audited(guest)
    apply_changes(guest, values)
    context.session.flush()
    # the texts are named as changed, their values not kept (they may identify the guest)
    texts = dict.fromkeys(sorted(changed & set(IDENTIFYING)), NOT_KEPT)
    after = {**_audited(guest), **texts}
    record_changes(
        context,
        AuditAction.workshop_guest_updated,
        AuditObject.workshop_guest,
        guest.id,
        {**before, **dict.fromkeys(texts, "")},
        after,
    )
    return guest


def remove_guest(context: TenantContext, workshop_id: uuid.UUID, guest_id: uuid.UUID) -> None:
    guest = _guest(context, workshop_id, guest_id)
    before = _audited(guest)
    context.session.delete(guest)
    context.session.flush()
    record(
        context,
        AuditAction.workshop_guest_removed,
        AuditObject.workshop_guest,
        guest_id,
        before,
        {},
    )


def get_guest(context: TenantContext, workshop_id: uuid.UUID, guest_id: uuid.UUID) -> WorkshopGuest:
    session = context.session
    service.get_workshop(session, workshop_id)
    return row_or_404(
        session,
        WorkshopGuest,
        guest_id,
        WorkshopGuest.workshop_id == workshop_id,
        missing=f"Guest {guest_id} was not found on workshop {workshop_id}.",
    )


def _guest(context: TenantContext, workshop_id: uuid.UUID, guest_id: uuid.UUID) -> WorkshopGuest:
    _planned_by_caller(context, workshop_id)
    return get_guest(context, workshop_id, guest_id)


def _planned_by_caller(context: TenantContext, workshop_id: uuid.UUID) -> Workshop:
    """The workshop, locked (its guests change one request at a time), if the caller is HR or
    one of its facilitators."""
    session = context.session
    workshop = service.get_workshop(session, workshop_id, for_update=True)
    if context.principal.can(Permission.workshops_write):
        return workshop
    if context.person_id not in service.facilitator_ids(session, workshop):
        raise Forbidden("Only HR and the workshop's facilitators name its guests.")
    return workshop


def _audited(guest: WorkshopGuest) -> dict[str, object]:
    return {"workshop_id": guest.workshop_id, "contribution": guest.contribution}

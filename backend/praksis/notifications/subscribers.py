"""The earlier domains' events that someone is to be told of, written to the outbox in the
transaction of the change (``praksis.wiring`` subscribes them)."""

from __future__ import annotations

from sqlmodel import Session

from praksis.enrolments.events import EnrolmentDecided, PlaceChanged
from praksis.kit.db import TenantSession
from praksis.notifications import service
from praksis.workshops.events import WorkshopChanged


def tell_enrolment_decided(session: Session, event: EnrolmentDecided) -> None:
    service.notify_enrolment_decided(
        session,
        _tenant(session),
        event.enrolment_id,
        event.person_id,
        event.programme_id,
        event.decision,
    )


def renew_workshop_invitations(session: Session, event: WorkshopChanged) -> None:
    service.renew_workshop_invitations(session, _tenant(session), event.workshop_id)


def sync_invitations_of_place(session: Session, event: PlaceChanged) -> None:
    service.sync_invitations_of_place(session, _tenant(session), event.person_id, event.cohort_id)


def _tenant(session: Session) -> str:
    assert isinstance(session, TenantSession), "events are published in a tenant session"
    return session.tenant

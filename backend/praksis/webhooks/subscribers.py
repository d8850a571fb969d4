"""What the webhooks domain does on the earlier domains' events (subscribed in
``praksis.wiring``): an outbox delivery to each endpoint that subscribed, in the event's own
transaction. The data names ids and facts, never a person's name, e-mail, grade or notes."""

from __future__ import annotations

from sqlmodel import Session

from praksis.development.events import CredentialIssued, CredentialRevoked
from praksis.enrolments.events import EnrolmentCompleted, EnrolmentDecided
from praksis.programmes.events import ProgrammeStatusChanged
from praksis.webhooks.models import EventType
from praksis.webhooks.outbox import enqueue


def enrolment_decided(session: Session, event: EnrolmentDecided) -> None:
    enqueue(
        session,
        EventType.enrolment_decided,
        {
            "enrolment_id": event.enrolment_id,
            "person_id": event.person_id,
            "programme_id": event.programme_id,
            "cohort_id": event.cohort_id,
            "decision": event.decision,
        },
    )


def enrolment_completed(session: Session, event: EnrolmentCompleted) -> None:
    enqueue(
        session,
        EventType.enrolment_completed,
        {
            "enrolment_id": event.enrolment_id,
            "person_id": event.person_id,
            "programme_id": event.programme_id,
            "passed": event.passed,
            "completed_on": event.completed_on,
        },
    )


def programme_status_changed(session: Session, event: ProgrammeStatusChanged) -> None:
    enqueue(
        session,
        EventType.programme_status_changed,
        {
            "programme_id": event.programme_id,
            "previous_status": event.previous,
            "status": event.status,
        },
    )


def credential_issued(session: Session, event: CredentialIssued) -> None:
    enqueue(
        session,
        EventType.credential_issued,
        {
            "credential_id": event.credential_id,
            "person_id": event.person_id,
            "programme_id": event.programme_id,
            "enrolment_id": event.enrolment_id,
            "awarded_on": event.awarded_on,
        },
    )


def credential_revoked(session: Session, event: CredentialRevoked) -> None:
    enqueue(
        session,
        EventType.credential_revoked,
        {
            "credential_id": event.credential_id,
            "person_id": event.person_id,
            "programme_id": event.programme_id,
            "revoked_at": event.revoked_at,
        },
    )

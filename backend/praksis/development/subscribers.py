"""What the development domain does for enrolments, which come before it
(``enrolments.events``; subscribed in ``praksis.wiring``): a completion earns the credential
the programme awards, in the completion's own transaction."""

from __future__ import annotations

from sqlmodel import Session

from praksis.audit.trail import AuditAction, AuditObject, record_by
from praksis.development import service
from praksis.development.events import CredentialIssued
from praksis.enrolments.events import EnrolmentCompleted
from praksis.kit.events import publish


def issue_credential(session: Session, event: EnrolmentCompleted) -> None:
    """A completed enrolment earns what its programme awards, unless it was failed (one per
    enrolment: the database refuses a second). The credential keeps the award as it is now."""
    award = service.award_of(session, event.programme_id)
    if award is None or event.passed is False:
        return
    credential = service.credential_of(
        award,
        event.person_id,
        event.enrolment_id,
        event.completed_on,
        service.allocate_status_entry(session),
    )
    session.add(credential)
    session.flush()
    record_by(
        session,
        event.actor,
        AuditAction.credential_issued,
        AuditObject.credential,
        credential.id,
        {},
        {
            "person_id": credential.person_id,
            "programme_id": credential.programme_id,
            "enrolment_id": credential.enrolment_id,
            "title": credential.title,
            "provider": credential.provider,
            "ects": credential.ects,
            "awarded_on": credential.awarded_on,
        },
    )
    publish(
        session,
        CredentialIssued(
            credential.id,
            credential.person_id,
            credential.programme_id,
            credential.enrolment_id,
            credential.awarded_on,
        ),
    )

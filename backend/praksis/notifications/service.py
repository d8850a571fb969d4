"""Notifications by e-mail: written to the outbox with what they tell, delivered by the worker.

* **Written** (``notify``) in the transaction of the change, by this domain's subscribers (a
  decision, a workshop changed), or by the periodic collection (``collect``: a workshop in
  two days, an evaluation or a follow-up due, feedback asked of you, a team member's request
  waiting for its leader). Each fact has a ``dedupe_key``, so nothing is told twice.
* **Dispatched** (``pending_notifications``): a periodic task defers one delivery job per
  pending row, under a queueing lock of the row; rows a dead worker left ``sending`` are
  made pending again. Nothing is lost if a job is: the row is still pending.
* **Delivered** (``deliver``): the row is claimed by a conditional update (pending →
  sending), so of two workers only one sends it; the person's choice decides (none: not sent;
  digest: kept for the day's digest), then the message is sent outside any transaction, and
  the row marked sent, or pending again with the error (the job is retried), or failed.
* **Digest** (``send_digests``): once a day, one e-mail per person with what they chose to
  get that way.

Never another municipality's data: every step runs in one municipality's tenant
transaction (``kit.jobs.job_context``), and a notification's text comes only from its row.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from praksis.action_learning.models import TrialAction
from praksis.audit.trail import AuditAction, AuditObject, record_changes
from praksis.enrolments.models import Enrolment, EnrolmentRequest, RequestStatus
from praksis.feedback.models import (
    EvaluationReceipt,
    EvaluationRelease,
    FeedbackInvitation,
    TransferFollowUp,
)
from praksis.kit.context import TenantContext
from praksis.kit.db import locking, read_across_municipalities, utc_now
from praksis.kit.jobs import DELIVERY_RETRY, JobRuntime, job_context
from praksis.kit.runtime import MunicipalityInfo
from praksis.municipalities.service import list_municipalities, load_municipality
from praksis.notifications import calendar, mail, texts
from praksis.notifications.models import (
    LAST_ERROR_MAX,
    PENDING_SQL,
    UNDELIVERED_SQL,
    Delivery,
    Language,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationStatus,
)
from praksis.notifications.schemas import (
    NotificationRead,
    NotificationSettings,
    NotificationSettingsRead,
)
from praksis.people.models import OrgUnitLeader, Person
from praksis.programmes.models import Programme
from praksis.workshops import service as workshops_service
from praksis.workshops.models import (
    Attendance,
    AttendanceStatus,
    Workshop,
    WorkshopBooking,
    WorkshopStatus,
)

log = logging.getLogger(__name__)

NOTIFICATION_JOB = "praksis notifications"
MAX_ATTEMPTS = DELIVERY_RETRY.max_attempts or 1
INVITE_AHEAD = timedelta(days=2)
# a worker that died while sending left its row ``sending``: after this it is sent again
STALE_CLAIM = timedelta(minutes=10)
# the collection looks this far back for new facts (a fact older than that, e.g. from before
# notifications were deployed, is not told)
RECENT = timedelta(days=7)
DISPATCH_BATCH = 500
CALENDAR_KINDS = (NotificationKind.workshop_invitation, NotificationKind.workshop_cancelled)


# --- writing notifications (the outbox) --------------------------------------------------------


def notify(
    session: Session,
    tenant: str,
    person_id: uuid.UUID,
    kind: NotificationKind,
    dedupe_key: str,
    payload: dict[str, Any],
    *,
    subject_id: uuid.UUID | None = None,
    about_person_id: uuid.UUID | None = None,
) -> None:
    """One notification for ``person_id``, in the caller's transaction; nothing if the same
    fact (``dedupe_key``) was told already."""
    values = {
        "municipality_id": tenant,
        "id": uuid.uuid4(),
        "person_id": person_id,
        "kind": kind,
        "subject_id": subject_id,
        "about_person_id": about_person_id,
        "dedupe_key": dedupe_key,
        "payload": payload,
        "status": NotificationStatus.pending,
        "attempts": 0,
        "created_at": utc_now(),
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(Notification)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["municipality_id", "dedupe_key"])
    )
    session.execute(statement)


def notify_enrolment_decided(
    session: Session,
    tenant: str,
    enrolment_id: uuid.UUID,
    person_id: uuid.UUID,
    programme_id: uuid.UUID,
    outcome: str,
) -> None:
    title = session.exec(select(Programme.title).where(Programme.id == programme_id)).one()
    notify(
        session,
        tenant,
        person_id,
        NotificationKind.enrolment_decided,
        f"enrolment:{enrolment_id}:{outcome}",
        {"outcome": outcome, "programme": title},
        subject_id=enrolment_id,
    )


def renew_workshop_invitations(session: Session, tenant: str, workshop_id: uuid.UUID) -> None:
    """The workshop changed: whoever was invited gets the change (a REQUEST with a higher
    SEQUENCE), or a CANCEL when it was cancelled or they no longer take part in it."""
    workshop = session.exec(select(Workshop).where(Workshop.id == workshop_id)).one()
    booked = set(
        session.exec(
            select(WorkshopBooking.person_id).where(WorkshopBooking.workshop_id == workshop_id)
        ).all()
    )
    history = _calendar_history(session, [workshop_id])
    for (_workshop, person_id), told in history.items():
        taking_part = workshop.status == WorkshopStatus.scheduled and person_id in booked
        if taking_part or told.last == NotificationKind.workshop_invitation:
            _invite(session, tenant, workshop, person_id, told, cancelled=not taking_part)


def sync_invitations_of_place(
    session: Session, tenant: str, person_id: uuid.UUID, cohort_id: uuid.UUID
) -> None:
    """The person's place in the cohort started or ended (bookings synced): a CANCEL for each
    of its workshops they were invited to and no longer take part in; an invitation for each
    they now take part in that starts within two days."""
    workshops = session.exec(select(Workshop).where(Workshop.cohort_id == cohort_id)).all()
    booked = set(
        session.exec(
            select(WorkshopBooking.workshop_id).where(WorkshopBooking.person_id == person_id)
        ).all()
    )
    history = _calendar_history(session, [workshop.id for workshop in workshops], person_id)
    now = utc_now()
    for workshop in workshops:
        told = history.get((workshop.id, person_id), Told())
        invited = told.last == NotificationKind.workshop_invitation
        if workshop.id not in booked and invited:
            _invite(session, tenant, workshop, person_id, told, cancelled=True)
        elif workshop.id in booked and not invited and _coming(workshop, now):
            _invite(session, tenant, workshop, person_id, told, cancelled=False)


@dataclass(frozen=True)
class Told:
    """The calendar notifications a person has had of a workshop: how many, the last kind."""

    count: int = 0
    last: NotificationKind | None = None


def _calendar_history(
    session: Session, workshop_ids: Sequence[uuid.UUID], person_id: uuid.UUID | None = None
) -> dict[tuple[uuid.UUID, uuid.UUID], Told]:
    statement = select(Notification.subject_id, Notification.person_id, Notification.kind).where(
        col(Notification.subject_id).in_(workshop_ids),
        col(Notification.kind).in_(CALENDAR_KINDS),
    )
    if person_id is not None:
        statement = statement.where(Notification.person_id == person_id)
    history: dict[tuple[uuid.UUID, uuid.UUID], Told] = {}
    for workshop_id, recipient, kind in session.exec(
        statement.order_by(col(Notification.created_at), col(Notification.id))
    ).all():
        key = (uuid.UUID(str(workshop_id)), recipient)
        history[key] = Told(history.get(key, Told()).count + 1, NotificationKind(kind))
    return history


def _coming(workshop: Workshop, now: datetime) -> bool:
    return (
        workshop.status == WorkshopStatus.scheduled
        and now < workshop.starts_at <= now + INVITE_AHEAD
    )


def _invite(
    session: Session,
    tenant: str,
    workshop: Workshop,
    person_id: uuid.UUID,
    told: Told,
    *,
    cancelled: bool,
) -> None:
    """The next calendar message of the person's event for the workshop: its SEQUENCE is the
    workshop's own (which grows with each change) plus the messages sent before, so it grows
    with every message of the one UID, and a person invited again after a CANCEL gets a
    REQUEST their calendar takes as newer."""
    kind = (
        NotificationKind.workshop_cancelled if cancelled else NotificationKind.workshop_invitation
    )
    method = calendar.CANCEL if cancelled else calendar.REQUEST
    notify(
        session,
        tenant,
        person_id,
        kind,
        f"workshop:{workshop.id}:{person_id}:{told.count}",
        {
            "uid": calendar.invitation_uid(workshop.id, person_id),
            "method": method,
            "sequence": workshop.sequence + told.count,
            "title": workshop.title,
            "starts_at": workshop.starts_at.isoformat(),
            "ends_at": workshop.ends_at.isoformat(),
            "location": workshop.location,
        },
        subject_id=workshop.id,
    )


# --- the periodic collection -------------------------------------------------------------------


def collect(runtime: JobRuntime) -> dict[str, int]:
    """Every municipality, each in its own tenant transaction: what has become due to tell;
    how many notifications each now has pending."""
    pending: dict[str, int] = {}
    for municipality in list_municipalities(runtime.engine):
        with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
            collect_in(context)
            pending[municipality.id] = len(
                context.session.exec(
                    select(Notification.id).where(Notification.status == NotificationStatus.pending)
                ).all()
            )
    return pending


def collect_in(context: TenantContext) -> None:
    now = utc_now()
    session, tenant = context.session, context.tenant
    _invite_to_coming_workshops(session, tenant, now)
    _tell_evaluations_due(session, tenant, now)
    _tell_facilitators_of_open_evaluations(session, tenant, now)
    _tell_follow_ups_due(session, tenant, now)
    _tell_feedback_asked(session, tenant, now)
    _tell_leaders_of_waiting_requests(session, tenant, now)


def _invite_to_coming_workshops(session: Session, tenant: str, now: datetime) -> None:
    """Everyone a scheduled workshop holds, two days (or less) before it starts, unless their
    last calendar message of it is an invitation already."""
    rows = session.exec(
        select(Workshop, WorkshopBooking.person_id)
        .join(WorkshopBooking, col(WorkshopBooking.workshop_id) == col(Workshop.id))
        .where(
            Workshop.status == WorkshopStatus.scheduled,
            col(Workshop.starts_at) > now,
            col(Workshop.starts_at) <= now + INVITE_AHEAD,
        )
    ).all()
    history = _calendar_history(session, list({workshop.id for workshop, _ in rows}))
    for workshop, person_id in rows:
        told = history.get((workshop.id, person_id), Told())
        if told.last != NotificationKind.workshop_invitation:
            _invite(session, tenant, workshop, person_id, told, cancelled=False)


def _tell_evaluations_due(session: Session, tenant: str, now: datetime) -> None:
    """Present at a workshop (recorded lately), not evaluated, results not released."""
    rows = session.exec(
        select(Attendance.person_id, Workshop)
        .join(Workshop, col(Workshop.id) == col(Attendance.workshop_id))
        .where(
            Attendance.status == AttendanceStatus.present,
            col(Attendance.recorded_at) >= now - RECENT,
            ~exists().where(
                col(EvaluationReceipt.workshop_id) == col(Attendance.workshop_id),
                col(EvaluationReceipt.person_id) == col(Attendance.person_id),
            ),
            ~exists().where(col(EvaluationRelease.workshop_id) == col(Attendance.workshop_id)),
        )
    ).all()
    for person_id, workshop in rows:
        notify(
            session,
            tenant,
            person_id,
            NotificationKind.evaluation_due,
            f"evaluation:{workshop.id}:{person_id}",
            {"title": workshop.title, "starts_at": workshop.starts_at.isoformat()},
            subject_id=workshop.id,
        )


def _tell_facilitators_of_open_evaluations(session: Session, tenant: str, now: datetime) -> None:
    """A workshop ended lately, someone was recorded present, its results are not released:
    its facilitators are reminded that the evaluations are coming in and theirs to release."""
    workshops = session.exec(
        select(Workshop).where(
            Workshop.status == WorkshopStatus.scheduled,
            col(Workshop.ends_at) <= now,
            col(Workshop.ends_at) >= now - RECENT,
            exists().where(
                col(Attendance.workshop_id) == col(Workshop.id),
                col(Attendance.status) == AttendanceStatus.present,
            ),
            ~exists().where(col(EvaluationRelease.workshop_id) == col(Workshop.id)),
        )
    ).all()
    for workshop in workshops:
        for facilitator in sorted(workshops_service.facilitator_ids(session, workshop)):
            notify(
                session,
                tenant,
                facilitator,
                NotificationKind.evaluations_open,
                f"evaluations:{workshop.id}:{facilitator}",
                {"title": workshop.title, "starts_at": workshop.starts_at.isoformat()},
                subject_id=workshop.id,
            )


def _tell_follow_ups_due(session: Session, tenant: str, now: datetime) -> None:
    """A transfer follow-up issued lately and not answered."""
    rows = session.exec(
        select(TransferFollowUp.id, TransferFollowUp.person_id, Programme.title)
        .join(Enrolment, col(Enrolment.id) == col(TransferFollowUp.enrolment_id))
        .join(Programme, col(Programme.id) == col(Enrolment.programme_id))
        .where(
            col(TransferFollowUp.answered_at).is_(None),
            col(TransferFollowUp.created_at) >= now - RECENT,
        )
    ).all()
    for follow_up_id, person_id, title in rows:
        notify(
            session,
            tenant,
            person_id,
            NotificationKind.follow_up_due,
            f"follow-up:{follow_up_id}",
            {"programme": title},
            subject_id=follow_up_id,
        )


def _tell_feedback_asked(session: Session, tenant: str, now: datetime) -> None:
    """Someone asked the person for feedback on a trial action (lately)."""
    rows = session.exec(
        select(FeedbackInvitation, Person.name)
        .join(Person, col(Person.id) == col(FeedbackInvitation.invited_by_id))
        .join(TrialAction, col(TrialAction.id) == col(FeedbackInvitation.trial_action_id))
        .where(col(FeedbackInvitation.created_at) >= now - RECENT)
    ).all()
    for invitation, asked_by in rows:
        notify(
            session,
            tenant,
            invitation.invitee_id,
            NotificationKind.feedback_requested,
            f"feedback:{invitation.id}",
            {"asked_by": asked_by},
            subject_id=invitation.trial_action_id,
            about_person_id=invitation.invited_by_id,
        )


def _tell_leaders_of_waiting_requests(session: Session, tenant: str, now: datetime) -> None:
    """A leader's team member needing attention: someone in a unit the leader leads asked
    for a place on a programme (lately), and the request waits for the leader's answer."""
    rows = session.exec(
        select(EnrolmentRequest, Person.name, Programme.title, OrgUnitLeader.person_id)
        .join(Person, col(Person.id) == col(EnrolmentRequest.person_id))
        .join(Programme, col(Programme.id) == col(EnrolmentRequest.programme_id))
        .join(OrgUnitLeader, col(OrgUnitLeader.org_unit_id) == col(Person.org_unit_id))
        .where(
            EnrolmentRequest.status == RequestStatus.pending,
            col(EnrolmentRequest.created_at) >= now - RECENT,
            col(OrgUnitLeader.person_id) != col(EnrolmentRequest.person_id),
        )
    ).all()
    for request, member, title, leader_id in rows:
        notify(
            session,
            tenant,
            leader_id,
            NotificationKind.team_attention,
            f"request:{request.id}:{leader_id}",
            {"member": member, "programme": title},
            subject_id=request.id,
            about_person_id=request.person_id,
        )


# --- dispatching -------------------------------------------------------------------------------


def pending_notifications(runtime: JobRuntime) -> list[tuple[str, uuid.UUID]]:
    """(municipality, notification) of every row to deliver now, oldest first; rows a dead
    worker left ``sending`` are pending again first."""
    found: list[tuple[str, uuid.UUID]] = []
    now = utc_now()
    undelivered = set(municipalities_with_undelivered(runtime, now))
    if not undelivered:
        return found  # the usual case: no municipality to enter, none to list
    for municipality in list_municipalities(runtime.engine):
        if municipality.id not in undelivered:
            continue
        with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
            session = context.session
            session.execute(
                update(Notification)
                .where(
                    col(Notification.status) == NotificationStatus.sending,
                    col(Notification.claimed_at) < now - STALE_CLAIM,
                )
                .values(status=NotificationStatus.pending)
            )
            ids = session.exec(
                select(Notification.id)
                .where(Notification.status == NotificationStatus.pending)
                .order_by(col(Notification.created_at))
                .limit(DISPATCH_BATCH)
            ).all()
            found.extend((municipality.id, notification_id) for notification_id in ids)
    return found


def municipalities_with_undelivered(runtime: JobRuntime, now: datetime) -> list[str]:
    """The municipalities with a notification pending, or left ``sending`` by a worker that
    died (claimed before ``now - STALE_CLAIM``): one read across municipalities as the job
    scan's role (``PRAKSIS_JOB_SCAN_DB_ROLE``, which may read these columns of the
    notifications and nothing else, migration 0030), instead of a tenant transaction per
    municipality every 15 seconds."""
    # the statuses as the partial index says them, so that it serves a prepared statement
    statement = (
        select(col(Notification.municipality_id))
        .where(
            text(UNDELIVERED_SQL),
            or_(text(PENDING_SQL), col(Notification.claimed_at) < now - STALE_CLAIM),
        )
        .distinct()
        .order_by(col(Notification.municipality_id))
    )
    rows = read_across_municipalities(runtime.engine, runtime.settings.job_scan_db_role, statement)
    return [municipality_id for (municipality_id,) in rows]


# --- delivering --------------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """The mail server did not take the message; the job is retried."""


@dataclass(frozen=True)
class Recipient:
    person_id: uuid.UUID
    name: str
    email: str | None
    language: Language
    delivery: Delivery


def deliver(
    runtime: JobRuntime, municipality_id: str, notification_id: uuid.UUID
) -> NotificationStatus | None:
    """Deliver one notification (the job): its status afterwards, ``None`` if another
    worker has it or had it. Raises ``DeliveryFailed`` when the mail server refused it."""
    municipality = load_municipality(runtime.engine, municipality_id)
    if municipality is None:
        return None
    with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
        outgoing = _claim_and_compose(context, runtime, notification_id)
    if isinstance(outgoing, NotificationStatus) or outgoing is None:
        return outgoing
    try:
        mail.send(runtime.settings, outgoing)
    except (OSError, smtplib.SMTPException) as error:
        with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
            status = _record_failure(context.session, [notification_id], error)
        raise DeliveryFailed(f"notification {notification_id}: {status}: {error}") from error
    with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
        _mark_sent(context.session, [notification_id])
    return NotificationStatus.sent


def _claim_and_compose(
    context: TenantContext, runtime: JobRuntime, notification_id: uuid.UUID
) -> EmailMessage | NotificationStatus | None:
    session = context.session
    if not _claim(session, [notification_id], NotificationStatus.pending):
        return None
    notification = session.exec(
        select(Notification).where(Notification.id == notification_id)
    ).one()
    recipient = _recipient(session, context.municipality, notification.person_id)
    final = _without_mail(recipient, runtime)
    if final is None and recipient.delivery == Delivery.digest:
        final = NotificationStatus.awaiting_digest
    if final is not None:
        _set_status(session, [notification_id], final)
        return final
    zone = ZoneInfo(context.municipality.time_zone)
    subject, body = texts.render(notification.kind, notification.payload, recipient.language, zone)
    body += "\n\n" + texts.footer(recipient.language, runtime.settings.public_url)
    return mail.compose(
        runtime.settings.mail_from,
        (str(recipient.email), recipient.name),
        subject,
        body,
        _calendar_parts([notification], recipient, zone, runtime.settings.mail_from),
    )


def _without_mail(recipient: Recipient, runtime: JobRuntime) -> NotificationStatus | None:
    """Why no e-mail goes out, if none does."""
    if recipient.delivery == Delivery.none:
        return NotificationStatus.opted_out
    if not recipient.email:
        return NotificationStatus.undeliverable
    if runtime.settings.smtp_host is None:
        return NotificationStatus.held
    return None


def _calendar_parts(
    notifications: Iterable[Notification], recipient: Recipient, zone: ZoneInfo, sender: str
) -> list[tuple[str, bytes]]:
    return [
        (
            str(notification.payload["method"]),
            calendar.invitation(
                notification.payload,
                str(notification.payload["method"]),
                zone,
                sender,
                (str(recipient.email), recipient.name),
            ),
        )
        for notification in notifications
        if notification.kind in CALENDAR_KINDS
    ]


def _claim(session: Session, ids: Sequence[uuid.UUID], status: NotificationStatus) -> bool:
    """pending (or awaiting_digest) → sending, only if every row still is: of two workers
    that try at once, the second claims nothing (it waits for the first's commit and then
    finds the status changed)."""
    claimed = session.execute(
        update(Notification)
        .where(col(Notification.id).in_(ids), col(Notification.status) == status)
        .values(
            status=NotificationStatus.sending,
            attempts=col(Notification.attempts) + 1,
            claimed_at=utc_now(),
        )
    )
    return int(getattr(claimed, "rowcount", 0)) == len(ids)


def _set_status(session: Session, ids: Sequence[uuid.UUID], status: NotificationStatus) -> None:
    session.execute(update(Notification).where(col(Notification.id).in_(ids)).values(status=status))


def _mark_sent(session: Session, ids: Sequence[uuid.UUID]) -> None:
    session.execute(
        update(Notification)
        .where(
            col(Notification.id).in_(ids), col(Notification.status) == NotificationStatus.sending
        )
        .values(status=NotificationStatus.sent, sent_at=utc_now(), last_error=None)
    )


def _record_failure(
    session: Session,
    ids: Sequence[uuid.UUID],
    error: BaseException,
    retry_as: NotificationStatus = NotificationStatus.pending,
) -> NotificationStatus:
    attempts = session.exec(
        select(Notification.attempts).where(col(Notification.id).in_(ids))
    ).all()
    status = NotificationStatus.failed if max(attempts) >= MAX_ATTEMPTS else retry_as
    session.execute(
        update(Notification)
        .where(
            col(Notification.id).in_(ids), col(Notification.status) == NotificationStatus.sending
        )
        .values(status=status, last_error=f"{type(error).__name__}: {error}"[:LAST_ERROR_MAX])
    )
    return status


def _recipient(session: Session, municipality: MunicipalityInfo, person_id: uuid.UUID) -> Recipient:
    person = session.exec(select(Person).where(Person.id == person_id)).one()
    preference = session.exec(
        select(NotificationPreference).where(NotificationPreference.person_id == person_id)
    ).first()
    language = (preference.language if preference else None) or default_language(municipality)
    delivery = preference.delivery if preference else Delivery.immediate
    email = None if person.erased_at is not None else person.email
    return Recipient(person.id, person.name, email, language, delivery)


def default_language(municipality: MunicipalityInfo) -> Language:
    """A Norwegian municipality's people read bokmål, a Danish one's Danish."""
    return Language.nb if municipality.country.lower() == "no" else Language.da


# --- the daily digest --------------------------------------------------------------------------


def send_digests(runtime: JobRuntime) -> int:
    """One e-mail per person who chose the digest and has notifications waiting; how many
    were sent. A person whose e-mail fails keeps theirs for the next day's digest."""
    sent = 0
    failures: list[str] = []
    for municipality in list_municipalities(runtime.engine):
        with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
            people = set(
                context.session.exec(
                    select(Notification.person_id).where(
                        Notification.status == NotificationStatus.awaiting_digest
                    )
                ).all()
            )
        for person_id in sorted(people):
            try:
                sent += _send_digest(runtime, municipality, person_id)
            except DeliveryFailed as failed:
                failures.append(str(failed))
    if failures:
        raise DeliveryFailed("; ".join(failures))
    return sent


def _send_digest(runtime: JobRuntime, municipality: MunicipalityInfo, person_id: uuid.UUID) -> int:
    with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
        composed = _claim_digest(context, runtime, person_id)
    if composed is None:
        return 0
    ids, message = composed
    try:
        mail.send(runtime.settings, message)
    except (OSError, smtplib.SMTPException) as error:
        with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
            _record_failure(context.session, ids, error, NotificationStatus.awaiting_digest)
        raise DeliveryFailed(f"digest of {person_id}: {error}") from error
    with job_context(runtime, municipality, NOTIFICATION_JOB) as context:
        _mark_sent(context.session, ids)
    return 1


def _claim_digest(
    context: TenantContext, runtime: JobRuntime, person_id: uuid.UUID
) -> tuple[list[uuid.UUID], EmailMessage] | None:
    session = context.session
    waiting = session.exec(
        locking(
            select(Notification)
            .where(
                Notification.person_id == person_id,
                Notification.status == NotificationStatus.awaiting_digest,
            )
            .order_by(col(Notification.created_at), col(Notification.id))
        )
    ).all()
    ids = [notification.id for notification in waiting]
    if not ids or not _claim(session, ids, NotificationStatus.awaiting_digest):
        return None
    recipient = _recipient(session, context.municipality, person_id)
    final = _without_mail(recipient, runtime)
    if final is not None:
        _set_status(session, ids, final)
        return None
    zone = ZoneInfo(context.municipality.time_zone)
    parts = [
        texts.render(notification.kind, notification.payload, recipient.language, zone)
        for notification in waiting
    ]
    body = "\n\n".join(f"{subject}\n{text}" for subject, text in parts)
    body += "\n\n" + texts.footer(recipient.language, runtime.settings.public_url)
    message = mail.compose(
        runtime.settings.mail_from,
        (str(recipient.email), recipient.name),
        texts.digest_subject(recipient.language, len(parts)),
        body,
        _calendar_parts(waiting, recipient, zone, runtime.settings.mail_from),
    )
    return ids, message


# --- the person's own choice -------------------------------------------------------------------


def my_settings(context: TenantContext) -> NotificationSettingsRead:
    return settings_of(context.session, context.person_id, context.municipality)


# --- lookups other domains use (privacy's export) ---


def settings_of(
    session: Session, person_id: uuid.UUID, municipality: MunicipalityInfo
) -> NotificationSettingsRead:
    return _read(municipality, _preference(session, person_id))


def notifications_of(session: Session, person_id: uuid.UUID) -> list[NotificationRead]:
    """What the person was (or is to be) told: kind and what became of it, not its text
    (which may name a colleague)."""
    rows = session.exec(
        select(Notification)
        .where(Notification.person_id == person_id)
        .order_by(col(Notification.created_at), col(Notification.id))
    ).all()
    return [NotificationRead.model_validate(row, from_attributes=True) for row in rows]


def update_my_settings(
    context: TenantContext, data: NotificationSettings
) -> NotificationSettingsRead:
    """Replace the caller's choice (recorded in the audit trail as theirs)."""
    session = context.session
    preference = session.exec(
        locking(
            select(NotificationPreference).where(
                NotificationPreference.person_id == context.person_id
            )
        )
    ).first()
    before = _choice(preference)
    if preference is None:
        preference = NotificationPreference(person_id=context.person_id)
    preference.language = data.language
    preference.delivery = data.delivery
    preference.updated_at = utc_now()
    session.add(preference)
    session.flush()
    record_changes(
        context,
        AuditAction.notification_preferences_updated,
        AuditObject.person,
        context.person_id,
        before,
        _choice(preference),
    )
    return _read(context.municipality, preference)


def _preference(session: Session, person_id: uuid.UUID) -> NotificationPreference | None:
    return session.exec(
        select(NotificationPreference).where(NotificationPreference.person_id == person_id)
    ).first()


def _choice(preference: NotificationPreference | None) -> dict[str, object]:
    if preference is None:
        return {"language": None, "delivery": Delivery.immediate}
    return {"language": preference.language, "delivery": preference.delivery}


def _read(
    municipality: MunicipalityInfo, preference: NotificationPreference | None
) -> NotificationSettingsRead:
    language = preference.language if preference else None
    return NotificationSettingsRead(
        language=language,
        delivery=preference.delivery if preference else Delivery.immediate,
        effective_language=language or default_language(municipality),
    )

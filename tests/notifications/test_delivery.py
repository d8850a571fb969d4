"""E-mail notifications read from a real local SMTP server: a nomination decided, a workshop
invitation with its calendar part (REQUEST, moved, then CANCEL), nothing for a person who
opted out, a retry after the server refused, one e-mail under concurrent delivery."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import text, update
from sqlmodel import col

from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.db import tenant_session
from praksis.kit.jobs import JobRuntime
from praksis.notifications import service
from praksis.notifications.models import Notification, NotificationKind, NotificationStatus
from praksis.people.models import Person
from tests.conftest import HEDENSTED, make_settings
from tests.jobs.running import run_jobs
from tests.kit.scan_roles import assert_refused, read_as, statements_run
from tests.notifications.conftest import SETTINGS, Scene
from tests.notifications.mailbox import body_of, calendars_of
from tests.workshops.helpers import Arrange, create_workshop, hr, workshop_body

ANNE = "anne@hedensted.dk"
TITLE = "Kultur- og kompetenceudviklingsforløb"


def test_a_decided_nomination_is_mailed_in_danish(scene: Scene) -> None:
    enrolment, _person = scene.nominated(ANNE)
    scene.decide(enrolment, "approve")
    (row,) = scene.rows()
    assert (row.kind, row.status) == (
        NotificationKind.enrolment_decided,
        NotificationStatus.pending,
    )

    scene.deliver_all()

    (message,) = scene.mailbox.to(ANNE)
    assert message["Subject"] == f"{TITLE}: godkendt"
    assert f"Din tilmelding til {TITLE} er godkendt." in body_of(message)
    assert "https://praksis.hedensted.dk" in body_of(message)
    assert "praksis@hedensted.dk" in str(message["From"])
    (row,) = scene.rows()
    assert row.status == NotificationStatus.sent and row.sent_at is not None
    # delivered once: another round sends nothing more
    scene.deliver_all()
    assert len(scene.mailbox.messages) == 1


def test_a_declined_nomination_in_the_language_the_person_chose(scene: Scene) -> None:
    enrolment, _person = scene.nominated(ANNE)
    mine = scene.auth(HEDENSTED, "participant", sub="anne")
    assert scene.client.get(SETTINGS, headers=mine).json() == {
        "language": None,
        "delivery": "immediate",
        "effective_language": "da",
    }
    assert scene.choose("anne", "en", "immediate")["effective_language"] == "en"
    scene.decide(enrolment, "decline")
    scene.deliver_all()
    (message,) = scene.mailbox.messages
    assert message["Subject"] == f"{TITLE}: declined"
    assert "on your home page" in body_of(message)


def test_nobody_is_mailed_who_opted_out(scene: Scene) -> None:
    enrolment, _person = scene.nominated(ANNE)
    scene.choose("anne", None, "none")
    scene.decide(enrolment, "approve")
    scene.deliver_all()
    assert scene.mailbox.messages == []
    assert [row.status for row in scene.rows()] == [NotificationStatus.opted_out]


def test_without_a_mail_server_notifications_are_held_not_sent(scene: Scene) -> None:
    enrolment, _person = scene.nominated(ANNE)
    scene.decide(enrolment, "approve")
    scene.deliver_all(make_settings(scene.settings.database_url))  # no PRAKSIS_SMTP_HOST
    assert scene.mailbox.messages == []
    assert [row.status for row in scene.rows()] == [NotificationStatus.held]


def test_the_digest_sends_the_days_notifications_in_one_email(scene: Scene) -> None:
    first, person = scene.nominated(ANNE)
    plan = scene.arrange.hedensted_programme(participants=0)
    second = scene.arrange.enrol(
        plan.programme_id, plan.cohort_id, person, EnrolmentStatus.nominated
    )
    scene.choose("anne", "da", "digest")
    scene.decide(first, "decline")
    scene.decide(second, "approve")
    scene.deliver_all()
    assert scene.mailbox.messages == []
    assert {row.status for row in scene.rows()} == {NotificationStatus.awaiting_digest}

    run_jobs(scene.engine, scene.settings, ("notifications:digest", {"timestamp": 0}))

    (message,) = scene.mailbox.messages
    assert message["Subject"] == "Praksis: 2 nye beskeder"
    assert "er afvist" in body_of(message) and "er godkendt" in body_of(message)
    assert {row.status for row in scene.rows()} == {NotificationStatus.sent}


def _hour_from_now(hours: int) -> datetime:
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)


def _times(starts: datetime, hours: int = 3) -> dict[str, str]:
    return {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=hours)).isoformat(),
    }


def _event(message: Any) -> tuple[icalendar.Calendar, Any]:
    (ics,) = calendars_of(message)
    calendar = icalendar.Calendar.from_ical(ics)
    return calendar, calendar.walk("VEVENT")[0]


def test_a_workshop_two_days_ahead_is_an_invitation_in_the_municipalitys_time_zone(
    scene: Scene,
) -> None:
    plan = scene.arrange.hedensted_programme(participants=0)
    anne = scene.arrange.participant(plan, "anne", name="Anne Ærø")
    _set_email(scene, anne, ANNE)
    starts = _hour_from_now(24)
    far = create_workshop(scene.client, scene.auth, plan, **_times(starts + timedelta(days=5)))
    soon = create_workshop(scene.client, scene.auth, plan, **_times(starts))

    scene.deliver_all()

    (message,) = scene.mailbox.to(ANNE)  # not yet for the workshop in six days
    local = starts.astimezone(ZoneInfo("Europe/Copenhagen"))
    assert message["Subject"] == (
        f"Workshop: Workshop 1: Nye roller / Playmaker {local:%d.%m.%Y} kl. {local:%H:%M}"
    )
    calendar, event = _event(message)
    assert calendar["METHOD"] == "REQUEST"
    assert event.decoded("DTSTART") == starts
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    uid = str(event["UID"])
    assert uid == f"workshop-{soon['id']}-{anne}@praksis" and far["id"] not in uid
    assert ANNE in str(event["ATTENDEE"])
    sequence = int(event["SEQUENCE"])

    # moved: the same event, a new REQUEST with a higher SEQUENCE; cancelled: CANCEL, higher
    later = starts + timedelta(hours=1)
    path = f"/api/v1/workshops/{soon['id']}"
    moved = scene.client.patch(path, json=_times(later), headers=hr(scene.auth))
    assert moved.status_code == 200, moved.text
    assert scene.client.delete(path, headers=hr(scene.auth)).status_code == 204
    scene.deliver_all()

    _first, (update_calendar, update_event), (cancel, cancel_event) = (
        _event(message) for message in scene.mailbox.to(ANNE)
    )
    assert (update_calendar["METHOD"], str(update_event["UID"])) == ("REQUEST", uid)
    assert update_event.decoded("DTSTART") == later
    assert (cancel["METHOD"], str(cancel_event["UID"])) == ("CANCEL", uid)
    assert str(cancel_event["STATUS"]) == "CANCELLED"
    assert sequence < int(update_event["SEQUENCE"]) < int(cancel_event["SEQUENCE"])


def test_a_norwegian_municipalitys_invitation_is_in_bokmal_and_oslo_time(scene: Scene) -> None:
    oslo = Arrange(scene.engine, scene.settings, "no-0301")
    plan = oslo.hedensted_programme(participants=0)
    kari = oslo.participant(plan, "kari", name="Kari Nordmann")
    _set_email(scene, kari, "kari@oslo.kommune.no", "no-0301")
    starts = _hour_from_now(30)
    created = scene.client.post(
        "/api/v1/workshops",
        json=workshop_body(plan, **_times(starts)),
        headers=scene.auth("no-0301", "hr_admin"),
    )
    assert created.status_code == 201, created.text
    scene.deliver_all()
    (message,) = scene.mailbox.messages
    assert "Du deltar i workshopen" in body_of(message)
    _calendar, event = _event(message)
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTSTART") == starts


def test_a_refused_email_is_retried_and_then_sent(scene: Scene) -> None:
    enrolment, _person = scene.nominated(ANNE)
    scene.decide(enrolment, "approve")
    runtime = JobRuntime(scene.engine, scene.settings)
    (row,) = scene.rows()
    scene.mailbox.refuse_next = 1

    with pytest.raises(service.DeliveryFailed):
        service.deliver(runtime, HEDENSTED, row.id)

    (row,) = scene.rows()
    assert (row.status, row.attempts) == (NotificationStatus.pending, 1)
    assert row.last_error is not None and "451" in row.last_error
    assert scene.mailbox.messages == []
    assert service.deliver(runtime, HEDENSTED, row.id) == NotificationStatus.sent
    (row,) = scene.rows()
    assert (row.status, row.attempts, row.last_error) == (NotificationStatus.sent, 2, None)
    assert len(scene.mailbox.messages) == 1


DELIVERY_JOBS = "FROM procrastinate_jobs WHERE task_name = 'notifications:deliver'"


@pytest.mark.postgres_only
def test_the_worker_retries_a_refused_email_by_the_tasks_retry_strategy(scene: Scene) -> None:
    enrolment, _person = scene.nominated(ANNE)
    scene.decide(enrolment, "approve")
    scene.mailbox.refuse_next = 1
    scene.deliver_all()
    assert scene.mailbox.messages == []
    with scene.engine.connect() as connection:
        retry = connection.execute(
            text(f"SELECT status, attempts, scheduled_at > now() {DELIVERY_JOBS}")
        ).one()
    assert tuple(retry) == ("todo", 1, True)  # retried later, with backoff
    # the dispatcher does not queue the row twice while its retry waits (queueing lock)
    scene.deliver_all()
    with scene.engine.begin() as connection:
        count = connection.execute(text(f"SELECT count(*) {DELIVERY_JOBS}")).scalar()
        assert count == 1
        connection.execute(text("UPDATE procrastinate_jobs SET scheduled_at = now()"))
    run_jobs(scene.engine, scene.settings)
    (message,) = scene.mailbox.messages
    assert "godkendt" in message["Subject"]
    (row,) = scene.rows()
    assert (row.status, row.attempts) == (NotificationStatus.sent, 2)


@pytest.mark.postgres_only
def test_two_workers_delivering_the_same_notification_send_one_email(scene: Scene) -> None:
    for index in range(5):
        enrolment, _person = scene.nominated(f"p{index}@hedensted.dk", sub=f"p{index}")
        scene.decide(enrolment, "approve")
    runtime = JobRuntime(scene.engine, scene.settings)
    rows = scene.rows()
    start = threading.Barrier(2 * len(rows))
    outcomes: list[object] = []

    def deliver(notification_id: uuid.UUID) -> None:
        start.wait()
        outcomes.append(service.deliver(runtime, HEDENSTED, notification_id))

    threads = [threading.Thread(target=deliver, args=(row.id,)) for row in rows for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(map(str, outcomes)) == sorted(["None"] * len(rows) + ["sent"] * len(rows))
    assert sorted(str(message["To"]) for message in scene.mailbox.messages) == sorted(
        f"Anne Ærø <p{index}@hedensted.dk>" for index in range(5)
    )
    assert {row.attempts for row in scene.rows()} == {1}


def _set_email(scene: Scene, person_id: uuid.UUID, email: str, tenant: str = HEDENSTED) -> None:
    with tenant_session(scene.engine, tenant, scene.settings.app_db_role) as session:
        session.execute(update(Person).where(col(Person.id) == person_id).values(email=email))


def test_a_participant_who_withdraws_gets_a_cancel_of_the_same_event(
    scene: Scene,
) -> None:
    plan = scene.arrange.hedensted_programme(participants=0)
    anne = scene.arrange.person("anne", "Anne Ærø", email=ANNE)
    enrolment = scene.arrange.enrol(plan.programme_id, plan.cohort_id, anne)
    create_workshop(scene.client, scene.auth, plan, **_times(_hour_from_now(20)))
    scene.deliver_all()
    withdrawn = scene.client.post(
        f"/api/v1/enrolments/{enrolment}/withdraw",
        json={"reason": "time_pressure"},
        headers=hr(scene.auth),
    )
    assert withdrawn.status_code == 200, withdrawn.text
    scene.deliver_all()

    invitation, cancel = (_event(message) for message in scene.mailbox.to(ANNE))
    assert (invitation[0]["METHOD"], cancel[0]["METHOD"]) == ("REQUEST", "CANCEL")
    assert str(invitation[1]["UID"]) == str(cancel[1]["UID"])
    assert int(cancel[1]["SEQUENCE"]) > int(invitation[1]["SEQUENCE"])
    # the collection does not invite someone no longer held by the workshop
    scene.deliver_all()
    assert len(scene.mailbox.to(ANNE)) == 2


def test_the_dispatch_scan_reads_which_municipalities_have_notifications_in_one_statement(
    scene: Scene,
) -> None:
    runtime = JobRuntime(scene.engine, scene.settings)
    now = datetime.now(UTC)
    assert service.municipalities_with_undelivered(runtime, now) == []
    enrolment, _person = scene.nominated(ANNE)
    scene.decide(enrolment, "approve")
    with statements_run(scene.engine) as statements:
        assert service.municipalities_with_undelivered(runtime, now) == [HEDENSTED]
    assert len([s for s in statements if "notifications" in s]) == 1
    # claimed by a worker: not dispatched again until the claim is stale
    _claimed_at(scene, now)
    assert service.municipalities_with_undelivered(runtime, now) == []
    assert service.pending_notifications(runtime) == []
    _claimed_at(scene, now - service.STALE_CLAIM - timedelta(minutes=1))
    assert service.municipalities_with_undelivered(runtime, now) == [HEDENSTED]
    scene.deliver_all()  # the worker that claimed it died: sent by the next dispatch
    assert service.municipalities_with_undelivered(runtime, datetime.now(UTC)) == []
    (row,) = scene.rows()
    assert row.status == NotificationStatus.sent


def _claimed_at(scene: Scene, moment: datetime) -> None:
    with tenant_session(scene.engine, HEDENSTED, scene.settings.app_db_role) as session:
        session.execute(
            update(Notification).values(status=NotificationStatus.sending, claimed_at=moment)
        )


@pytest.mark.postgres_only
def test_the_job_scans_role_reads_only_which_municipalities_and_when(scene: Scene) -> None:
    enrolment, _person = scene.nominated(ANNE)
    scene.decide(enrolment, "approve")

    role = scene.settings.job_scan_db_role
    notifications = "SELECT municipality_id, status, claimed_at FROM notifications"
    assert read_as(scene.engine, role, notifications) == [(HEDENSTED, "pending", None)]
    webhooks = "SELECT municipality_id, status, next_attempt_at FROM webhook_deliveries"
    assert read_as(scene.engine, role, webhooks) == []
    refused = [
        "SELECT id FROM notifications",
        "SELECT person_id FROM notifications",
        "SELECT * FROM notifications",
        "SELECT body FROM webhook_deliveries",
        "SELECT endpoint_id FROM webhook_deliveries",
        "UPDATE notifications SET status = 'sent'",
        "DELETE FROM webhook_deliveries",
    ]
    assert_refused(scene.engine, role, refused, {"notifications", "webhook_deliveries"})

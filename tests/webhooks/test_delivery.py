"""Issue 19's "done when" for webhooks: a real receiver verifies the signatures with the
Standard Webhooks reference verifier, sees a retry after a 500, and gets no event of another
municipality."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from standardwebhooks import Webhook, WebhookVerificationError

from praksis.kit.db import utc_now
from praksis.webhooks.delivery import KEPT_FOR, MAX_ATTEMPTS, RETRY_SCHEDULE
from tests.cohorts.helpers import add_person, add_programme, create_cohort, hr, nominate
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.webhooks.helpers import ENDPOINTS, deliver, deliveries, register
from tests.webhooks.receiver import Received, running_receiver


def _independent_signature(secret: str, received: Received) -> str:
    """The specification's signature, computed here without the package."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{received.headers['webhook-id']}.{received.headers['webhook-timestamp']}.".encode()
    digest = hmac.new(key, signed + received.body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _decide_in_hedensted(client: TestClient, auth: HeaderFactory) -> str:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    enrolment = nominate(client, auth, programme_id, add_person(client, "Mette Jensen"))
    approved = client.post(
        f"/api/v1/enrolments/{enrolment['id']}/approve",
        json={"cohort_id": cohort_id},
        headers=hr(auth),
    )
    assert approved.status_code == 200, approved.text
    return str(enrolment["id"])


def _decline_in_horsens(client: TestClient, auth: HeaderFactory) -> str:
    programme_id = add_programme(client, tenant=HORSENS)
    person_id = add_person(client, "Lars Horsens", tenant=HORSENS)
    enrolment = nominate(client, auth, programme_id, person_id, headers=hr(auth, HORSENS))
    declined = client.post(
        f"/api/v1/enrolments/{enrolment['id']}/decline", json={}, headers=hr(auth, HORSENS)
    )
    assert declined.status_code == 200, declined.text
    return str(enrolment["id"])


def test_a_receiver_verifies_the_signature_sees_a_retry_after_a_500_and_no_other_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver(answers=[500]) as hedensted, running_receiver() as horsens:
        ours = register(client, auth, hedensted.url, event_types=["enrolment.decided"])
        theirs = register(
            client, auth, horsens.url, tenant=HORSENS, event_types=["enrolment.decided"]
        )
        our_enrolment = _decide_in_hedensted(client, auth)
        their_enrolment = _decline_in_horsens(client, auth)

        start = utc_now()
        first = deliver(client, now=start)
        assert (first.delivered, first.retrying, first.failed) == (1, 1, 0)
        (pending,) = deliveries(client, auth, ours["id"])
        assert pending["status"] == "pending" and pending["attempts"] == 1
        assert pending["last_status_code"] == 500 and pending["last_error"] == "answered 500"
        wait = datetime.fromisoformat(pending["next_attempt_at"]) - start
        # 5 s ± 10 %, from when the outcome was recorded (a moment after the run started)
        assert timedelta(seconds=4.5) <= wait <= timedelta(seconds=6.5)

        assert deliver(client, now=start + timedelta(seconds=1)).attempted == 0  # not yet due
        again = deliver(client, now=start + timedelta(seconds=7))
        assert (again.delivered, again.retrying) == (1, 0)

        requests = hedensted.requests()
        assert len(requests) == 2  # the 500, then the retry
        assert requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"]
        assert requests[0].body == requests[1].body
        for received in requests:
            payload = Webhook(ours["secret"]).verify(received.body, received.headers)
            assert received.headers["webhook-signature"] == _independent_signature(
                ours["secret"], received
            )
            assert received.headers["content-type"] == "application/json"
            with pytest.raises(WebhookVerificationError):
                Webhook(theirs["secret"]).verify(received.body, received.headers)
            assert payload["type"] == "enrolment.decided"
            assert payload["data"]["municipality_id"] == HEDENSTED
            assert payload["data"]["enrolment_id"] == our_enrolment
            assert payload["data"]["decision"] == "approved"

        (other,) = horsens.requests()
        foreign = Webhook(theirs["secret"]).verify(other.body, other.headers)
        assert foreign["data"] == {
            **foreign["data"],
            "municipality_id": HORSENS,
            "enrolment_id": their_enrolment,
            "decision": "declined",
        }
        assert our_enrolment not in other.body.decode()

    (delivered,) = deliveries(client, auth, ours["id"])
    assert delivered["status"] == "delivered" and delivered["attempts"] == 2
    assert delivered["last_status_code"] == 200 and delivered["last_error"] is None
    assert delivered["next_attempt_at"] is None and delivered["delivered_at"] is not None
    assert delivered["message_id"] == requests[0].headers["webhook-id"]
    assert delivered["payload"] == requests[0].json()


def test_a_delivery_fails_when_the_schedule_runs_out(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver(answers=[503] * MAX_ATTEMPTS) as receiver:
        endpoint = register(client, auth, receiver.url)
        sent = client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        assert sent.status_code == 202, sent.text
        moment = utc_now()
        for wait in (timedelta(0), *RETRY_SCHEDULE):
            moment += wait * 1.2  # past the jitter
            assert deliver(client, now=moment).attempted == 1
        assert deliver(client, now=moment + timedelta(days=2)).attempted == 0
        assert len(receiver.requests()) == MAX_ATTEMPTS == 8
        (failed,) = deliveries(client, auth, endpoint["id"])
        assert failed["status"] == "failed" and failed["attempts"] == MAX_ATTEMPTS
        assert failed["last_status_code"] == 503 and failed["next_attempt_at"] is None

        retry = f"{ENDPOINTS}/{endpoint['id']}/deliveries/{failed['id']}/retry"
        again = client.post(retry, headers=hr(auth))
        assert again.status_code == 200, again.text
        assert (again.json()["status"], again.json()["attempts"]) == ("pending", 0)
        assert deliver(client).delivered == 1  # the receiver is back
        refused = client.post(retry, headers=hr(auth))
        assert refused.status_code == 409  # only a failed delivery is sent again
        assert refused.headers["content-type"] == "application/problem+json"
        unknown = f"{ENDPOINTS}/{endpoint['id']}/deliveries/{endpoint['id']}/retry"
        assert client.post(unknown, headers=hr(auth)).status_code == 404
    (delivered,) = deliveries(client, auth, endpoint["id"])
    assert (delivered["status"], delivered["attempts"]) == ("delivered", 1)


def test_an_unreachable_or_slow_receiver_is_retried_with_its_error_recorded(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver(delay_seconds=3) as slow:  # the tests' timeout is 2 s
        endpoint = register(client, auth, slow.url)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        deliver(client)
    with running_receiver() as gone:
        pass  # its port is closed again
    closed = register(client, auth, gone.url)
    client.post(f"{ENDPOINTS}/{closed['id']}/test", headers=hr(auth))
    deliver(client)
    (timed_out,) = deliveries(client, auth, endpoint["id"])
    assert timed_out["status"] == "pending" and timed_out["last_error"] == "timed out"
    (refused,) = deliveries(client, auth, closed["id"])
    assert refused["status"] == "pending" and refused["last_status_code"] is None
    assert refused["last_error"].startswith("ConnectError")


def test_a_paused_endpoint_keeps_its_deliveries_until_it_is_active_again(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver() as receiver:
        endpoint = register(client, auth, receiver.url, active=False)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        assert deliver(client).attempted == 0
        resumed = client.patch(
            f"{ENDPOINTS}/{endpoint['id']}", json={"active": True}, headers=hr(auth)
        )
        assert resumed.status_code == 200, resumed.text
        assert deliver(client).delivered == 1
        (received,) = receiver.requests()
    assert received.json()["type"] == "webhook.test"
    assert received.json()["data"] == {"municipality_id": HEDENSTED, "endpoint_id": endpoint["id"]}


def test_after_a_rotation_both_secrets_verify_until_the_old_one_expires(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver() as receiver:
        endpoint = register(client, auth, receiver.url)
        rotated = client.post(f"{ENDPOINTS}/{endpoint['id']}/rotate-secret", headers=hr(auth))
        assert rotated.status_code == 200, rotated.text
        new_secret = rotated.json()["secret"]
        assert new_secret.startswith("whsec_") and new_secret != endpoint["secret"]
        expires = datetime.fromisoformat(rotated.json()["previous_secret_expires_at"])
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        deliver(client)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        deliver(client, now=expires + timedelta(seconds=1))
        during, after = receiver.requests()
    for secret in (endpoint["secret"], new_secret):
        Webhook(secret).verify(during.body, during.headers)
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    Webhook(new_secret).verify(after.body, after.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(after.body, after.headers)


def test_a_local_address_is_refused_at_delivery_unless_allowed(
    strict_client: TestClient, client: TestClient, auth: HeaderFactory
) -> None:
    """An endpoint that resolves to a private address (registered while it was public, or
    by a name that now points inside) is not reached without the development setting."""
    with running_receiver() as receiver:
        endpoint = register(client, auth, receiver.url)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        runtime = strict_client.app.state.runtime  # type: ignore[attr-defined]
        from praksis.webhooks.delivery import deliver_due

        report = deliver_due(runtime.engine, runtime.settings)
        assert report.retrying == 1 and receiver.requests() == []
    (refused,) = deliveries(client, auth, endpoint["id"])
    assert refused["last_error"] == (
        "the host resolves to a private, loopback or link-local address"
    )


def test_settled_deliveries_are_forgotten_after_thirty_days_and_pending_ones_kept(
    client: TestClient, auth: HeaderFactory
) -> None:
    with running_receiver(answers=[200, 500]) as receiver:
        endpoint = register(client, auth, receiver.url)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        start = utc_now()
        deliver(client, now=start)  # one delivered, one to retry
        paused = client.patch(
            f"{ENDPOINTS}/{endpoint['id']}", json={"active": False}, headers=hr(auth)
        )
        assert paused.status_code == 200
        deliver(client, now=start + KEPT_FOR - timedelta(minutes=1))
        assert len(deliveries(client, auth, endpoint["id"])) == 2
        deliver(client, now=start + KEPT_FOR + timedelta(minutes=1))
    (kept,) = deliveries(client, auth, endpoint["id"])
    assert kept["status"] == "pending"

"""Registering webhook endpoints: who may, what is checked, what is recorded, and that each
event of the earlier domains leaves a delivery in its own transaction (the outbox)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from praksis.programmes.models import Grading
from tests.audit.test_audit import events
from tests.audit.test_coverage import ok
from tests.cohorts.helpers import add_person, add_programme, create_cohort, hr, nominate
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.development.factories import AWARD
from tests.webhooks.helpers import ENDPOINTS, EVERY_EVENT, deliveries, register

PUBLIC = "https://intranet.hedensted.dk/hooks/praksis"


def test_hr_registers_an_endpoint_sees_the_secret_once_and_edits_it_conditionally(
    client: TestClient, auth: HeaderFactory
) -> None:
    created = register(client, auth, PUBLIC, description="Intranettets nyheder")
    assert created["secret"].startswith("whsec_") and len(created["secret"]) == 6 + 44
    read = client.get(f"{ENDPOINTS}/{created['id']}", headers=hr(auth))
    assert "secret" not in ok(read) and read.json()["event_types"] == EVERY_EVENT
    listed = ok(client.get(ENDPOINTS, headers=hr(auth)))
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    assert "secret" not in listed["items"][0]

    tag = read.headers["etag"]
    changed = client.patch(
        f"{ENDPOINTS}/{created['id']}",
        json={"event_types": ["credential.issued"], "description": "Kun beviser"},
        headers={**hr(auth), "If-Match": tag},
    )
    assert ok(changed)["event_types"] == ["credential.issued"]
    stale = client.patch(
        f"{ENDPOINTS}/{created['id']}",
        json={"active": False},
        headers={**hr(auth), "If-Match": tag},
    )
    assert stale.status_code == 412
    assert ok(client.get(f"{ENDPOINTS}/{created['id']}", headers=hr(auth)))["active"] is True

    ok(client.delete(f"{ENDPOINTS}/{created['id']}", headers=hr(auth)), 204)
    assert client.get(f"{ENDPOINTS}/{created['id']}", headers=hr(auth)).status_code == 404


def test_the_audit_trail_records_the_changes_but_never_the_secret(
    client: TestClient, auth: HeaderFactory
) -> None:
    created = register(client, auth, PUBLIC)
    endpoint = f"{ENDPOINTS}/{created['id']}"
    ok(client.patch(endpoint, json={"active": False}, headers=hr(auth)))
    rotated = ok(client.post(f"{endpoint}/rotate-secret", headers=hr(auth)))
    ok(client.delete(endpoint, headers=hr(auth)), 204)
    trail = events(client, auth, object_id=created["id"])
    assert [event["action"] for event in trail] == [
        "webhook_endpoint.created",
        "webhook_endpoint.updated",
        "webhook_endpoint.secret_rotated",
        "webhook_endpoint.deleted",
    ]
    assert trail[0]["after"]["url"] == PUBLIC
    assert (trail[1]["before"], trail[1]["after"]) == ({"active": True}, {"active": False})
    text = str(trail)
    assert created["secret"] not in text and rotated["secret"] not in text


def test_an_integration_needs_the_webhooks_scope_and_other_roles_may_not(
    client: TestClient, auth: HeaderFactory
) -> None:
    body = {"url": PUBLIC, "event_types": ["enrolment.decided"]}
    scoped = auth(HEDENSTED, "integration", scope="webhooks:manage")
    created = ok(client.post(ENDPOINTS, json=body, headers=scoped), 201)
    assert events(client, auth, object_id=created["id"])[0]["actor_client"]
    unscoped = auth(HEDENSTED, "integration", scope="people:read")
    assert client.post(ENDPOINTS, json=body, headers=unscoped).status_code == 403
    for role in ("participant", "leader", "facilitator"):
        assert client.get(ENDPOINTS, headers=auth(HEDENSTED, role)).status_code == 403


def test_another_municipality_neither_sees_nor_reaches_the_endpoint(
    client: TestClient, auth: HeaderFactory
) -> None:
    created = register(client, auth, PUBLIC)
    horsens = hr(auth, HORSENS)
    assert ok(client.get(ENDPOINTS, headers=horsens))["items"] == []
    for method, suffix in (("GET", ""), ("DELETE", ""), ("GET", "/deliveries"), ("POST", "/test")):
        response = client.request(method, f"{ENDPOINTS}/{created['id']}{suffix}", headers=horsens)
        assert response.status_code == 404, (method, suffix)
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://intranet.hedensted.dk/hooks", "use https"),
        ("https://127.0.0.1/hooks", "the host is a private, loopback or link-local address"),
        ("https://10.1.2.3/hooks", "the host is a private, loopback or link-local address"),
        ("https://[::1]:8443/hooks", "the host is a private, loopback or link-local address"),
        ("https://169.254.169.254/latest", "the host is a private, loopback or link-local address"),
        ("https://localhost/hooks", "the host is a private, loopback or link-local address"),
        (
            "https://bruger:kode@intranet.hedensted.dk/",
            "no user name or password in the URL; authenticate by the signature",
        ),
        ("ftp://intranet.hedensted.dk/", "use https"),
        ("https:///hooks", "no host"),
    ],
)
def test_an_unsafe_url_is_refused_as_a_problem_and_nothing_is_registered(
    strict_client: TestClient, auth: HeaderFactory, url: str, message: str
) -> None:
    body = {"url": url, "event_types": ["enrolment.decided"]}
    refused = strict_client.post(ENDPOINTS, json=body, headers=hr(auth))
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"] == [{"location": "body.url", "message": message}]
    assert ok(strict_client.get(ENDPOINTS, headers=hr(auth)))["items"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"url": PUBLIC, "event_types": []},
        {"url": PUBLIC, "event_types": ["enrolment.nominated"]},
        {"url": PUBLIC, "event_types": ["credential.issued", "credential.issued"]},
        {"url": PUBLIC + "\n", "event_types": ["credential.issued"]},
        {"url": PUBLIC, "event_types": ["credential.issued"], "secret": "whsec_mine"},
    ],
)
def test_invalid_bodies_are_refused_as_problems(
    strict_client: TestClient, auth: HeaderFactory, body: dict[str, Any]
) -> None:
    refused = strict_client.post(ENDPOINTS, json=body, headers=hr(auth))
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"]


def test_a_patch_to_an_unsafe_url_changes_nothing(
    strict_client: TestClient, auth: HeaderFactory
) -> None:
    created = register(strict_client, auth, PUBLIC)
    refused = strict_client.patch(
        f"{ENDPOINTS}/{created['id']}", json={"url": "https://192.168.1.5/"}, headers=hr(auth)
    )
    assert refused.status_code == 422
    assert ok(strict_client.get(f"{ENDPOINTS}/{created['id']}", headers=hr(auth)))["url"] == PUBLIC


def _types(client: TestClient, auth: HeaderFactory, endpoint_id: str) -> list[tuple[str, Any]]:
    return [
        (item["event_type"], item["payload"]["data"])
        for item in deliveries(client, auth, endpoint_id)
    ]


def test_each_event_leaves_a_delivery_for_the_endpoints_that_subscribed_to_it(
    client: TestClient, auth: HeaderFactory
) -> None:
    everything = register(client, auth, PUBLIC)
    credentials = register(client, auth, PUBLIC + "/beviser", event_types=["credential.issued"])
    programme_id = add_programme(client, grading=Grading.none)
    ok(client.put(f"/api/v1/programmes/{programme_id}/award", json=AWARD, headers=hr(auth)))
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    person_id = add_person(client, "Mette Jensen")
    enrolment_id = nominate(client, auth, programme_id, person_id)["id"]
    approve = f"/api/v1/enrolments/{enrolment_id}/approve"
    ok(client.post(approve, json={"cohort_id": cohort_id}, headers=hr(auth)))
    ok(client.post(f"/api/v1/enrolments/{enrolment_id}/complete", json={}, headers=hr(auth)))
    (credential,) = ok(client.get("/api/v1/credentials", headers=hr(auth)))["items"]
    revoke = f"/api/v1/credentials/{credential['id']}/revoke"
    ok(client.post(revoke, json={"reason": "Udstedt ved en fejl"}, headers=hr(auth)))
    draft = add_programme(client, status="draft")  # type: ignore[arg-type]
    ok(client.patch(f"/api/v1/programmes/{draft}", json={"status": "cancelled"}, headers=hr(auth)))

    sent = _types(client, auth, everything["id"])
    ids = {"person_id": person_id, "programme_id": programme_id}
    assert [event_type for event_type, _ in sent] == [
        "enrolment.decided",
        "credential.issued",  # by development, within the completion (same transaction)
        "enrolment.completed",
        "credential.revoked",
        "programme.status_changed",
    ]
    assert sent[0][1] == {
        "municipality_id": HEDENSTED,
        "enrolment_id": enrolment_id,
        "cohort_id": cohort_id,
        "decision": "approved",
        **ids,
    }
    assert sent[2][1] == {
        "municipality_id": HEDENSTED,
        "enrolment_id": enrolment_id,
        "passed": None,
        "completed_on": sent[2][1]["completed_on"],
        **ids,
    }
    assert sent[1][1]["credential_id"] == credential["id"] == sent[3][1]["credential_id"]
    assert sent[4][1] == {
        "municipality_id": HEDENSTED,
        "programme_id": draft,
        "previous_status": "draft",
        "status": "cancelled",
    }
    assert "Mette" not in str(sent) and "Udstedt" not in str(sent)
    assert [event_type for event_type, _ in _types(client, auth, credentials["id"])] == [
        "credential.issued"
    ]


def test_a_refused_decision_leaves_no_delivery(client: TestClient, auth: HeaderFactory) -> None:
    endpoint = register(client, auth, PUBLIC)
    programme_id = add_programme(client)
    full = create_cohort(client, auth, programme_id, capacity=1)["id"]
    first = nominate(client, auth, programme_id, add_person(client, "Første"))["id"]
    ok(
        client.post(
            f"/api/v1/enrolments/{first}/approve", json={"cohort_id": full}, headers=hr(auth)
        )
    )
    second = nominate(client, auth, programme_id, add_person(client, "Anden"))["id"]
    ok(
        client.post(
            f"/api/v1/enrolments/{second}/approve", json={"cohort_id": full}, headers=hr(auth)
        )
    )
    again = client.post(f"/api/v1/enrolments/{second}/approve", json={}, headers=hr(auth))
    assert again.status_code == 409  # still full: stays waitlisted
    decisions = [data["decision"] for _, data in _types(client, auth, endpoint["id"])]
    assert decisions == ["approved", "waitlisted"]
    ok(client.post(f"/api/v1/enrolments/{first}/withdraw", json={}, headers=hr(auth)))
    decisions = [data["decision"] for _, data in _types(client, auth, endpoint["id"])]
    assert decisions == ["approved", "waitlisted", "promoted"]

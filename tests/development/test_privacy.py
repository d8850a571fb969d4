"""A person's goals, credentials and self-assessments in their data export (GDPR art. 15);
erasure removes goals and credentials and keeps the scores as a pseudonym's (art. 17)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.development.factories import ALL_ROLES, create_credential, create_goal


def test_export_holds_goals_and_credentials_and_erasure_removes_them(
    client: TestClient, auth: HeaderFactory
) -> None:
    goal = create_goal(client, auth)["goal_id"]
    credential = create_credential(client, auth)["credential_id"]
    me = auth(HEDENSTED, *ALL_ROLES, sub="matrix-owner")
    enrolment = client.get(f"/api/v1/credentials/{credential}", headers=me).json()["enrolment_id"]
    url = f"/api/v1/enrolments/{enrolment}/self-assessment"
    [item] = client.get(url, headers=me).json()["items"]
    scores = [{"competence_id": item["competence_id"], "score": 4}]
    assert (
        client.post(url, json={"moment": "before", "scores": scores}, headers=me).status_code == 201
    )
    export = client.get("/api/v1/me/export", headers=me).json()
    assert [item["id"] for item in export["development_goals"]] == [goal]
    assert [item["id"] for item in export["credentials"]] == [credential]
    assert [item["score"] for item in export["self_assessments"]] == [4]

    person = client.get("/api/v1/me", headers=me).json()["person"]["id"]
    erased = client.post(f"/api/v1/people/{person}/erase", headers=auth(HEDENSTED))
    assert erased.status_code == 200, erased.text
    after = client.get(f"/api/v1/people/{person}/export", headers=auth(HEDENSTED)).json()
    assert after["development_goals"] == after["credentials"] == []
    trail = client.get(
        "/api/v1/audit", params={"action": "person.erased"}, headers=auth(HEDENSTED)
    ).json()["items"]
    assert trail[0]["after"]["goals_removed"] == trail[0]["after"]["credentials_removed"] == 1
    assert [item["score"] for item in after["self_assessments"]] == [4]  # a pseudonym's

"""GDPR art. 17: erasing a person keeps what they took part in as a pseudonym."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.feedback.helpers import FEEDBACK, FeedbackArrange, Scene, as_
from tests.people.support import assert_problem
from tests.privacy.helpers import (
    ANNE_EMAIL,
    ANNE_EXTERNAL_ID,
    FORMER_EMPLOYEE,
    PEOPLE,
    give_anne_everything,
    hr,
    ok,
)


def _erase(client: TestClient, auth: HeaderFactory, person_id: object) -> dict[str, object]:
    etag = client.get(f"{PEOPLE}/{person_id}", headers=hr(auth)).headers["ETag"]
    response = client.post(f"{PEOPLE}/{person_id}/erase", headers={**hr(auth), "If-Match": etag})
    body: dict[str, object] = ok(response)
    assert response.headers["ETag"] != etag
    return body


def test_erasure_removes_what_identifies_the_person_everywhere(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    data = give_anne_everything(client, auth, arrange, scene)
    anne = data.anne

    erased = _erase(client, auth, anne)

    assert erased["name"] == FORMER_EMPLOYEE and erased["erased_at"]
    assert erased["email"] is erased["external_id"] is erased["job_title"] is None
    export = ok(client.get(f"{PEOPLE}/{anne}/export", headers=hr(auth)))
    audit = client.get("/api/v1/audit", params={"limit": 200}, headers=hr(auth)).text
    audit_csv = client.get("/api/v1/audit", params={"format": "csv"}, headers=hr(auth)).text
    people = client.get(PEOPLE, params={"limit": 200}, headers=hr(auth)).text
    for trace in ("Anne", "Ærø", ANNE_EMAIL, ANNE_EXTERNAL_ID, "Pædagog", "husmøderne"):
        assert trace not in str(export), trace
        assert trace not in audit and trace not in audit_csv and trace not in people, trace
    # what she took part in stays, as a pseudonym
    assert [e["status"] for e in export["enrolments"]] == ["approved"]
    assert export["workshops"][0]["attendance"] == "present"
    assert export["calendar_feed"] is None
    [project] = export["projects"]
    assert project["challenge"] == project["goal"] == project["trial_actions"][0]["plan"] == ""
    [received] = project["trial_actions"][0]["feedback_received"]
    assert (received["kind"], received["what_worked"]) == ("buddy", "")
    [erasure] = [e for e in export["audit_events"] if e["action"] == "person.erased"]
    assert "name" in erasure["after"]["cleared"]


def test_feedback_the_person_gave_keeps_its_content_without_their_name(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    data = give_anne_everything(client, auth, arrange, scene)
    _erase(client, auth, data.anne)

    bo = as_(auth, "bo")
    feedback = ok(client.get(f"{FEEDBACK}/{data.feedback_from_anne['id']}", headers=bo))
    assert feedback["what_worked"] == data.feedback_from_anne["what_worked"]
    assert feedback["try_next"] == data.feedback_from_anne["try_next"]
    author = ok(client.get(f"{PEOPLE}/{feedback['author_id']}", headers=bo))
    assert author["name"] == FORMER_EMPLOYEE and author["erased_at"]


def test_the_erased_person_is_out_of_pickers_and_cannot_sign_in_as_themself(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    anne = str(scene.people["anne"])
    _erase(client, auth, anne)

    bo = as_(auth, "bo")
    listed = [p["id"] for p in ok(client.get(PEOPLE, params={"limit": 200}, headers=bo))["items"]]
    assert anne not in listed
    assert ok(client.get(PEOPLE, params={"q": "Tidligere"}, headers=hr(auth)))["items"] == []
    # asked for by id (to show a name where her id appears), she is there
    [by_id] = ok(client.get(PEOPLE, params={"id": anne}, headers=bo))["items"]
    assert by_id["name"] == FORMER_EMPLOYEE
    # her old sign-in is a stranger now: a new, empty person
    me = ok(client.get("/api/v1/me", headers=as_(auth, "anne")))["person"]
    assert me["id"] != anne
    assert ok(client.get("/api/v1/me/export", headers=as_(auth, "anne")))["enrolments"] == []
    # nothing new is given to her
    appoint = client.post(
        "/api/v1/org-units",
        json={"name": "Nyt team", "kind": "forvaltning", "leader_ids": [anne]},
        headers=hr(auth),
    )
    assert assert_problem(appoint, 409)["type"].endswith("person-erased")


def test_an_erased_person_stays_erased(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    anne = scene.people["anne"]
    _erase(client, auth, anne)

    again = client.post(f"{PEOPLE}/{anne}/erase", headers=hr(auth))
    assert assert_problem(again, 409)["type"].endswith("person-erased")
    restore = client.patch(f"{PEOPLE}/{anne}", json={"name": "Anne Ærø"}, headers=hr(auth))
    assert_problem(restore, 409)
    assert ok(client.get(f"{PEOPLE}/{anne}", headers=hr(auth)))["name"] == FORMER_EMPLOYEE


def test_a_leader_is_not_erased_until_someone_takes_over(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    lene = scene.people["lene"]
    before = ok(client.get(f"{PEOPLE}/{lene}", headers=hr(auth)))

    refused = client.post(f"{PEOPLE}/{lene}/erase", headers=hr(auth))

    problem = assert_problem(refused, 409)
    assert problem["type"].endswith("erasure-blocked")
    assert '"Hjemmeplejen Nord"' in problem["detail"]
    assert ok(client.get(f"{PEOPLE}/{lene}", headers=hr(auth))) == before


def test_erasure_needs_hr_and_a_current_etag(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    anne = scene.people["anne"]
    for caller in (as_(auth, "bo"), as_(auth, "lene"), as_(auth, "anne")):
        assert_problem(client.post(f"{PEOPLE}/{anne}/erase", headers=caller), 403)
    integration = auth(HEDENSTED, "integration", scope="people:read people:write")
    assert_problem(client.post(f"{PEOPLE}/{anne}/erase", headers=integration), 403)
    stale = {**hr(auth), "If-Match": '"not-the-tag"'}
    assert_problem(client.post(f"{PEOPLE}/{anne}/erase", headers=stale), 412)
    assert ok(client.get(f"{PEOPLE}/{anne}", headers=hr(auth)))["erased_at"] is None

"""Development goals: "Lederne hjælper medarbejderne til selv at sætte mål for det, de gerne
vil være dygtigere til" (Vesthimmerland), reviewed at the annual conversation (MUS)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.development.helpers import arrange_team, as_person, move, propose


def test_participant_sets_two_goals_with_their_leader_and_sees_them_at_mus(
    client: TestClient, auth: HeaderFactory
) -> None:
    team = arrange_team(client, auth)
    mette, leader = as_person(auth, "mette"), as_person(auth, "leder")
    own = propose(
        client,
        mette,
        {
            "title": "Facilitere borgermøder",
            "description": "Jeg vil lede møder, hvor borgerne selv finder løsninger.",
            "competence_ids": team.competence_ids[:1],
            "kerneopgave_ids": [team.kerneopgave_id],
            "review_on": "2027-03-15",
        },
    )
    proposed_by_leader = propose(
        client,
        leader,
        {
            "title": "Digital vejledning af borgere",
            "person_id": team.member,
            "competence_ids": team.competence_ids[1:],
            "review_on": "2027-03-15",
        },
    )
    assert own["status"] == proposed_by_leader["status"] == "proposed"

    # each is agreed by the other party, never by whoever proposed it
    assert move(client, mette, own["id"], "agreed").status_code == 403
    assert move(client, leader, proposed_by_leader["id"], "agreed").status_code == 403
    agreed = move(client, leader, own["id"], "agreed")
    assert agreed.status_code == 200, agreed.text
    assert agreed.json()["agreed_by_id"] == team.leader
    assert move(client, mette, proposed_by_leader["id"], "agreed").status_code == 200
    assert move(client, mette, own["id"], "in_progress").json()["status"] == "in_progress"

    plan = client.get("/api/v1/me/development-plan", headers=mette)
    assert plan.status_code == 200, plan.text
    body = plan.json()
    assert body["next_review_on"] == "2027-03-15"
    assert {(goal["title"], goal["status"], goal["review_on"]) for goal in body["goals"]} == {
        ("Facilitere borgermøder", "in_progress", "2027-03-15"),
        ("Digital vejledning af borgere", "agreed", "2027-03-15"),
    }
    # the leader prepares the same MUS from the team member's plan
    as_leader = client.get(f"/api/v1/people/{team.member}/development-plan", headers=leader)
    assert as_leader.json()["goals"] == body["goals"]

    trail = client.get(
        "/api/v1/audit", params={"object_type": "development_goal"}, headers=auth()
    ).json()["items"]
    assert [event["action"] for event in trail].count("development_goal.agreed") == 2
    assert "development_goal.proposed" in {event["action"] for event in trail}


def test_a_goal_moves_only_from_the_status_it_has(client: TestClient, auth: HeaderFactory) -> None:
    arrange_team(client, auth)
    mette, leader = as_person(auth, "mette"), as_person(auth, "leder")
    goal = propose(client, mette, {"title": "Lære at holde svære samtaler"})
    assert move(client, mette, goal["id"], "achieved").status_code == 409
    assert move(client, mette, goal["id"], "in_progress").status_code == 409
    assert move(client, leader, goal["id"], "agreed").status_code == 200
    again = move(client, leader, goal["id"], "agreed")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert move(client, mette, goal["id"], "achieved").json()["status"] == "achieved"
    assert move(client, mette, goal["id"], "dropped").status_code == 409
    edit = client.patch(
        f"/api/v1/development-goals/{goal['id']}", json={"title": "Nyt"}, headers=mette
    )
    assert edit.status_code == 409


def test_only_the_person_their_leaders_and_hr_see_their_goals(
    client: TestClient, auth: HeaderFactory
) -> None:
    team = arrange_team(client, auth)
    goal = propose(client, as_person(auth, "mette"), {"title": "Facilitere borgermøder"})
    colleague = as_person(auth, "carsten")
    for url in (
        f"/api/v1/development-goals/{goal['id']}",
        f"/api/v1/people/{team.member}/development-plan",
    ):
        assert client.get(url, headers=colleague).status_code == 404, url
        assert client.get(url, headers=as_person(auth, "leder")).status_code == 200, url
        assert client.get(url, headers=auth(HEDENSTED, "hr_admin")).status_code == 200, url
        assert client.get(url, headers=auth(HORSENS, "hr_admin")).status_code == 404, url
    listed = client.get("/api/v1/development-goals", headers=colleague).json()["items"]
    assert listed == []
    assert move(client, colleague, goal["id"], "dropped").status_code == 404
    # a colleague cannot set goals for someone else
    refused = client.post(
        "/api/v1/development-goals",
        json={"title": "Mål for en kollega", "person_id": team.member},
        headers=colleague,
    )
    assert refused.status_code == 403


def test_goal_links_only_the_municipalitys_competences_and_kerneopgaver(
    client: TestClient, auth: HeaderFactory
) -> None:
    team = arrange_team(client, auth)
    mette = as_person(auth, "mette")
    goal = propose(client, mette, {"title": "Facilitere", "competence_ids": team.competence_ids})
    unknown = client.patch(
        f"/api/v1/development-goals/{goal['id']}",
        json={"kerneopgave_ids": [team.member]},
        headers=mette,
    )
    assert unknown.status_code == 404
    changed = client.patch(
        f"/api/v1/development-goals/{goal['id']}",
        json={"kerneopgave_ids": [team.kerneopgave_id], "review_on": "2027-04-01"},
        headers=mette,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["competence_ids"] == sorted(team.competence_ids)
    assert changed.json()["kerneopgave_ids"] == [team.kerneopgave_id]

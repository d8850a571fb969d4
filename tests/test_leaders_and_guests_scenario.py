"""Issue 18 through the API: the leaders' sparring meetings, the team challenge on the project,
guests on workshops, the facilitator's feedback, and the two defects.

Seeds: "Sparringsmøder mellem lederne"; a leader writes the team's challenge at nomination;
an erhvervspsykolog, a consultant, a professor teach on the programmes; a cohort's own
facilitators run its workshops; a transfer follow-up "days after completion".
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col

from praksis.enrolments.models import Enrolment
from tests.action_learning.helpers import World, build_world, create_project, create_trial_action
from tests.cohorts.helpers import add_person, create_cohort, db, enrol_approved, hr
from tests.conftest import HEDENSTED, HeaderFactory

SPARRING = "/api/v1/sparring-meetings"
WORKSHOPS = "/api/v1/workshops"


def _as(auth: HeaderFactory, world: World, sub: str, *roles: str) -> dict[str, str]:
    return world.headers(auth, sub, *roles)


def _facilitator(auth: HeaderFactory, world: World) -> dict[str, str]:
    return _as(auth, world, "facilitator", "facilitator")


def _module(client: TestClient, auth: HeaderFactory, world: World) -> str:
    response = client.post(
        f"/api/v1/programmes/{world.programme_id}/modules",
        json={"title": "Modul 1: Nye roller"},
        headers=hr(auth),
    )
    assert response.status_code == 201, response.text
    module_id: str = response.json()["id"]
    return module_id


def _workshop(
    client: TestClient,
    module: str,
    cohort: str,
    hours: tuple[int, int],
    headers: dict[str, str],
    **extra: Any,
) -> Any:
    starts, ends = hours
    body = {
        "module_id": module,
        "cohort_id": cohort,
        "title": f"Workshop {starts}-{ends}",
        "starts_at": f"2027-03-04T{starts:02d}:00:00+01:00",
        "ends_at": f"2027-03-04T{ends:02d}:00:00+01:00",
        **extra,
    }
    return client.post(WORKSHOPS, json=body, headers=headers)


def test_a_leader_is_invited_to_and_recorded_at_a_sparring_meeting(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    body = {
        "programme_id": world.programme_id,
        "title": "Sparringsmøde mellem lederne",
        "starts_at": "2027-02-10T13:00:00+01:00",
        "ends_at": "2027-02-10T15:00:00+01:00",
        "location": "Rådhuset, mødelokale 2",
    }
    planned = client.post(SPARRING, json=body, headers=_facilitator(auth, world))
    assert planned.status_code == 201, planned.text
    meeting = planned.json()
    # the owner works in Team Nord (its leader), the others in Afdeling Syd (its leader); the
    # department leader above Team Nord is not their nearest leader
    assert meeting["invited"] == 2 and meeting["attended"] == 0
    url = f"{SPARRING}/{meeting['id']}"
    invitations = client.get(f"{url}/invitations", headers=_facilitator(auth, world)).json()
    by_person = {item["person_id"]: item for item in invitations["items"]}
    assert set(by_person) == {world.people["team-leader"], world.people["other-leader"]}

    leader = _as(auth, world, "team-leader", "leader")
    mine = client.get(SPARRING, params={"mine": "true"}, headers=leader).json()["items"]
    invitation = by_person[world.people["team-leader"]]
    assert [(m["id"], m["my_invitation"]) for m in mine] == [
        (meeting["id"], {"id": invitation["id"], "status": "invited"})
    ]
    own = client.get(f"{url}/invitations", headers=leader).json()["items"]
    assert [item["id"] for item in own] == [invitation["id"]]
    # a participant, a leader not invited: as if there were no meeting
    for sub, role in (("owner", "participant"), ("dept-leader", "leader")):
        assert client.get(url, headers=_as(auth, world, sub, role)).status_code == 404
    # the leader may not record themself
    record = {"status": "attended", "expected_status": "invited"}
    recorded_url = f"{url}/invitations/{invitation['id']}"
    assert client.put(recorded_url, json=record, headers=leader).status_code == 403

    recorded = client.put(recorded_url, json=record, headers=_facilitator(auth, world))
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["status"] == "attended"
    assert recorded.json()["recorded_by_id"] == world.people["facilitator"]
    # a second recorder who read "invited" is refused: the record is conditional
    stale = client.put(
        recorded_url, json={"status": "absent", "expected_status": "invited"}, headers=hr(auth)
    )
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    assert client.get(url, headers=leader).json()["attended"] == 1
    trail = client.get(
        "/api/v1/audit", params={"action": "sparring_invitation.recorded"}, headers=hr(auth)
    ).json()["items"]
    assert [(e["object_id"], e["before"], e["after"]["status"]) for e in trail] == [
        (invitation["id"], {"status": "invited"}, "attended")
    ]

    # the meeting is in the leader's calendar feed
    feed = client.post("/api/v1/calendar/feed", headers=leader).json()["url"]
    ics = client.get(feed).text
    assert "SUMMARY:Sparringsmøde mellem lederne" in ics

    # a place approved later: its leader is invited by asking again
    newcomer = add_person(client, "Ny deltager", org_unit_id=world.afdeling_nord)
    enrol_approved(client, auth, world.programme_id, world.cohort_id, [newcomer])
    again = client.post(f"{url}/invite-leaders", headers=_facilitator(auth, world))
    assert again.status_code == 200, again.text
    assert [item["person_id"] for item in again.json()["invited"]] == [world.people["dept-leader"]]


def test_the_team_challenge_shows_on_the_participants_project_to_the_learning_group(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    seen = client.get(
        f"/api/v1/action-learning-projects/{project['id']}", headers=_as(auth, world, "peer")
    )
    assert seen.status_code == 200
    assert seen.json()["team_challenges"] == [
        {"person_id": world.people["owner"], "text": "Samskabelse med borgerne"}
    ]


def test_an_external_erhvervspsykolog_is_named_on_a_workshop(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    module = _module(client, auth, world)
    workshop = _workshop(client, module, world.cohort_id, (9, 12), headers=hr(auth)).json()
    guests = f"{WORKSHOPS}/{workshop['id']}/guests"
    guest = {
        "name": "Mette Holm",
        "organisation": "Holm Erhvervspsykologi",
        "role": "erhvervspsykolog",
        "contribution": "facilitator",
    }
    added = client.post(guests, json=guest, headers=_facilitator(auth, world))
    assert added.status_code == 201, added.text
    speaker = {"name": "Professor Ib Lund", "role": "professor"}
    assert client.post(guests, json=speaker, headers=hr(auth)).status_code == 201
    other = _as(auth, world, "other-facilitator", "facilitator")
    assert client.post(guests, json=speaker, headers=other).status_code == 403
    listed = client.get(guests, headers=_as(auth, world, "owner")).json()["items"]
    assert [(g["name"], g["role"], g["contribution"]) for g in listed] == [
        ("Mette Holm", "erhvervspsykolog", "facilitator"),
        ("Professor Ib Lund", "professor", "speaker"),
    ]
    trail = client.get(
        "/api/v1/audit", params={"action": "workshop_guest.added"}, headers=hr(auth)
    ).json()["items"]
    assert len(trail) == 2 and "Mette Holm" not in str(trail)  # the name is not kept


def test_a_facilitator_gives_facilitator_feedback_on_a_trial_action(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    action = create_trial_action(client, auth, world, project["id"])
    body = {
        "trial_action_id": action["id"],
        "kind": "facilitator",
        "what_worked": "I inddrog borgerne fra starten.",
        "try_next": "Prøv det med pårørende.",
    }
    given = client.post("/api/v1/feedback", json=body, headers=_facilitator(auth, world))
    assert given.status_code == 201, given.text
    other = _as(auth, world, "other-facilitator", "facilitator")
    assert client.post("/api/v1/feedback", json=body, headers=other).status_code == 404
    assert (
        client.post("/api/v1/feedback", json=body, headers=_as(auth, world, "peer")).status_code
        == 403
    )


def test_a_cohorts_own_facilitator_is_not_booked_into_an_overlapping_workshop(
    client: TestClient, auth: HeaderFactory
) -> None:
    """Defect 9a: the overlap check counted only the facilitators named on each workshop."""
    world = build_world(client, auth)
    module = _module(client, auth, world)
    ours = _workshop(client, module, world.cohort_id, (9, 12), headers=hr(auth))
    assert ours.status_code == 201, ours.text
    # another cohort's workshop naming our cohort's facilitator at an overlapping time
    named = {"facilitator_ids": [world.people["facilitator"]]}
    theirs = _workshop(client, module, world.other_cohort_id, (11, 14), headers=hr(auth), **named)
    assert theirs.status_code == 409, theirs.text
    assert theirs.json()["conflicts"][0]["workshop_id"] == ours.json()["id"]
    # and the reverse: a cohort whose workshop clashes does not get them as facilitator
    lone = create_cohort(client, auth, world.programme_id, name="Hold 3")
    assert _workshop(client, module, lone["id"], (10, 11), headers=hr(auth)).status_code == 201
    joined = client.patch(
        f"/api/v1/cohorts/{lone['id']}",
        json={"facilitator_ids": [world.people["facilitator"]]},
        headers=hr(auth),
    )
    assert joined.status_code == 409, joined.text


def test_a_follow_up_is_due_after_completion_in_a_programme_without_an_end_date(
    client: TestClient, auth: HeaderFactory
) -> None:
    """Defect 9b: it was due on ends_on + N days, and never without ends_on."""
    world = build_world(client, auth)  # its programme has no end date
    enrolments = client.get(
        "/api/v1/enrolments", params={"cohort_id": world.cohort_id}, headers=hr(auth)
    ).json()["items"]
    owner = next(e for e in enrolments if e["person_id"] == world.people["owner"])
    completed = client.post(f"/api/v1/enrolments/{owner['id']}/complete", json={}, headers=hr(auth))
    assert completed.status_code == 200, completed.text
    mine = _as(auth, world, "owner")
    assert client.get("/api/v1/feedback/follow-ups", headers=mine).json()["items"] == []
    with db(client, HEDENSTED) as session:  # 91 days pass
        session.execute(
            update(Enrolment)
            .where(col(Enrolment.id) == uuid.UUID(owner["id"]))
            .values(completed_at=datetime.now(UTC) - timedelta(days=91))
        )
    (follow_up,) = client.get("/api/v1/feedback/follow-ups", headers=mine).json()["items"]
    assert follow_up["enrolment_id"] == owner["id"]

"""Whole-team nominations racing single nominations and each other (PostgreSQL, real HTTP):
nobody ends up with two active enrolments on one programme, and every caller is told what
was stored. The database's one-active-enrolment index decides; the team nomination writes
each person in a savepoint, in person order, so it reports the person someone else got first
as ``already_enrolled`` and goes on with the others."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.cohorts.helpers import JUSTIFICATION, add_org_unit, add_people, add_programme
from tests.concurrency.test_races import ENROLMENTS, Call, assert_conflict, at_once
from tests.conftest import HEDENSTED, HeaderFactory
from tests.live_server import LiveServer

ROUNDS = 5
TEAM = "/api/v1/team-nominations"


def _active(client: TestClient, hr: dict[str, str], programme_id: str) -> list[str]:
    page = client.get(
        ENROLMENTS, params={"programme_id": programme_id, "limit": 200}, headers=hr
    ).json()
    return [item["person_id"] for item in page["items"] if item["status"] == "nominated"]


@pytest.mark.postgres_only
def test_a_team_nomination_racing_a_single_nomination_enrols_the_person_once(
    server: LiveServer, client: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, "hr_admin", sub="hedensted-hr")
    unit = add_org_unit(client, "Borgerservice")
    people = add_people(client, 6, org_unit_id=unit)
    for _ in range(ROUNDS):
        programme_id = add_programme(client)
        single = {"programme_id": programme_id, "person_id": people[3]}
        team = {"programme_id": programme_id, "org_unit_id": unit}
        calls = [
            Call("POST", TEAM, hr, {**team, "justification": JUSTIFICATION}),
            *(
                Call("POST", ENROLMENTS, hr, {**single, "justification": JUSTIFICATION})
                for _ in range(3)
            ),
        ]
        team_answer, *singles = at_once(server, calls)
        assert team_answer.status_code == 200, team_answer.text
        outcome = {row["person_id"]: row for row in team_answer.json()["results"]}
        won_alone = [response for response in singles if response.status_code == 201]
        for response in singles:
            if response.status_code != 201:
                assert_conflict(response)
        if outcome[people[3]]["outcome"] == "nominated":
            assert won_alone == []
        else:
            assert outcome[people[3]]["outcome"] == "already_enrolled"
            assert [r.json()["id"] for r in won_alone] == [outcome[people[3]]["enrolment_id"]]
        assert sorted(_active(client, hr, programme_id)) == sorted(people)
        others = [outcome[person]["outcome"] for person in people if person != people[3]]
        assert others == ["nominated"] * 5


@pytest.mark.postgres_only
def test_two_team_nominations_at_once_enrol_everyone_once(
    server: LiveServer, client: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, "hr_admin", sub="hedensted-hr")
    unit = add_org_unit(client, "Borgerservice")
    people = add_people(client, 8, org_unit_id=unit)
    for _ in range(ROUNDS):
        programme_id = add_programme(client)
        body = {"programme_id": programme_id, "org_unit_id": unit, "justification": JUSTIFICATION}
        answers = at_once(server, [Call("POST", TEAM, hr, body) for _ in range(3)])
        assert [answer.status_code for answer in answers] == [200, 200, 200]
        nominated = [
            row["person_id"]
            for answer in answers
            for row in answer.json()["results"]
            if row["outcome"] == "nominated"
        ]
        assert sorted(nominated) == sorted(people)  # each by exactly one of them
        assert sorted(_active(client, hr, programme_id)) == sorted(people)

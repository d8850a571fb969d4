"""The issue's "done when", through the HTTP API alone, as the seeds describe it.

An HR consultant in Hedensted sets up the one-year programme for leaders and key people
(seed 003): org units and people (CSV import), the four kerneopgaver, two modules with their
workshops, a hold of 20–24 with learning groups and buddies. A leader nominates with a written
justification (and is stopped without one or outside the team), the KL rule of two per
department stops a cohort from starting, and participants find their workshops in their
calendar feed.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory

API = "/api/v1"
HR = ("hr_admin",)
KERNEOPGAVER = {
    "Fritid & Fællesskab": "At man både kan bidrage til og deltage i fællesskabet.",
    "Læring": "At barnet eller den unge bliver klar til en uddannelse eller et arbejde.",
    "Beskæftigelse": "At det enkelte menneske kommer i job eller uddannelse.",
    "Social Omsorg": "At det enkelte menneske får den rådgivning, støtte og omsorg der gør, "
    "at han eller hun løbende udvikler sig.",
}
JUSTIFICATION = (
    "Teamets aktuelle udviklingsudfordring er at facilitere løsninger sammen med borgerne i "
    "stedet for at definere dem; forløbet træner præcis den rolle i vores daglige praksis."
)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def import_people(client: TestClient, hr: dict[str, str]) -> dict[str, str]:
    """Two departments, 22 key people and their leader, by CSV like Danish Excel writes it."""
    ok(
        client.post(
            f"{API}/org-units",
            json={"name": "Velfærd", "kind": "forvaltning", "external_id": "VEL"},
            headers=hr,
        ),
        201,
    )
    units = ok(client.get(f"{API}/org-units", headers=hr))["items"]
    for name, code in (("Ældre og Sundhed", "AES"), ("Jobcenter Hedensted", "JOB")):
        ok(
            client.post(
                f"{API}/org-units",
                json={
                    "name": name,
                    "kind": "afdeling",
                    "external_id": code,
                    "parent_id": units[0]["id"],
                },
                headers=hr,
            ),
            201,
        )
    lines = [
        "external_id;name;email;job_title;org_unit_external_id",
        "L1;Jens Kjærsgaard;jens@hedensted.dk;Afdelingsleder;AES",
    ]
    lines += [
        f"P{n:02d};Deltager {n} Søgaard;p{n}@hedensted.dk;Nøgleperson;{'AES' if n <= 11 else 'JOB'}"
        for n in range(1, 23)
    ]
    body = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()
    result = ok(
        client.post(
            f"{API}/people/import", content=body, headers={**hr, "content-type": "text/csv"}
        )
    )
    assert result["summary"]["created"] == 23, result
    people = {}
    cursor = None
    while True:
        page = ok(
            client.get(
                f"{API}/people",
                params={"limit": 200, **({"cursor": cursor} if cursor else {})},
                headers=hr,
            )
        )
        people.update({p["external_id"]: p["id"] for p in page["items"] if p["external_id"]})
        cursor = page["next_cursor"]
        if cursor is None:
            return people


def test_hedensted_programme_end_to_end_through_the_api(
    client: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, *HR, sub="hr-mette")
    people = import_people(client, hr)
    aes = next(
        u
        for u in ok(client.get(f"{API}/org-units", headers=hr))["items"]
        if u["external_id"] == "AES"
    )
    ok(
        client.patch(
            f"{API}/org-units/{aes['id']}", json={"leader_ids": [people["L1"]]}, headers=hr
        )
    )
    kerneopgave_ids = [
        ok(
            client.post(
                f"{API}/kerneopgaver",
                json={"title": title, "citizen_outcome": outcome, "position": n},
                headers=hr,
            ),
            201,
        )["id"]
        for n, (title, outcome) in enumerate(KERNEOPGAVER.items(), start=1)
    ]
    programme = ok(
        client.post(
            f"{API}/programmes",
            headers=hr,
            json={
                "title": "Kultur- og kompetenceudviklingsforløb",
                "kind": "udviklingsforloeb",
                "kerneopgave_ids": kerneopgave_ids,
                "rules": {
                    "justification_required": True,
                    "justification_min_length": 80,
                    "cohort_min_size": 20,
                    "cohort_max_size": 24,
                },
                "modules": [
                    {
                        "title": "Modul 1",
                        "competence_goal": "Samarbejde i organisationen om "
                        "bevægelsen for borgeren.",
                        "themes": [
                            "Nye roller / Playmaker",
                            "Forandringsledelse",
                            "Relationel koordinering",
                            "Facilitering / kommunikation",
                        ],
                    },
                    {
                        "title": "Modul 2",
                        "competence_goal": "Samskabelse med familie, borgere, "
                        "lokalsamfund, erhvervsliv m.m.",
                        "themes": ["Design thinking", "Samskabelse"],
                    },
                ],
            },
        ),
        201,
    )
    ok(client.patch(f"{API}/programmes/{programme['id']}", json={"status": "open"}, headers=hr))
    cohort = ok(
        client.post(
            f"{API}/cohorts",
            headers=hr,
            json={"programme_id": programme["id"], "name": "Hold 1", "capacity": 24},
        ),
        201,
    )

    # The leader, signing in as the imported person L1, nominates with a justification.
    leader = _leader_headers(client, auth, hr, people["L1"])
    nominate = {"programme_id": programme["id"], "cohort_id": cohort["id"]}
    refused = client.post(
        f"{API}/enrolments",
        headers=leader,
        json={**nominate, "person_id": people["P01"], "justification": "Godt"},
    )
    assert refused.status_code == 422
    outside = client.post(
        f"{API}/enrolments",
        headers=leader,
        json={**nominate, "person_id": people["P12"], "justification": JUSTIFICATION},
    )
    assert outside.status_code == 403
    enrolment_ids = [
        ok(
            client.post(
                f"{API}/enrolments",
                headers=leader if n <= 11 else hr,
                json={**nominate, "person_id": people[f"P{n:02d}"], "justification": JUSTIFICATION},
            ),
            201,
        )["id"]
        for n in range(1, 23)
    ]
    for enrolment_id in enrolment_ids:
        approved = ok(client.post(f"{API}/enrolments/{enrolment_id}/approve", json={}, headers=hr))
        assert approved["status"] == "approved"

    members = [people[f"P{n:02d}"] for n in range(1, 23)]
    for number, group in enumerate((members[0:6], members[6:12], members[12:17], members[17:22])):
        created = ok(
            client.post(
                f"{API}/cohorts/{cohort['id']}/learning-groups",
                headers=hr,
                json={"name": f"Læringsgruppe {number + 1}", "member_ids": group},
            ),
            201,
        )
        ok(
            client.post(
                f"{API}/cohorts/{cohort['id']}/buddy-pairs",
                headers=hr,
                json={"person_ids": group[:2]},
            ),
            201,
        )
        assert len(created["member_ids"]) == len(group)

    module_1 = ok(client.get(f"{API}/programmes/{programme['id']}", headers=hr))["modules"][0]
    workshop = ok(
        client.post(
            f"{API}/workshops",
            headers=hr,
            json={
                "module_id": module_1["id"],
                "cohort_id": cohort["id"],
                "title": "Nye roller / Playmaker",
                "starts_at": "2027-03-04T09:00:00+01:00",
                "ends_at": "2027-03-04T15:00:00+01:00",
                "location": "Hedensted Rådhus",
                "themes": ["Nye roller", "Playmaker"],
            },
        ),
        201,
    )
    ok(client.patch(f"{API}/cohorts/{cohort['id']}", json={"status": "running"}, headers=hr))

    # A participant subscribes to their calendar: no bearer token needed for the feed.
    participant = _participant_headers(client, auth, hr, people["P05"])
    feed = ok(client.post(f"{API}/calendar/feed", headers=participant), 201)
    ics = client.get(feed["url"])
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert f"UID:{workshop['id']}@praksis" in ics.text
    assert "Nye roller / Playmaker" in ics.text
    assert "Deltager" not in ics.text  # no other participant is revealed


def test_kl_rule_of_two_per_department_stops_the_cohort_from_starting(
    client: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, *HR, sub="hr-mette")
    people = import_people(client, hr)
    kerneopgave = ok(
        client.post(
            f"{API}/kerneopgaver",
            headers=hr,
            json={"title": "Beskæftigelse", "citizen_outcome": "At komme i job."},
        ),
        201,
    )
    programme = ok(
        client.post(
            f"{API}/programmes",
            headers=hr,
            json={
                "title": "Fremtidens medarbejder",
                "kind": "kompetencegivende_uddannelse",
                "kerneopgave_ids": [kerneopgave["id"]],
                "rules": {
                    "min_participants_per_org_unit": 2,
                    "min_participants_level": "afdeling",
                    "grading": "pass_fail",
                },
            },
        ),
        201,
    )
    ok(client.patch(f"{API}/programmes/{programme['id']}", json={"status": "open"}, headers=hr))
    cohort = ok(
        client.post(
            f"{API}/cohorts",
            headers=hr,
            json={"programme_id": programme["id"], "name": "Pilothold", "capacity": 10},
        ),
        201,
    )
    for person in ("P01", "P02", "P12"):  # two from Ældre og Sundhed, one from Jobcenter
        enrolment = ok(
            client.post(
                f"{API}/enrolments",
                headers=hr,
                json={
                    "programme_id": programme["id"],
                    "cohort_id": cohort["id"],
                    "person_id": people[person],
                    "justification": JUSTIFICATION,
                },
            ),
            201,
        )
        ok(client.post(f"{API}/enrolments/{enrolment['id']}/approve", json={}, headers=hr))
    refused = client.patch(f"{API}/cohorts/{cohort['id']}", json={"status": "running"}, headers=hr)
    assert refused.status_code == 409
    short = refused.json()["org_units"]
    assert [(unit["name"], unit["count"]) for unit in short] == [("Jobcenter Hedensted", 1)]


def _leader_headers(
    client: TestClient, auth: HeaderFactory, hr: dict[str, str], person_id: str
) -> dict[str, str]:
    """The imported leader signs in; the identity provider's e-mail links the sign-in to the
    imported person instead of creating a new one."""
    headers = auth(HEDENSTED, "leader", sub="jens-kjaersgaard", email="jens@hedensted.dk")
    assert ok(client.get(f"{API}/me", headers=headers))["person"]["id"] == person_id
    return headers


def _participant_headers(
    client: TestClient, auth: HeaderFactory, hr: dict[str, str], person_id: str
) -> dict[str, str]:
    headers = auth(HEDENSTED, "participant", sub="deltager-5", email="p5@hedensted.dk")
    assert ok(client.get(f"{API}/me", headers=headers))["person"]["id"] == person_id
    return headers

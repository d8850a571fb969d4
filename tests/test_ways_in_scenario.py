"""Issue 18's ways in, through the HTTP API alone, as the seeds tell them.

* Hedensted (seed 003): "Ansatte med interesse kan deltage efter aftale med egen leder" — an
  employee asks for a place with their own motivation, their leader endorses it with the
  written justification the programme requires, HR approves.
* Horsens (seed 002) sent all 21 of borgerservice: one request nominates the whole unit, each
  person with their own result, and sending it again nominates nobody twice.
* Skanderborg (seed 002) gave up a programme because too few "havde lyst til at deltage":
  interest is registered before HR commits it, and the cancellation keeps its reason and the
  interest count; withdrawals keep theirs (the barriers the debate named).
* KL (seed 000): "Forvaltningen skal stille med mindst to" counts per forvaltning.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.kit.db import system_session
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

API = "/api/v1"
SKANDERBORG = "dk-0746"
JUSTIFICATION = (
    "Teamets aktuelle udviklingsudfordring er at facilitere løsninger sammen med borgerne; "
    "forløbet træner præcis den rolle i vores daglige praksis."
)
MOTIVATION = "Jeg vil blive bedre til at samskabe med borgerne om Fritid & Fællesskab."


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


class Town:
    """One municipality arranged through its HR consultant."""

    def __init__(self, client: TestClient, auth: HeaderFactory, tenant: str) -> None:
        self.client, self.auth, self.tenant = client, auth, tenant
        self.hr = auth(tenant, "hr_admin", sub=f"{tenant}-hr")

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.post(f"{API}{path}", json=body, headers=headers or self.hr)

    def unit(self, name: str, kind: str, parent: str | None = None) -> str:
        body = {"name": name, "kind": kind, "parent_id": parent}
        return str(ok(self.post("/org-units", body), 201)["id"])

    def person(self, name: str, unit: str | None, email: str) -> str:
        body = {"name": name, "org_unit_id": unit, "email": email}
        return str(ok(self.post("/people", body), 201)["id"])

    def sign_in(self, email: str, *roles: str) -> dict[str, str]:
        """The person with that e-mail signs in (the e-mail links the token to them)."""
        return self.auth(self.tenant, *roles, sub=email, email=email)

    def lead(self, unit: str, *leaders: str) -> None:
        patched = self.client.patch(
            f"{API}/org-units/{unit}", json={"leader_ids": list(leaders)}, headers=self.hr
        )
        ok(patched)

    def programme(self, status: str = "open", **fields: Any) -> dict[str, Any]:
        serves = {"title": f"Kerneopgave for {fields['title']}", "citizen_outcome": "Hjulpet."}
        kerneopgave = ok(self.post("/kerneopgaver", serves), 201)
        body = {"kind": "kompetencegivende_uddannelse", "kerneopgave_ids": [kerneopgave["id"]]}
        programme = ok(self.post("/programmes", {**body, **fields}), 201)
        if status != "draft":
            programme = self.patch(f"/programmes/{programme['id']}", {"status": status})
        return dict(programme)

    def cohort(self, programme: dict[str, Any], capacity: int = 24) -> str:
        body = {"programme_id": programme["id"], "name": "Hold 1", "capacity": capacity}
        return str(ok(self.post("/cohorts", body), 201)["id"])

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return ok(self.client.patch(f"{API}{path}", json=body, headers=self.hr))

    def audit(self, action: str) -> list[dict[str, Any]]:
        page = ok(self.client.get(f"{API}/audit", params={"action": action}, headers=self.hr))
        return list(page["items"])


def test_a_hedensted_employee_asks_their_leader_endorses_and_hr_approves(
    client: TestClient, auth: HeaderFactory
) -> None:
    town = Town(client, auth, HEDENSTED)
    velfaerd = town.unit("Velfærd", "forvaltning")
    aes = town.unit("Ældre og Sundhed", "afdeling", velfaerd)
    job = town.unit("Jobcenter Hedensted", "afdeling", velfaerd)
    leader_id = town.person("Jens Kjærsgaard", aes, "jens@hedensted.dk")
    town.lead(aes, leader_id)
    asker_id = town.person("Deltager Søgaard", aes, "soegaard@hedensted.dk")
    other_id = town.person("Deltager Holm", aes, "holm@hedensted.dk")
    town.person("Fremmed Kollega", job, "fremmed@hedensted.dk")
    programme = town.programme(
        title="Kultur- og kompetenceudviklingsforløb",
        rules={"justification_min_length": 80},
        target_group="Ledere og nøglepersoner i Velfærd",
        eligible_org_unit_ids=[velfaerd],
    )
    cohort = town.cohort(programme)
    asker = town.sign_in("soegaard@hedensted.dk", "participant")
    leader = town.sign_in("jens@hedensted.dk", "leader")
    stranger = town.sign_in("fremmed@hedensted.dk", "leader")

    # the catalogue offers it to the employee, with the places left
    entry = ok(client.get(f"{API}/catalogue", headers=asker))["items"][0]
    assert (entry["programme_id"], entry["eligible"], entry["seats_left"]) == (
        programme["id"],
        True,
        24,
    )
    assert entry["interest_count"] is None  # HR's figure

    # an employee asks: 201 (a participant could not even start before: 403)
    ask = {"programme_id": programme["id"], "cohort_id": cohort, "motivation": MOTIVATION}
    request = ok(town.post("/enrolment-requests", ask, asker), 201)
    assert (request["status"], request["person_id"]) == ("pending", asker_id)
    assert town.post("/enrolment-requests", ask, asker).status_code == 409  # once
    assert town.post("/enrolment-requests", {**ask, "motivation": ""}, asker).status_code == 422

    # the leader sees it waiting; someone who is not their leader cannot answer it
    waiting = ok(client.get(f"{API}/enrolment-requests?status=pending", headers=leader))
    assert [item["id"] for item in waiting["items"]] == [request["id"]]
    url = f"/enrolment-requests/{request['id']}"
    assert town.post(f"{url}/endorse", {"justification": JUSTIFICATION}, stranger).status_code in (
        403,
        404,
    )
    assert town.post(f"{url}/endorse", {"justification": JUSTIFICATION}, asker).status_code == 403
    short = town.post(f"{url}/endorse", {"justification": "Godt"}, leader)
    assert short.status_code == 422  # the programme's justification rule, as for a nomination

    endorsed = ok(town.post(f"{url}/endorse", {"justification": JUSTIFICATION}, leader))
    assert endorsed["status"] == "endorsed"
    assert town.post(f"{url}/decline", {"note": "Alligevel ikke"}, leader).status_code == 409
    enrolment = ok(client.get(f"{API}/enrolments/{endorsed['enrolment_id']}", headers=asker))
    assert (enrolment["status"], enrolment["nominated_by_id"], enrolment["cohort_id"]) == (
        "nominated",
        leader_id,
        cohort,
    )
    assert enrolment["justification"] == JUSTIFICATION

    # HR decides exactly as on any nomination
    approved = ok(town.post(f"/enrolments/{enrolment['id']}/approve", {}))
    assert approved["status"] == "approved"

    # another asks and the leader declines, with a note for them
    holm = town.sign_in("holm@hedensted.dk", "participant")
    second = ok(town.post("/enrolment-requests", ask, holm), 201)
    assert second["person_id"] == other_id
    declined = ok(
        town.post(f"/enrolment-requests/{second['id']}/decline", {"note": "Næste hold"}, leader)
    )
    assert (declined["status"], declined["decision_note"]) == ("declined", "Næste hold")

    actions = [event["action"] for event in town.audit("enrolment_request.created")]
    assert len(actions) == 2
    assert len(town.audit("enrolment_request.endorsed")) == 1
    assert len(town.audit("enrolment_request.declined")) == 1


def test_horsens_nominates_all_21_of_borgerservice_in_one_request(
    client: TestClient, auth: HeaderFactory
) -> None:
    town = Town(client, auth, HORSENS)
    forvaltning = town.unit("Borger og Arbejdsmarked", "forvaltning")
    borgerservice = town.unit("Borgerservice", "afdeling", forvaltning)
    digital = town.unit("Digitalisering", "afdeling", forvaltning)
    chief_id = town.person("Anne-Mette Gisselmann", borgerservice, "amg@horsens.dk")
    town.lead(borgerservice, chief_id)
    staff = [
        town.person(f"Medarbejder {n}", borgerservice, f"m{n}@horsens.dk") for n in range(1, 22)
    ]
    town.person("Digital kollega", digital, "d1@horsens.dk")
    town.lead(digital, town.person("Digital leder", digital, "dl@horsens.dk"))
    programme = town.programme(
        title="Specialist i borgerkontakt",
        target_group="Borgerservice",
        eligible_org_unit_ids=[borgerservice],
    )
    cohort = town.cohort(programme, capacity=21)
    chief = town.sign_in("amg@horsens.dk", "leader")
    # one of them was nominated on their own already
    single = {"programme_id": programme["id"], "person_id": staff[0]}
    ok(town.post("/enrolments", {**single, "justification": JUSTIFICATION}, chief), 201)

    team = {
        "programme_id": programme["id"],
        "org_unit_id": borgerservice,
        "cohort_id": cohort,
        "justification": JUSTIFICATION,
        "team_challenge": "Borgerservice er en profession: hele afdelingen løfter sammen.",
    }
    result = ok(town.post("/team-nominations", team, chief))
    assert result["counts"] == {
        "nominated": 20,
        "already_enrolled": 1,
        "not_eligible": 0,
        "leads_the_unit": 1,
        "left": 0,
    }
    outcome = {row["person_id"]: row["outcome"] for row in result["results"]}
    assert outcome[staff[0]] == "already_enrolled" and outcome[chief_id] == "leads_the_unit"
    assert all(outcome[person] == "nominated" for person in staff[1:])

    again = ok(town.post("/team-nominations", team, chief))  # nobody twice
    assert again["counts"]["already_enrolled"] == 21 and again["counts"]["nominated"] == 0
    enrolments = ok(
        client.get(
            f"{API}/enrolments",
            params={"programme_id": programme["id"], "limit": 200},
            headers=town.hr,
        )
    )["items"]
    assert sorted(e["person_id"] for e in enrolments) == sorted(staff)

    # a leader of another unit cannot nominate borgerservice; Digitalisering is not eligible
    other = town.sign_in("dl@horsens.dk", "leader")
    assert town.post("/team-nominations", team, other).status_code == 403
    hr_digital = ok(town.post("/team-nominations", {**team, "org_unit_id": digital}))
    assert hr_digital["counts"]["not_eligible"] == 1 and hr_digital["counts"]["nominated"] == 0
    # a unit of another municipality does not exist here
    foreign = town.post("/team-nominations", team, auth(HEDENSTED, "hr_admin"))
    assert foreign.status_code == 404
    events = town.audit("org_unit.team_nominated")
    assert events[0]["after"]["counts"] == {
        "already_enrolled": 1,
        "leads_the_unit": 1,
        "nominated": 20,
    }


def test_skanderborg_cancels_with_its_reason_and_the_interest_count(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    with system_session(engine) as session:
        upsert_municipality(session, Country.DK, "0746", "Skanderborg", "Europe/Copenhagen")
    town = Town(client, auth, SKANDERBORG)
    organisation = town.unit("Skanderborg Kommune", "forvaltning")
    hk = [town.person(f"HK'er {n}", organisation, f"hk{n}@skanderborg.dk") for n in range(6)]
    programme = town.programme(
        status="draft",
        title="Kompetencegivende forløb for HK'ere",
        target_group="Alle HK'ere i hele organisationen",
        open_for_interest=True,
    )
    interested = [town.sign_in(f"hk{n}@skanderborg.dk", "participant") for n in range(3)]
    listed = ok(client.get(f"{API}/catalogue", headers=interested[0]))["items"]
    assert [(entry["programme_id"], entry["status"]) for entry in listed] == [
        (programme["id"], "draft")
    ]
    url = f"/programmes/{programme['id']}/interest"
    for headers in interested:
        mine = ok(town.post(url, {}, headers), 201)
        assert (mine["registered"], mine["count"]) == (True, None)  # never others' count
    ok(town.post(url, {}, interested[0]), 201)  # again: still once
    counted = ok(client.get(f"{API}{url}", headers=town.hr))
    assert counted["count"] == 3
    assert counted["by_org_unit"] == [
        {"org_unit_id": organisation, "name": "Skanderborg Kommune", "count": 3}
    ]
    hr_entry = ok(client.get(f"{API}/catalogue", headers=town.hr))["items"][0]
    assert hr_entry["interest_count"] == 3

    # a reason only with the move to cancelled
    early = client.patch(
        f"{API}/programmes/{programme['id']}",
        json={"cancellation_reason": "insufficient_interest"},
        headers=town.hr,
    )
    assert early.status_code == 422
    cancelled = town.patch(
        f"/programmes/{programme['id']}",
        {
            "status": "cancelled",
            "cancellation_reason": "insufficient_interest",
            "cancellation_note": "Ikke tilstrækkelig mange havde lyst til at deltage.",
        },
    )
    assert cancelled["cancellation_reason"] == "insufficient_interest"
    assert cancelled["cancelled_at"] is not None
    (event,) = [
        e for e in town.audit("programme.status_changed") if e["after"]["status"] == "cancelled"
    ]
    assert event["after"]["reason"] == "insufficient_interest"
    assert event["after"]["interest_count"] == 3

    # another programme ran; one withdrew for exam anxiety, without losing HR's note
    running = town.programme(title="Fremtidens borgerservice")
    cohort = town.cohort(running)
    nomination = {"programme_id": running["id"], "person_id": hk[4], "cohort_id": cohort}
    enrolment = ok(town.post("/enrolments", {**nomination, "justification": JUSTIFICATION}), 201)
    ok(town.post(f"/enrolments/{enrolment['id']}/approve", {"note": "Velkommen"}))
    withdrawn = ok(
        town.post(
            f"/enrolments/{enrolment['id']}/withdraw",
            {"reason": "exam_anxiety", "note": "Har ikke været til eksamen siden 1972"},
            town.sign_in("hk4@skanderborg.dk", "participant"),
        )
    )
    assert (withdrawn["withdrawal_reason"], withdrawn["decision_note"]) == (
        "exam_anxiety",
        "Velkommen",
    )
    cancelled_cohort = town.patch(
        f"/cohorts/{cohort}", {"status": "cancelled", "cancellation_reason": "time_pressure"}
    )
    assert cancelled_cohort["cancellation_reason"] == "time_pressure"

    figures = ok(client.get(f"{API}/statistics/municipality", headers=town.hr))
    assert figures["reasons"] == {
        "withdrawals": {"exam_anxiety": 1},
        "programme_cancellations": {"insufficient_interest": 1},
        "cohort_cancellations": {"time_pressure": 1},
    }
    assert "HK'er" not in str(figures["reasons"])


def test_kl_rule_counts_per_forvaltning(client: TestClient, auth: HeaderFactory) -> None:
    town = Town(client, auth, HEDENSTED)
    teknik = town.unit("Teknik og Miljø", "forvaltning")
    vej = town.unit("Vej og Park", "afdeling", teknik)
    byggeri = town.unit("Byggeri", "afdeling", teknik)
    people = [
        town.person("Anne", vej, "anne@hedensted.dk"),
        town.person("Carla", byggeri, "carla@hedensted.dk"),
    ]
    programme = town.programme(
        title="Fremtidens teknik- og miljømedarbejder",
        rules={"min_participants_per_org_unit": 2},
    )
    assert programme["rules"]["min_participants_level"] == "forvaltning"
    cohort = town.cohort(programme)
    for person in people:
        body = {"programme_id": programme["id"], "person_id": person, "cohort_id": cohort}
        enrolment = ok(town.post("/enrolments", {**body, "justification": JUSTIFICATION}), 201)
        ok(town.post(f"/enrolments/{enrolment['id']}/approve", {}))

    # per afdeling, each of the two is alone: the start is refused
    town.patch(f"/programmes/{programme['id']}", {"rules": {"min_participants_level": "afdeling"}})
    refused = client.patch(f"{API}/cohorts/{cohort}", json={"status": "running"}, headers=town.hr)
    assert refused.status_code == 409
    assert refused.json()["level"] == "afdeling"
    assert [unit["name"] for unit in refused.json()["org_units"]] == ["Byggeri", "Vej og Park"]

    # KL: the forvaltning sends two, from different afdelinger: the cohort starts
    town.patch(
        f"/programmes/{programme['id']}", {"rules": {"min_participants_level": "forvaltning"}}
    )
    started = town.patch(f"/cohorts/{cohort}", {"status": "running"})
    assert started["status"] == "running"

"""Programmes with modules, competence goals and rules, as the seeds describe them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.cohorts.models import Cohort
from praksis.kit.db import tenant_session
from praksis.settings import Settings
from praksis.workshops.models import Workshop
from tests.competences.factories import create_framework
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.programmes.factories import HEDENSTED_PROGRAMME, PROGRAMMES, create_programme

MISSING_ID = "01a20da9-9150-7f07-bada-fea0aca9ac24"

# Hedensted's four kerneopgaver and the movement each creates for the citizen (seed 003).
HEDENSTED_KERNEOPGAVER = {
    "Fritid & Fællesskab": "At man både kan bidrage til og deltage i fællesskabet og de fælles "
    "muligheder, så man selv (og andre borgere) har et godt liv.",
    "Læring": "At barnet eller den unge bliver klar til en uddannelse eller et arbejde.",
    "Beskæftigelse": "At det enkelte menneske kommer i job eller uddannelse som gør, at man kan "
    "klare sig selv økonomisk.",
    "Social Omsorg": "At det enkelte menneske får den rådgivning, støtte og omsorg der gør, at "
    "han eller hun løbende udvikler sig til at kunne klare sig bedre.",
}
MODULE_1 = {
    "title": "Modul 1",
    "competence_goal": "Samarbejde i organisationen om bevægelsen for borgeren.",
    "themes": [
        "Nye roller / Playmaker",
        "Forandringsledelse",
        "Relationel koordinering",
        "Facilitering / kommunikation",
    ],
}
MODULE_2 = {
    "title": "Modul 2",
    "competence_goal": "Samskabelse med familie, borgere, lokalsamfund, erhvervsliv m.m. om "
    "bevægelsen for borgeren.",
    "themes": [
        "Kommunikation om forandringerne",
        "Motivation af medarbejderne",
        "Design thinking",
        "Samskabelse",
        "Den svære samtale",
        "Ledelse omkring frivillige",
    ],
}


def create_kerneopgave(
    client: TestClient, auth: HeaderFactory, title: str = "Læring", tenant: str = HEDENSTED
) -> str:
    response = client.post(
        "/api/v1/kerneopgaver",
        json={"title": title, "citizen_outcome": HEDENSTED_KERNEOPGAVER.get(title, "…")},
        headers=auth(tenant, "hr_admin"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def item(programme: dict[str, Any]) -> str:
    return f"{PROGRAMMES}/{programme['id']}"


def read(client: TestClient, auth: HeaderFactory, programme: dict[str, Any]) -> Any:
    return client.get(item(programme), headers=auth()).json()


def patch(client: TestClient, auth: HeaderFactory, programme: dict[str, Any], body: Any) -> Any:
    return client.patch(item(programme), json=body, headers=auth(HEDENSTED, "hr_admin"))


def strategic_programme(client: TestClient, auth: HeaderFactory, **extra: Any) -> dict[str, Any]:
    kerneopgave = create_kerneopgave(client, auth, f"Kerneopgave {extra.pop('n', 1)}")
    return create_programme(
        client, auth, {**HEDENSTED_PROGRAMME, "kerneopgave_ids": [kerneopgave], **extra}
    )


def move_to(client: TestClient, auth: HeaderFactory, programme: dict[str, Any], *path: str) -> Any:
    response = None
    for status in path:
        response = patch(client, auth, programme, {"status": status})
        assert response.status_code == 200, response.text
    return response.json() if response is not None else programme


# --- the seed --------------------------------------------------------------------------------


def test_hedensteds_programme_can_be_set_up_as_in_the_seed(
    client: TestClient, auth: HeaderFactory
) -> None:
    kerneopgaver = [create_kerneopgave(client, auth, title) for title in HEDENSTED_KERNEOPGAVER]
    body = {
        "title": "Udviklingsforløb med træning og praksisudvikling for ledere og nøglepersoner",
        "description": "Bæredygtig Velfærd: et forløb på ca. 1 år med 2 moduler.",
        "kind": "udviklingsforloeb",
        "starts_on": "2015-03-01",
        "ends_on": "2016-02-29",
        "kerneopgave_ids": kerneopgaver,
        "rules": {"cohort_min_size": 20, "cohort_max_size": 24},
        "modules": [MODULE_1, MODULE_2],
    }
    response = client.post(PROGRAMMES, json=body, headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 201, response.text
    programme = response.json()
    assert response.headers["location"] == item(programme)
    assert programme["status"] == "draft"
    assert programme["kerneopgave_ids"] == sorted(kerneopgaver)
    assert programme["rules"]["cohort_min_size"] == 20
    assert programme["rules"]["cohort_max_size"] == 24
    assert programme["rules"]["justification_required"] is True
    assert programme["rules"]["transfer_follow_up_days"] == 90
    modules = programme["modules"]
    assert [(m["position"], m["title"]) for m in modules] == [(1, "Modul 1"), (2, "Modul 2")]
    for module, given in zip(modules, (MODULE_1, MODULE_2), strict=True):
        assert module["competence_goal"] == given["competence_goal"]
        assert module["themes"] == given["themes"]
    opened = patch(client, auth, programme, {"status": "open"})
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "open"
    for role in ("participant", "leader", "facilitator"):
        seen = client.get(item(programme), headers=auth(HEDENSTED, role))
        assert seen.json() == opened.json()
    for kerneopgave in kerneopgaver:
        found = client.get(PROGRAMMES, params={"kerneopgave_id": kerneopgave}, headers=auth())
        assert [p["id"] for p in found.json()["items"]] == [programme["id"]]


# --- status ----------------------------------------------------------------------------------


def test_programme_cannot_open_without_a_kerneopgave(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme = create_programme(client, auth)
    refused = patch(client, auth, programme, {"status": "open", "title": "Nyt navn"})
    assert refused.status_code == 409
    assert "kerneopgave" in refused.json()["detail"]
    assert read(client, auth, programme) == programme
    kerneopgave = create_kerneopgave(client, auth)
    opened = patch(client, auth, programme, {"status": "open", "kerneopgave_ids": [kerneopgave]})
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "open"


def test_open_programme_keeps_at_least_one_kerneopgave(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme = move_to(client, auth, strategic_programme(client, auth), "open")
    refused = patch(client, auth, programme, {"kerneopgave_ids": []})
    assert refused.status_code == 409
    assert read(client, auth, programme) == programme


@pytest.mark.parametrize(
    ("path", "target", "allowed"),
    [
        ((), "running", ["open", "cancelled"]),
        ((), "completed", ["open", "cancelled"]),
        (("open",), "completed", ["running", "cancelled"]),
        (("open",), "draft", ["running", "cancelled"]),
        (("open", "running"), "open", ["completed", "cancelled"]),
        (("open", "running", "completed"), "running", []),
        (("cancelled",), "open", []),
    ],
)
def test_illegal_programme_transition_is_refused_with_409(
    client: TestClient,
    auth: HeaderFactory,
    path: tuple[str, ...],
    target: str,
    allowed: list[str],
) -> None:
    programme = move_to(client, auth, strategic_programme(client, auth), *path)
    assert programme["allowed_statuses"] == allowed
    response = patch(client, auth, programme, {"status": target})
    assert response.status_code == 409
    problem = response.json()
    assert problem["allowed_statuses"] == allowed
    for status in allowed:
        assert status in problem["detail"]
    assert read(client, auth, programme) == programme


def test_programme_runs_from_draft_to_completed_and_can_be_cancelled_until_then(
    client: TestClient, auth: HeaderFactory
) -> None:
    completed = move_to(
        client, auth, strategic_programme(client, auth), "open", "running", "completed"
    )
    assert completed["status"] == "completed"
    for n, path in enumerate([(), ("open",), ("open", "running")], start=2):
        programme = move_to(client, auth, strategic_programme(client, auth, n=n), *path)
        assert move_to(client, auth, programme, "cancelled")["status"] == "cancelled"
    statuses = client.get(PROGRAMMES, params={"status": "cancelled"}, headers=auth()).json()
    assert len(statuses["items"]) == 3


def test_programme_serves_the_status_moves_it_accepts(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme = strategic_programme(client, auth)
    served = [programme["allowed_statuses"]]
    while programme["allowed_statuses"]:
        programme = move_to(client, auth, programme, programme["allowed_statuses"][0])
        served.append(programme["allowed_statuses"])
    assert programme["status"] == "completed"
    assert served == [
        ["open", "cancelled"],
        ["running", "cancelled"],
        ["completed", "cancelled"],
        [],
    ]
    listed = client.get(PROGRAMMES, headers=auth()).json()["items"]
    assert [p["allowed_statuses"] for p in listed if p["id"] == programme["id"]] == [[]]


def test_programme_can_only_be_deleted_while_draft(client: TestClient, auth: HeaderFactory) -> None:
    programme = move_to(client, auth, strategic_programme(client, auth), "open")
    refused = client.delete(item(programme), headers=auth())
    assert refused.status_code == 409
    assert read(client, auth, programme) == programme
    draft = create_programme(client, auth)
    assert client.delete(item(draft), headers=auth()).status_code == 204
    assert client.get(item(draft), headers=auth()).status_code == 404
    module = f"{item(draft)}/modules/{draft['modules'][0]['id']}"
    assert client.get(module, headers=auth()).status_code == 404


# --- rules -----------------------------------------------------------------------------------


def test_rules_are_frozen_once_running(client: TestClient, auth: HeaderFactory) -> None:
    programme = move_to(client, auth, strategic_programme(client, auth), "open")
    while_open = patch(client, auth, programme, {"rules": {"min_participants_per_org_unit": 2}})
    assert while_open.status_code == 200, while_open.text
    assert while_open.json()["rules"]["min_participants_per_org_unit"] == 2
    assert while_open.json()["rules"]["cohort_max_size"] == 24
    running = move_to(client, auth, programme, "running")
    refused = patch(client, auth, programme, {"rules": {"justification_required": False}})
    assert refused.status_code == 409
    assert "frozen" in refused.json()["detail"]
    assert read(client, auth, programme) == running
    renamed = patch(client, auth, programme, {"title": "Forløb 2015"})
    assert renamed.status_code == 200
    assert renamed.json()["rules"] == running["rules"]


def test_optional_rule_is_cleared_with_null_while_draft(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme = create_programme(client, auth)
    cleared = patch(client, auth, programme, {"rules": {"cohort_max_size": None}})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["rules"]["cohort_max_size"] is None
    assert cleared.json()["rules"]["cohort_min_size"] == 20
    refused = patch(client, auth, programme, {"rules": {"grading": None}})
    assert refused.status_code == 422


@pytest.mark.parametrize(
    "rules",
    [
        {"cohort_min_size": 25, "cohort_max_size": 24},
        {"min_participants_per_org_unit": 0},
        {"justification_min_length": 2001},
        {"justification_min_length": -1},
        {"transfer_follow_up_days": 0},
        {"transfer_follow_up_days": 731},
        {"grading": "13-skala"},
        {"cohort_min_size": 0},
    ],
)
def test_invalid_rules_are_refused_and_create_nothing(
    client: TestClient, auth: HeaderFactory, rules: dict[str, Any]
) -> None:
    body = {**HEDENSTED_PROGRAMME, "rules": rules}
    response = client.post(PROGRAMMES, json=body, headers=auth())
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get(PROGRAMMES, headers=auth()).json()["items"] == []


def test_cohort_range_is_checked_against_the_rules_already_set(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme = create_programme(client, auth)
    refused = patch(client, auth, programme, {"rules": {"cohort_min_size": 30}})
    assert refused.status_code == 422
    assert read(client, auth, programme) == programme


def test_programme_cannot_end_before_it_starts(client: TestClient, auth: HeaderFactory) -> None:
    body = {**HEDENSTED_PROGRAMME, "starts_on": "2016-01-01", "ends_on": "2015-12-31"}
    assert client.post(PROGRAMMES, json=body, headers=auth()).status_code == 422
    programme = create_programme(client, auth, {**HEDENSTED_PROGRAMME, "starts_on": "2015-03-01"})
    refused = patch(client, auth, programme, {"ends_on": "2015-02-28"})
    assert refused.status_code == 422
    assert read(client, auth, programme) == programme
    same_day = patch(client, auth, programme, {"ends_on": "2015-03-01"})
    assert same_day.status_code == 200


def test_defaults_follow_the_kl_pilot_justification_rule(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme = create_programme(client, auth, {"title": "Temadag", "kind": "temadag"})
    assert programme["rules"] == {
        "min_participants_per_org_unit": None,
        "min_participants_level": "forvaltning",
        "justification_required": True,
        "justification_min_length": 0,
        "cohort_min_size": None,
        "cohort_max_size": None,
        "grading": "none",
        "transfer_follow_up_days": 90,
    }
    assert programme["modules"] == [] and programme["offering"] is None


# --- kerneopgaver and competence goals -------------------------------------------------------


def test_programme_kerneopgaver_and_goals_must_exist_in_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    horsens = create_kerneopgave(client, auth, "Læring", tenant=HORSENS)
    horsens_profile = create_framework(client, lambda *_a, **_k: auth(HORSENS, "hr_admin"))
    foreign_competence = horsens_profile["competences"][0]["id"]
    for body in (
        {**HEDENSTED_PROGRAMME, "kerneopgave_ids": [horsens]},
        {**HEDENSTED_PROGRAMME, "kerneopgave_ids": [MISSING_ID]},
        {**HEDENSTED_PROGRAMME, "competence_ids": [foreign_competence]},
        {**HEDENSTED_PROGRAMME, "modules": [{**MODULE_1, "competence_ids": [foreign_competence]}]},
    ):
        response = client.post(PROGRAMMES, json=body, headers=auth())
        assert response.status_code == 404, response.text
        assert response.json()["errors"]
    assert client.get(PROGRAMMES, headers=auth()).json()["items"] == []


def test_goals_are_set_on_the_programme_and_on_each_module(
    client: TestClient, auth: HeaderFactory
) -> None:
    profile = create_framework(client, auth)
    first, second = (c["id"] for c in profile["competences"])
    programme = create_programme(
        client,
        auth,
        {
            **HEDENSTED_PROGRAMME,
            "competence_ids": [first, second, first],
            "modules": [{**MODULE_1, "competence_ids": [second]}, MODULE_2],
        },
    )
    assert programme["competence_ids"] == sorted([first, second])
    assert programme["modules"][0]["competence_ids"] == [second]
    assert programme["modules"][1]["competence_ids"] == []
    replaced = patch(client, auth, programme, {"competence_ids": [second]}).json()
    assert replaced["competence_ids"] == [second]
    assert replaced["modules"][0]["competence_ids"] == [second]


def test_kerneopgaver_are_replaced_when_sent_and_the_list_filters_by_them(
    client: TestClient, auth: HeaderFactory
) -> None:
    laering = create_kerneopgave(client, auth, "Læring")
    omsorg = create_kerneopgave(client, auth, "Social Omsorg")
    programme = create_programme(
        client, auth, {**HEDENSTED_PROGRAMME, "kerneopgave_ids": [laering, omsorg]}
    )
    other = create_programme(client, auth, {"title": "Fyraftensmøde", "kind": "fyraftensmoede"})
    updated = patch(client, auth, programme, {"kerneopgave_ids": [omsorg]}).json()
    assert updated["kerneopgave_ids"] == [omsorg]

    def listed(**params: str) -> list[str]:
        page = client.get(PROGRAMMES, params=params, headers=auth(HEDENSTED, "participant"))
        return [p["id"] for p in page.json()["items"]]

    assert listed(kerneopgave_id=omsorg) == [programme["id"]]
    assert listed(kerneopgave_id=laering) == []
    assert listed(kind="fyraftensmoede") == [other["id"]]
    assert listed(status="draft", kind="udviklingsforloeb") == [programme["id"]]
    assert set(listed()) == {programme["id"], other["id"]}
    assert client.get(PROGRAMMES, headers=auth(HORSENS)).json()["items"] == []


def test_kerneopgave_of_a_programme_cannot_be_deleted(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme = strategic_programme(client, auth)
    kerneopgave = programme["kerneopgave_ids"][0]
    response = client.delete(f"/api/v1/kerneopgaver/{kerneopgave}", headers=auth())
    assert response.status_code == 409
    assert read(client, auth, programme) == programme


# --- modules ---------------------------------------------------------------------------------


def test_module_positions_stay_contiguous(client: TestClient, auth: HeaderFactory) -> None:
    programme = create_programme(
        client, auth, {**HEDENSTED_PROGRAMME, "modules": [MODULE_1, MODULE_2]}
    )
    modules = f"{item(programme)}/modules"

    def order() -> list[tuple[int, str]]:
        return [(m["position"], m["title"]) for m in read(client, auth, programme)["modules"]]

    intro = client.post(modules, json={"title": "Opstart", "position": 1}, headers=auth())
    assert intro.status_code == 201, intro.text
    assert intro.headers["location"] == f"{modules}/{intro.json()['id']}"
    evaluation = client.post(modules, json={"title": "Evaluering"}, headers=auth()).json()
    assert order() == [(1, "Opstart"), (2, "Modul 1"), (3, "Modul 2"), (4, "Evaluering")]
    moved = client.patch(f"{modules}/{evaluation['id']}", json={"position": 2}, headers=auth())
    assert moved.status_code == 200, moved.text
    assert order() == [(1, "Opstart"), (2, "Evaluering"), (3, "Modul 1"), (4, "Modul 2")]
    far = client.patch(f"{modules}/{intro.json()['id']}", json={"position": 99}, headers=auth())
    assert far.json()["position"] == 4
    assert order() == [(1, "Evaluering"), (2, "Modul 1"), (3, "Modul 2"), (4, "Opstart")]
    assert client.delete(f"{modules}/{evaluation['id']}", headers=auth()).status_code == 204
    assert order() == [(1, "Modul 1"), (2, "Modul 2"), (3, "Opstart")]
    page = client.get(modules, params={"limit": 2}, headers=auth()).json()
    rest = client.get(
        modules, params={"limit": 2, "cursor": page["next_cursor"]}, headers=auth()
    ).json()
    assert [m["position"] for m in page["items"] + rest["items"]] == [1, 2, 3]


def test_module_changes_only_the_fields_sent(client: TestClient, auth: HeaderFactory) -> None:
    profile = create_framework(client, auth)
    competence = profile["competences"][0]["id"]
    programme = create_programme(client, auth)
    module = f"{item(programme)}/modules/{programme['modules'][0]['id']}"
    response = client.patch(
        module,
        json={"themes": ["Aktionslæring", "Design thinking"], "competence_ids": [competence]},
        headers=auth(),
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["themes"] == ["Aktionslæring", "Design thinking"]
    assert changed["competence_ids"] == [competence]
    assert changed["title"] == "Modul 1" and changed["position"] == 1
    for body in ({"title": None}, {"themes": ["line\nbreak"]}, {"position": 0}):
        assert client.patch(module, json=body, headers=auth()).status_code == 422
    assert client.get(module, headers=auth(HEDENSTED, "participant")).json() == changed


def test_module_with_workshops_cannot_be_deleted(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    programme = create_programme(client, auth)
    module_id = programme["modules"][0]["id"]
    # Arranged directly: the workshops API is another domain's; here it only has to exist.
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        cohort = Cohort(programme_id=uuid.UUID(programme["id"]), name="Hold 1", capacity=24)
        session.add(cohort)
        session.flush()
        session.add(
            Workshop(
                module_id=uuid.UUID(module_id),
                cohort_id=cohort.id,
                title="Workshop 1: Udforske og forstå borgerens reelle behov",
                starts_at=datetime(2015, 9, 1, 7, tzinfo=UTC),
                ends_at=datetime(2015, 9, 1, 14, tzinfo=UTC),
            )
        )
    refused = client.delete(f"{item(programme)}/modules/{module_id}", headers=auth())
    assert refused.status_code == 409
    assert "workshop" in refused.json()["detail"]
    assert read(client, auth, programme) == programme


def test_module_of_another_programme_is_not_found(client: TestClient, auth: HeaderFactory) -> None:
    first = create_programme(client, auth)
    second = create_programme(client, auth, {"title": "Andet forløb", "kind": "kursus"})
    wrong = f"{item(second)}/modules/{first['modules'][0]['id']}"
    assert client.get(wrong, headers=auth()).status_code == 404
    assert client.patch(wrong, json={"title": "x"}, headers=auth()).status_code == 404
    assert client.delete(wrong, headers=auth()).status_code == 404
    assert read(client, auth, first) == first


# --- who may do what -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator"])
def test_only_hr_admin_writes_programmes(
    client: TestClient, auth: HeaderFactory, role: str
) -> None:
    programme = create_programme(client, auth)
    headers = auth(HEDENSTED, role)
    module = f"{item(programme)}/modules/{programme['modules'][0]['id']}"
    assert client.post(PROGRAMMES, json=HEDENSTED_PROGRAMME, headers=headers).status_code == 403
    assert client.patch(item(programme), json={"title": "x"}, headers=headers).status_code == 403
    assert client.delete(item(programme), headers=headers).status_code == 403
    new_module = client.post(f"{item(programme)}/modules", json={"title": "x"}, headers=headers)
    assert new_module.status_code == 403
    assert client.patch(module, json={"title": "x"}, headers=headers).status_code == 403
    assert client.delete(module, headers=headers).status_code == 403
    assert client.get(item(programme), headers=headers).json() == programme
    assert client.get(PROGRAMMES, headers=headers).status_code == 200


def test_role_without_write_permission_gets_404_for_a_missing_programme(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "participant")
    response = client.patch(f"{PROGRAMMES}/{MISSING_ID}", json={"title": "x"}, headers=headers)
    assert response.status_code == 404


def test_integration_token_reads_programmes_only_with_its_scope(
    client: TestClient, auth: HeaderFactory
) -> None:
    create_programme(client, auth)
    with_scope = auth(HEDENSTED, "integration", scope="programmes:read")
    assert len(client.get(PROGRAMMES, headers=with_scope).json()["items"]) == 1
    without = auth(HEDENSTED, "integration", scope="people:read")
    assert client.get(PROGRAMMES, headers=without).status_code == 403
    assert client.post(PROGRAMMES, json=HEDENSTED_PROGRAMME, headers=with_scope).status_code == 403

"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created

PROGRAMMES = "/api/v1/programmes"
OFFERINGS = "/api/v1/partner-offerings"
HEDENSTED_PROGRAMME = {
    "title": "Kultur- og kompetenceudviklingsforløb",
    "description": "Udviklingsforløb med træning og praksisudvikling for ledere og nøglepersoner.",
    "kind": "udviklingsforloeb",
    "rules": {"cohort_min_size": 20, "cohort_max_size": 24},
    "modules": [
        {
            "title": "Modul 1",
            "competence_goal": "Samarbejde i organisationen om bevægelsen for borgeren.",
            "themes": ["Nye roller / Playmaker", "Forandringsledelse"],
        }
    ],
}
KL_PILOT = {
    "title": "Fremtidens teknik- og miljømedarbejder",
    "description": "Pilotuddannelse: partnerskaber, kommunikation og samskabelse.",
    "kind": "kompetencegivende_uddannelse",
    "min_participants_per_org_unit": 2,
    "grading": "none",
}


def kl_partner(auth: HeaderFactory) -> dict[str, str]:
    return auth(None, "partner", partner="kl", sub="kl-konsulent")


def create_programme(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = client.post(
        PROGRAMMES, json=body or HEDENSTED_PROGRAMME, headers=auth(HEDENSTED, "hr_admin")
    )
    return created(response)


def create_offering(
    client: TestClient, auth: HeaderFactory, municipality_ids: list[str] | None = None
) -> dict[str, Any]:
    members = [HEDENSTED] if municipality_ids is None else municipality_ids
    body = {**KL_PILOT, "municipality_ids": members}
    return created(client.post(OFFERINGS, json=body, headers=kl_partner(auth)))


def programme_params(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    return {"programme_id": create_programme(client, auth)["id"]}


def module_params(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    programme = create_programme(client, auth)
    return {"programme_id": programme["id"], "module_id": programme["modules"][0]["id"]}


def offering_params(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    # Hedensted alone takes part, so the matrix's Hedensted reader sees it and every other
    # municipality must get 404.
    return {"offering_id": create_offering(client, auth, [HEDENSTED])["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/programmes/{programme_id}": Resource(
        programme_params, update_body={"title": "Overtaget", "status": "cancelled"}
    ),
    "/api/v1/programmes/{programme_id}/modules": Resource(
        programme_params, update_body={"title": "Indsmuglet modul"}
    ),
    "/api/v1/programmes/{programme_id}/modules/{module_id}": Resource(
        module_params, update_body={"title": "Overtaget", "position": 1}
    ),
    "/api/v1/partner-offerings/{offering_id}": Resource(
        offering_params, update_body={"title": "Overtaget", "municipality_ids": ["dk-0615"]}
    ),
    "/api/v1/programmes/{programme_id}/interest": Resource(programme_params),
}

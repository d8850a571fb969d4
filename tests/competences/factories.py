"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created

FRAMEWORKS = "/api/v1/competences"
PROFILE = {
    "title": "Kompetenceprofil: Specialist i borgerkontakt",
    "description": "Kompetencekrav til medarbejdere med borgerkontakt.",
    "source": "Teknologisk Institut for Fremfærd Borger (HK Kommunal og KL)",
    "competences": [
        {"title": "Digital vejledning", "description": "Hjælper borgeren til selvbetjening."},
        {"title": "Den svære samtale", "description": "Møder borgeren i svære situationer."},
    ],
}


def create_framework(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = client.post(FRAMEWORKS, json=body or PROFILE, headers=auth(HEDENSTED, "hr_admin"))
    return created(response)


def framework_params(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    return {"framework_id": create_framework(client, auth)["id"]}


def competence_params(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    framework = create_framework(client, auth)
    return {"framework_id": framework["id"], "competence_id": framework["competences"][0]["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/competences/{framework_id}": Resource(
        framework_params, update_body={"title": "Overtaget", "source": "Horsens"}
    ),
    "/api/v1/competences/{framework_id}/competences": Resource(
        framework_params, update_body={"title": "Indsmuglet kompetence"}
    ),
    "/api/v1/competences/{framework_id}/competences/{competence_id}": Resource(
        competence_params, update_body={"title": "Overtaget", "position": 2}
    ),
}

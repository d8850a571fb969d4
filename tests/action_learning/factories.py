"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from praksis.kerneopgaver.models import Kerneopgave
from tests.cohorts.helpers import db
from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created

ALL_ROLES = ("participant", "leader", "facilitator", "hr_admin")


def add_kerneopgave(client: TestClient, title: str = "Fritid & Fællesskab") -> str:
    with db(client) as session:
        kerneopgave = Kerneopgave(
            title=title, citizen_outcome="At man kan bidrage til og deltage i fællesskabet."
        )
        session.add(kerneopgave)
        session.flush()
        return str(kerneopgave.id)


def create_project(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    body = {"title": "Borgeren som medskaber", "kerneopgave_id": add_kerneopgave(client)}
    response = client.post(
        "/api/v1/action-learning-projects",
        json=body,
        headers=auth(HEDENSTED, *ALL_ROLES, sub="matrix-owner"),
    )
    return {"project_id": created(response)["id"]}


def create_trial_action(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    params = create_project(client, auth)
    response = client.post(
        f"/api/v1/action-learning-projects/{params['project_id']}/trial-actions",
        json={"title": "Fællesspisning med borgerne", "with_whom": ["citizens"]},
        headers=auth(HEDENSTED, *ALL_ROLES, sub="matrix-owner"),
    )
    return {**params, "trial_action_id": created(response)["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/action-learning-projects/{project_id}": Resource(
        create_project, update_body={"title": "Overtaget", "phase": "designe"}
    ),
    "/api/v1/action-learning-projects/{project_id}/trial-actions": Resource(
        create_project, update_body={"title": "Overtaget"}
    ),
    "/api/v1/action-learning-projects/{project_id}/invitation/accept": Resource(create_project),
    "/api/v1/action-learning-projects/{project_id}/invitation/decline": Resource(create_project),
    "/api/v1/action-learning-projects/{project_id}/trial-actions/{trial_action_id}": Resource(
        create_trial_action, update_body={"title": "Overtaget", "status": "dropped"}
    ),
}

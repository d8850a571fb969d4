"""Generated from the app's own routes: another municipality never reaches an object.

For every API route with an id in its path (but the public ones, ``tests/resources.py``), a
caller from another municipality gets 404 for every method (a method the route does not have
answers exactly as it would for any id), and the object is unchanged afterwards.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api_document import api_paths
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.resources import PUBLIC_ROUTES, RESOURCES, SECRET_URL_ROUTES

METHODS = ("GET", "PATCH", "PUT", "DELETE", "POST")
ALL_ROLES = ("participant", "leader", "facilitator", "hr_admin")
FOREIGN_CALLERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "horsens-every-role": (HORSENS, ALL_ROLES),
    "horsens-participant": (HORSENS, ("participant",)),
    "oslo-hr-admin": ("no-0301", ("hr_admin",)),
}


def _item_routes() -> dict[str, set[str]]:
    """Item routes and their methods, read from the app's own OpenAPI document."""
    return {
        path: {method.upper() for method in operations}
        for path, operations in api_paths().items()
        if path.startswith("/api/")
        and "{" in path
        and path not in SECRET_URL_ROUTES | PUBLIC_ROUTES
    }


ITEM_ROUTES = _item_routes()


def test_every_item_route_has_a_resource_factory() -> None:
    missing = sorted(set(ITEM_ROUTES) - set(RESOURCES))
    assert missing == [], f"add these to tests/resources.py: {missing}"


def _path(template: str, params: dict[str, str]) -> str:
    return template.format(**params)


def _send(client: TestClient, method: str, url: str, headers: dict[str, str], body: Any) -> Any:
    if method in ("PATCH", "PUT", "POST"):
        return client.request(method, url, json=body, headers=headers)
    return client.request(method, url, headers=headers)


@pytest.mark.parametrize("template", sorted(ITEM_ROUTES))
def test_other_municipality_gets_404_and_changes_nothing(
    client: TestClient, auth: HeaderFactory, template: str
) -> None:
    # One object per route, tried by every foreign caller in turn (building it is the cost).
    resource = RESOURCES[template]
    params = resource.create(client, auth)
    url = _path(template, params)
    owner = auth(HEDENSTED, *ALL_ROLES)
    before = client.get(url, headers=owner)
    random_url = _path(template, {key: str(uuid.uuid4()) for key in params})
    for caller, (tenant, roles) in sorted(FOREIGN_CALLERS.items()):
        foreign = auth(tenant, *roles)
        for method in METHODS:
            response = _send(client, method, url, foreign, resource.update_body)
            if method in ITEM_ROUTES[template]:
                assert response.status_code == 404, (caller, method, response.text)
                assert response.headers["content-type"] == "application/problem+json"
            else:
                unknown = _send(client, method, random_url, foreign, resource.update_body)
                assert (response.status_code, response.json()["title"]) == (
                    unknown.status_code,
                    unknown.json()["title"],
                ), (caller, method)
        after = client.get(url, headers=owner)
        assert (after.status_code, after.content) == (before.status_code, before.content), caller

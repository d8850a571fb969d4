"""ETag, If-Match and If-None-Match (RFC 9110) on every resource a PATCH changes.

Generated from the app's own routes: every PATCH needs an entry in ``EDITS`` (who edits it and
two valid changes), so a PATCH that ships without ETag support fails here. The objects come
from the cross-tenant matrix's factories (tests/resources.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.action_learning.factories import ALL_ROLES
from tests.api_document import api_paths
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.feedback.helpers import as_
from tests.programmes.factories import kl_partner
from tests.resources import RESOURCES

PRECONDITION_FAILED = "urn:praksis:problem:precondition-failed"
Editor = Callable[[HeaderFactory], dict[str, str]]


def hr_admin(auth: HeaderFactory) -> dict[str, str]:
    return auth(HEDENSTED, "hr_admin")


def project_owner(auth: HeaderFactory) -> dict[str, str]:
    return auth(HEDENSTED, *ALL_ROLES, sub="matrix-owner")


def feedback_author(auth: HeaderFactory) -> dict[str, str]:
    return as_(auth, "erik")


@dataclass(frozen=True)
class Edit:
    """Who may change the factory's object, and two different valid changes to it."""

    editor: Editor
    field: str
    first: Any = "Første udgave"
    second: Any = "Anden udgave"


EDITS: dict[str, Edit] = {
    "/api/v1/kerneopgaver/{kerneopgave_id}": Edit(hr_admin, "title"),
    "/api/v1/org-units/{org_unit_id}": Edit(hr_admin, "name"),
    "/api/v1/people/{person_id}": Edit(hr_admin, "name"),
    "/api/v1/competences/{framework_id}": Edit(hr_admin, "title"),
    "/api/v1/competences/{framework_id}/competences/{competence_id}": Edit(hr_admin, "title"),
    "/api/v1/programmes/{programme_id}": Edit(hr_admin, "title"),
    "/api/v1/programmes/{programme_id}/modules/{module_id}": Edit(hr_admin, "title"),
    "/api/v1/partner-offerings/{offering_id}": Edit(kl_partner, "title"),
    "/api/v1/cohorts/{cohort_id}": Edit(hr_admin, "name"),
    "/api/v1/cohorts/{cohort_id}/learning-groups/{group_id}": Edit(hr_admin, "name"),
    "/api/v1/workshops/{workshop_id}": Edit(hr_admin, "title"),
    "/api/v1/action-learning-projects/{project_id}": Edit(project_owner, "title"),
    "/api/v1/action-learning-projects/{project_id}/trial-actions/{trial_action_id}": Edit(
        project_owner, "title"
    ),
    "/api/v1/feedback/{feedback_id}": Edit(feedback_author, "what_worked"),
    "/api/v1/development-goals/{goal_id}": Edit(project_owner, "title"),  # its proposer
    "/api/v1/sparring-meetings/{meeting_id}": Edit(hr_admin, "title"),
    "/api/v1/workshops/{workshop_id}/guests/{guest_id}": Edit(hr_admin, "name"),
    "/api/v1/webhooks/endpoints/{endpoint_id}": Edit(hr_admin, "description"),
}


def _patch_routes() -> list[str]:
    return sorted(path for path, operations in api_paths().items() if "patch" in operations)


PATCH_ROUTES = _patch_routes()


def test_every_patch_route_has_an_edit() -> None:
    missing = sorted(set(PATCH_ROUTES) - set(EDITS))
    assert missing == [], f"add these to EDITS in {__name__}: {missing}"


def _create(client: TestClient, auth: HeaderFactory, template: str) -> str:
    return template.format(**RESOURCES[template].create(client, auth))


def _etag(response: Any) -> str:
    tag: str = response.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"'), tag  # strong
    return tag


@pytest.mark.parametrize("template", PATCH_ROUTES)
def test_patch_honours_if_match_and_get_if_none_match(
    client: TestClient, auth: HeaderFactory, template: str
) -> None:
    edit = EDITS[template]
    url = _create(client, auth, template)
    headers = edit.editor(auth)

    read = client.get(url, headers=headers)
    assert read.status_code == 200, read.text
    tag = _etag(read)
    assert client.get(url, headers=headers).headers["etag"] == tag  # stable

    unchanged = client.get(url, headers={**headers, "If-None-Match": tag})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged.headers["etag"] == tag

    changed = client.patch(url, json={edit.field: edit.first}, headers={**headers, "If-Match": tag})
    assert changed.status_code == 200, changed.text
    assert changed.json()[edit.field] == edit.first
    new_tag = _etag(changed)
    assert new_tag != tag
    after = client.get(url, headers=headers)
    assert (after.headers["etag"], after.json()) == (new_tag, changed.json())

    stale = client.patch(url, json={edit.field: edit.second}, headers={**headers, "If-Match": tag})
    assert stale.status_code == 412, stale.text
    assert stale.headers["content-type"] == "application/problem+json"
    assert stale.json()["type"] == PRECONDITION_FAILED
    again = client.get(url, headers=headers)
    assert (again.headers["etag"], again.content) == (new_tag, after.content)

    outdated = client.get(url, headers={**headers, "If-None-Match": tag})
    assert (outdated.status_code, outdated.headers["etag"]) == (200, new_tag)


KERNEOPGAVE = "/api/v1/kerneopgaver/{kerneopgave_id}"


@pytest.fixture
def kerneopgave(client: TestClient, auth: HeaderFactory) -> tuple[str, str]:
    """A kerneopgave's URL and its current ETag."""
    url = _create(client, auth, KERNEOPGAVE)
    return url, _etag(client.get(url, headers=hr_admin(auth)))


def _retitle(client: TestClient, auth: HeaderFactory, url: str, if_match: str | None) -> Any:
    headers = hr_admin(auth) if if_match is None else {**hr_admin(auth), "If-Match": if_match}
    return client.patch(url, json={"title": "Ny titel"}, headers=headers)


@pytest.mark.parametrize(
    "if_match",
    [None, "*", ' "other" , {tag}', "{tag},W/{tag}"],
    ids=["absent", "any", "one-of-a-list", "strong-among-weak"],
)
def test_a_matching_or_absent_if_match_changes_it(
    client: TestClient, auth: HeaderFactory, kerneopgave: tuple[str, str], if_match: str | None
) -> None:
    url, tag = kerneopgave
    header = None if if_match is None else if_match.format(tag=tag)
    changed = _retitle(client, auth, url, header)
    assert changed.status_code == 200, changed.text
    assert changed.json()["title"] == "Ny titel"
    assert _etag(changed) == client.get(url, headers=hr_admin(auth)).headers["etag"] != tag


@pytest.mark.parametrize(
    ("if_match", "status"),
    [("W/{tag}", 412), ('"someone-else"', 412), ("{bare}", 422), ('"a" "b"', 422)],
    ids=["weak-never-matches", "other-tag", "unquoted", "no-comma"],
)
def test_a_weak_other_or_malformed_if_match_changes_nothing(
    client: TestClient,
    auth: HeaderFactory,
    kerneopgave: tuple[str, str],
    if_match: str,
    status: int,
) -> None:
    url, tag = kerneopgave
    before = client.get(url, headers=hr_admin(auth)).content
    refused = _retitle(client, auth, url, if_match.format(tag=tag, bare=tag.strip('"')))
    assert refused.status_code == status, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert client.get(url, headers=hr_admin(auth)).content == before


def test_if_match_on_a_missing_or_foreign_item_answers_404(
    client: TestClient, auth: HeaderFactory, kerneopgave: tuple[str, str]
) -> None:
    url, tag = kerneopgave
    foreign = {**auth(HORSENS, "hr_admin"), "If-Match": "*"}
    assert client.patch(url, json={"title": "x"}, headers=foreign).status_code == 404
    missing = url.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    headers = {**hr_admin(auth), "If-Match": tag}
    assert client.patch(missing, json={"title": "x"}, headers=headers).status_code == 404


def test_if_none_match_star_or_a_weak_tag_revalidates(
    client: TestClient, auth: HeaderFactory, kerneopgave: tuple[str, str]
) -> None:
    url, tag = kerneopgave
    for held in ("*", f"W/{tag}", f'"other", {tag}'):
        response = client.get(url, headers={**hr_admin(auth), "If-None-Match": held})
        assert (response.status_code, response.headers["etag"]) == (304, tag), held

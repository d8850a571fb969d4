"""A first sign-in links to an imported person only by what the municipality trusts.

The "nOAuth" takeover: an identity provider that lets a user pick their e-mail must not let
them become a colleague who has not signed in yet. Linking is by the issuer's configured
link claim (an employee id matched exactly to the external id) or, for an issuer trusted for
e-mail, by an exact, verified address; never to a person who already has a subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.app import create_app
from tests.conftest import Database, HeaderFactory, make_settings
from tests.kit.test_auth import bearer, dev_claims, sign_dev
from tests.people.support import make_person, me

CAMILLA = {"name": "Camilla Brøndum", "email": "HED10@example.dk", "external_id": "HED10"}


@pytest.fixture
def camilla(client: TestClient, auth: HeaderFactory) -> dict[str, Any]:
    return make_person(client, auth, **CAMILLA)


def sign_in(client: TestClient, **claims: Any) -> dict[str, Any]:
    token = sign_dev(dev_claims(roles=["participant"], **claims))
    return me(client, bearer(token))


def test_an_unverified_e_mail_takes_over_no_one(
    client: TestClient, camilla: dict[str, Any]
) -> None:
    attacker = sign_in(client, sub="attacker", email="HED10@example.dk")
    assert attacker["id"] != camilla["id"]
    # the real Camilla still signs in as herself
    assert (
        sign_in(client, sub="camilla", email="HED10@example.dk", email_verified=True)["id"]
        == (camilla["id"])
    )


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "hed10@example.dk", "email_verified": True},  # not the exact address
        {"email": "HED10@example.dk", "email_verified": False},
        {"email": "HED10@example.dk", "email_verified": "yes"},
    ],
    ids=["other-case", "verified-false", "verified-not-a-boolean"],
)
def test_only_an_exact_verified_e_mail_links(
    client: TestClient, camilla: dict[str, Any], claims: dict[str, Any]
) -> None:
    assert sign_in(client, sub="someone", **claims)["id"] != camilla["id"]


def test_a_person_who_has_signed_in_is_never_linked_again(
    client: TestClient, camilla: dict[str, Any]
) -> None:
    verified = {"email": "HED10@example.dk", "email_verified": True}
    assert sign_in(client, sub="camilla", **verified)["id"] == camilla["id"]
    assert sign_in(client, sub="second-account", **verified)["id"] != camilla["id"]
    assert sign_in(client, sub="camilla")["id"] == camilla["id"]


@pytest.fixture
def employee_id_client(
    database: Database, engine: Engine, municipalities: list[str]
) -> Iterator[TestClient]:
    """An issuer configured to link by its ``employee_id`` claim and not trusted for e-mail."""
    settings = make_settings(database.url, jwt_link_claim="employee_id", jwt_link_email=False)
    with TestClient(create_app(settings, engine)) as client:
        yield client


def test_the_configured_claim_links_by_the_exact_external_id(
    employee_id_client: TestClient, auth: HeaderFactory
) -> None:
    camilla = make_person(employee_id_client, auth, **CAMILLA)
    other = sign_in(employee_id_client, sub="other", employee_id="hed10")
    assert other["id"] != camilla["id"]
    linked = sign_in(employee_id_client, sub="camilla", employee_id="HED10")
    assert linked["id"] == camilla["id"]


def test_an_issuer_not_trusted_for_e_mail_links_by_no_e_mail(
    employee_id_client: TestClient, auth: HeaderFactory
) -> None:
    camilla = make_person(employee_id_client, auth, **CAMILLA)
    verified = {"email": "HED10@example.dk", "email_verified": True}
    assert sign_in(employee_id_client, sub="camilla", **verified)["id"] != camilla["id"]


def test_an_employee_id_that_is_not_text_is_refused(employee_id_client: TestClient) -> None:
    token = sign_dev(dev_claims(roles=["participant"], employee_id="HED\x0010"))
    response = employee_id_client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert "employee_id" in response.json()["detail"]


def test_two_imported_people_with_one_address_link_neither(
    client: TestClient, auth: HeaderFactory
) -> None:
    first = make_person(client, auth, "Anne Holm", email="anne@hedensted.dk")
    second = make_person(client, auth, "Anne Holm Jensen", email="anne@hedensted.dk")
    signed_in = sign_in(client, sub="anne", email="anne@hedensted.dk", email_verified=True)
    assert signed_in["id"] not in {first["id"], second["id"]}

"""The SPA's sign-in configuration and the development sign-in, on the demo data."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.app import create_app
from praksis.demo.service import seed_demo
from praksis.kit.db import tenant_session
from praksis.people.models import Person
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS, Database, make_settings

OPTIONS = "/api/v1/dev/sign-in/options"
SIGN_IN = "/api/v1/dev/sign-in"


@pytest.fixture
def settings(database: Database) -> Settings:
    return make_settings(database.url, dev_sign_in=True)


@pytest.fixture
def demo(engine: Engine, settings: Settings, municipalities: list[str]) -> None:
    seed_demo(engine, settings)


@pytest.fixture
def options(client: TestClient, demo: None) -> dict[str, Any]:
    response = client.get(OPTIONS)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def person_named(options: dict[str, Any], municipality_id: str, name: str) -> dict[str, Any]:
    municipality = next(m for m in options["municipalities"] if m["id"] == municipality_id)
    person: dict[str, Any] = next(p for p in municipality["people"] if p["name"] == name)
    return person


def sign_in(client: TestClient, **body: object) -> Any:
    return client.post(SIGN_IN, json=body)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_auth_config_says_dev_sign_in_is_on_and_no_oidc(client: TestClient) -> None:
    response = client.get("/api/v1/auth/config")
    assert response.status_code == 200
    assert response.json() == {"oidc": None, "dev_sign_in": True}


def test_auth_config_names_the_oidc_issuer_and_the_spas_public_client(
    database: Database, engine: Engine
) -> None:
    settings = make_settings(
        database.url,
        oidc_issuer="https://login.example.dk/realms/hedensted",
        oidc_audience="praksis",
        oidc_jwks_url="https://login.example.dk/realms/hedensted/certs",
        oidc_client_id="praksis-spa",
    )
    with TestClient(create_app(settings, engine)) as client:
        body = client.get("/api/v1/auth/config").json()
    assert body == {
        "oidc": {
            "issuer": "https://login.example.dk/realms/hedensted",
            "client_id": "praksis-spa",
            "scope": "openid profile email",
        },
        "dev_sign_in": False,
    }


@pytest.mark.parametrize(
    "overrides", [{"dev_sign_in": False}, {"dev_sign_in": True, "jwt_secret": None}]
)
def test_dev_sign_in_answers_404_problem_unless_enabled_with_a_dev_issuer(
    database: Database, engine: Engine, municipalities: list[str], overrides: dict[str, Any]
) -> None:
    settings = make_settings(database.url, **overrides)
    with TestClient(create_app(settings, engine)) as client:
        listed = client.get(OPTIONS)
        signed = sign_in(
            client, municipality_id=HEDENSTED, person_id=str(uuid.uuid4()), role="leader"
        )
        config = client.get("/api/v1/auth/config").json()
    assert listed.status_code == 404
    assert listed.headers["content-type"] == "application/problem+json"
    assert signed.status_code == 404
    assert config["dev_sign_in"] is False


def test_options_list_municipalities_people_roles_and_partners(options: dict[str, Any]) -> None:
    names = [m["name"] for m in options["municipalities"]]
    assert "Hedensted" in names
    assert "Oslo" in names
    assert names == sorted(names)
    assert {p["slug"] for p in options["partners"]} >= {"kl"}
    assert {"slug": "kl", "name": "KL"} in options["partners"]
    hr = person_named(options, HEDENSTED, "Mette Højgaard")
    participant = person_named(options, HEDENSTED, "Søren Østergaard")
    assert hr["roles"] == ["participant", "hr_admin"]
    assert participant["roles"] == ["participant"]
    hedensted = next(m for m in options["municipalities"] if m["id"] == HEDENSTED)
    every_role = {role for person in hedensted["people"] for role in person["roles"]}
    assert every_role == {"participant", "leader", "facilitator", "hr_admin"}


def test_a_person_signs_in_with_a_one_hour_token_and_me_is_that_person(
    client: TestClient, options: dict[str, Any]
) -> None:
    søren = person_named(options, HEDENSTED, "Søren Østergaard")
    response = sign_in(client, municipality_id=HEDENSTED, person_id=søren["id"], role="participant")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    me = client.get("/api/v1/me", headers=bearer(body["access_token"])).json()
    assert me["person"]["id"] == søren["id"]
    assert me["roles"] == ["participant"]
    assert me["municipality"]["id"] == HEDENSTED


def test_a_person_without_a_sign_in_is_linked_once_and_stays_the_same_person(
    client: TestClient, engine: Engine, settings: Settings, demo: None
) -> None:
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        person = Person(name="Ida Imported", email="ida@hedensted.dk")
        session.add(person)
        session.flush()
        person_id = str(person.id)
    first = sign_in(client, municipality_id=HEDENSTED, person_id=person_id, role="participant")
    again = sign_in(client, municipality_id=HEDENSTED, person_id=person_id, role="participant")
    for response in (first, again):
        me = client.get("/api/v1/me", headers=bearer(response.json()["access_token"])).json()
        assert me["person"]["id"] == person_id
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        count = len(session.exec(select(Person).where(Person.name == "Ida Imported")).all())
    assert count == 1


def test_a_leader_signs_in_as_leader(client: TestClient, options: dict[str, Any]) -> None:
    hedensted = next(m for m in options["municipalities"] if m["id"] == HEDENSTED)
    leader = next(p for p in hedensted["people"] if "leader" in p["roles"])
    response = sign_in(client, municipality_id=HEDENSTED, person_id=leader["id"], role="leader")
    me = client.get("/api/v1/me", headers=bearer(response.json()["access_token"])).json()
    assert me["roles"] == ["leader"]
    assert me["person"]["id"] == leader["id"]


def test_a_partner_signs_in_and_sees_no_municipality(
    client: TestClient, options: dict[str, Any]
) -> None:
    response = sign_in(client, partner="kl", role="partner")
    assert response.status_code == 200, response.text
    me = client.get("/api/v1/me", headers=bearer(response.json()["access_token"])).json()
    assert me["partner"] == "kl"
    assert me["municipality"] is None
    assert me["roles"] == ["partner"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"municipality_id": HORSENS, "role": "participant"}, "person_id"),
        ({"municipality_id": HEDENSTED, "role": "hr_admin"}, "role"),
        ({"municipality_id": HEDENSTED, "role": "superuser"}, None),
        ({"municipality_id": "dk-9999", "role": "participant"}, "municipality_id"),
        ({"partner": "nobody", "role": "partner"}, "partner"),
        ({"role": "participant"}, None),
    ],
)
def test_bad_sign_ins_are_refused_with_422_and_link_nobody(
    client: TestClient,
    engine: Engine,
    settings: Settings,
    options: dict[str, Any],
    body: dict[str, Any],
    field: str | None,
) -> None:
    søren = person_named(options, HEDENSTED, "Søren Østergaard")
    if "municipality_id" in body:
        body = {**body, "person_id": søren["id"]}
    response = sign_in(client, **body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert "access_token" not in problem
    if field is not None:
        assert problem["errors"][0]["location"] == f"body.{field}"
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        linked = session.exec(select(Person).where(Person.subject.like("%dev-%"))).all()  # type: ignore[union-attr]
    assert linked == []

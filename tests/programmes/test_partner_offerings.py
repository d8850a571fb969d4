"""Partners' cross-municipality offerings (KL's pilot, HK/KL's "Specialist i borgerkontakt").

A partner owns its offerings and sees nothing of any municipality; a municipality sees the
offerings it takes part in and links its own programme to one.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.kit.db import system_session
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from praksis.programmes.models import PartnerOffering
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.programmes.factories import (
    HEDENSTED_PROGRAMME,
    KL_PILOT,
    OFFERINGS,
    PROGRAMMES,
    create_offering,
    create_programme,
    kl_partner,
)

ODENSE, MIDDELFART = "dk-0461", "dk-0410"
# The seven municipalities of KL's pilot (seed 000).
KL_PILOT_MUNICIPALITIES = {
    "0320": "Faxe",
    "0210": "Fredensborg",
    "0860": "Hjørring",
    "0410": "Middelfart",
    "0370": "Næstved",
    "0230": "Rudersdal",
    "0573": "Varde",
}
SPECIALIST = {
    "title": "Specialist i borgerkontakt",
    "description": "Kompetenceudvikling til fremtidens borgerservice (Fremfærd Borger).",
    "kind": "kompetencegivende_uddannelse",
    "grading": "danish_7_point",
}


def hk_partner(auth: HeaderFactory) -> dict[str, str]:
    return auth(None, "partner", partner="hk", sub="hk-kommunal")


def add_municipalities(engine: Engine, codes: dict[str, str]) -> list[str]:
    with system_session(engine) as session:
        for code, name in codes.items():
            upsert_municipality(session, Country.DK, code, name, "Europe/Copenhagen")
    return [f"dk-{code}" for code in codes]


def offering_count(engine: Engine) -> int:
    with system_session(engine) as session:
        return len(session.exec(select(PartnerOffering)).all())


def ids(page: Any) -> list[str]:
    return [item["id"] for item in page.json()["items"]]


def test_kl_creates_its_pilot_with_seven_municipalities(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    members = add_municipalities(engine, KL_PILOT_MUNICIPALITIES)
    body = {**KL_PILOT, "municipality_ids": [*members, members[0]]}
    response = client.post(OFFERINGS, json=body, headers=kl_partner(auth))
    assert response.status_code == 201, response.text
    offering = response.json()
    assert response.headers["location"] == f"{OFFERINGS}/{offering['id']}"
    assert offering["partner"] == "kl"
    assert offering["title"] == "Fremtidens teknik- og miljømedarbejder"
    assert offering["min_participants_per_org_unit"] == 2
    assert offering["municipality_ids"] == sorted(members)
    read = client.get(f"{OFFERINGS}/{offering['id']}", headers=kl_partner(auth))
    assert read.json() == offering


def test_offering_with_unknown_municipalities_is_refused_listing_them(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    body = {**KL_PILOT, "municipality_ids": [HEDENSTED, "dk-0999", "no-9999"]}
    response = client.post(OFFERINGS, json=body, headers=kl_partner(auth))
    assert response.status_code == 422
    problem = response.json()
    assert "dk-0999" in problem["detail"] and "no-9999" in problem["detail"]
    assert HEDENSTED not in problem["detail"]
    assert len(problem["errors"]) == 2
    assert offering_count(engine) == 0


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator", "hr_admin"])
def test_only_a_partner_token_creates_an_offering(
    client: TestClient, auth: HeaderFactory, engine: Engine, role: str
) -> None:
    body = {**KL_PILOT, "municipality_ids": [HEDENSTED]}
    assert client.post(OFFERINGS, json=body, headers=auth(HEDENSTED, role)).status_code == 403
    assert offering_count(engine) == 0


def test_partner_sees_only_its_own_offerings(client: TestClient, auth: HeaderFactory) -> None:
    kl_offering = create_offering(client, auth, [HEDENSTED, HORSENS])
    hk_response = client.post(
        OFFERINGS, json={**SPECIALIST, "municipality_ids": [HORSENS]}, headers=hk_partner(auth)
    )
    hk_offering = hk_response.json()
    assert ids(client.get(OFFERINGS, headers=kl_partner(auth))) == [kl_offering["id"]]
    assert ids(client.get(OFFERINGS, headers=hk_partner(auth))) == [hk_offering["id"]]
    foreign = client.get(f"{OFFERINGS}/{hk_offering['id']}", headers=kl_partner(auth))
    assert foreign.status_code == 404
    assert (
        client.patch(
            f"{OFFERINGS}/{hk_offering['id']}",
            json={"title": "Overtaget"},
            headers=kl_partner(auth),
        ).status_code
        == 404
    )
    assert (
        client.delete(f"{OFFERINGS}/{hk_offering['id']}", headers=kl_partner(auth)).status_code
        == 404
    )
    after = client.get(f"{OFFERINGS}/{hk_offering['id']}", headers=hk_partner(auth))
    assert after.json() == hk_offering


def test_municipality_sees_offerings_it_takes_part_in(
    client: TestClient, auth: HeaderFactory
) -> None:
    both = create_offering(client, auth, [HEDENSTED, HORSENS])
    horsens_only = create_offering(client, auth, [HORSENS])
    assert ids(client.get(OFFERINGS, headers=auth(HEDENSTED, "participant"))) == [both["id"]]
    assert set(ids(client.get(OFFERINGS, headers=auth(HORSENS, "leader")))) == {
        both["id"],
        horsens_only["id"],
    }
    assert ids(client.get(OFFERINGS, headers=auth("no-0301", "hr_admin"))) == []
    member = client.get(f"{OFFERINGS}/{both['id']}", headers=auth(HEDENSTED, "participant"))
    assert member.status_code == 200
    assert member.json() == both
    outsider = client.get(f"{OFFERINGS}/{horsens_only['id']}", headers=auth(HEDENSTED))
    assert outsider.status_code == 404


def test_municipality_reads_but_never_changes_a_partners_offering(
    client: TestClient, auth: HeaderFactory
) -> None:
    offering = create_offering(client, auth, [HEDENSTED])
    url = f"{OFFERINGS}/{offering['id']}"
    member = auth(HEDENSTED, "hr_admin")
    assert client.patch(url, json={"title": "Vores nu"}, headers=member).status_code == 403
    assert client.delete(url, headers=member).status_code == 403
    assert client.patch(url, json={"title": "x"}, headers=auth(HORSENS)).status_code == 404
    assert client.get(url, headers=kl_partner(auth)).json() == offering


def test_partner_changes_its_offering_and_its_municipalities(
    client: TestClient, auth: HeaderFactory
) -> None:
    offering = create_offering(client, auth, [HEDENSTED])
    url = f"{OFFERINGS}/{offering['id']}"
    response = client.patch(
        url,
        json={"municipality_ids": [HORSENS, "no-0301"], "grading": "pass_fail"},
        headers=kl_partner(auth),
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["municipality_ids"] == [HORSENS, "no-0301"]
    assert changed["grading"] == "pass_fail"
    assert changed["title"] == offering["title"]
    assert client.get(url, headers=auth(HEDENSTED)).status_code == 404
    assert client.get(url, headers=auth(HORSENS)).status_code == 200
    refused = client.patch(url, json={"municipality_ids": ["dk-0999"]}, headers=kl_partner(auth))
    assert refused.status_code == 422
    assert client.get(url, headers=kl_partner(auth)).json() == changed


# --- linking a municipality's programme --------------------------------------------------------


def test_programme_cannot_link_an_offering_its_municipality_is_not_in(
    client: TestClient, auth: HeaderFactory
) -> None:
    horsens_only = create_offering(client, auth, [HORSENS])
    for offering_id in (horsens_only["id"], "01a20da9-9150-7f07-bada-fea0aca9ac24"):
        body = {**HEDENSTED_PROGRAMME, "offering_id": offering_id}
        refused = client.post(PROGRAMMES, json=body, headers=auth())
        # Not found, like any reference the municipality cannot see (GET on it is 404 too).
        assert refused.status_code == 404
        assert refused.json()["errors"][0]["location"] == "body.offering_id"
    assert client.get(PROGRAMMES, headers=auth()).json()["items"] == []
    programme = create_programme(client, auth)
    url = f"{PROGRAMMES}/{programme['id']}"
    assert (
        client.patch(url, json={"offering_id": horsens_only["id"]}, headers=auth()).status_code
        == 404
    )
    assert client.get(url, headers=auth()).json() == programme


def test_kl_pilot_offering_makes_each_org_unit_send_two(
    client: TestClient, auth: HeaderFactory
) -> None:
    offering = create_offering(client, auth, [HEDENSTED])
    assert offering["min_participants_per_org_unit"] == 2
    body = {
        "title": "Fremtidens teknik- og miljømedarbejder",
        "kind": "kompetencegivende_uddannelse",
    }
    linked = create_programme(client, auth, {**body, "offering_id": offering["id"]})
    assert linked["offering_id"] == offering["id"]
    assert linked["offering"]["partner"] == "kl"
    assert linked["rules"]["min_participants_per_org_unit"] == 2
    assert linked["rules"]["justification_required"] is True
    own_rule = create_programme(
        client,
        auth,
        {
            **body,
            "title": "Eget hold",
            "offering_id": offering["id"],
            "rules": {"min_participants_per_org_unit": 3},
        },
    )
    assert own_rule["rules"]["min_participants_per_org_unit"] == 3


def test_hk_specialist_programme_takes_the_7_point_scale_when_linked(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    add_municipalities(engine, {"0461": "Odense", "0410": "Middelfart"})
    response = client.post(
        OFFERINGS,
        json={**SPECIALIST, "municipality_ids": [ODENSE, HORSENS, MIDDELFART]},
        headers=hk_partner(auth),
    )
    offering = response.json()
    horsens = auth(HORSENS, "hr_admin")
    programme = client.post(
        PROGRAMMES, json={"title": "Borgerservice 2016", "kind": "kursus"}, headers=horsens
    ).json()
    assert programme["rules"]["grading"] == "none"
    url = f"{PROGRAMMES}/{programme['id']}"
    linked = client.patch(url, json={"offering_id": offering["id"]}, headers=horsens)
    assert linked.status_code == 200, linked.text
    assert linked.json()["rules"]["grading"] == "danish_7_point"
    assert linked.json()["offering"]["title"] == "Specialist i borgerkontakt"


def test_offering_linked_to_a_programme_cannot_be_deleted(
    client: TestClient, auth: HeaderFactory
) -> None:
    offering = create_offering(client, auth, [HEDENSTED])
    url = f"{OFFERINGS}/{offering['id']}"
    programme = create_programme(
        client, auth, {**HEDENSTED_PROGRAMME, "offering_id": offering["id"]}
    )
    refused = client.delete(url, headers=kl_partner(auth))
    assert refused.status_code == 409
    assert client.get(url, headers=kl_partner(auth)).json() == offering
    assert client.delete(f"{PROGRAMMES}/{programme['id']}", headers=auth()).status_code == 204
    assert client.delete(url, headers=kl_partner(auth)).status_code == 204
    assert client.get(url, headers=kl_partner(auth)).status_code == 404
    assert ids(client.get(OFFERINGS, headers=auth())) == []


# --- no personal data for partners -----------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/programmes", "/api/v1/people", "/api/v1/enrolments", "/api/v1/kerneopgaver"]
)
def test_partner_cannot_read_personal_data(
    client: TestClient, auth: HeaderFactory, path: str
) -> None:
    offering = create_offering(client, auth, [HEDENSTED])
    create_programme(client, auth, {**HEDENSTED_PROGRAMME, "offering_id": offering["id"]})
    response = client.get(path, headers=kl_partner(auth))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "Kultur" not in response.text


def test_partner_offering_shows_no_municipal_programme(
    client: TestClient, auth: HeaderFactory
) -> None:
    offering = create_offering(client, auth, [HEDENSTED])
    create_programme(client, auth, {**HEDENSTED_PROGRAMME, "offering_id": offering["id"]})
    seen = client.get(f"{OFFERINGS}/{offering['id']}", headers=kl_partner(auth))
    assert seen.json() == offering
    assert "Kultur- og kompetenceudviklingsforløb" not in seen.text


def test_partner_post_honours_the_idempotency_key(client: TestClient, auth: HeaderFactory) -> None:
    headers = {**auth(None, "partner", partner="kl", sub="kl-konsulent"), "Idempotency-Key": "o-1"}
    body = {
        "title": "Fremtidens teknik- og miljømedarbejder",
        "kind": "kompetencegivende_uddannelse",
        "min_participants_per_org_unit": 2,
        "grading": "pass_fail",
        "municipality_ids": ["dk-0766"],
    }
    first = client.post("/api/v1/partner-offerings", json=body, headers=headers)
    retry = client.post("/api/v1/partner-offerings", json=body, headers=headers)
    assert first.status_code == retry.status_code == 201, retry.text
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    other = client.post(
        "/api/v1/partner-offerings", json={**body, "title": "Andet"}, headers=headers
    )
    assert other.status_code == 422
    listed = client.get("/api/v1/partner-offerings", headers=headers).json()["items"]
    assert [offering["id"] for offering in listed] == [first.json()["id"]]

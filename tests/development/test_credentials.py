"""Credentials: Horsens sent all 21 of borgerservice, who "kan kalde sig specialister i
borgerkontakt"; completing the programme issues the credential, which travels beyond
Praksis as an Open Badges 3.0 credential (1EdTech), signed as a VC-JWT."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from jose import jwt

from praksis.programmes.models import Grading
from praksis.settings import Settings
from tests.cohorts.helpers import add_org_unit, add_person, add_programme, nominate
from tests.conftest import HEDENSTED, HORSENS, Database, HeaderFactory, make_settings

PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PEM = PRIVATE_KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
PUBLIC_PEM = (
    PRIVATE_KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)
AWARD = {
    "title": "Specialist i borgerkontakt",
    "description": "Borgerservicemedarbejdere der møder borgeren digitalt og i svære samtaler.",
    "provider": "COK – Center for Offentlig Kompetenceudvikling",
    "provider_url": "https://www.cok.dk/",
    "ects": 10,
}


@pytest.fixture
def settings(database: Database) -> Settings:
    return make_settings(database.url, credential_signing_key=PEM)


def _hr(auth: HeaderFactory) -> dict[str, str]:
    return auth(HORSENS, "hr_admin")


def _complete(
    client: TestClient, auth: HeaderFactory, enrolment_id: str, **result: Any
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/enrolments/{enrolment_id}/complete", json=result, headers=_hr(auth)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _approve(client: TestClient, auth: HeaderFactory, enrolment_id: str, cohort_id: str) -> None:
    response = client.post(
        f"/api/v1/enrolments/{enrolment_id}/approve",
        json={"cohort_id": cohort_id},
        headers=_hr(auth),
    )
    assert response.status_code == 200, response.text


def _borgerservice_completes(
    client: TestClient, auth: HeaderFactory, count: int = 21, **programme: Any
) -> tuple[str, list[str]]:
    """Horsens' borgerservice on "Specialist i borgerkontakt", all completed."""
    programme_id = add_programme(
        client, tenant=HORSENS, title="Specialist i borgerkontakt", **programme
    )
    award = client.put(f"/api/v1/programmes/{programme_id}/award", json=AWARD, headers=_hr(auth))
    assert award.status_code == 200, award.text
    cohort = client.post(
        "/api/v1/cohorts",
        json={"programme_id": programme_id, "name": "Borgerservice 2026", "capacity": 24},
        headers=_hr(auth),
    ).json()
    unit = add_org_unit(client, "Borgerservice", tenant=HORSENS)
    people = [
        add_person(client, f"Borgerservice {n}", org_unit_id=unit, sub=f"bs{n}", tenant=HORSENS)
        for n in range(count)
    ]
    for person_id in people:
        enrolment = nominate(client, auth, programme_id, person_id, headers=_hr(auth))
        _approve(client, auth, enrolment["id"], cohort["id"])
        _complete(client, auth, enrolment["id"], **({"passed": True} if programme else {}))
    return programme_id, people


def test_horsens_21_hold_the_credential_and_one_exports_it_as_an_open_badge(
    client: TestClient, auth: HeaderFactory
) -> None:
    _, people = _borgerservice_completes(client, auth)
    held = client.get("/api/v1/credentials", params={"limit": 50}, headers=_hr(auth)).json()
    assert sorted(item["person_id"] for item in held["items"]) == sorted(people)
    assert {(c["title"], c["provider"], c["ects"]) for c in held["items"]} == {
        ("Specialist i borgerkontakt", AWARD["provider"], 10.0)
    }
    holder = auth(HORSENS, "participant", sub="bs7")
    plan = client.get("/api/v1/me/development-plan", headers=holder).json()
    [credential] = plan["credentials"]
    assert plan["programmes"][0]["status"] == "completed"

    signed = client.get(f"/api/v1/credentials/{credential['id']}/open-badge/signed", headers=holder)
    assert signed.status_code == 200, signed.text
    token = signed.json()["jwt"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and set(header) <= {"alg", "typ", "jwk", "kid"}
    assert "d" not in header["jwk"]
    # verified with the key we configured, not only the one the token carries
    claims = jwt.decode(token, PUBLIC_PEM, algorithms=["RS256"])
    _assert_open_badge(claims, credential, people[7])
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"]
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert _numeric_date(claims["validFrom"]) == claims["nbf"]

    plain = client.get(f"/api/v1/credentials/{credential['id']}/open-badge", headers=holder)
    assert plain.headers["content-type"] == "application/ld+json"
    assert {key: value for key, value in claims.items() if key not in JWT_CLAIMS} == plain.json()

    tampered = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(tampered[1] + "=="))
    payload["credentialSubject"]["creditsEarned"] = 60
    tampered[1] = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    with pytest.raises(jwt.JWTError):
        jwt.decode(".".join(tampered), PUBLIC_PEM, algorithms=["RS256"])

    page = client.get(f"/api/v1/credentials/{credential['id']}/printable", headers=holder)
    assert page.headers["content-type"].startswith("text/html")
    assert "Specialist i borgerkontakt" in page.text and "Borgerservice 7" in page.text

    trail = client.get(
        "/api/v1/audit", params={"action": "credential.issued", "limit": 50}, headers=_hr(auth)
    ).json()["items"]
    assert len(trail) == 21


JWT_CLAIMS = {"iss", "jti", "nbf", "sub"}


def _numeric_date(moment: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp())


def _assert_open_badge(document: dict[str, Any], credential: dict[str, Any], person: str) -> None:
    """The required fields of an OpenBadgeCredential (OB 3.0, VC data model 2.0)."""
    assert document["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(document["type"])
    assert document["id"] == f"urn:uuid:{credential['id']}"
    assert document["name"] == "Specialist i borgerkontakt"
    assert document["validFrom"].endswith("Z")
    issuer = document["issuer"]
    assert issuer["id"].startswith("urn:uuid:") and "Profile" in issuer["type"]
    assert issuer["name"] == "Horsens"
    subject = document["credentialSubject"]
    assert "AchievementSubject" in subject["type"]
    assert subject["id"] == f"urn:uuid:{person}"
    assert subject["creditsEarned"] == 10
    achievement = subject["achievement"]
    assert "Achievement" in achievement["type"]
    assert achievement["name"] == "Specialist i borgerkontakt"
    assert achievement["description"] and achievement["criteria"]["narrative"]
    assert achievement["creditsAvailable"] == 10
    assert achievement["creator"]["name"] == AWARD["provider"]


def test_failing_a_graded_programme_earns_no_credential(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client, tenant=HORSENS, grading=Grading.pass_fail)
    client.put(f"/api/v1/programmes/{programme_id}/award", json=AWARD, headers=_hr(auth))
    cohort = create_cohort_in(client, auth, programme_id)
    passed, failed = (add_person(client, name, tenant=HORSENS) for name in ("Bestod", "Dumpede"))
    for person_id, result in ((passed, True), (failed, False)):
        enrolment = nominate(client, auth, programme_id, person_id, headers=_hr(auth))
        _approve(client, auth, enrolment["id"], cohort)
        _complete(client, auth, enrolment["id"], passed=result)
    held = client.get("/api/v1/credentials", headers=_hr(auth)).json()["items"]
    assert [item["person_id"] for item in held] == [passed]


def create_cohort_in(client: TestClient, auth: HeaderFactory, programme_id: str) -> str:
    response = client.post(
        "/api/v1/cohorts",
        json={"programme_id": programme_id, "name": "Hold", "capacity": 5},
        headers=_hr(auth),
    )
    assert response.status_code == 201, response.text
    cohort_id: str = response.json()["id"]
    return cohort_id


def test_a_credential_keeps_the_award_it_was_issued_under(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, _people = _borgerservice_completes(client, auth, count=1)
    renamed = {**AWARD, "title": "Specialist i borgerkontakt (2027)", "ects": 15}
    client.put(f"/api/v1/programmes/{programme_id}/award", json=renamed, headers=_hr(auth))
    [credential] = client.get("/api/v1/credentials", headers=_hr(auth)).json()["items"]
    assert (credential["title"], credential["ects"]) == ("Specialist i borgerkontakt", 10)
    assert (
        client.get(
            f"/api/v1/programmes/{programme_id}/award", headers=auth(HORSENS, "participant")
        ).json()["ects"]
        == 15
    )


def test_only_the_holder_their_leaders_and_hr_see_a_credential(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, _people = _borgerservice_completes(client, auth, count=2)
    [first, _second] = client.get("/api/v1/credentials", headers=_hr(auth)).json()["items"]
    url = f"/api/v1/credentials/{first['id']}"
    holder_sub = "bs0" if first["person_id"] == _people[0] else "bs1"
    other_sub = "bs1" if holder_sub == "bs0" else "bs0"
    assert client.get(url, headers=auth(HORSENS, "participant", sub=holder_sub)).status_code == 200
    assert client.get(url, headers=auth(HORSENS, "participant", sub=other_sub)).status_code == 404
    assert client.get(url, headers=auth(HEDENSTED, "hr_admin")).status_code == 404


def test_without_a_signing_key_the_signed_export_is_refused(
    client: TestClient, auth: HeaderFactory, app: Any, database: Database
) -> None:
    _programme, _people = _borgerservice_completes(client, auth, count=1)
    [credential] = client.get("/api/v1/credentials", headers=_hr(auth)).json()["items"]
    # the same runtime, as a server started without PRAKSIS_CREDENTIAL_SIGNING_KEY
    app.state.runtime = replace(app.state.runtime, settings=make_settings(database.url))
    refused = client.get(
        f"/api/v1/credentials/{credential['id']}/open-badge/signed",
        headers=auth(HORSENS, "participant", sub="bs0"),
    )
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("credential-signing-not-configured")

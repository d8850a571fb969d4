"""Revoking a credential, and what a verifier checks without an account: Horsens' HR revokes
a credential issued in error; its exports say so, its bit in the municipality's W3C Bitstring
Status List is set, and a verifier reads the list, the issuer's profile and the signing key
set without a token."""

from __future__ import annotations

import base64
import gzip
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from jose import jwt
from sqlmodel import select

from praksis.development import status_list
from praksis.development.models import Credential, CredentialStatusEntry
from praksis.settings import Settings
from tests.audit.test_audit import events
from tests.cohorts.helpers import db
from tests.conftest import HEDENSTED, HORSENS, Database, HeaderFactory, make_settings
from tests.development.test_credentials import PEM, _borgerservice_completes, _hr

REASON = "Udstedt ved en fejl: forløbet blev ikke gennemført."
PUBLIC_URL = "https://praksis.horsens.dk"


@pytest.fixture
def settings(database: Database) -> Settings:
    return make_settings(database.url, credential_signing_key=PEM, public_url=PUBLIC_URL)


def _credentials(client: TestClient, auth: HeaderFactory) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/api/v1/credentials", params={"limit": 50}, headers=_hr(auth)
    ).json()["items"]
    return items


def _revoke(client: TestClient, headers: dict[str, str], credential_id: str, body: Any) -> Any:
    return client.post(f"/api/v1/credentials/{credential_id}/revoke", json=body, headers=headers)


def _local(url: str) -> str:
    """A published URL as the test client reaches it (the same path on this server)."""
    assert url.startswith(PUBLIC_URL + "/api/v1/"), url
    return urlsplit(url).path


def _bits(encoded: str) -> bytes:
    assert encoded.startswith("u")  # multibase: base64url without padding
    padded = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    return gzip.decompress(base64.urlsafe_b64decode(padded))


def _bit(bits: bytes, index: int) -> int:
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_hr_revokes_a_credential_and_its_exports_and_the_status_list_say_so(
    client: TestClient, auth: HeaderFactory
) -> None:
    _, people = _borgerservice_completes(client, auth, count=2)
    first, second = _credentials(client, auth)
    holder = auth(HORSENS, "participant", sub="bs0" if first["person_id"] == people[0] else "bs1")
    assert first["revoked_at"] is None and first["revocation_reason"] is None

    revoked = _revoke(client, _hr(auth), first["id"], {"reason": f"  {REASON}  "})
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] is not None
    assert revoked.json()["revocation_reason"] == REASON
    seen = client.get(f"/api/v1/credentials/{first['id']}", headers=holder).json()
    assert (seen["revoked_at"], seen["revocation_reason"]) == (
        revoked.json()["revoked_at"],
        REASON,
    )
    plan = client.get("/api/v1/me/development-plan", headers=holder).json()
    assert plan["credentials"][0]["revocation_reason"] == REASON

    page = client.get(f"/api/v1/credentials/{first['id']}/printable", headers=holder).text
    assert "TILBAGEKALDT" in page and "gælder ikke længere" in page and REASON in page
    standing = client.get(f"/api/v1/credentials/{second['id']}/printable", headers=_hr(auth))
    assert "ilbagekaldt" not in standing.text

    badges = [
        client.get(f"/api/v1/credentials/{found['id']}/open-badge", headers=_hr(auth)).json()
        for found in (first, second)
    ]
    entries = [badge["credentialStatus"] for badge in badges]
    for entry in entries:
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusPurpose"] == "revocation"
        assert entry["statusListIndex"].isdigit()
        assert entry["id"] == f"{entry['statusListCredential']}#{entry['statusListIndex']}"
    assert entries[0]["statusListCredential"] == entries[1]["statusListCredential"]
    assert entries[0]["statusListIndex"] != entries[1]["statusListIndex"]

    listed = client.get(_local(entries[0]["statusListCredential"]))  # no token
    assert listed.status_code == 200, listed.text
    assert listed.headers["content-type"] == "application/ld+json"
    document = listed.json()
    assert document["id"] == entries[0]["statusListCredential"]
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == badges[0]["issuer"]["id"]
    subject = document["credentialSubject"]
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    bits = _bits(subject["encodedList"])
    assert len(bits) * 8 >= 131_072
    assert [_bit(bits, int(entry["statusListIndex"])) for entry in entries] == [1, 0]
    assert sum(bin(byte).count("1") for byte in bits) == 1

    (event,) = events(client, auth, HORSENS, action="credential.revoked")
    assert event["object_id"] == first["id"] and event["object_type"] == "credential"
    assert event["before"] == {"revoked_at": None}
    assert event["after"]["revocation_reason"] == "(not kept)"
    assert event["after"]["revoked_at"] is not None


def test_a_second_revocation_is_refused_and_changes_nothing(
    client: TestClient, auth: HeaderFactory
) -> None:
    _borgerservice_completes(client, auth, count=1)
    [credential] = _credentials(client, auth)
    first = _revoke(client, _hr(auth), credential["id"], {"reason": REASON})
    assert first.status_code == 200, first.text
    again = _revoke(client, _hr(auth), credential["id"], {"reason": "En anden grund"})
    assert again.status_code == 409, again.text
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["type"].endswith("credential-already-revoked")
    [after] = _credentials(client, auth)
    assert (after["revoked_at"], after["revocation_reason"]) == (
        first.json()["revoked_at"],
        REASON,
    )
    assert len(events(client, auth, HORSENS, action="credential.revoked")) == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"reason": ""},
        {"reason": "   "},
        {"reason": "x" * 501},
        {"reason": "Fejl\x00"},
        {"reason": "To\nlinjer"},
        {"reason": None},
        {"reason": REASON, "revoked_at": "2026-01-01T00:00:00Z"},
    ],
)
def test_a_bad_reason_is_refused_and_changes_nothing(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any]
) -> None:
    _borgerservice_completes(client, auth, count=1)
    [credential] = _credentials(client, auth)
    refused = _revoke(client, _hr(auth), credential["id"], body)
    assert refused.status_code == 422, refused.text
    assert _credentials(client, auth)[0]["revoked_at"] is None
    assert events(client, auth, HORSENS, action="credential.revoked") == []


def test_only_hr_revokes(client: TestClient, auth: HeaderFactory) -> None:
    _borgerservice_completes(client, auth, count=1)
    [credential] = _credentials(client, auth)
    for headers in (
        auth(HORSENS, "participant", sub="bs0"),  # the holder
        auth(HORSENS, "leader", "facilitator"),
    ):
        refused = _revoke(client, headers, credential["id"], {"reason": REASON})
        assert refused.status_code == 403, refused.text
    foreign = _revoke(client, auth(HEDENSTED, "hr_admin"), credential["id"], {"reason": REASON})
    assert foreign.status_code == 404
    assert _credentials(client, auth)[0]["revoked_at"] is None


def test_the_signed_badge_and_status_list_verify_against_the_published_key_set(
    client: TestClient, auth: HeaderFactory
) -> None:
    _borgerservice_completes(client, auth, count=1)
    [credential] = _credentials(client, auth)
    _revoke(client, _hr(auth), credential["id"], {"reason": REASON})
    key_set = client.get("/api/v1/credential-keys")  # no token
    assert key_set.status_code == 200, key_set.text
    [key] = key_set.json()["keys"]
    assert {key["kty"], key["use"], key["alg"]} == {"RSA", "sig", "RS256"}
    assert "d" not in key

    signed_badge = client.get(
        f"/api/v1/credentials/{credential['id']}/open-badge/signed", headers=_hr(auth)
    ).json()["jwt"]
    assert jwt.get_unverified_header(signed_badge)["kid"] == key["kid"]
    badge = jwt.decode(signed_badge, key, algorithms=["RS256"])
    list_url = badge["credentialStatus"]["statusListCredential"]

    signed_list = client.get(_local(list_url) + "/signed")
    assert signed_list.status_code == 200, signed_list.text
    token = signed_list.json()["jwt"]
    assert jwt.get_unverified_header(token)["kid"] == key["kid"]
    claims = jwt.decode(token, key, algorithms=["RS256"])
    assert claims["iss"] == claims["issuer"] == badge["iss"]
    assert claims["jti"] == claims["id"] == list_url
    bits = _bits(claims["credentialSubject"]["encodedList"])
    assert _bit(bits, int(badge["credentialStatus"]["statusListIndex"])) == 1


def test_the_issuer_profile_is_the_issuer_the_badges_name(
    client: TestClient, auth: HeaderFactory
) -> None:
    _borgerservice_completes(client, auth, count=1)
    [credential] = _credentials(client, auth)
    badge = client.get(
        f"/api/v1/credentials/{credential['id']}/open-badge", headers=_hr(auth)
    ).json()
    profile = client.get(f"/api/v1/issuers/{HORSENS}")  # no token
    assert profile.status_code == 200, profile.text
    assert (
        profile.json()
        == badge["issuer"]
        == {
            "id": badge["issuer"]["id"],
            "type": ["Profile"],
            "name": "Horsens",
        }
    )
    assert badge["credentialStatus"]["statusListCredential"] == (
        f"{PUBLIC_URL}/api/v1/issuers/{HORSENS}/status-list"
    )


def test_a_municipality_without_credentials_publishes_an_empty_list_and_an_unknown_one_none(
    client: TestClient,
) -> None:
    empty = client.get(f"/api/v1/issuers/{HEDENSTED}/status-list")
    assert empty.status_code == 200, empty.text
    assert empty.headers["cache-control"] == "public, max-age=300"
    bits = _bits(empty.json()["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == 131_072 and not any(bits)
    for path in ("", "/status-list", "/status-list/signed"):
        unknown = client.get(f"/api/v1/issuers/dk-9999{path}")
        assert unknown.status_code == 404, (path, unknown.text)
        assert unknown.headers["content-type"] == "application/problem+json"
    assert client.get("/api/v1/issuers/not-a-municipality/status-list").status_code == 422


def test_without_a_signing_key_there_is_no_key_set_and_no_signed_list(
    client: TestClient, app: Any, database: Database
) -> None:
    app.state.runtime = replace(app.state.runtime, settings=make_settings(database.url))
    keys = client.get("/api/v1/credential-keys")
    assert keys.status_code == 404
    assert keys.headers["content-type"] == "application/problem+json"
    signed = client.get(f"/api/v1/issuers/{HORSENS}/status-list/signed")
    assert signed.status_code == 409
    assert signed.json()["type"].endswith("credential-signing-not-configured")


def test_places_are_unique_and_a_drawn_place_already_taken_is_drawn_again(
    client: TestClient, auth: HeaderFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter([7, 7, 7, 9])
    monkeypatch.setattr(status_list, "random_index", lambda _length: next(draws))
    _borgerservice_completes(client, auth, count=2)
    with db(client, HORSENS) as session:
        places = session.exec(select(Credential.status_list_index)).all()
        entries = session.exec(select(CredentialStatusEntry.status_list_index)).all()
    assert sorted(places) == sorted(entries) == [7, 9]


def test_an_erased_holders_revoked_credential_stays_revoked_in_the_list(
    client: TestClient, auth: HeaderFactory
) -> None:
    _, people = _borgerservice_completes(client, auth, count=1)
    [credential] = _credentials(client, auth)
    badge = client.get(
        f"/api/v1/credentials/{credential['id']}/open-badge", headers=_hr(auth)
    ).json()
    _revoke(client, _hr(auth), credential["id"], {"reason": REASON})
    erased = client.post(f"/api/v1/people/{people[0]}/erase", headers=_hr(auth))
    assert erased.status_code == 200, erased.text
    assert _credentials(client, auth) == []
    listed = client.get(_local(badge["credentialStatus"]["statusListCredential"])).json()
    bits = _bits(listed["credentialSubject"]["encodedList"])
    assert _bit(bits, int(badge["credentialStatus"]["statusListIndex"])) == 1

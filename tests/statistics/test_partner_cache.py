"""The partner view's cached answer is always the answer a fresh computation gives.

KL's offering "Pilot" (Hedensted, Horsens): Hedensted arranged as in the partner statistics
tests; Horsens runs a programme linked to the offering through the API, whose nominations,
decisions and completions change the aggregates between requests. "Fresh" is the answer
with the cache emptied first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.kit.db import PartnerSession
from praksis.settings import Settings
from praksis.statistics.partner_service import (
    RESPONSE_CACHE,
    ResponseCache,
    _read_cells,
    fingerprint_of,
    stored_fingerprint,
)
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.statistics.partner_arrangement import arrange_cell, create_offering
from tests.statistics.settling import assert_fresh, settle_statistics
from tests.statistics.test_partner_statistics import HEDENSTED_SPEC

URL = "/api/v1/statistics/partner"
AS_OF = re.compile(rb'\{"as_of":"([^"]+)",(.*)', re.DOTALL)
API = "/api/v1"
JUSTIFICATION = "Teamet skal samskabe løsninger med borgerne i den daglige praksis."


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    RESPONSE_CACHE.clear()
    yield
    RESPONSE_CACHE.clear()


def partner(auth: HeaderFactory, name: str = "kl") -> dict[str, str]:
    return auth(None, "partner", partner=name, sub=f"{name}-statistik")


def served(client: TestClient, headers: dict[str, str], **params: str) -> bytes:
    settle_statistics(client)
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    as_of, figures = AS_OF.fullmatch(response.content).groups()  # type: ignore[union-attr]
    assert_fresh(as_of.decode())
    return b"{" + figures


def fresh(client: TestClient, headers: dict[str, str], **params: str) -> bytes:
    RESPONSE_CACHE.clear()
    return served(client, headers, **params)


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def created(client: TestClient, headers: dict[str, str], resource: str, **body: Any) -> str:
    response = client.post(f"{API}/{resource}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    new_id: str = response.json()["id"]
    return new_id


def nominate_in_horsens(client: TestClient, auth: HeaderFactory, offering: str) -> list[str]:
    """A Horsens programme linked to the offering, with six people nominated (API only)."""
    hr = auth(HORSENS, "hr_admin", sub="horsens-hr")
    task = created(client, hr, "kerneopgaver", title="Borgerkontakt", citizen_outcome="Svar.")
    programme = created(
        client,
        hr,
        "programmes",
        title="Pilot i Horsens",
        kind="udviklingsforloeb",
        starts_on="2025-01-06",
        ends_on="2025-03-31",
        kerneopgave_ids=[task],
        offering_id=offering,
        modules=[{"title": "Modul 1"}],
    )
    ok(client.patch(f"{API}/programmes/{programme}", json={"status": "open"}, headers=hr))
    cohort = created(client, hr, "cohorts", programme_id=programme, name="Hold 1", capacity=20)
    return [
        created(
            client,
            hr,
            "enrolments",
            programme_id=programme,
            cohort_id=cohort,
            person_id=created(client, hr, "people", name=f"D {n}", email=f"d{n}@horsens.dk"),
            justification=JUSTIFICATION,
        )
        for n in range(1, 7)
    ]


def test_the_cached_answer_follows_every_write_and_equals_a_fresh_one(
    client: TestClient, auth: HeaderFactory
) -> None:
    kl = partner(auth)
    offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED, HORSENS])
    arrange_cell(client, HEDENSTED, offering, HEDENSTED_SPEC)
    before = served(client, kl)
    hits = RESPONSE_CACHE.hits
    assert served(client, kl) == before
    assert RESPONSE_CACHE.hits == hits + 1  # the second answer came from the cache

    hr = auth(HORSENS, "hr_admin", sub="horsens-hr")
    enrolments = nominate_in_horsens(client, auth, offering)
    nominated = served(client, kl)
    assert nominated != before
    assert nominated == fresh(client, kl)

    for enrolment in enrolments[:5]:
        ok(client.post(f"{API}/enrolments/{enrolment}/approve", json={}, headers=hr))
    # (the published figures may or may not move: the noise is new, and may land alike)
    approved = served(client, kl)
    assert approved == fresh(client, kl)
    assert served(client, kl) == approved

    ok(client.post(f"{API}/enrolments/{enrolments[0]}/withdraw", json={}, headers=hr))
    withdrawn = served(client, kl)
    assert withdrawn == fresh(client, kl)
    assert served(client, kl, offering_id=offering) == fresh(client, kl, offering_id=offering)


def test_a_partners_cached_answer_never_answers_another_partner(
    client: TestClient, auth: HeaderFactory
) -> None:
    # Two partners with no offerings: everything but the partner itself is the same.
    ks, other = served(client, partner(auth, "ks")), served(client, partner(auth, "ks-nord"))
    assert b'"partner":"ks"' in ks and b'"partner":"ks-nord"' in other
    assert served(client, partner(auth, "ks")) == ks

    offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED, HORSENS])
    arrange_cell(client, HEDENSTED, offering, HEDENSTED_SPEC)
    create_offering(client, auth, "hk", "Fagprofil", [HEDENSTED])
    kl, hk = served(client, partner(auth)), served(client, partner(auth, "hk"))
    assert kl != hk
    assert hk == fresh(client, partner(auth, "hk"))
    assert served(client, partner(auth)) == kl == fresh(client, partner(auth))


@pytest.mark.postgres_only
def test_the_database_computes_the_same_fingerprint_as_python(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED, HORSENS])
    arrange_cell(client, HEDENSTED, offering, HEDENSTED_SPEC)
    nominate_in_horsens(client, auth, offering)
    settle_statistics(client)  # no fold between reading the cells and the fingerprint
    for name in ("kl", "hk"):
        session = PartnerSession(engine, name, settings.app_db_role)
        try:
            cells = _read_cells(session, name)
            stored = session.execute(stored_fingerprint(name)).scalar_one()
        finally:
            session.close()
        # Else every request would read the rows again (still correct, but no faster).
        assert stored == fingerprint_of(cells)
        assert len(cells) == (2 if name == "kl" else 0)


def test_the_cache_keeps_the_most_recently_used_answers() -> None:
    cache = ResponseCache(max_entries=2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"
    cache.put("c", b"3")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"1", None, b"3")
    assert (len(cache), cache.hits, cache.misses) == (2, 3, 1)

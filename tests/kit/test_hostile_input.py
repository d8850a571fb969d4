"""Hostile input answers 4xx problem+json, never 500: cursors, days, moments, token claims.

Each named case once answered 500 (PostgreSQL refusing NUL or an out-of-range integer, date
arithmetic leaving years 1-9999, a time without offset reaching the database). The property
tests fuzz cursors and the text claims of correctly signed tokens, so the next such case is
found by the suite; they run on SQLite and PostgreSQL with a fixed seed.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jose import jwt

from praksis.settings import DEFAULT_AUDIENCE, DEV_ISSUER
from tests.conftest import HEDENSTED, TEST_SECRET, HeaderFactory
from tests.kit.test_conventions import assert_problem

# One list per kind of cursor column: (integer, uuid), (moment, uuid), (text, uuid), (uuid).
LISTS = ["/api/v1/kerneopgaver", "/api/v1/workshops", "/api/v1/people", "/api/v1/enrolments"]
SOME_ID = "0190b7d6-0000-7000-8000-000000000000"
PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def cursor_of(values: Any) -> str:
    """A cursor as the server writes one, around any JSON (``json``: ints beyond 64 bits)."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def assert_invalid(response: Any, location: str) -> None:
    problem = assert_problem(response, 422)
    assert location in [error["location"] for error in problem["errors"]], problem


# --- cursors ---------------------------------------------------------------------------------

KERNEOPGAVER, WORKSHOPS, PEOPLE, ENROLMENTS = LISTS
ANY_CURSOR = {
    "nul": "\x00",
    "nul inside": "WzEs\x00IjAxOTBiN2Q2In0",
    "padding": cursor_of([1, SOME_ID]) + "==",
    "standard base64": "+/+/",
    "not json": base64.urlsafe_b64encode(b"\xff\xfe\x00").decode().rstrip("="),
    "object": cursor_of({"position": 1}),
    "too many values": cursor_of([1, SOME_ID, 3]),
    "huge": cursor_of(["x" * 5000, SOME_ID]),
}
# A value its column cannot take, on the list ordered by that column.
TYPED_CURSOR = {
    "integer beyond INTEGER": (KERNEOPGAVER, cursor_of([2**31, SOME_ID])),
    "integer beyond BIGINT": (KERNEOPGAVER, cursor_of([2**63, SOME_ID])),
    "integer beyond 64 bits": (KERNEOPGAVER, cursor_of([2**70, SOME_ID])),
    "time without offset": (WORKSHOPS, cursor_of(["2026-03-05T09:00:00", SOME_ID])),
    "year 1 with offset": (WORKSHOPS, cursor_of(["0001-01-01T00:00:00+05:00", SOME_ID])),
    "year 9999 with offset": (WORKSHOPS, cursor_of(["9999-12-31T23:59:59-05:00", SOME_ID])),
    "nul in text": (PEOPLE, cursor_of(["a\x00", SOME_ID])),
    "nul in id": (ENROLMENTS, cursor_of(["\x00"])),
}


def assert_every_cursor_refused(
    client: TestClient, auth: HeaderFactory, cases: dict[str, tuple[str, str]]
) -> None:
    for case, (url, cursor) in cases.items():
        response = client.get(url, params={"cursor": cursor}, headers=auth())
        assert response.status_code == 422, f"{case}: {response.text}"
        assert_invalid(response, "query.cursor")


@pytest.mark.parametrize("url", LISTS)
def test_malformed_cursor_is_refused_naming_the_cursor(
    client: TestClient, auth: HeaderFactory, url: str
) -> None:
    assert_every_cursor_refused(client, auth, {k: (url, c) for k, c in ANY_CURSOR.items()})
    raw = client.get(f"{url}?cursor=%FF%00%C3", headers=auth())
    assert_invalid(raw, "query.cursor")


def test_cursor_value_its_column_cannot_take_is_refused(
    client: TestClient, auth: HeaderFactory
) -> None:
    assert_every_cursor_refused(client, auth, TYPED_CURSOR)


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.floats(allow_nan=False),
        *COLUMN_VALUES.values(),
    )
    return st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner)
    )


# What a cursor slot of each column type may be given: its own type at any value (years 1
# to 9999, with or without offset; integers beyond every column; text with NUL).
COLUMN_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "integer": st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from([2**31 - 1, 2**31, -(2**31) - 1, 2**63, 2**64]),
    ),
    "moment": st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(
        lambda moment: moment.isoformat()
    ),
    "text": st.one_of(st.text(max_size=40), st.text(st.sampled_from("\x00aø"), max_size=5)),
    "uuid": st.uuids().map(str),
}
LIST_COLUMNS = {
    KERNEOPGAVER: ["integer", "uuid"],
    WORKSHOPS: ["moment", "uuid"],
    PEOPLE: ["text", "uuid"],
    ENROLMENTS: ["uuid"],
}


def cursors(url: str) -> st.SearchStrategy[str]:
    """Mostly a cursor of the list's shape with a hostile value in a slot; else anything."""
    slots = [
        st.one_of(COLUMN_VALUES[kind], COLUMN_VALUES[kind], json_values())
        for kind in LIST_COLUMNS[url]
    ]
    shaped = st.tuples(*slots).map(lambda values: cursor_of(list(values)))
    anything = st.one_of(
        json_values().map(cursor_of),
        st.binary(max_size=64).map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
        st.text(max_size=80),
    )
    return st.one_of(shaped, shaped, anything)


@pytest.mark.parametrize("url", LISTS)
@given(data=st.data())
@PROPERTY_SETTINGS
def test_no_cursor_makes_a_list_fail(
    client: TestClient, auth: HeaderFactory, url: str, data: st.DataObject
) -> None:
    cursor = data.draw(cursors(url))
    response = client.get(url, params={"cursor": cursor}, headers=auth())
    if response.status_code != 200:
        assert_invalid(response, "query.cursor")


@given(url=st.sampled_from(LISTS), raw=st.binary(min_size=1, max_size=64))
@PROPERTY_SETTINGS
def test_no_raw_query_bytes_make_a_list_fail(
    client: TestClient, auth: HeaderFactory, url: str, raw: bytes
) -> None:
    response = client.get(f"{url}?cursor={quote_from_bytes(raw)}", headers=auth())
    if response.status_code != 200:
        assert_invalid(response, "query.cursor")


# --- days and moments ------------------------------------------------------------------------

STATISTICS = "/api/v1/statistics/municipality"


def test_statistics_period_outside_the_years_1900_to_2200_is_refused(
    client: TestClient, auth: HeaderFactory
) -> None:
    for parameter, day in [
        ("from", "0001-01-01"),
        ("to", "9999-12-31"),
        ("from", "1899-12-31"),
        ("to", "2201-01-01"),
    ]:
        response = client.get(STATISTICS, params={parameter: day}, headers=auth())
        assert_invalid(response, f"query.{parameter}")


def test_statistics_period_from_1900_to_2200_is_answered(
    client: TestClient, auth: HeaderFactory
) -> None:
    response = client.get(
        STATISTICS, params={"from": "1900-01-01", "to": "2200-12-31"}, headers=auth()
    )
    assert response.status_code == 200, response.text


def test_workshop_window_without_offset_or_out_of_range_is_refused(
    client: TestClient, auth: HeaderFactory
) -> None:
    for parameter in ["from", "to"]:
        for moment in [
            "2026-03-05T09:00:00",
            "9999-12-31T23:59:59-05:00",
            "0001-01-01T00:00:00+05:00",
        ]:
            response = client.get("/api/v1/workshops", params={parameter: moment}, headers=auth())
            assert_invalid(response, f"query.{parameter}")


def test_programme_day_outside_the_years_1900_to_2200_or_not_iso_is_refused(
    client: TestClient, auth: HeaderFactory
) -> None:
    for field in ["starts_on", "ends_on"]:
        for day in ["0001-01-01", "9999-12-31", 20260305]:
            body = {"title": "Ledelse af kerneopgaven", "kind": "kursus", field: day}
            response = client.post("/api/v1/programmes", json=body, headers=auth())
            assert_invalid(response, f"body.{field}")


def test_an_integer_beyond_its_column_is_refused_naming_the_field(
    client: TestClient, auth: HeaderFactory
) -> None:
    body = {"title": "Læring", "citizen_outcome": "Borgeren lærer.", "position": 2**31}
    response = client.post("/api/v1/kerneopgaver", json=body, headers=auth())
    assert_invalid(response, "body.position")


# --- token claims ----------------------------------------------------------------------------

# What a claim may not hold: C0 and C1 controls (NUL among them) and lone surrogates.
UNPRINTABLE = {chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]}


def printable(text: str) -> bool:
    return not any(char in UNPRINTABLE or 0xD800 <= ord(char) <= 0xDFFF for char in text)


def claim_texts(max_size: int) -> st.SearchStrategy[str]:
    characters = st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x1f", "\x7f", "\x85", "\ud800", " ", "ø"]),
    )
    return st.text(characters, max_size=max_size)


def sign(**claims: Any) -> dict[str, str]:
    now = int(time.time())
    payload = {
        "iss": DEV_ISSUER,
        "aud": DEFAULT_AUDIENCE,
        "iat": now,
        "exp": now + 600,
        "roles": ["participant"],
        "tenant": HEDENSTED,
        **{name: value for name, value in claims.items() if value is not None},
    }
    return {"Authorization": f"Bearer {jwt.encode(payload, TEST_SECRET, algorithm='HS256')}"}


@given(
    sub=st.one_of(claim_texts(260), st.text(st.sampled_from("aø "), min_size=195, max_size=260)),
    name=st.one_of(st.none(), st.integers(), claim_texts(260)),
    email=st.one_of(st.none(), claim_texts(60)),
)
@PROPERTY_SETTINGS
def test_signed_claims_of_any_text_sign_in_or_are_refused_with_401(
    client: TestClient, sub: str, name: object, email: str | None
) -> None:
    texts = [sub, *(value for value in (name, email) if isinstance(value, str))]
    acceptable = 0 < len(sub) <= 255 and all(printable(text) for text in texts)
    response = client.get("/api/v1/me", headers=sign(sub=sub, name=name, email=email))
    if acceptable:
        assert response.status_code == 200, response.text
        assert response.json()["subject"] == sub
    else:
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'

"""The personal calendar feed: a secret URL a calendar app subscribes to without a token."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.kit.db import system_session
from praksis.kit.idempotency import IdempotencyRecord
from praksis.workshops.models import CalendarFeed
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.workshops.helpers import (
    WORKSHOPS,
    Arrange,
    Programme2Modules,
    create_workshop,
    events,
    hr,
    parse_line,
    unescape,
    unfold,
)

FEED = "/api/v1/calendar/feed"


def subscribe(client: TestClient, headers: dict[str, str]) -> str:
    response = client.post(FEED, headers=headers)
    assert response.status_code == 201, response.text
    url: str = response.json()["url"]
    return url


def fetch(client: TestClient, url: str) -> str:
    """As a calendar app does: no Authorization header at all."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return response.content.decode("utf-8")


def assert_not_found(response: Any) -> dict[str, Any]:
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    return problem


@pytest.fixture
def plan(arrange: Arrange) -> Programme2Modules:
    plan = arrange.hedensted_programme(participants=0)
    arrange.participant(plan, sub="anne", name="Anne Ærø")
    arrange.participant(plan, sub="bo", name="Bo Østergaard")
    return plan


def anne(auth: HeaderFactory) -> dict[str, str]:
    return auth(HEDENSTED, "participant", sub="anne")


# --- the public feed -------------------------------------------------------------------------


def test_calendar_feed_needs_no_token_and_lists_only_my_workshops(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, plan: Programme2Modules
) -> None:
    other_cohort = arrange.second_cohort(plan)
    arrange.participant(plan, sub="carl", cohort_id=other_cohort, name="Carl Hemmelig")
    mine = [
        create_workshop(
            client, auth, plan, facilitator_ids=[str(arrange.person(name="Facilitator Fie"))]
        ),
        create_workshop(
            client,
            auth,
            plan,
            module_id=str(plan.module_ids[1]),
            title="Workshop 2: Designe",
            starts_at="2026-09-03T09:00:00+02:00",
            ends_at="2026-09-03T15:00:00+02:00",
        ),
    ]
    not_mine = create_workshop(client, auth, plan, cohort_id=str(other_cohort))
    anne_id = plan.participant_ids[0]
    client.put(
        f"{WORKSHOPS}/{mine[0]['id']}/attendance",
        json={"records": [{"person_id": str(anne_id), "status": "excused"}]},
        headers=hr(auth),
    )
    url = subscribe(client, anne(auth))
    assert url.startswith(f"/api/v1/calendar/{HEDENSTED}.") and url.endswith(".ics")
    ics = fetch(client, url)
    found = events(ics)
    assert [event["UID"].value for event in found] == [f"{w['id']}@praksis" for w in mine]
    assert not_mine["id"] not in ics
    # nothing about other people or attendance
    for secret in (
        "Bo Østergaard",
        "Carl Hemmelig",
        "Facilitator Fie",
        "Anne",
        "excused",
        "ATTENDEE",
    ):
        assert secret not in ics
    assert "ORGANIZER" not in ics


def test_a_facilitator_s_feed_lists_the_workshops_they_facilitate(
    client: TestClient, auth: HeaderFactory, arrange: Arrange, plan: Programme2Modules
) -> None:
    named = arrange.person(sub="fie")
    lead = arrange.person(sub="lars")
    second = arrange.second_cohort(plan)
    arrange.cohort_facilitator(second, lead)
    named_workshop = create_workshop(client, auth, plan, facilitator_ids=[str(named)])
    cohort_workshop = create_workshop(client, auth, plan, cohort_id=str(second))
    for sub, expected in (("fie", named_workshop), ("lars", cohort_workshop)):
        url = subscribe(client, auth(HEDENSTED, "facilitator", sub=sub))
        assert [e["UID"].value for e in events(fetch(client, url))] == [f"{expected['id']}@praksis"]


def test_ics_follows_rfc_5545_with_the_municipalitys_time_zone(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    workshop = create_workshop(
        client,
        auth,
        plan,
        title="Workshop 1: Udforske og forstå borgerens reelle behov; \\ med borgere, pårørende",
        location="Rådhuset, Niels Gyldings Vej 2, 8783 Hornsyld",
        description="Mød borgerne i samarbejdsrummet.\nMedbring jeres prøvehandling.",
        themes=["Samskabelse", "Den svære samtale"],
    )
    ics = fetch(client, subscribe(client, anne(auth)))
    raw_lines = ics.split("\r\n")
    assert raw_lines[-1] == "" and all("\n" not in line for line in raw_lines)
    assert all(len(line.encode()) <= 75 for line in raw_lines)
    lines = unfold(ics)
    head = [line for line in lines[:12] if not line.startswith(("BEGIN:VT", "TZ"))]
    assert head[:8] == [
        "BEGIN:VCALENDAR",
        "PRODID:-//Praksis//Praksis workshops 1.0//DA",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Praksis – Hedensted",
        "X-WR-TIMEZONE:Europe/Copenhagen",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    ]
    assert lines[-1] == "END:VCALENDAR"
    timezone = lines[lines.index("BEGIN:VTIMEZONE") : lines.index("END:VTIMEZONE") + 1]
    assert "TZID:Europe/Copenhagen" in timezone
    daylight = timezone[timezone.index("BEGIN:DAYLIGHT") : timezone.index("END:DAYLIGHT")]
    standard = timezone[timezone.index("BEGIN:STANDARD") : timezone.index("END:STANDARD")]
    assert {"TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST"} <= set(daylight)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in daylight
    assert {"TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET"} <= set(standard)
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in standard
    [event] = events(ics)
    assert event["UID"].value == f"{workshop['id']}@praksis"
    assert (event["DTSTART"].params, event["DTSTART"].value) == (
        {"TZID": "Europe/Copenhagen"},
        "20260305T090000",
    )
    assert event["DTEND"].value == "20260305T150000"
    assert event["DTSTAMP"].value.endswith("Z") and len(event["DTSTAMP"].value) == 16
    assert event["LAST-MODIFIED"].value.endswith("Z")
    assert event["SUMMARY"].value == (
        "Workshop 1: Udforske og forstå borgerens reelle behov\\; \\\\ med borgere\\, pårørende"
    )
    assert unescape(event["SUMMARY"].value) == workshop["title"]
    assert unescape(event["LOCATION"].value) == workshop["location"]
    assert unescape(event["DESCRIPTION"].value) == (
        "Mød borgerne i samarbejdsrummet.\nMedbring jeres prøvehandling.\n\n"
        "Temaer: Samskabelse, Den svære samtale"
    )
    assert (event["SEQUENCE"].value, event["STATUS"].value) == ("0", "CONFIRMED")


def test_summer_workshops_keep_local_wall_clock_time(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    create_workshop(
        client, auth, plan, starts_at="2026-06-11T07:00:00Z", ends_at="2026-06-11T13:00:00Z"
    )
    [event] = events(fetch(client, subscribe(client, anne(auth))))
    assert (
        parse_line("DTSTART;TZID=Europe/Copenhagen:20260611T090000").value == event["DTSTART"].value
    )


def test_cancelled_workshop_appears_cancelled_with_higher_sequence(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    workshop = create_workshop(client, auth, plan)
    url = subscribe(client, anne(auth))
    [before] = events(fetch(client, url))
    moved = client.patch(
        f"{WORKSHOPS}/{workshop['id']}",
        json={"starts_at": "2026-03-05T10:00:00+01:00", "location": "Glad Fonden"},
        headers=hr(auth),
    )
    assert moved.status_code == 200, moved.text
    [after_move] = events(fetch(client, url))
    assert client.delete(f"{WORKSHOPS}/{workshop['id']}", headers=hr(auth)).status_code == 204
    [after_cancel] = events(fetch(client, url))
    assert before["UID"].value == after_move["UID"].value == after_cancel["UID"].value
    assert [e["SEQUENCE"].value for e in (before, after_move, after_cancel)] == ["0", "1", "2"]
    assert [e["STATUS"].value for e in (before, after_move, after_cancel)] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert after_move["DTSTART"].value == "20260305T100000"
    assert after_move["LOCATION"].value == "Glad Fonden"
    assert after_cancel["LAST-MODIFIED"].value >= before["LAST-MODIFIED"].value


def test_oslo_feed_uses_oslo_time(
    client: TestClient, auth: HeaderFactory, engine: Any, settings: Any, arrange: Arrange
) -> None:
    oslo = Arrange(engine, settings, tenant="no-0301")
    kull = oslo.hedensted_programme(participants=0, cohort_name="Kull 1")
    oslo.participant(kull, sub="kari")
    headers = auth("no-0301", "hr_admin")
    body = {
        "module_id": str(kull.module_ids[0]),
        "cohort_id": str(kull.cohort_id),
        "title": "Samling i Bærum",
        "starts_at": "2026-11-26T09:00:00+01:00",
        "ends_at": "2026-11-26T12:00:00+01:00",
    }
    assert client.post(WORKSHOPS, json=body, headers=headers).status_code == 201
    url = subscribe(client, auth("no-0301", "participant", sub="kari"))
    assert url.startswith("/api/v1/calendar/no-0301.")
    ics = fetch(client, url)
    assert "X-WR-TIMEZONE:Europe/Oslo" in unfold(ics)
    assert "TZID:Europe/Oslo" in unfold(ics)
    [event] = events(ics)
    assert event["DTSTART"].params == {"TZID": "Europe/Oslo"}
    assert event["SUMMARY"].value == "Samling i Bærum"


# --- the secret ------------------------------------------------------------------------------


def test_the_url_is_shown_once_and_only_its_hash_is_stored(
    client: TestClient, auth: HeaderFactory, engine: Engine, plan: Programme2Modules
) -> None:
    assert client.get(FEED, headers=anne(auth)).json() == {"active": False, "created_at": None}
    headers = {**anne(auth), "Idempotency-Key": "kalender-1"}
    response = client.post(FEED, headers=headers)
    assert response.status_code == 201
    url = response.json()["url"]
    secret = url.removesuffix(".ics").split(".", 1)[1]
    assert len(secret) == 43  # 32 random bytes, urlsafe base64
    status = client.get(FEED, headers=anne(auth))
    assert status.json() == {"active": True, "created_at": response.json()["created_at"]}
    assert secret not in status.text
    with system_session(engine) as session:
        [feed] = session.exec(select(CalendarFeed)).all()
        kept = session.exec(select(IdempotencyRecord)).all()
    assert feed.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret.encode() not in record.response_body for record in kept)
    assert feed.person_id == plan.participant_ids[0]


def test_creating_a_new_url_stops_the_old_one(
    client: TestClient, auth: HeaderFactory, engine: Engine, plan: Programme2Modules
) -> None:
    create_workshop(client, auth, plan)
    old = subscribe(client, anne(auth))
    new = subscribe(client, anne(auth))
    assert old != new
    assert_not_found(client.get(old))
    fetch(client, new)
    with system_session(engine) as session:
        assert len(session.exec(select(CalendarFeed)).all()) == 1


def test_revoked_calendar_feed_answers_404(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    create_workshop(client, auth, plan)
    url = subscribe(client, anne(auth))
    fetch(client, url)
    response = client.delete(FEED, headers=anne(auth))
    assert response.status_code == 204
    revoked = assert_not_found(client.get(url))
    never = assert_not_found(client.get(f"/api/v1/calendar/{HEDENSTED}.{'A' * 43}.ics"))
    assert (revoked["title"], revoked["detail"]) == (never["title"], never["detail"])
    assert client.get(FEED, headers=anne(auth)).json() == {"active": False, "created_at": None}
    assert client.delete(FEED, headers=anne(auth)).status_code == 204  # already gone: fine


def test_calendar_feed_for_another_municipality_token_prefix_is_404(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    create_workshop(client, auth, plan)
    url = subscribe(client, anne(auth))
    secret = url.removesuffix(".ics").split(".", 1)[1]
    fetch(client, url)
    expected = assert_not_found(client.get(f"/api/v1/calendar/{HEDENSTED}.{'B' * 43}.ics"))
    for token in (
        f"{HORSENS}.{secret}",
        f"no-0301.{secret}",
        f"dk-9999.{secret}",
        f"DK-0766.{secret}",
        secret,
        f"{HEDENSTED}.{secret}x",
        f"{HEDENSTED}.{secret[:-1]}",
        f"{HEDENSTED}.{secret}.{secret}",
        f"{HEDENSTED}..",
        f"{HEDENSTED}.{'ø' * 43}",
        "x" * 5000,
    ):
        problem = assert_not_found(client.get(f"/api/v1/calendar/{token}.ics"))
        assert (problem["title"], problem["detail"]) == (expected["title"], expected["detail"])


def test_a_bearer_token_does_not_open_someone_elses_feed(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    url = subscribe(client, anne(auth))
    subscribe(client, auth(HEDENSTED, "participant", sub="bo"))
    response = client.get(url, headers=auth(HEDENSTED, "participant", sub="bo"))
    assert response.status_code == 200  # the secret decides, not the caller
    assert_not_found(client.get(f"/api/v1/calendar/{HEDENSTED}.{'C' * 43}.ics", headers=hr(auth)))


def test_managing_a_feed_needs_a_municipal_token(client: TestClient, auth: HeaderFactory) -> None:
    assert client.post(FEED).status_code == 401
    assert client.get(FEED).status_code == 401
    partner = auth(None, "partner", partner="kl", sub="kl-analyst")
    assert client.post(FEED, headers=partner).status_code == 403
    intranet = auth(HEDENSTED, "integration", scope="workshops:read", sub="intranet")
    assert client.post(FEED, headers=intranet).status_code == 403


def test_every_municipal_role_may_have_a_feed(
    client: TestClient, auth: HeaderFactory, plan: Programme2Modules
) -> None:
    for role in ("participant", "leader", "facilitator", "hr_admin"):
        url = subscribe(client, auth(HEDENSTED, role, sub=f"{role}-med-kalender"))
        assert "BEGIN:VCALENDAR" in fetch(client, url)

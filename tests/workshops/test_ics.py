"""Unit tests of the hand-written iCalendar (praksis.workshops.calendar); no database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from praksis.workshops.calendar import (
    CalendarEvent,
    escape_text,
    eu_summer_time_rules,
    event_uid,
    fold_line,
    render_calendar,
)
from tests.workshops.helpers import events, unescape, unfold

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def event(**changes: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": event_uid(uuid.UUID("0b5f8d1c-2a3e-4f6a-9b7c-8d9e0f1a2b3c")),
        "starts_at": datetime(2026, 3, 5, 8, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 3, 5, 14, 0, tzinfo=UTC),
        "summary": "Workshop 1",
        "location": "",
        "description": "",
        "sequence": 0,
        "created": NOW - timedelta(days=30),
        "last_modified": NOW - timedelta(days=1),
        "cancelled": False,
    }
    values.update(changes)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def test_ics_lines_are_folded_at_75_octets_without_breaking_utf8() -> None:
    text = "Fritid & Fællesskab, Læring, Beskæftigelse og Social Omsorg – bevægelsen " * 4
    line = "DESCRIPTION:" + escape_text(text + "æøåÆØÅ" * 30)
    folded = fold_line(line)
    physical = folded.split("\r\n")
    assert len(physical) > 5
    for index, part in enumerate(physical):
        encoded = part.encode()
        assert len(encoded) <= 75
        encoded.decode("utf-8")  # every physical line is whole UTF-8 on its own
        if index:
            assert part.startswith(" ") and not part.startswith("  ")
    assert physical[0].encode()[:75] == physical[0].encode()
    assert folded.replace("\r\n ", "") == line


@pytest.mark.parametrize("prefix", ["", "x", "xx"])
def test_folding_fills_lines_with_two_octet_letters_at_every_alignment(prefix: str) -> None:
    line = prefix + "ø" * 200
    physical = fold_line(line).split("\r\n")
    # a 2-octet letter never straddles the 75-octet boundary: each line is 74 or 75 octets
    assert all(len(part.encode()) in (74, 75) for part in physical[:-1])
    assert "".join(part.removeprefix(" ") if i else part for i, part in enumerate(physical)) == line


def test_short_lines_are_not_folded() -> None:
    line = "S" * 75
    assert fold_line(line) == line
    assert fold_line(line + "SS") == "S" * 75 + "\r\n SS"


def test_text_is_escaped() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert unescape(escape_text("Rådhuset; sal 2, 1. sal\\nord\nny linje")) == (
        "Rådhuset; sal 2, 1. sal\\nord\nny linje"
    )


def test_calendar_uses_crlf_and_a_vtimezone_with_eu_rules() -> None:
    ics = render_calendar(
        name="Praksis – Hedensted",
        time_zone="Europe/Copenhagen",
        events=[event(location="Juelsminde, Hal 2", description="Temaer: Samskabelse")],
        now=NOW,
    )
    assert ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    lines = unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "DTSTART:19700329T020000" in lines and "DTSTART:19701025T030000" in lines
    [found] = events(ics)
    assert found["DTSTAMP"].value == "20261124T120000Z"
    assert found["DTSTART"].value == "20260305T090000"
    assert found["LOCATION"].value == "Juelsminde\\, Hal 2"
    assert found["CREATED"].value == "20261025T120000Z"


def test_cancelled_event_is_marked_cancelled() -> None:
    ics = render_calendar(
        name="x", time_zone="Europe/Oslo", events=[event(cancelled=True, sequence=3)], now=NOW
    )
    [found] = events(ics)
    assert (found["STATUS"].value, found["SEQUENCE"].value) == ("CANCELLED", "3")
    assert "LOCATION" not in found and "DESCRIPTION" not in found


@pytest.mark.parametrize("zone", ["Europe/Copenhagen", "Europe/Oslo"])
def test_copenhagen_and_oslo_keep_the_eu_summer_time_rule(zone: str) -> None:
    rules = eu_summer_time_rules(ZoneInfo(zone), 2026)
    assert rules is not None
    assert (rules.standard_offset, rules.daylight_offset) == (
        timedelta(hours=1),
        timedelta(hours=2),
    )
    assert (rules.standard_name, rules.daylight_name) == ("CET", "CEST")


def test_a_zone_without_the_eu_rule_gets_utc_times() -> None:
    assert eu_summer_time_rules(ZoneInfo("America/New_York"), 2026) is None
    assert eu_summer_time_rules(ZoneInfo("UTC"), 2026) is None
    ics = render_calendar(name="x", time_zone="America/New_York", events=[event()], now=NOW)
    assert "BEGIN:VTIMEZONE" not in ics
    [found] = events(ics)
    assert (found["DTSTART"].params, found["DTSTART"].value) == ({}, "20260305T080000Z")

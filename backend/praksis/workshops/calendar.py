"""iCalendar (RFC 5545) for a person's workshop feed, written by hand: no dependency.

Only what calendar clients (Outlook, Google, Apple) need to subscribe to a published feed:
one VTIMEZONE for the municipality's zone, one VEVENT per workshop with a stable UID, and a
SEQUENCE that grows when the time, place, title or status changes, so a moved or cancelled
workshop updates the event instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

PRODID = "-//Praksis//Praksis workshops 1.0//DA"
CRLF = "\r\n"
MAX_LINE_OCTETS = 75
UID_DOMAIN = "praksis"


@dataclass(frozen=True)
class CalendarEvent:
    """One workshop as a calendar shows it; nothing about other people or attendance."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    sequence: int
    created: datetime
    last_modified: datetime
    cancelled: bool


def event_uid(workshop_id: object) -> str:
    """The event's UID: stable for the workshop's whole life, whatever changes."""
    return f"{workshop_id}@{UID_DOMAIN}"


def render_calendar(
    *, name: str, time_zone: str, events: Iterable[CalendarEvent], now: datetime
) -> str:
    """The whole VCALENDAR, CRLF line endings, lines folded at 75 octets."""
    zone = ZoneInfo(time_zone)
    rules = eu_summer_time_rules(zone, now.year)
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{time_zone}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    if rules is not None:
        lines += _vtimezone(time_zone, rules)
    for event in events:
        lines += _vevent(event, time_zone, zone, rules is not None, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued after CRLF + one space.

    Splits only between characters, so a multi-octet UTF-8 letter (æ, ø, å) stays whole.
    """
    if len(line.encode()) <= MAX_LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = MAX_LINE_OCTETS - 1  # the leading space of a continuation line counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


# --- time zones ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummerTimeRules:
    """A zone that follows the EU rule: summer time from the last Sunday of March to the last
    Sunday of October, switching at 01:00 UTC (Europe/Copenhagen, Europe/Oslo)."""

    standard_offset: timedelta
    daylight_offset: timedelta
    standard_name: str
    daylight_name: str


def eu_summer_time_rules(zone: ZoneInfo, year: int) -> SummerTimeRules | None:
    """The zone's offsets if it keeps the EU summer-time rule in ``year``; else ``None``."""
    winter = datetime(year, 1, 15, 12, tzinfo=zone)
    summer = datetime(year, 7, 15, 12, tzinfo=zone)
    standard, daylight = winter.utcoffset(), summer.utcoffset()
    if standard is None or daylight is None or daylight - standard != timedelta(hours=1):
        return None
    for month, expected in ((3, daylight), (10, standard)):
        switch = datetime.combine(_last_sunday(year, month), datetime.min.time(), UTC)
        switch += timedelta(hours=1)
        before = (switch - timedelta(seconds=1)).astimezone(zone).utcoffset()
        after = switch.astimezone(zone).utcoffset()
        if after != expected or before == after:
            return None
    return SummerTimeRules(standard, daylight, winter.tzname() or "STD", summer.tzname() or "DST")


def _last_sunday(year: int, month: int) -> date:
    first_of_next = date(year + (month == 12), month % 12 + 1, 1)
    last = first_of_next - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _vtimezone(time_zone: str, rules: SummerTimeRules) -> list[str]:
    # 01:00 UTC in the local time before the switch: 02:00 in March, 03:00 in October (CET).
    spring_local = (timedelta(hours=1) + rules.standard_offset).seconds // 3600
    autumn_local = (timedelta(hours=1) + rules.daylight_offset).seconds // 3600
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{time_zone}",
        f"X-LIC-LOCATION:{time_zone}",
        "BEGIN:DAYLIGHT",
        f"TZOFFSETFROM:{_offset(rules.standard_offset)}",
        f"TZOFFSETTO:{_offset(rules.daylight_offset)}",
        f"TZNAME:{rules.daylight_name}",
        f"DTSTART:19700329T{spring_local:02d}0000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        f"TZOFFSETFROM:{_offset(rules.daylight_offset)}",
        f"TZOFFSETTO:{_offset(rules.standard_offset)}",
        f"TZNAME:{rules.standard_name}",
        f"DTSTART:19701025T{autumn_local:02d}0000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def _offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{rest:02d}"


# --- events ----------------------------------------------------------------------------------


def _vevent(
    event: CalendarEvent, time_zone: str, zone: ZoneInfo, with_tzid: bool, stamp: str
) -> Sequence[str]:
    if with_tzid:
        start = f"DTSTART;TZID={time_zone}:{_local(event.starts_at, zone)}"
        end = f"DTEND;TZID={time_zone}:{_local(event.ends_at, zone)}"
    else:  # a zone without the EU rule: UTC times are exact in every client
        start = f"DTSTART:{_utc(event.starts_at)}"
        end = f"DTEND:{_utc(event.ends_at)}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        start,
        end,
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines += [
        f"SEQUENCE:{event.sequence}",
        f"CREATED:{_utc(event.created)}",
        f"LAST-MODIFIED:{_utc(event.last_modified)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y%m%dT%H%M%S")

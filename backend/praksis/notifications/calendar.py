"""A workshop's calendar invitation for one person (iCalendar, RFC 5545; iTIP, RFC 5546).

``METHOD:REQUEST`` invites; a later REQUEST with a higher ``SEQUENCE`` (the workshop's own,
which grows with every change a calendar must show) moves or changes the same event; and
``METHOD:CANCEL`` removes it. The ``UID`` is the workshop's and the person's together, stable
for the workshop's life, so each person's calendar holds one event that follows it. Times
carry the municipality's ``TZID`` with its ``VTIMEZONE``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from praksis.kit.db import utc_now

PRODID = "-//Praksis//Praksis notifications 1.0//DA"
UID_DOMAIN = "praksis"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invitation_uid(workshop_id: object, person_id: object) -> str:
    return f"workshop-{workshop_id}-{person_id}@{UID_DOMAIN}"


def invitation(
    payload: dict[str, Any],
    method: str,
    zone: ZoneInfo,
    organizer: str,
    attendee: tuple[str, str],
) -> bytes:
    """The ``text/calendar`` part: ``payload`` is a workshop notification's (uid, title,
    starts_at, ends_at, location, sequence); ``attendee`` is (e-mail, name)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", str(payload["uid"]))
    event.add("sequence", int(payload["sequence"]))
    event.add("dtstamp", utc_now())
    event.add("dtstart", datetime.fromisoformat(str(payload["starts_at"])).astimezone(zone))
    event.add("dtend", datetime.fromisoformat(str(payload["ends_at"])).astimezone(zone))
    event.add("summary", str(payload["title"]))
    if payload.get("location"):
        event.add("location", str(payload["location"]))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", f"mailto:{organizer}", parameters={"CN": "Praksis"})
    email, name = attendee
    event.add(
        "attendee",
        f"mailto:{email}",
        parameters={"CN": name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION"},
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data

"""Creating and reading municipalities: owner tooling, never a tenant request."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from praksis.kit.db import system_session
from praksis.kit.runtime import MunicipalityInfo
from praksis.kit.schemas import MUNICIPALITY_ID_PATTERN
from praksis.municipalities.models import Country, Municipality

NAME_MAX_LENGTH = 100
DEFAULT_TIME_ZONES = {Country.DK: "Europe/Copenhagen", Country.NO: "Europe/Oslo"}


class MunicipalityRefused(ValueError):
    """An owner's request about a municipality that cannot be carried out (said why)."""


def municipality_id(country: Country, official_code: str) -> str:
    """``dk-0766``: ISO country, dash, the four-digit official municipality code."""
    if len(official_code) != 4 or not official_code.isdigit():
        raise ValueError(f"official code must be four digits, got {official_code!r}")
    return f"{country.value.lower()}-{official_code}"


def upsert_municipality(
    session: Session, country: Country, official_code: str, name: str, time_zone: str
) -> Municipality:
    ZoneInfo(time_zone)  # refuses an unknown zone before anything is written
    key = municipality_id(country, official_code)
    municipality = session.get(Municipality, key)
    if municipality is None:
        municipality = Municipality(
            id=key,
            country=country.value,
            official_code=official_code,
            name=name,
            time_zone=time_zone,
        )
        session.add(municipality)
    else:
        municipality.name = name
        municipality.time_zone = time_zone
    return municipality


def load_municipality(engine: Engine, key: str) -> MunicipalityInfo | None:
    with system_session(engine) as session:
        found = session.get(Municipality, key)
        return None if found is None else _info(found)


def parse_municipality_id(key: str) -> tuple[Country, str]:
    """``dk-0101`` → (DK, "0101"); refuses anything else."""
    if not re.fullmatch(MUNICIPALITY_ID_PATTERN, key):
        raise MunicipalityRefused(
            f"{key!r} is not a municipality id: ISO country (dk or no), a dash, the four-digit "
            "official code, e.g. dk-0101."
        )
    country, code = key.split("-")
    return Country(country.upper()), code


def add_municipality(
    engine: Engine, key: str, name: str, time_zone: str | None = None
) -> MunicipalityInfo:
    """A new municipality (tenant) with no data; refused if the id is taken."""
    country, code = parse_municipality_id(key)
    zone = time_zone or DEFAULT_TIME_ZONES[country]
    _check_name(name)
    _check_time_zone(zone)
    exists = MunicipalityRefused(f"{key} exists already; rename it instead.")
    with system_session(engine) as session:
        if session.get(Municipality, key) is not None:
            raise exists
        added = upsert_municipality(session, country, code, name.strip(), zone)
        try:
            # the same id added at the same moment: the primary key lets one insert through
            session.flush()
        except IntegrityError as lost_the_race:
            raise exists from lost_the_race
        return _info(added)


def rename_municipality(engine: Engine, key: str, name: str) -> MunicipalityInfo:
    _check_name(name)
    with system_session(engine) as session:
        found = session.get(Municipality, key)
        if found is None:
            raise MunicipalityRefused(f"There is no municipality {key}.")
        found.name = name.strip()
        session.add(found)
        return _info(found)


def list_municipalities(engine: Engine) -> list[MunicipalityInfo]:
    with system_session(engine) as session:
        rows = session.exec(select(Municipality).order_by(col(Municipality.id))).all()
        return [_info(row) for row in rows]


def _check_name(name: str) -> None:
    if not name.strip() or len(name.strip()) > NAME_MAX_LENGTH:
        raise MunicipalityRefused(f"A name has 1 to {NAME_MAX_LENGTH} characters.")
    if any(ord(character) < 32 or ord(character) == 127 for character in name):
        raise MunicipalityRefused("A name has no control characters.")


def _check_time_zone(zone: str) -> None:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise MunicipalityRefused(
            f"{zone!r} is not an IANA time zone (e.g. Europe/Copenhagen)."
        ) from None


def _info(row: Municipality) -> MunicipalityInfo:
    return MunicipalityInfo(row.id, row.name, row.country, row.time_zone)

"""Creating and reading municipalities: owner tooling, never a tenant request."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from praksis.kit.db import system_session
from praksis.kit.runtime import MunicipalityInfo
from praksis.municipalities.models import Country, Municipality


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
        if found is None:
            return None
        return MunicipalityInfo(found.id, found.name, found.country, found.time_zone)

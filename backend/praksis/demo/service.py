"""``praksis seed-demo``: idempotent, safe to run on every start."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from praksis.demo.data import HEDENSTED, HEDENSTED_KERNEOPGAVER, MUNICIPALITIES, PEOPLE
from praksis.demo.gatherings import seed_gatherings
from praksis.demo.programmes import seed_programmes
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import system_session, tenant_session
from praksis.municipalities.service import upsert_municipality
from praksis.people.models import Person
from praksis.settings import Settings


def seed_demo(engine: Engine, settings: Settings) -> dict[str, int]:
    """Create what is missing of the demo; existing rows are left as they are."""
    with system_session(engine) as session:
        for m in MUNICIPALITIES:
            upsert_municipality(session, m.country, m.official_code, m.name, m.time_zone)
    created = {"kerneopgaver": 0, "people": 0}
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        created["kerneopgaver"] = _seed_kerneopgaver(session)
    for municipality_id in sorted({p.municipality_id for p in PEOPLE}):
        with tenant_session(engine, municipality_id, settings.app_db_role) as session:
            created["people"] += _seed_people(session, municipality_id, settings.jwt_issuer)
    programmes = seed_programmes(engine, settings.app_db_role, settings.jwt_issuer)
    seed_gatherings(engine, settings.app_db_role, settings.jwt_issuer)
    return {
        "municipalities": len(MUNICIPALITIES),
        **created,
        "programmes": programmes.programmes,
        "enrolments": programmes.enrolments,
        "workshops": programmes.workshops,
    }


def _seed_kerneopgaver(session: Session) -> int:
    existing = set(session.exec(select(Kerneopgave.title)).all())
    new = [
        Kerneopgave(
            title=k.title,
            citizen_outcome=k.citizen_outcome,
            description=k.description,
            position=position,
        )
        for position, k in enumerate(HEDENSTED_KERNEOPGAVER, start=1)
        if k.title not in existing
    ]
    session.add_all(new)
    return len(new)


def _seed_people(session: Session, municipality_id: str, issuer: str) -> int:
    existing = set(session.exec(select(Person.subject)).all())
    new = [
        Person(name=p.name, job_title=p.job_title, subject=f"{issuer}|{p.subject}")
        for p in PEOPLE
        if p.municipality_id == municipality_id and f"{issuer}|{p.subject}" not in existing
    ]
    session.add_all(new)
    return len(new)

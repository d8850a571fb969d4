"""People: just-in-time provisioning from sign-in, and the caller's own record."""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from praksis.kit.auth import Principal
from praksis.kit.db import tenant_session
from praksis.people.models import Person


def subject_key(principal: Principal) -> str:
    return f"{principal.issuer}|{principal.subject}"


def person_for_principal(engine: Engine, app_role: str, principal: Principal) -> uuid.UUID:
    """The caller's person id; an unknown subject in a known municipality is provisioned.

    Runs in its own short transaction so the new person exists even if the request that
    caused it fails; a concurrent first sign-in of the same subject finds the other's row.
    """
    assert principal.tenant is not None
    key = subject_key(principal)
    for _attempt in range(2):
        try:
            with tenant_session(engine, principal.tenant, app_role) as session:
                return _find_or_create(session, principal, key)
        except IntegrityError:
            continue
    raise RuntimeError("could not provision the signed-in person")


def _find_or_create(session: Session, principal: Principal, key: str) -> uuid.UUID:
    existing = session.exec(select(Person.id).where(Person.subject == key)).first()
    if existing is not None:
        return existing
    person = Person(
        name=principal.name or principal.subject,
        email=principal.email,
        subject=key,
    )
    session.add(person)
    session.flush()
    return person.id


def get_person(session: Session, person_id: uuid.UUID) -> Person | None:
    return session.exec(select(Person).where(Person.id == person_id)).first()

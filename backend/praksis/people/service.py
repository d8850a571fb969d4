"""People: just-in-time provisioning from sign-in, and the caller's own record."""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from praksis.kit.auth import Principal
from praksis.kit.db import tenant_session
from praksis.kit.errors import NotFound
from praksis.people.models import OrgUnit, OrgUnitKind, OrgUnitLeader, Person


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


def require_person(session: Session, person_id: uuid.UUID) -> Person:
    """The person in the caller's municipality, or 404 (also for other municipalities')."""
    person = get_person(session, person_id)
    if person is None:
        raise NotFound(f"Person {person_id} was not found.")
    return person


def _unit_tree(session: Session) -> tuple[dict[uuid.UUID, uuid.UUID | None], dict[uuid.UUID, str]]:
    rows = session.exec(select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.kind)).all()
    return {row[0]: row[1] for row in rows}, {row[0]: str(row[2]) for row in rows}


def org_unit_descendants(session: Session, unit_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """The units and every unit below them."""
    parents, _kinds = _unit_tree(session)
    children: dict[uuid.UUID, list[uuid.UUID]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found: set[uuid.UUID] = set()
    stack = [unit for unit in unit_ids if unit in parents]
    while stack:
        unit = stack.pop()
        if unit not in found:
            found.add(unit)
            stack.extend(children.get(unit, []))
    return found


def units_led_by(session: Session, leader_id: uuid.UUID) -> set[uuid.UUID]:
    rows = session.exec(
        select(OrgUnitLeader.org_unit_id).where(OrgUnitLeader.person_id == leader_id)
    ).all()
    return set(rows)


def team_member_ids(session: Session, leader_id: uuid.UUID) -> set[uuid.UUID]:
    """A leader's team: everyone in the units they lead and in the units below them."""
    units = org_unit_descendants(session, units_led_by(session, leader_id))
    if not units:
        return set()
    rows = session.exec(select(Person.id).where(col(Person.org_unit_id).in_(units))).all()
    return set(rows)


def department_of(
    session: Session, person_ids: set[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID | None]:
    """Each person's department: the nearest afdeling at or above their unit (else the unit).

    The KL pilot's "at least two per department" counts per department, so a team below an
    afdeling counts towards that afdeling.
    """
    if not person_ids:
        return {}
    parents, kinds = _unit_tree(session)
    rows = session.exec(
        select(Person.id, Person.org_unit_id).where(col(Person.id).in_(person_ids))
    ).all()
    result: dict[uuid.UUID, uuid.UUID | None] = {}
    for person_id, unit in rows:
        department = unit
        cursor = unit
        while cursor is not None:
            if kinds.get(cursor) == OrgUnitKind.afdeling.value:
                department = cursor
                break
            cursor = parents.get(cursor)
        result[person_id] = department
    return result

"""Org units and people of the municipality, and just-in-time provisioning from sign-in.

The organisation is a tree: forvaltning → afdeling → team (teams may nest); a leader's team
is everyone in the units they lead and in the units below them.

Services take the caller's ``TenantContext``; the lookups other domains' services share (the
tree, a person or unit by id) take their tenant session (see ``praksis``). Sign-in
provisioning runs before there is a context, on its own short session.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, delete, func, or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session, col, select

from praksis.audit.trail import (
    AuditAction,
    AuditObject,
    changed,
    fields_of,
    record,
    record_changes,
    withheld,
)
from praksis.kit.auth import Principal
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import tenant_session, utc_now
from praksis.kit.errors import Conflict, Forbidden, NotFound
from praksis.kit.lookups import filtered, if_given, refuse_taken, require_all, row_or_404
from praksis.kit.pagination import PageRequest, described_page, paginate
from praksis.kit.permissions import Permission
from praksis.kit.reads import TenantList
from praksis.people.models import OrgUnit, OrgUnitKind, OrgUnitLeader, Person
from praksis.people.schemas import (
    OrgUnitCreate,
    OrgUnitRead,
    OrgUnitUpdate,
    PersonCreate,
    PersonRead,
    PersonUpdate,
)

ORG_UNIT_ORDER = (OrgUnit.name, OrgUnit.id)
PEOPLE_ORDER = (Person.name, Person.id)

# Which kind of unit each kind may sit under (a forvaltning sits under none).
ALLOWED_PARENT_KINDS: dict[OrgUnitKind, frozenset[OrgUnitKind]] = {
    OrgUnitKind.forvaltning: frozenset(),
    OrgUnitKind.afdeling: frozenset({OrgUnitKind.forvaltning}),
    OrgUnitKind.team: frozenset({OrgUnitKind.afdeling, OrgUnitKind.team}),
}


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
    imported = _unlinked_person_for(session, principal)
    if imported is not None:
        imported.subject = key
        session.flush()
        return imported.id
    person = Person(
        name=principal.display_name,
        email=principal.email,
        subject=key,
    )
    session.add(person)
    session.flush()
    return person.id


def _unlinked_person_for(session: Session, principal: Principal) -> Person | None:
    """The one imported person (never signed in) this first sign-in is, by what the
    municipality configured as proof (kit.auth: ``link_id``, ``verified_email``): an exact
    match of the link claim to the external id, else of a verified e-mail to the e-mail.

    An unverified or differently written e-mail links nothing, so an identity provider that
    lets a user choose their address cannot take over a colleague. Two candidates are
    ambiguous, so neither is linked.
    """
    for column, value in (
        (Person.external_id, principal.link_id),
        (Person.email, principal.verified_email),
    ):
        if value is None:
            continue
        candidates = session.exec(
            select(Person).where(column == value, col(Person.subject).is_(None)).limit(2)
        ).all()
        if len(candidates) == 1:
            return candidates[0]
    return None


# --- lookups other domains use ---------------------------------------------------------------


def require_person(session: Session, person_id: uuid.UUID) -> Person:
    """The person in the caller's municipality, or 404 (also for other municipalities')."""
    person = _person(session, person_id)
    if person is None:
        raise NotFound(f"Person {person_id} was not found.")
    return person


def require_current_person(session: Session, person_id: uuid.UUID) -> Person:
    """``require_person`` for a person something new is given to (a place, a unit to lead,
    a workshop to run, a project, an invitation): an erased person is refused (409)."""
    person = require_person(session, person_id)
    refuse_if_erased(person)
    return person


def _person(session: Session, person_id: uuid.UUID) -> Person | None:
    return session.exec(select(Person).where(Person.id == person_id)).first()


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

    The statistics count per department, so a team below an afdeling counts towards that
    afdeling.
    """
    return unit_at_level_of(session, person_ids, OrgUnitKind.afdeling)


def unit_at_level_of(
    session: Session, person_ids: set[uuid.UUID], level: OrgUnitKind
) -> dict[uuid.UUID, uuid.UUID | None]:
    """Each person's unit at ``level``: the nearest unit of that kind at or above their unit
    (else their unit itself); ``None`` for someone without a unit. A programme's per-unit
    minimum counts per it (KL: "Forvaltningen skal stille med mindst to")."""
    if not person_ids:
        return {}
    levels = units_at_level(session, level)
    rows = session.exec(
        select(Person.id, Person.org_unit_id).where(col(Person.id).in_(person_ids))
    ).all()
    return {person_id: None if unit is None else levels.get(unit, unit) for person_id, unit in rows}


def unit_departments(session: Session) -> dict[uuid.UUID, uuid.UUID]:
    """Every unit's department (``department_of`` for the people in it)."""
    return units_at_level(session, OrgUnitKind.afdeling)


def units_at_level(session: Session, level: OrgUnitKind) -> dict[uuid.UUID, uuid.UUID]:
    """Every unit's nearest unit of kind ``level`` at or above it (else the unit itself)."""
    parents, kinds = _unit_tree(session)
    found: dict[uuid.UUID, uuid.UUID] = {}
    for unit in parents:
        found[unit] = unit
        cursor: uuid.UUID | None = unit
        while cursor is not None:
            if kinds.get(cursor) == level.value:
                found[unit] = cursor
                break
            cursor = parents.get(cursor)
    return found


def require_org_units(session: Session, org_unit_ids: Iterable[uuid.UUID], location: str) -> None:
    """404 naming every id that is not an org unit of the caller's municipality (one query)."""
    require_all(session, OrgUnit, org_unit_ids, location, "org unit")


def unit_and_ancestors(session: Session, person_id: uuid.UUID) -> set[uuid.UUID]:
    """The person's org unit and every unit above it (empty for someone without a unit)."""
    unit = session.exec(select(Person.org_unit_id).where(Person.id == person_id)).first()
    parents, _kinds = _unit_tree(session)
    found: set[uuid.UUID] = set()
    while unit is not None and unit not in found:
        found.add(unit)
        unit = parents.get(unit)
    return found


def get_org_unit(session: Session, org_unit_id: uuid.UUID) -> OrgUnit:
    """The org unit in the caller's municipality, or 404 (also for other municipalities')."""
    return row_or_404(
        session, OrgUnit, org_unit_id, missing=f"Org unit {org_unit_id} was not found."
    )


def leader_ids_of(
    session: Session, org_unit_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The leaders of each unit (units without leaders map to an empty list)."""
    wanted = set(org_unit_ids)
    result: dict[uuid.UUID, list[uuid.UUID]] = {unit: [] for unit in wanted}
    if not wanted:
        return result
    rows = session.exec(
        select(OrgUnitLeader.org_unit_id, OrgUnitLeader.person_id).where(
            col(OrgUnitLeader.org_unit_id).in_(wanted)
        )
    ).all()
    for unit, person in rows:
        result[unit].append(person)
    return result


# --- org units -------------------------------------------------------------------------------


def list_org_units(
    context: TenantContext,
    page: PageRequest,
    *,
    parent_id: uuid.UUID | None = None,
    kind: OrgUnitKind | None = None,
    external_id: str | None = None,
    retired: bool | None = None,
) -> tuple[list[OrgUnitRead], str | None]:
    """The municipality's org units by name, each with its leaders; ``retired`` narrows to
    the retired units (True) or those in use (False)."""
    session = context.session
    statement = select(OrgUnit)
    if retired is not None:
        retired_on = col(OrgUnit.retired_on)
        statement = statement.where(retired_on.is_not(None) if retired else retired_on.is_(None))
    statement = filtered(
        statement,
        if_given(OrgUnit.parent_id, parent_id),
        if_given(OrgUnit.kind, kind),
        if_given(OrgUnit.external_id, external_id),
    )
    return described_page(session, statement, ORG_UNIT_ORDER, page, _org_unit_views)


ORG_UNITS_LIST = TenantList(OrgUnitRead, read=list_org_units)


def read_org_unit(context: TenantContext, org_unit_id: uuid.UUID) -> OrgUnitRead:
    """The org unit with its leaders, or 404 (also for other municipalities')."""
    session = context.session
    return _org_unit_views(session, [get_org_unit(session, org_unit_id)])[0]


def create_org_unit(context: TenantContext, data: OrgUnitCreate) -> OrgUnitRead:
    session = context.session
    if data.external_id is not None:
        _refuse_duplicate_unit_external_id(session, data.external_id)
    _check_placement(session, None, data.kind, data.parent_id)
    if data.leader_ids:
        _refuse_appointing_unless_hr(context)
    leaders = _existing_people(session, data.leader_ids)
    unit = add_org_unit(context, data.name, data.kind, data.parent_id, data.external_id)
    replace_unit_leaders(context, unit.id, leaders)
    return _org_unit_views(session, [unit])[0]


def add_org_unit(
    context: TenantContext,
    name: str,
    kind: OrgUnitKind,
    parent_id: uuid.UUID | None,
    external_id: str | None,
) -> OrgUnit:
    """A new unit, recorded in the audit trail; the caller has checked its place in the
    tree (``create_org_unit``, or the org sync, whose whole tree is valid)."""
    unit = OrgUnit(name=name, kind=kind, parent_id=parent_id, external_id=external_id)
    context.session.add(unit)
    context.session.flush()
    record(
        context,
        AuditAction.org_unit_created,
        AuditObject.org_unit,
        unit.id,
        {},
        org_unit_audit_fields(unit),
    )
    return unit


def org_unit_audit_fields(unit: OrgUnit) -> dict[str, object]:
    """What the audit trail keeps of a unit (its leaders are events of their own)."""
    return fields_of(unit, ("name", "kind", "parent_id", "external_id", "retired_on"))


def _refuse_appointing_unless_hr(context: TenantContext) -> None:
    """Leading a unit gives a person's leader their team's data: only HR appoints, so an
    integration that syncs the tree (``org-units:write``) cannot make anyone a leader."""
    if not context.principal.can(Permission.leaders_appoint):
        raise Forbidden("Only HR appoints or removes a unit's leaders (leader_ids).")


def update_org_unit(
    context: TenantContext, org_unit_id: uuid.UUID, changes: OrgUnitUpdate
) -> OrgUnitRead:
    """Rename, move, re-kind or re-staff a unit; the tree stays a valid hierarchy."""
    session = context.session
    unit = get_org_unit(session, org_unit_id)
    was = org_unit_audit_fields(unit)
    values = changes.model_dump(exclude_unset=True)
    if "external_id" in values and values["external_id"] != unit.external_id:
        _refuse_duplicate_unit_external_id(session, values["external_id"])
    kind = OrgUnitKind(values.get("kind", unit.kind))
    if "parent_id" in values:
        parent_id = values["parent_id"]
        if kind == OrgUnitKind.forvaltning:
            raise Conflict("A forvaltning is at the top of the organisation and has no parent.")
    elif "kind" in values and kind == OrgUnitKind.forvaltning:
        parent_id = None
    else:
        parent_id = unit.parent_id
    if kind != unit.kind or parent_id != unit.parent_id:
        _check_placement(session, unit.id, kind, parent_id)
    if kind != unit.kind:
        _check_children_fit(session, unit.id, kind)
    if "leader_ids" in values:
        if set(values["leader_ids"]) != set(leader_ids_of(session, [unit.id])[unit.id]):
            _refuse_appointing_unless_hr(context)
        replace_unit_leaders(context, unit.id, _existing_people(session, values["leader_ids"]))
    if "name" in values:
        unit.name = values["name"]
    if "external_id" in values:
        unit.external_id = values["external_id"]
    unit.kind = kind
    unit.parent_id = parent_id
    unit.updated_at = utc_now()
    session.add(unit)
    session.flush()
    now = org_unit_audit_fields(unit)
    record_changes(context, AuditAction.org_unit_updated, AuditObject.org_unit, unit.id, was, now)
    return _org_unit_views(session, [unit])[0]


def delete_org_unit(context: TenantContext, org_unit_id: uuid.UUID) -> None:
    """Delete an empty unit: one with people or units under it is refused (409)."""
    session = context.session
    unit = get_org_unit(session, org_unit_id)
    people = session.exec(
        select(func.count()).select_from(Person).where(Person.org_unit_id == unit.id)
    ).one()
    if people:
        raise Conflict(
            f'"{unit.name}" still has {people} {"person" if people == 1 else "people"}; '
            "move them to another unit first."
        )
    children = session.exec(
        select(func.count()).select_from(OrgUnit).where(OrgUnit.parent_id == unit.id)
    ).one()
    if children:
        raise Conflict(
            f'"{unit.name}" still has {children} unit(s) under it; move or delete them first.'
        )
    name = unit.name
    was = {
        **org_unit_audit_fields(unit),
        "leader_ids": set(leader_ids_of(session, [unit.id])[unit.id]),
    }
    session.exec(delete(OrgUnitLeader).where(col(OrgUnitLeader.org_unit_id) == unit.id))
    session.delete(unit)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(f'"{name}" is still referenced elsewhere in Praksis.') from error
    record(context, AuditAction.org_unit_deleted, AuditObject.org_unit, org_unit_id, was, {})


def _org_unit_views(session: Session, units: Iterable[OrgUnit]) -> list[OrgUnitRead]:
    units = list(units)
    leaders = leader_ids_of(session, [unit.id for unit in units])
    return [OrgUnitRead.of(unit, leaders[unit.id]) for unit in units]


def _refuse_duplicate_unit_external_id(session: Session, external_id: str) -> None:
    taken = f'An org unit with external_id "{external_id}" already exists.'
    refuse_taken(session, OrgUnit, OrgUnit.external_id == external_id, taken=taken)


def _check_placement(
    session: Session, unit_id: uuid.UUID | None, kind: OrgUnitKind, parent_id: uuid.UUID | None
) -> None:
    """A unit's parent exists and has the right kind, and the unit is not its own ancestor."""
    allowed = ALLOWED_PARENT_KINDS[kind]
    if parent_id is None:
        if allowed:
            raise Conflict(
                f"A {kind.value} must have a parent: "
                f"{' or '.join(sorted(k.value for k in allowed))}."
            )
        return
    parent = session.exec(select(OrgUnit).where(OrgUnit.id == parent_id)).first()
    if parent is None:
        raise NotFound(f"Parent org unit {parent_id} was not found.")
    if not allowed:
        raise Conflict("A forvaltning is at the top of the organisation and has no parent.")
    if parent.kind not in allowed:
        raise Conflict(
            f"A {kind.value} cannot be placed under a {parent.kind.value}; its parent must be "
            f"a {' or '.join(sorted(k.value for k in allowed))}."
        )
    if unit_id is not None:
        parents, _kinds = _unit_tree(session)
        cursor: uuid.UUID | None = parent_id
        while cursor is not None:
            if cursor == unit_id:
                raise Conflict(
                    "An org unit cannot be placed under itself or under one of its own units."
                )
            cursor = parents.get(cursor)


def _check_children_fit(session: Session, unit_id: uuid.UUID, kind: OrgUnitKind) -> None:
    rows = session.exec(select(OrgUnit.kind).where(OrgUnit.parent_id == unit_id)).all()
    kinds = {OrgUnitKind(row) for row in rows}
    misfits = sorted(child.value for child in kinds if kind not in ALLOWED_PARENT_KINDS[child])
    if misfits:
        raise Conflict(
            f"The unit cannot become a {kind.value}: a {' or '.join(misfits)} under it "
            "could no longer sit there."
        )


def _existing_people(session: Session, person_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """The ids, without repeats, after checking each is a person of the municipality."""
    wanted = list(dict.fromkeys(person_ids))
    if not wanted:
        return []
    found = {
        person.id: person
        for person in session.exec(select(Person).where(col(Person.id).in_(wanted))).all()
    }
    missing = [person for person in wanted if person not in found]
    if missing:
        raise NotFound(f"Person {missing[0]} was not found.")
    for person in found.values():
        refuse_if_erased(person)
    return wanted


def replace_unit_leaders(
    context: TenantContext, unit_id: uuid.UUID, leaders: list[uuid.UUID]
) -> None:
    """The unit's leaders become ``leaders``; an appointment or removal is audited. The
    caller has decided that its caller may appoint (HR, or the org sync)."""
    session = context.session
    current = set(
        session.exec(
            select(OrgUnitLeader.person_id).where(OrgUnitLeader.org_unit_id == unit_id)
        ).all()
    )
    gone = current - set(leaders)
    if gone:
        session.exec(
            delete(OrgUnitLeader).where(
                col(OrgUnitLeader.org_unit_id) == unit_id,
                col(OrgUnitLeader.person_id).in_(gone),
            )
        )
    for person in leaders:
        if person not in current:
            session.add(OrgUnitLeader(org_unit_id=unit_id, person_id=person))
    if current != set(leaders):
        record(
            context,
            AuditAction.org_unit_leaders_changed,
            AuditObject.org_unit,
            unit_id,
            {"leader_ids": current},
            {"leader_ids": set(leaders)},
        )
    session.flush()


# --- people ----------------------------------------------------------------------------------


def my_person(context: TenantContext) -> PersonRead | None:
    """The caller's own person; none for an integration."""
    if context.acting_person_id is None:
        return None
    found = _person(context.session, context.acting_person_id)
    return None if found is None else PersonRead.model_validate(found)


def list_people(
    context: TenantContext,
    page: PageRequest,
    *,
    org_unit_id: uuid.UUID | None = None,
    external_id: str | None = None,
    person_ids: list[uuid.UUID] | None = None,
    q: str | None = None,
    in_my_team: bool = False,
) -> tuple[list[PersonRead], str | None]:
    """People by name; ``in_my_team`` narrows to the caller's team as a leader (see
    ``team_member_ids``). Only the staff records' keepers search by e-mail or external id.

    Erased people (``erased_at``) are left out of pickers and searches; asked for by id they
    are listed, so a client can still show the marker name where their id appears."""
    session = context.session
    keeper = _keeps_staff_records(context)
    statement = select(Person)
    if person_ids is None:
        statement = statement.where(col(Person.erased_at).is_(None))
    if org_unit_id is not None:
        statement = statement.where(Person.org_unit_id == org_unit_id)
    if external_id is not None:
        if not keeper:
            raise Forbidden("Only HR and the municipality's integrations look people up by id.")
        statement = statement.where(Person.external_id == external_id)
    if person_ids is not None:
        statement = statement.where(col(Person.id).in_(person_ids))
    if q:
        searched = [Person.name, Person.email] if keeper else [Person.name]
        statement = statement.where(
            or_(*(_contains_ignoring_case(session, column, q) for column in searched))  # type: ignore[arg-type]
        )
    if in_my_team:
        team = team_member_ids(session, context.person_id)
        statement = statement.where(col(Person.id).in_(team))
    rows, next_cursor = paginate(session, statement, PEOPLE_ORDER, page)
    return [person_view(context, person) for person in rows], next_cursor


PEOPLE_LIST = TenantList(PersonRead, read=list_people)


def read_person(context: TenantContext, person_id: uuid.UUID) -> PersonRead:
    """The person, or 404 (also for other municipalities')."""
    return person_view(context, require_person(context.session, person_id))


def person_view(context: TenantContext, person: Person) -> PersonRead:
    """A colleague as the caller may see them: HR and integrations keep the staff records and
    see them whole, as does the person themself; everyone else sees name and unit (what
    pickers and lists need), not e-mail, job title or external id."""
    view = PersonRead.model_validate(person)
    if person.id == context.acting_person_id or _keeps_staff_records(context):
        return view
    return view.model_copy(
        update={"email": None, "job_title": None, "external_id": None, "left_on": None}
    )


def _keeps_staff_records(context: TenantContext) -> bool:
    return context.principal.can(Permission.people_write)


def create_person(context: TenantContext, data: PersonCreate) -> Person:
    session = context.session
    if data.external_id is not None:
        _refuse_duplicate_person_external_id(session, data.external_id)
    if data.org_unit_id is not None:
        get_org_unit(session, data.org_unit_id)
    person = Person(**data.model_dump())
    session.add(person)
    session.flush()
    return person


def update_person(context: TenantContext, person_id: uuid.UUID, changes: PersonUpdate) -> Person:
    session = context.session
    person = require_person(session, person_id)
    refuse_if_erased(person)
    values = changes.model_dump(exclude_unset=True)
    if "external_id" in values and values["external_id"] != person.external_id:
        _refuse_duplicate_person_external_id(session, values["external_id"])
    if "org_unit_id" in values:
        get_org_unit(session, values["org_unit_id"])
    was = person_audit_fields(person)
    apply_changes(person, values)
    record_person_changes(context, person.id, was, person_audit_fields(person))
    session.add(person)
    session.flush()
    return person


def delete_person(context: TenantContext, person_id: uuid.UUID) -> None:
    """Delete a person nothing else refers to; one with enrolments, attendance, feedback and
    the like is refused (409) so their history is never lost by accident."""
    session = context.session
    person = require_person(session, person_id)
    name = person.name
    session.exec(delete(OrgUnitLeader).where(col(OrgUnitLeader.person_id) == person.id))
    session.delete(person)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(
            f"{name} is still referenced elsewhere in Praksis (enrolments, attendance, "
            "cohorts or the like) and cannot be deleted; erase their personal data instead "
            "(POST /api/v1/people/{id}/erase), which keeps what they took part in as a "
            "pseudonym."
        ) from error


class PersonErased(Conflict):
    slug, title = "person-erased", "Person erased"


def refuse_if_erased(person: Person) -> None:
    """An erased person's data is gone for good: it is not written again (409)."""
    if person.erased_at is not None:
        raise PersonErased(
            f"Person {person.id}'s personal data was erased on {person.erased_at:%Y-%m-%d}; "
            "the pseudonymous record cannot be changed. Create a new person if they return."
        )


# What identifies a person (alone or with their unit) is named in the audit trail when it
# changes, but its values are not kept there (``audit.trail.withheld``).
IDENTIFYING_FIELDS = ("name", "email", "external_id", "job_title", "left_on")


def person_audit_fields(person: Person) -> dict[str, object]:
    """What a change of the person may change, as the audit trail compares it."""
    fields = {name: getattr(person, name) for name in IDENTIFYING_FIELDS}
    return {**fields, "org_unit_id": person.org_unit_id}


def record_person_changes(
    context: TenantContext, person_id: uuid.UUID, was: dict[str, object], now: dict[str, object]
) -> None:
    """``person.updated`` naming what changed between two ``person_audit_fields``; the
    identifying fields' values are not kept. Nothing when nothing changed."""
    before, after = changed(was, now)
    if before:
        record(
            context,
            AuditAction.person_updated,
            AuditObject.person,
            person_id,
            _identifiers_not_kept(before),
            _identifiers_not_kept(after),
        )


def _identifiers_not_kept(fields: dict[str, object]) -> dict[str, object]:
    return withheld(fields, IDENTIFYING_FIELDS)


def _refuse_duplicate_person_external_id(session: Session, external_id: str) -> None:
    taken = f'A person with external_id "{external_id}" already exists.'
    refuse_taken(session, Person, Person.external_id == external_id, taken=taken)


def _contains_ignoring_case(
    session: Session, column: InstrumentedAttribute[str | None], text: str
) -> ColumnElement[bool]:
    """``column`` contains ``text``, ignoring letter case also for æ, ø, å.

    SQLite's ``lower()`` and ``LIKE`` fold ASCII only, so there each letter becomes a GLOB
    class of its cases ("ø" → "[Øø]"); PostgreSQL folds Unicode itself.
    """
    if session.get_bind().dialect.name == "sqlite":
        return column.op("GLOB")(_glob_pattern(text))
    return func.lower(column).contains(text.lower(), autoescape=True)


def _glob_pattern(text: str) -> str:
    parts = []
    for char in text:
        cases = {variant for variant in (char, char.lower(), char.upper()) if len(variant) == 1}
        if len(cases) > 1:
            parts.append("[" + "".join(sorted(cases)) + "]")
        elif char in "*?[":
            parts.append(f"[{char}]")
        else:
            parts.append(char)
    return "*" + "".join(parts) + "*"

"""Interest in a programme before HR commits it (Skanderborg gave up a programme because too
few "havde lyst til at deltage"): a person registers interest in a programme the catalogue
shows (a draft HR opened for interest, or an open one), at most once; HR sees how many, per
forvaltning, never who (``InterestRead``).
"""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from praksis.kit.context import TenantContext
from praksis.kit.errors import Conflict, Forbidden
from praksis.kit.permissions import Role
from praksis.people import service as people_service
from praksis.people.models import OrgUnit, OrgUnitKind
from praksis.programmes.models import Programme, ProgrammeInterest, ProgrammeStatus
from praksis.programmes.schemas import InterestByUnit, InterestRead
from praksis.programmes.service import get_programme, interest_counts, is_eligible


def in_catalogue(programme: Programme) -> bool:
    """Shown in the catalogue: open, or a draft HR opened for interest."""
    return programme.status == ProgrammeStatus.open or (
        programme.status == ProgrammeStatus.draft and programme.open_for_interest
    )


def read_interest(context: TenantContext, programme_id: uuid.UUID) -> InterestRead:
    """The caller's own interest; for HR also how many registered, per forvaltning."""
    session = context.session
    get_programme(session, programme_id)
    registered = _registered(context, programme_id)
    if Role.hr_admin not in context.principal.roles:
        return InterestRead(
            programme_id=programme_id, registered=registered, count=None, by_org_unit=None
        )
    people = set(
        session.exec(
            select(ProgrammeInterest.person_id).where(
                ProgrammeInterest.programme_id == programme_id
            )
        ).all()
    )
    return InterestRead(
        programme_id=programme_id,
        registered=registered,
        count=interest_counts(session, [programme_id])[programme_id],
        by_org_unit=_by_forvaltning(context, people),
    )


def register_interest(context: TenantContext, programme_id: uuid.UUID) -> InterestRead:
    """Registers the caller's interest (again: no change) in a programme of the catalogue
    whose target group they are in."""
    session = context.session
    programme = get_programme(session, programme_id)
    if not in_catalogue(programme):
        raise Conflict(
            f"The programme is {programme.status.value} and not open for interest; interest "
            "is registered in an open programme or a draft HR shows in the catalogue."
        )
    people_service.require_current_person(session, context.person_id)
    if not is_eligible(session, programme_id, context.person_id):
        raise Forbidden("The programme is for another target group than your unit.")
    if not _registered(context, programme_id):
        try:
            with session.begin_nested():  # a twin registering at once: the same outcome
                session.add(
                    ProgrammeInterest(programme_id=programme_id, person_id=context.person_id)
                )
        except IntegrityError:
            pass
    return read_interest(context, programme_id)


def withdraw_interest(context: TenantContext, programme_id: uuid.UUID) -> None:
    """The caller takes back their interest (none registered: nothing to do)."""
    session = context.session
    get_programme(session, programme_id)
    for row in session.exec(
        select(ProgrammeInterest).where(
            ProgrammeInterest.programme_id == programme_id,
            ProgrammeInterest.person_id == context.person_id,
        )
    ).all():
        session.delete(row)
    session.flush()


def _registered(context: TenantContext, programme_id: uuid.UUID) -> bool:
    if context.acting_person_id is None:
        return False
    found = context.session.exec(
        select(ProgrammeInterest.id).where(
            ProgrammeInterest.programme_id == programme_id,
            ProgrammeInterest.person_id == context.acting_person_id,
        )
    ).first()
    return found is not None


def _by_forvaltning(context: TenantContext, people: set[uuid.UUID]) -> list[InterestByUnit]:
    session = context.session
    units = people_service.unit_at_level_of(session, people, OrgUnitKind.forvaltning)
    counts = Counter(units.get(person) for person in people)
    ids = [unit for unit in counts if unit is not None]
    names: dict[uuid.UUID, str] = {}
    if ids:
        names = dict(
            session.exec(select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_(ids))).all()
        )
    rows = [
        InterestByUnit(org_unit_id=unit, name=names.get(unit, "") if unit else "", count=n)
        for unit, n in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row.count, row.name, str(row.org_unit_id)))

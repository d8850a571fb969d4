"""A whole team nominated in one request ("tilbud om efteruddannelse fremover skal rettes mod
hele afdelinger"; Horsens sent all 21 of borgerservice): a leader of the unit (or HR) sends
one justification, and every member of the unit's staff gets a result of their own.

Each nomination is written in its own SAVEPOINT, in person order: a person someone else
nominated at the same moment (or a retry of this very request) meets the database's rule of
one active enrolment per person and programme, and is reported ``already_enrolled`` while the
others go through; nobody is enrolled twice and no half-written person is left. Writing in
one order means two team nominations of overlapping units wait for each other in one
direction only (no deadlock).
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from praksis.audit.trail import AuditAction, AuditObject, record
from praksis.enrolments import service
from praksis.enrolments.models import ACTIVE_STATUSES, Enrolment
from praksis.enrolments.schemas import (
    TeamMemberResult,
    TeamNominationCreate,
    TeamNominationRead,
    TeamOutcome,
)
from praksis.kit.context import TenantContext
from praksis.kit.errors import Forbidden
from praksis.kit.permissions import Role
from praksis.people import service as people_service
from praksis.people.models import Person
from praksis.programmes import service as programmes_service


def nominate_team(context: TenantContext, data: TeamNominationCreate) -> TeamNominationRead:
    session = context.session
    unit = people_service.get_org_unit(session, data.org_unit_id)
    _refuse_unless_leading(context, unit.id)
    programme = service.open_programme(session, data.programme_id)
    justification = data.justification.strip()
    service.require_justification(programme, justification)
    cohort_id = None
    if data.cohort_id is not None:
        cohort_id = service.cohort_of_programme(session, data.cohort_id, programme.id).id
    units = (
        people_service.org_unit_descendants(session, {unit.id})
        if data.include_sub_units
        else {unit.id}
    )
    staff = session.exec(
        select(Person).where(col(Person.org_unit_id).in_(units)).order_by(col(Person.id))
    ).all()
    leaders = set(people_service.leader_ids_of(session, [unit.id])[unit.id])
    today = datetime.now(ZoneInfo(context.municipality.time_zone)).date()
    results: list[TeamMemberResult] = []
    for person in staff:
        if person.id in leaders:
            results.append(_result(person.id, TeamOutcome.leads_the_unit))
        elif person.erased_at is not None or (
            person.left_on is not None and person.left_on <= today
        ):
            results.append(_result(person.id, TeamOutcome.left))
        elif not programmes_service.is_eligible(session, programme.id, person.id):
            results.append(_result(person.id, TeamOutcome.not_eligible))
        else:
            results.append(
                _nominate_one(context, programme.id, cohort_id, person.id, data, justification)
            )
    counts = Counter(result.outcome for result in results)
    record(
        context,
        AuditAction.team_nominated,
        AuditObject.org_unit,
        unit.id,
        {},
        {
            "programme_id": programme.id,
            "cohort_id": cohort_id,
            "include_sub_units": data.include_sub_units,
            "counts": {outcome.value: n for outcome, n in sorted(counts.items())},
        },
    )
    return TeamNominationRead(
        programme_id=programme.id,
        org_unit_id=unit.id,
        cohort_id=cohort_id,
        counts={outcome: counts.get(outcome, 0) for outcome in TeamOutcome},
        results=results,
    )


def _refuse_unless_leading(context: TenantContext, unit_id: uuid.UUID) -> None:
    if Role.hr_admin in context.principal.roles:
        return
    session = context.session
    led = people_service.org_unit_descendants(
        session, people_service.units_led_by(session, context.person_id)
    )
    if unit_id not in led:
        raise Forbidden("A leader can nominate the staff of the units they lead only.")


def _nominate_one(
    context: TenantContext,
    programme_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    person_id: uuid.UUID,
    data: TeamNominationCreate,
    justification: str,
) -> TeamMemberResult:
    session = context.session
    existing = _active_enrolment(context, programme_id, person_id)
    if existing is not None:
        return _result(person_id, TeamOutcome.already_enrolled, existing)
    try:
        with session.begin_nested():
            enrolment = service.create_nomination(
                context, programme_id, cohort_id, person_id, justification, data.team_challenge
            )
    except IntegrityError:  # nominated at the same moment by someone else
        return _result(
            person_id,
            TeamOutcome.already_enrolled,
            _active_enrolment(context, programme_id, person_id),
        )
    return _result(person_id, TeamOutcome.nominated, enrolment.id)


def _active_enrolment(
    context: TenantContext, programme_id: uuid.UUID, person_id: uuid.UUID
) -> uuid.UUID | None:
    return context.session.exec(
        select(Enrolment.id).where(
            Enrolment.programme_id == programme_id,
            Enrolment.person_id == person_id,
            col(Enrolment.status).in_(ACTIVE_STATUSES),
        )
    ).first()


def _result(
    person_id: uuid.UUID, outcome: TeamOutcome, enrolment_id: uuid.UUID | None = None
) -> TeamMemberResult:
    return TeamMemberResult(person_id=person_id, outcome=outcome, enrolment_id=enrolment_id)

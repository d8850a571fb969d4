"""The catalogue: the programmes a person could join, with who they are for, when, and how
many places are left, so a person can ask for a place or register interest (issue 18).

It lists the open programmes and the drafts HR shows to gauge interest. A participant or
facilitator sees those of their target group; a leader (who nominates others) and HR see all,
each marked whether the caller is in its target group.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, exists
from sqlmodel import Session, col, or_, select

from praksis.cohorts.models import Cohort, CohortStatus
from praksis.enrolments import service
from praksis.enrolments.models import (
    ACTIVE_STATUSES,
    PARTICIPATING,
    Enrolment,
    EnrolmentRequest,
)
from praksis.enrolments.schemas import CatalogueCohort, CatalogueEntry
from praksis.kit.context import TenantContext
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.permissions import Role
from praksis.kit.reads import TenantList
from praksis.people import service as people_service
from praksis.programmes import service as programmes_service
from praksis.programmes.models import (
    Programme,
    ProgrammeEligibleUnit,
    ProgrammeInterest,
    ProgrammeStatus,
)

ORDER = (Programme.id,)
TAKES_PEOPLE = (CohortStatus.planned, CohortStatus.running)
IN_CATALOGUE = or_(
    col(Programme.status) == ProgrammeStatus.open,
    and_(col(Programme.status) == ProgrammeStatus.draft, col(Programme.open_for_interest)),
)


def list_catalogue(
    context: TenantContext, page: PageRequest
) -> tuple[list[CatalogueEntry], str | None]:
    session = context.session
    units = people_service.unit_and_ancestors(session, context.person_id)
    statement = select(Programme).where(IN_CATALOGUE)
    roles = context.principal.roles
    if Role.hr_admin not in roles and Role.leader not in roles:
        statement = statement.where(_eligible(units))
    rows, next_cursor = paginate(session, statement, ORDER, page)
    return _entries(context, rows, units), next_cursor


CATALOGUE_LIST = TenantList(CatalogueEntry, read=list_catalogue)


def _eligible(units: set[uuid.UUID]) -> ColumnElement[bool]:
    """The programme names no target units, or one of ``units`` (the caller's and above)."""
    named = exists().where(col(ProgrammeEligibleUnit.programme_id) == col(Programme.id))
    if not units:
        return ~named
    return or_(
        ~named,
        col(Programme.id).in_(
            select(ProgrammeEligibleUnit.programme_id).where(
                col(ProgrammeEligibleUnit.org_unit_id).in_(units)
            )
        ),
    )


def _entries(
    context: TenantContext, programmes: Sequence[Programme], units: set[uuid.UUID]
) -> list[CatalogueEntry]:
    session, me = context.session, context.person_id
    ids = [programme.id for programme in programmes]
    eligible = programmes_service.eligible_unit_ids(session, ids)
    cohorts = _cohorts(session, ids)
    hr = Role.hr_admin in context.principal.roles
    counts = programmes_service.interest_counts(session, ids) if hr else {}
    interested = _interested(session, me, ids)
    enrolled = dict(
        session.exec(
            select(Enrolment.programme_id, Enrolment.status).where(
                Enrolment.person_id == me,
                col(Enrolment.programme_id).in_(ids),
                col(Enrolment.status).in_(ACTIVE_STATUSES),
            )
        ).all()
    )
    requested = dict(
        session.exec(
            select(EnrolmentRequest.programme_id, EnrolmentRequest.status)
            .where(EnrolmentRequest.person_id == me, col(EnrolmentRequest.programme_id).in_(ids))
            .order_by(col(EnrolmentRequest.id))  # the latest last: it wins in the dict
        ).all()
    )
    return [
        CatalogueEntry(
            programme_id=programme.id,
            title=programme.title,
            description=programme.description,
            kind=programme.kind,
            status=programme.status,
            target_group=programme.target_group,
            eligible_org_unit_ids=eligible[programme.id],
            eligible=not eligible[programme.id] or bool(set(eligible[programme.id]) & units),
            starts_on=programme.starts_on,
            ends_on=programme.ends_on,
            justification_required=programme.justification_required,
            seats_left=(
                sum(cohort.seats_left for cohort in cohorts[programme.id])
                if cohorts[programme.id]
                else None
            ),
            cohorts=cohorts[programme.id],
            interest_registered=programme.id in interested,
            interest_count=counts.get(programme.id) if hr else None,
            my_enrolment_status=enrolled.get(programme.id),
            my_request_status=requested.get(programme.id),
        )
        for programme in programmes
    ]


def _cohorts(
    session: Session, programme_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[CatalogueCohort]]:
    found: dict[uuid.UUID, list[CatalogueCohort]] = {pid: [] for pid in programme_ids}
    if not programme_ids:
        return found
    rows = session.exec(
        select(Cohort)
        .where(col(Cohort.programme_id).in_(programme_ids), col(Cohort.status).in_(TAKES_PEOPLE))
        .order_by(col(Cohort.id))
    ).all()
    taken = service.status_counts(session, [cohort.id for cohort in rows])
    for cohort in rows:
        places = taken[cohort.id]
        held = sum(places[status] for status in PARTICIPATING)
        found[cohort.programme_id].append(
            CatalogueCohort(
                id=cohort.id, name=cohort.name, seats_left=max(0, cohort.capacity - held)
            )
        )
    return found


def _interested(
    session: Session, person_id: uuid.UUID, programme_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    if not programme_ids:
        return set()
    rows = session.exec(
        select(ProgrammeInterest.programme_id).where(
            ProgrammeInterest.person_id == person_id,
            col(ProgrammeInterest.programme_id).in_(programme_ids),
        )
    ).all()
    return set(rows)

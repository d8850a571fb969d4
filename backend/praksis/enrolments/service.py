"""Enrolments: the seeds' nomination rules.

From the KL pilot: the leader nominates people from their own team and justifies in writing
how the programme connects to the team's current development challenge. HR decides; a full
cohort puts people on its waiting list, and a place that frees up goes to the longest waiting.

Services take the caller's context and decide there which enrolments it may see and change;
the lookups other domains' services and subscribers share take their tenant session (see
``praksis``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, or_, select

from praksis.audit.trail import Actor, AuditAction, AuditObject, changed, record, record_by
from praksis.cohorts import service as cohorts_service
from praksis.cohorts.models import Cohort, CohortStatus
from praksis.enrolments.events import (
    Decision,
    EnrolmentCompleted,
    EnrolmentDecided,
    JoiningCohort,
    PersonPlaced,
    PlaceChanged,
)
from praksis.enrolments.models import (
    ACTIVE_STATUSES,
    PARTICIPATING,
    Enrolment,
    EnrolmentStatus,
    WithdrawalReason,
)
from praksis.enrolments.schemas import (
    EnrolmentApproval,
    EnrolmentCompletion,
    EnrolmentCreate,
    EnrolmentDecision,
    EnrolmentRead,
    EnrolmentWithdrawal,
)
from praksis.kit.context import TenantContext
from praksis.kit.db import locking, utc_now
from praksis.kit.errors import Conflict, Forbidden, InvalidInput
from praksis.kit.events import publish
from praksis.kit.lookups import filtered, if_given, row_or_404
from praksis.kit.pagination import PageRequest, paginate
from praksis.kit.permissions import Role
from praksis.kit.reads import TenantList
from praksis.people import service as people_service
from praksis.programmes import service as programmes_service
from praksis.programmes.models import Programme, ProgrammeStatus

LIST_ORDER = (Enrolment.id,)
OPEN_COHORT = (CohortStatus.planned, CohortStatus.running)
UTC_ZONE = ZoneInfo("UTC")


# --- lookups other domains use ----------------------------------------------------------------


def participant_ids(session: Session, cohort_id: uuid.UUID) -> set[uuid.UUID]:
    """Everyone with an approved (or completed) place in the cohort."""
    rows = session.exec(
        select(Enrolment.person_id).where(
            Enrolment.cohort_id == cohort_id, col(Enrolment.status).in_(PARTICIPATING)
        )
    ).all()
    return set(rows)


def cohort_ids_of(session: Session, person_id: uuid.UUID) -> set[uuid.UUID]:
    """The cohorts the person has an approved (or completed) place in."""
    rows = session.exec(
        select(Enrolment.cohort_id).where(
            Enrolment.person_id == person_id,
            col(Enrolment.status).in_(PARTICIPATING),
            col(Enrolment.cohort_id).is_not(None),
        )
    ).all()
    return {row for row in rows if row is not None}


def status_counts(
    session: Session, cohort_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Counter[EnrolmentStatus]]:
    """How many enrolments of each status every cohort has."""
    ids = list(cohort_ids)
    counts: dict[uuid.UUID, Counter[EnrolmentStatus]] = {cohort_id: Counter() for cohort_id in ids}
    if not ids:
        return counts
    rows = session.exec(
        select(Enrolment.cohort_id, Enrolment.status, func.count())
        .where(col(Enrolment.cohort_id).in_(ids))
        .group_by(col(Enrolment.cohort_id), col(Enrolment.status))
    ).all()
    for cohort_id, status, number in rows:
        if cohort_id is not None:
            counts[cohort_id][EnrolmentStatus(status)] = number
    return counts


def has_enrolments(session: Session, cohort_id: uuid.UUID) -> bool:
    """Whether anyone was ever enrolled on the cohort, in any status."""
    found = session.exec(select(Enrolment.id).where(Enrolment.cohort_id == cohort_id)).first()
    return found is not None


def promote_waitlisted(session: Session, cohort: Cohort, actor: Actor) -> list[Enrolment]:
    """Fill the cohort's free places from its waiting list, longest waiting first; someone
    whose other workshops clash with the cohort's keeps waiting (as approval would refuse).
    Each promotion is recorded as done by ``actor``, whose change freed the place.

    The caller holds the cohort's lock; the waiting enrolments are locked too, and one
    declined or withdrawn meanwhile drops out of the locking read (PostgreSQL re-checks the
    condition after the wait)."""
    if cohort.status not in OPEN_COHORT:
        return []
    free = cohort.capacity - len(participant_ids(session, cohort.id))
    if free <= 0:
        return []
    waiting = session.exec(
        locking(
            select(Enrolment)
            .where(
                Enrolment.cohort_id == cohort.id,
                Enrolment.status == EnrolmentStatus.waitlisted,
            )
            .order_by(col(Enrolment.created_at), col(Enrolment.id))
        )
    ).all()
    now = utc_now()
    promoted: list[Enrolment] = []
    for enrolment in waiting:
        if len(promoted) == free:
            break
        try:
            publish(session, JoiningCohort(enrolment.person_id, cohort.id, UTC_ZONE))
        except Conflict:
            continue
        enrolment.status = EnrolmentStatus.approved
        enrolment.updated_at = now
        record_by(
            session,
            actor,
            AuditAction.enrolment_promoted,
            AuditObject.enrolment,
            enrolment.id,
            {"status": EnrolmentStatus.waitlisted},
            {"status": EnrolmentStatus.approved},
        )
        session.flush()
        publish(session, PlaceChanged(enrolment.person_id, cohort.id))
        _publish_decision(session, enrolment, "promoted")
        promoted.append(enrolment)
    return promoted


def open_programme(session: Session, programme_id: uuid.UUID) -> Programme:
    """The programme, if it takes nominations and requests (open); 409 otherwise."""
    programme = programmes_service.get_programme(session, programme_id)
    if programme.status != ProgrammeStatus.open:
        raise Conflict(
            f"The programme is {programme.status.value}; nominations are taken while it is open."
        )
    return programme


def refuse_if_not_eligible(session: Session, programme_id: uuid.UUID, person_id: uuid.UUID) -> None:
    if not programmes_service.is_eligible(session, programme_id, person_id):
        raise Forbidden("The person is not in the programme's target group.")


def cohort_of_programme(
    session: Session, cohort_id: uuid.UUID, programme_id: uuid.UUID, *, for_update: bool = False
) -> Cohort:
    cohort = cohorts_service.get_cohort(session, cohort_id, for_update=for_update)
    if cohort.programme_id != programme_id:
        raise InvalidInput(
            "The cohort belongs to another programme.",
            errors=[{"location": "body.cohort_id", "message": "not a cohort of the programme"}],
        )
    if cohort.status not in OPEN_COHORT:
        raise Conflict(f"The cohort is {cohort.status.value}; it takes no more participants.")
    return cohort


def refuse_second_active_enrolment(
    session: Session, person_id: uuid.UUID, programme_id: uuid.UUID
) -> None:
    existing = session.exec(
        select(Enrolment.id, Enrolment.status).where(
            Enrolment.person_id == person_id,
            Enrolment.programme_id == programme_id,
            col(Enrolment.status).in_(ACTIVE_STATUSES),
        )
    ).first()
    if existing is not None:
        raise Conflict(
            f"The person already has a {EnrolmentStatus(existing[1]).value} enrolment "
            f"({existing[0]}) on this programme."
        )


# --- reading, with row visibility -------------------------------------------------------------


def list_enrolments(
    context: TenantContext,
    page: PageRequest,
    *,
    programme_id: uuid.UUID | None = None,
    cohort_id: uuid.UUID | None = None,
    status: EnrolmentStatus | None = None,
    person_id: uuid.UUID | None = None,
) -> tuple[list[Enrolment], str | None]:
    """The enrolments the caller may see, filtered."""
    statement = filtered(
        select(Enrolment),
        _visible_to(context),
        if_given(Enrolment.programme_id, programme_id),
        if_given(Enrolment.cohort_id, cohort_id),
        if_given(Enrolment.status, status),
        if_given(Enrolment.person_id, person_id),
    )
    return paginate(context.session, statement, LIST_ORDER, page)


ENROLMENTS_LIST = TenantList(EnrolmentRead, read=list_enrolments)


def get_enrolment(context: TenantContext, enrolment_id: uuid.UUID) -> Enrolment:
    """The enrolment if the caller may see it; 404 otherwise, as if it did not exist."""
    return row_or_404(
        context.session,
        Enrolment,
        enrolment_id,
        _visible_to(context),
        missing=f"Enrolment {enrolment_id} was not found.",
    )


def _visible_to(context: TenantContext) -> ColumnElement[bool] | None:
    """Which enrolments the caller sees (``None``: all). Several roles see the union:
    everyone their own; a leader their team's and those they nominated; a facilitator those
    in the cohorts they facilitate; HR all."""
    roles = context.principal.roles
    if Role.hr_admin in roles:
        return None
    session, me = context.session, context.person_id
    clauses: list[ColumnElement[bool]] = [col(Enrolment.person_id) == me]
    if Role.leader in roles:
        clauses.append(col(Enrolment.nominated_by_id) == me)
        team = people_service.team_member_ids(session, me)
        if team:
            clauses.append(col(Enrolment.person_id).in_(team))
    if Role.facilitator in roles:
        cohorts = cohorts_service.cohorts_facilitated_by(session, me)
        if cohorts:
            clauses.append(col(Enrolment.cohort_id).in_(cohorts))
    return or_(*clauses)


# --- nomination and decisions -----------------------------------------------------------------


def nominate(context: TenantContext, data: EnrolmentCreate) -> Enrolment:
    """A leader nominates someone from their own team (HR anyone) for an open programme,
    with the written justification the programme asks for."""
    session = context.session
    person = people_service.require_current_person(session, data.person_id)
    if Role.hr_admin not in context.principal.roles and person.id not in (
        people_service.team_member_ids(session, context.person_id)
    ):
        raise Forbidden("A leader can nominate only people in their own team.")
    programme = open_programme(session, data.programme_id)
    justification = data.justification.strip()
    require_justification(programme, justification)
    cohort_id = None
    if data.cohort_id is not None:
        cohort_id = cohort_of_programme(session, data.cohort_id, programme.id).id
    refuse_if_not_eligible(session, programme.id, person.id)
    refuse_second_active_enrolment(session, person.id, programme.id)
    return create_nomination(
        context, programme.id, cohort_id, person.id, justification, data.team_challenge
    )


def create_nomination(
    context: TenantContext,
    programme_id: uuid.UUID,
    cohort_id: uuid.UUID | None,
    person_id: uuid.UUID,
    justification: str,
    team_challenge: str,
) -> Enrolment:
    """The nominated enrolment, checked already, written and recorded (a concurrent twin
    is refused by the database: one active enrolment per person and programme)."""
    session = context.session
    enrolment = Enrolment(
        programme_id=programme_id,
        cohort_id=cohort_id,
        person_id=person_id,
        nominated_by_id=context.person_id,
        justification=justification,
        team_challenge=team_challenge.strip(),
    )
    session.add(enrolment)
    session.flush()
    record(
        context,
        AuditAction.enrolment_nominated,
        AuditObject.enrolment,
        enrolment.id,
        {},
        {
            "status": enrolment.status,
            "programme_id": enrolment.programme_id,
            "cohort_id": enrolment.cohort_id,
            "person_id": enrolment.person_id,
        },
    )
    return enrolment


def approve(context: TenantContext, enrolment_id: uuid.UUID, data: EnrolmentApproval) -> Enrolment:
    """Approve onto a cohort; when its places are taken, onto its waiting list instead."""
    session = context.session
    enrolment = get_enrolment(context, enrolment_id)
    _require_status(enrolment, "approved", EnrolmentStatus.nominated, EnrolmentStatus.waitlisted)
    cohort_id = data.cohort_id or enrolment.cohort_id
    if cohort_id is None:
        raise InvalidInput(
            "Choose the cohort to approve the participant onto.",
            errors=[{"location": "body.cohort_id", "message": "required"}],
        )
    cohort = cohort_of_programme(session, cohort_id, enrolment.programme_id, for_update=True)
    enrolment = _locked(session, enrolment)
    was = _decided_fields(enrolment)
    full = len(participant_ids(session, cohort.id)) >= cohort.capacity
    if full and enrolment.status == EnrolmentStatus.waitlisted and enrolment.cohort_id == cohort.id:
        raise Conflict("The cohort is still full; the enrolment stays on its waiting list.")
    if not full:
        # joining a cohort books its workshops: refused if that double-books the person
        publish(session, JoiningCohort(enrolment.person_id, cohort.id, _zone(context)))
    enrolment.cohort_id = cohort.id
    enrolment.status = EnrolmentStatus.waitlisted if full else EnrolmentStatus.approved
    _note(enrolment, data.note)
    decided = AuditAction.enrolment_waitlisted if full else AuditAction.enrolment_approved
    _record_decision(context, decided, enrolment, was, data.note)
    session.flush()
    if not full:
        publish(session, PersonPlaced(enrolment.person_id, cohort.id, _zone(context)))
    _publish_decision(session, enrolment, "waitlisted" if full else "approved")
    return enrolment


def _zone(context: TenantContext) -> ZoneInfo:
    return ZoneInfo(context.municipality.time_zone)


def decline(context: TenantContext, enrolment_id: uuid.UUID, data: EnrolmentDecision) -> Enrolment:
    enrolment = get_enrolment(context, enrolment_id)
    _require_status(enrolment, "declined", EnrolmentStatus.nominated, EnrolmentStatus.waitlisted)
    enrolment = _locked(context.session, enrolment)
    was = _decided_fields(enrolment)
    enrolment.status = EnrolmentStatus.declined
    _note(enrolment, data.note)
    _record_decision(context, AuditAction.enrolment_declined, enrolment, was, data.note)
    context.session.flush()
    _publish_decision(context.session, enrolment, "declined")
    return enrolment


def withdraw(
    context: TenantContext, enrolment_id: uuid.UUID, data: EnrolmentWithdrawal
) -> Enrolment:
    """The participant, their leader or HR withdraws; a freed place goes to the waiting list."""
    session = context.session
    enrolment = get_enrolment(context, enrolment_id)
    if not _may_withdraw(context, enrolment):
        raise Forbidden("Only the participant, their leader or HR can withdraw an enrolment.")
    _require_status(
        enrolment,
        "withdrawn",
        EnrolmentStatus.nominated,
        EnrolmentStatus.approved,
        EnrolmentStatus.waitlisted,
    )
    # the cohort's lock comes first (the lock order), whether or not a place turns out held
    cohort = (
        cohorts_service.get_cohort(session, enrolment.cohort_id, for_update=True)
        if enrolment.cohort_id is not None
        else None
    )
    enrolment = _locked(session, enrolment)
    was = _decided_fields(enrolment)
    held_a_place = enrolment.status == EnrolmentStatus.approved and cohort is not None
    enrolment.status = EnrolmentStatus.withdrawn
    enrolment.withdrawal_reason = data.reason
    enrolment.withdrawal_note = data.note.strip()
    enrolment.updated_at = utc_now()
    _record_decision(
        context, AuditAction.enrolment_withdrawn, enrolment, was, data.note, data.reason
    )
    session.flush()
    if held_a_place and cohort is not None:
        publish(session, PlaceChanged(enrolment.person_id, cohort.id))
        cohorts_service.leave_groups_and_pairs(session, cohort.id, enrolment.person_id)
        promote_waitlisted(session, cohort, Actor.of(context))
    return enrolment


def complete(
    context: TenantContext, enrolment_id: uuid.UUID, data: EnrolmentCompletion
) -> Enrolment:
    """Record completion with the result the programme's grading allows; what the programme
    awards for it is issued in the same transaction (``EnrolmentCompleted``)."""
    enrolment = get_enrolment(context, enrolment_id)
    _require_status(enrolment, "completed", EnrolmentStatus.approved)
    enrolment = _locked(context.session, enrolment)
    programme = programmes_service.get_programme(context.session, enrolment.programme_id)
    grade, passed = programmes_service.validate_result(programme.grading, data.grade, data.passed)
    was = _decided_fields(enrolment)
    enrolment.status = EnrolmentStatus.completed
    enrolment.grade, enrolment.passed = grade, passed
    enrolment.completed_at = enrolment.updated_at = completed_at = utc_now()
    _record_decision(context, AuditAction.enrolment_completed, enrolment, was)
    context.session.flush()
    publish(
        context.session,
        EnrolmentCompleted(
            enrolment.id,
            enrolment.person_id,
            enrolment.programme_id,
            passed,
            completed_at.astimezone(_zone(context)).date(),
            Actor.of(context),
        ),
    )
    return enrolment


def _may_withdraw(context: TenantContext, enrolment: Enrolment) -> bool:
    roles = context.principal.roles
    if Role.hr_admin in roles or enrolment.person_id == context.person_id:
        return True
    return Role.leader in roles and enrolment.person_id in people_service.team_member_ids(
        context.session, context.person_id
    )


def _locked(session: Session, enrolment: Enrolment) -> Enrolment:
    """The enrolment's row locked and read again; a conflict if its status or cohort moved
    since this request read it, so a decision is applied only to the state it was made on
    (of two decisions at once, the second is told 409, never silently undone or overruled).

    A caller whose decision involves the cohort has locked it already (cohort before
    enrolment: the lock order)."""
    seen = enrolment.status, enrolment.cohort_id
    missing = f"Enrolment {enrolment.id} was not found."
    locked = row_or_404(session, Enrolment, enrolment.id, missing=missing, for_update=True)
    if (locked.status, locked.cohort_id) != seen:
        moved = " in another cohort" if locked.cohort_id != seen[1] else ""
        raise Conflict(
            f"Another request changed the enrolment at the same time: it is now "
            f"{locked.status.value}{moved}. Look at it again before deciding."
        )
    return locked


def _require_status(enrolment: Enrolment, action: str, *allowed: EnrolmentStatus) -> None:
    if enrolment.status not in allowed:
        names = " or ".join(status.value for status in allowed)
        raise Conflict(
            f"An enrolment can be {action} only when {names}; this one is {enrolment.status.value}."
        )


def _decided_fields(enrolment: Enrolment) -> dict[str, object]:
    """What a decision on the enrolment may change, as the audit trail compares it."""
    return {
        "status": enrolment.status,
        "cohort_id": enrolment.cohort_id,
        "grade": enrolment.grade,
        "passed": enrolment.passed,
    }


def _record_decision(
    context: TenantContext,
    action: AuditAction,
    enrolment: Enrolment,
    was: dict[str, object],
    note: str = "",
    reason: WithdrawalReason | None = None,
) -> None:
    """The decision in the audit trail: the fields it changed, and its own note (the
    enrolment keeps only the latest note; the trail keeps each) and reason."""
    before, after = changed(was, _decided_fields(enrolment))
    if note.strip():
        after["note"] = note.strip()
    if reason is not None:
        after["reason"] = reason
    record(context, action, AuditObject.enrolment, enrolment.id, before, after)


def _publish_decision(session: Session, enrolment: Enrolment, decision: Decision) -> None:
    publish(
        session,
        EnrolmentDecided(
            enrolment.id,
            enrolment.person_id,
            enrolment.programme_id,
            enrolment.cohort_id,
            decision,
        ),
    )


def _note(enrolment: Enrolment, note: str) -> None:
    if note.strip():
        enrolment.decision_note = note.strip()
    enrolment.updated_at = utc_now()


def require_justification(programme: Programme, justification: str) -> None:
    if not programme.justification_required:
        return
    minimum = max(1, programme.justification_min_length)
    if len(justification) < minimum:
        raise InvalidInput(
            f"The leader must justify in writing, in at least {minimum} characters, how the "
            "programme connects to the team's current development challenge.",
            errors=[
                {"location": "body.justification", "message": f"at least {minimum} characters"}
            ],
        )

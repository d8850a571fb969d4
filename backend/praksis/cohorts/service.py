"""Cohorts (hold), learning groups and buddy pairs.

The rules come from the seeds: Hedensted runs its programme in cohorts of 20–24 with
learning groups of 4–6 who work in buddy pairs; the KL pilot wants at least two
participants from each department, so a cohort may not start with a lone participant.

Services take the caller's context; the lookups other domains' services share take their
tenant session (see ``praksis``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlmodel import Session, col, or_, select

from praksis.audit.trail import Actor, AuditAction, AuditObject, record, record_changes
from praksis.cohorts.events import (
    CohortGrew,
    CountPlaces,
    DeletingCohort,
    FacilitatorsChanged,
    Participants,
    PlaceCounts,
)
from praksis.cohorts.models import (
    BuddyPair,
    Cohort,
    CohortFacilitator,
    CohortStatus,
    LearningGroup,
    LearningGroupMember,
)
from praksis.cohorts.schemas import (
    GROUP_MAX_MEMBERS,
    GROUP_MIN_MEMBERS,
    BuddyPairCreate,
    BuddyPairRead,
    CohortCreate,
    CohortRead,
    CohortUpdate,
    LearningGroupCreate,
    LearningGroupRead,
    LearningGroupUpdate,
)
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.kit.errors import Conflict, InvalidInput
from praksis.kit.events import ask, publish
from praksis.kit.lookups import refuse_taken, row_or_404
from praksis.kit.pagination import PageRequest, described_page, paginate
from praksis.kit.reads import TenantList
from praksis.kit.relations import keep_links, linked_values
from praksis.people import service as people_service
from praksis.people.models import OrgUnit
from praksis.programmes import service as programmes_service
from praksis.programmes.models import Programme

# creation order (ids are UUIDv7): the kit's cursors cannot carry a name column
LIST_ORDER = (Cohort.id,)
GROUP_ORDER = (LearningGroup.id,)
PAIR_ORDER = (BuddyPair.id,)
NO_UNIT_NAME = "no unit"

ALLOWED_MOVES: dict[CohortStatus, tuple[CohortStatus, ...]] = {
    CohortStatus.planned: (CohortStatus.running, CohortStatus.cancelled),
    CohortStatus.running: (CohortStatus.completed, CohortStatus.cancelled),
    CohortStatus.completed: (),
    CohortStatus.cancelled: (),
}
CLOSED = (CohortStatus.completed, CohortStatus.cancelled)


# --- lookups other domains use ----------------------------------------------------------------


def get_cohort(session: Session, cohort_id: uuid.UUID, *, for_update: bool = False) -> Cohort:
    """The cohort, or 404. ``for_update`` locks its row and reads it again, so decisions
    about its places, its status and its groups are taken one at a time, each on the state
    the one before left."""
    return row_or_404(
        session,
        Cohort,
        cohort_id,
        missing=f"Cohort {cohort_id} was not found.",
        for_update=for_update,
    )


def facilitator_ids(session: Session, cohort_id: uuid.UUID) -> set[uuid.UUID]:
    rows = session.exec(
        select(CohortFacilitator.person_id).where(CohortFacilitator.cohort_id == cohort_id)
    ).all()
    return set(rows)


def cohorts_facilitated_by(session: Session, person_id: uuid.UUID) -> set[uuid.UUID]:
    """The cohorts the person facilitates."""
    rows = session.exec(
        select(CohortFacilitator.cohort_id).where(CohortFacilitator.person_id == person_id)
    ).all()
    return set(rows)


def leave_groups_and_pairs(session: Session, cohort_id: uuid.UUID, person_id: uuid.UUID) -> None:
    """Someone who leaves a cohort leaves its learning group and buddy pair with it."""
    session.execute(
        delete(BuddyPair).where(
            col(BuddyPair.cohort_id) == cohort_id,
            or_(
                col(BuddyPair.first_person_id) == person_id,
                col(BuddyPair.second_person_id) == person_id,
            ),
        )
    )
    session.execute(
        delete(LearningGroupMember).where(
            col(LearningGroupMember.cohort_id) == cohort_id,
            col(LearningGroupMember.person_id) == person_id,
        )
    )
    session.flush()


# --- cohorts ----------------------------------------------------------------------------------


def list_cohorts(
    context: TenantContext, page: PageRequest, programme_id: uuid.UUID | None = None
) -> tuple[list[CohortRead], str | None]:
    session = context.session
    statement = select(Cohort)
    if programme_id is not None:
        statement = statement.where(Cohort.programme_id == programme_id)
    return described_page(session, statement, LIST_ORDER, page, _describe_cohorts)


COHORTS_LIST = TenantList(CohortRead, read=list_cohorts)


def read_cohort(context: TenantContext, cohort_id: uuid.UUID) -> CohortRead:
    session = context.session
    return _describe_cohorts(session, [get_cohort(session, cohort_id)])[0]


def _describe_cohorts(session: Session, cohorts: Sequence[Cohort]) -> list[CohortRead]:
    """Cohorts with their facilitators and enrolment counts (two queries for any number)."""
    ids = [cohort.id for cohort in cohorts]
    facilitators = linked_values(
        session, CohortFacilitator.cohort_id, CohortFacilitator.person_id, ids
    )
    counts = ask(session, CountPlaces(frozenset(ids)))
    reads = []
    for cohort in cohorts:
        count = counts.get(cohort.id, PlaceCounts())
        reads.append(
            CohortRead(
                id=cohort.id,
                programme_id=cohort.programme_id,
                name=cohort.name,
                capacity=cohort.capacity,
                status=cohort.status,
                facilitator_ids=facilitators[cohort.id],
                approved_count=count.approved,
                completed_count=count.completed,
                waitlisted_count=count.waitlisted,
                cancellation_reason=cohort.cancellation_reason,
                cancellation_note=cohort.cancellation_note,
                cancelled_at=cohort.cancelled_at,
                created_at=cohort.created_at,
                updated_at=cohort.updated_at,
            )
        )
    return reads


def create_cohort(context: TenantContext, data: CohortCreate) -> CohortRead:
    """A new planned cohort of an existing programme, sized within the programme's range."""
    session = context.session
    programme = programmes_service.get_programme(session, data.programme_id)
    _refuse_capacity_outside_programme_range(programme, data.capacity)
    _refuse_duplicate_name(session, programme.id, data.name)
    _require_facilitators(session, data.facilitator_ids)
    cohort = Cohort(programme_id=programme.id, name=data.name, capacity=data.capacity)
    session.add(cohort)
    session.flush()
    _replace_facilitators(session, cohort.id, data.facilitator_ids)
    fields = {"programme_id": programme.id, **_audited_fields(session, cohort)}
    record(context, AuditAction.cohort_created, AuditObject.cohort, cohort.id, {}, fields)
    return _describe_cohorts(session, [cohort])[0]


def update_cohort(
    context: TenantContext, cohort_id: uuid.UUID, changes: CohortUpdate
) -> CohortRead:
    """Rename, resize, change facilitators or move the status along its lifecycle. The
    cohort's workshops book its facilitators: one busy then is refused (409, times in the
    municipality's zone)."""
    session = context.session
    zone = ZoneInfo(context.municipality.time_zone)
    cohort = get_cohort(session, cohort_id, for_update=True)
    was = _audited_fields(session, cohort)
    programme = programmes_service.get_programme(session, cohort.programme_id)
    values = changes.model_dump(exclude_unset=True)
    cancelling = values.get("status") == CohortStatus.cancelled != cohort.status
    programmes_service.refuse_reason_without_cancelling(values, cancelling)
    if "name" in values and values["name"] != cohort.name:
        _refuse_duplicate_name(session, cohort.programme_id, values["name"])
        cohort.name = values["name"]
    capacity_grew = False
    if "capacity" in values and values["capacity"] != cohort.capacity:
        _refuse_capacity_outside_programme_range(programme, values["capacity"])
        taken = len(ask(session, Participants(cohort.id)))
        if values["capacity"] < taken:
            raise Conflict(
                f"{taken} participants already hold a place; the capacity cannot go below that."
            )
        capacity_grew = values["capacity"] > cohort.capacity
        cohort.capacity = values["capacity"]
    if changes.facilitator_ids is not None:
        _require_facilitators(session, changes.facilitator_ids)
        before, after = facilitator_ids(session, cohort.id), set(changes.facilitator_ids)
        _replace_facilitators(session, cohort.id, changes.facilitator_ids)
        if before != after:  # the cohort's workshops book them, refusing one who is busy
            added, removed = frozenset(after - before), frozenset(before - after)
            publish(session, FacilitatorsChanged(cohort.id, added, removed, zone))
    if changes.status is not None and changes.status != cohort.status:
        _move(session, cohort, programme, changes.status)
    if cancelling:
        cohort.cancellation_reason = values.get("cancellation_reason")
        cohort.cancellation_note = (values.get("cancellation_note") or "").strip()
        cohort.cancelled_at = utc_now()
    cohort.updated_at = utc_now()
    _record_update(context, cohort, was, _audited_fields(session, cohort))
    session.flush()
    if capacity_grew:  # the waiting list fills the new places
        publish(session, CohortGrew(cohort, Actor.of(context)))
    return _describe_cohorts(session, [cohort])[0]


def _audited_fields(session: Session, cohort: Cohort) -> dict[str, Any]:
    return {
        "name": cohort.name,
        "capacity": cohort.capacity,
        "facilitator_ids": facilitator_ids(session, cohort.id),
        "status": cohort.status,
    }


def _record_update(
    context: TenantContext, cohort: Cohort, was: dict[str, Any], now: dict[str, Any]
) -> None:
    """A cohort's start (or other move of its status, a cancellation with its reason) and its
    other changes, each its own event in the audit trail."""
    cohort_id = cohort.id
    status_was, status_now = was.pop("status"), now.pop("status")
    if status_now != status_was:
        moved = (
            AuditAction.cohort_started
            if status_now == CohortStatus.running
            else AuditAction.cohort_status_changed
        )
        record(
            context,
            moved,
            AuditObject.cohort,
            cohort_id,
            {"status": status_was},
            {"status": status_now}
            | (
                programmes_service.cancellation_fields(
                    cohort.cancellation_reason, cohort.cancellation_note
                )
                if status_now == CohortStatus.cancelled
                else {}
            ),
        )
    record_changes(context, AuditAction.cohort_updated, AuditObject.cohort, cohort_id, was, now)


def delete_cohort(context: TenantContext, cohort_id: uuid.UUID) -> None:
    """Only a planned cohort nobody is enrolled on, without workshops, may be deleted."""
    session = context.session
    cohort = get_cohort(session, cohort_id, for_update=True)
    if cohort.status != CohortStatus.planned:
        raise Conflict(f"Only a planned cohort can be deleted; this one is {cohort.status}.")
    publish(session, DeletingCohort(cohort.id))  # refused while it has enrolments or workshops
    fields = {"programme_id": cohort.programme_id, **_audited_fields(session, cohort)}
    # facilitators, learning groups, their members and buddy pairs go with it (ON DELETE CASCADE)
    session.delete(cohort)
    session.flush()
    record(context, AuditAction.cohort_deleted, AuditObject.cohort, cohort_id, fields, {})


def _move(session: Session, cohort: Cohort, programme: Programme, target: CohortStatus) -> None:
    allowed = ALLOWED_MOVES[cohort.status]
    if target not in allowed:
        moves = ", ".join(status.value for status in allowed) or "none (it is final)"
        raise Conflict(
            f"A {cohort.status.value} cohort cannot become {target.value}; allowed: {moves}.",
            extra={"allowed_statuses": [status.value for status in allowed]},
        )
    if target == CohortStatus.running:
        _refuse_start_without_enough_participants(session, cohort, programme)
    cohort.status = target


def _refuse_start_without_enough_participants(
    session: Session, cohort: Cohort, programme: Programme
) -> None:
    participants = ask(session, Participants(cohort.id))
    minimum = programme.min_participants_per_org_unit
    if minimum:
        level = programme.min_participants_level
        units = people_service.unit_at_level_of(session, participants, level)
        per_unit = Counter(units.get(person) for person in participants)
        short = {unit: n for unit, n in per_unit.items() if n < minimum}
        if short:
            listed = _describe_departments(session, short)
            names = ", ".join(f"{entry['name']} ({entry['count']})" for entry in listed)
            raise Conflict(
                f"The programme needs at least {minimum} participants from each "
                f"{level.value}, so they can carry the change home together; too few from: "
                f"{names}.",
                extra={"org_units": listed, "level": level.value},
            )
    if programme.cohort_min_size is not None and len(participants) < programme.cohort_min_size:
        raise Conflict(
            f"The cohort needs at least {programme.cohort_min_size} approved participants "
            f"to start; it has {len(participants)}."
        )


def _describe_departments(
    session: Session, counts: dict[uuid.UUID | None, int]
) -> list[dict[str, object]]:
    unit_ids = [unit for unit in counts if unit is not None]
    names: dict[uuid.UUID, str] = {}
    if unit_ids:
        rows = session.exec(
            select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_(unit_ids))
        ).all()
        names = dict(rows)
    listed: list[dict[str, object]] = [
        {"id": str(unit), "name": names.get(unit, ""), "count": counts[unit]}
        for unit in sorted(unit_ids, key=lambda unit: (names.get(unit, ""), str(unit)))
    ]
    if None in counts:
        listed.append({"id": None, "name": NO_UNIT_NAME, "count": counts[None]})
    return listed


def _refuse_capacity_outside_programme_range(programme: Programme, capacity: int) -> None:
    high, low = programme.cohort_max_size, programme.cohort_min_size
    if high is not None and capacity > high:
        raise InvalidInput(
            f"The programme's cohorts hold at most {high} participants; {capacity} is too many.",
            errors=[{"location": "body.capacity", "message": f"at most {high}"}],
        )
    if low is not None and capacity < low:
        raise InvalidInput(
            f"The programme's cohorts need at least {low} participants; a capacity of "
            f"{capacity} could never start.",
            errors=[{"location": "body.capacity", "message": f"at least {low}"}],
        )


def _refuse_duplicate_name(session: Session, programme_id: uuid.UUID, name: str) -> None:
    taken = f'The programme already has a cohort named "{name}".'
    refuse_taken(
        session, Cohort, Cohort.programme_id == programme_id, Cohort.name == name, taken=taken
    )


def _require_facilitators(session: Session, person_ids: Sequence[uuid.UUID]) -> None:
    _refuse_repeats(person_ids, "body.facilitator_ids")
    for person_id in person_ids:
        people_service.require_current_person(session, person_id)


def _replace_facilitators(
    session: Session, cohort_id: uuid.UUID, person_ids: Sequence[uuid.UUID]
) -> None:
    keep_links(
        session,
        select(CohortFacilitator).where(CohortFacilitator.cohort_id == cohort_id),
        lambda facilitator: facilitator.person_id,
        person_ids,
        lambda person_id: CohortFacilitator(cohort_id=cohort_id, person_id=person_id),
    )


def _refuse_repeats(ids: Sequence[uuid.UUID], location: str) -> None:
    repeated = sorted({str(i) for i, n in Counter(ids).items() if n > 1})
    if repeated:
        raise InvalidInput(
            f"Each person may be listed once; repeated: {', '.join(repeated)}.",
            errors=[{"location": location, "message": "repeated person"}],
        )


def _refuse_if_closed(cohort: Cohort) -> None:
    if cohort.status in CLOSED:
        raise Conflict(f"The cohort is {cohort.status.value}; its groups no longer change.")


# --- learning groups --------------------------------------------------------------------------


def list_learning_groups(
    context: TenantContext, cohort_id: uuid.UUID, page: PageRequest
) -> tuple[list[LearningGroupRead], str | None]:
    session = context.session
    get_cohort(session, cohort_id)
    statement = select(LearningGroup).where(LearningGroup.cohort_id == cohort_id)
    return described_page(session, statement, GROUP_ORDER, page, _describe_groups)


LEARNING_GROUPS_LIST = TenantList(LearningGroupRead, read=list_learning_groups)


def get_learning_group(
    context: TenantContext, cohort_id: uuid.UUID, group_id: uuid.UUID
) -> LearningGroupRead:
    session = context.session
    return _describe_groups(session, [_group(session, cohort_id, group_id)])[0]


def create_learning_group(
    context: TenantContext, cohort_id: uuid.UUID, data: LearningGroupCreate
) -> LearningGroupRead:
    """A læringsgruppe of 4–6 approved participants, none already in another group."""
    session = context.session
    cohort = get_cohort(session, cohort_id, for_update=True)
    _refuse_if_closed(cohort)
    _refuse_duplicate_group_name(session, cohort.id, data.name)
    _check_members(session, cohort, data.member_ids, group_id=None)
    group = LearningGroup(cohort_id=cohort.id, name=data.name)
    session.add(group)
    session.flush()
    for person_id in data.member_ids:
        session.add(
            LearningGroupMember(cohort_id=cohort.id, group_id=group.id, person_id=person_id)
        )
    session.flush()
    return get_learning_group(context, cohort.id, group.id)


def update_learning_group(
    context: TenantContext,
    cohort_id: uuid.UUID,
    group_id: uuid.UUID,
    changes: LearningGroupUpdate,
) -> LearningGroupRead:
    """Rename or replace the members; buddy pairs that no longer fit are dropped."""
    session = context.session
    cohort = get_cohort(session, cohort_id, for_update=True)
    group = _group(session, cohort_id, group_id)
    _refuse_if_closed(cohort)
    if changes.name is not None and changes.name != group.name:
        _refuse_duplicate_group_name(session, cohort.id, changes.name)
        group.name = changes.name
    if changes.member_ids is not None:
        _check_members(session, cohort, changes.member_ids, group_id=group.id)
        _replace_members(session, group, changes.member_ids)
    session.flush()
    return get_learning_group(context, cohort.id, group.id)


def delete_learning_group(
    context: TenantContext, cohort_id: uuid.UUID, group_id: uuid.UUID
) -> None:
    session = context.session
    cohort = get_cohort(session, cohort_id, for_update=True)
    group = _group(session, cohort_id, group_id)
    _refuse_if_closed(cohort)
    for pair in session.exec(select(BuddyPair).where(BuddyPair.group_id == group.id)).all():
        session.delete(pair)
    members = session.exec(
        select(LearningGroupMember).where(LearningGroupMember.group_id == group.id)
    ).all()
    for member in members:
        session.delete(member)
    session.flush()
    session.delete(group)
    session.flush()


def _group(session: Session, cohort_id: uuid.UUID, group_id: uuid.UUID) -> LearningGroup:
    return row_or_404(
        session,
        LearningGroup,
        group_id,
        LearningGroup.cohort_id == cohort_id,
        missing=f"Learning group {group_id} was not found in cohort {cohort_id}.",
    )


def _describe_groups(session: Session, groups: Sequence[LearningGroup]) -> list[LearningGroupRead]:
    members = linked_values(
        session,
        LearningGroupMember.group_id,
        LearningGroupMember.person_id,
        [group.id for group in groups],
    )
    return [
        LearningGroupRead(
            id=group.id, cohort_id=group.cohort_id, name=group.name, member_ids=members[group.id]
        )
        for group in groups
    ]


def _refuse_duplicate_group_name(session: Session, cohort_id: uuid.UUID, name: str) -> None:
    taken = f'The cohort already has a learning group named "{name}".'
    refuse_taken(
        session,
        LearningGroup,
        LearningGroup.cohort_id == cohort_id,
        LearningGroup.name == name,
        taken=taken,
    )


def _check_members(
    session: Session,
    cohort: Cohort,
    member_ids: Sequence[uuid.UUID],
    group_id: uuid.UUID | None,
) -> None:
    _refuse_repeats(member_ids, "body.member_ids")
    if not GROUP_MIN_MEMBERS <= len(member_ids) <= GROUP_MAX_MEMBERS:
        raise InvalidInput(
            f"A learning group has {GROUP_MIN_MEMBERS}–{GROUP_MAX_MEMBERS} members; "
            f"{len(member_ids)} were given.",
            errors=[{"location": "body.member_ids", "message": "needs 4 to 6 members"}],
        )
    participants = ask(session, Participants(cohort.id))
    outsiders = [str(person) for person in member_ids if person not in participants]
    if outsiders:
        raise InvalidInput(
            "Only approved participants of this cohort can join its learning groups; "
            f"not participants: {', '.join(outsiders)}.",
            errors=[{"location": "body.member_ids", "message": "not a participant"}],
        )
    statement = select(LearningGroupMember.person_id, LearningGroup.name).where(
        LearningGroupMember.cohort_id == cohort.id,
        col(LearningGroupMember.person_id).in_(list(member_ids)),
        LearningGroup.id == LearningGroupMember.group_id,
    )
    if group_id is not None:
        statement = statement.where(LearningGroupMember.group_id != group_id)
    taken = session.exec(statement).all()
    if taken:
        who = ", ".join(f'{person} (in "{name}")' for person, name in taken)
        raise Conflict(f"Nobody can be in two learning groups of one cohort: {who}.")


def _replace_members(
    session: Session, group: LearningGroup, member_ids: Sequence[uuid.UUID]
) -> None:
    wanted = set(member_ids)
    for pair in session.exec(select(BuddyPair).where(BuddyPair.group_id == group.id)).all():
        if pair.first_person_id not in wanted or pair.second_person_id not in wanted:
            session.delete(pair)
    current = session.exec(
        select(LearningGroupMember).where(LearningGroupMember.group_id == group.id)
    ).all()
    for member in current:
        if member.person_id not in wanted:
            session.delete(member)
    session.flush()
    present = {member.person_id for member in current}
    for person_id in member_ids:
        if person_id not in present:
            session.add(
                LearningGroupMember(
                    cohort_id=group.cohort_id, group_id=group.id, person_id=person_id
                )
            )
    session.flush()


# --- buddy pairs ------------------------------------------------------------------------------


def list_buddy_pairs(
    context: TenantContext, cohort_id: uuid.UUID, page: PageRequest
) -> tuple[list[BuddyPairRead], str | None]:
    session = context.session
    get_cohort(session, cohort_id)
    statement = select(BuddyPair).where(BuddyPair.cohort_id == cohort_id)
    rows, next_cursor = paginate(session, statement, PAIR_ORDER, page)
    return [_pair_read(row) for row in rows], next_cursor


BUDDY_PAIRS_LIST = TenantList(BuddyPairRead, read=list_buddy_pairs)


def get_buddy_pair(
    context: TenantContext, cohort_id: uuid.UUID, pair_id: uuid.UUID
) -> BuddyPairRead:
    return _pair_read(_pair(context.session, cohort_id, pair_id))


def create_buddy_pair(
    context: TenantContext, cohort_id: uuid.UUID, data: BuddyPairCreate
) -> BuddyPairRead:
    """Two buddys from one learning group of the cohort; nobody has two buddys."""
    session = context.session
    cohort = get_cohort(session, cohort_id, for_update=True)
    _refuse_if_closed(cohort)
    first, second = data.person_ids
    if first == second:
        raise InvalidInput(
            "A buddy pair is two different people.",
            errors=[{"location": "body.person_ids", "message": "the same person twice"}],
        )
    groups = dict(
        session.exec(
            select(LearningGroupMember.person_id, LearningGroupMember.group_id).where(
                LearningGroupMember.cohort_id == cohort.id,
                col(LearningGroupMember.person_id).in_([first, second]),
            )
        ).all()
    )
    if first not in groups or second not in groups or groups[first] != groups[second]:
        raise InvalidInput(
            "Buddys must be members of the same learning group of this cohort.",
            errors=[{"location": "body.person_ids", "message": "not in one learning group"}],
        )
    paired = session.exec(
        select(BuddyPair).where(
            BuddyPair.cohort_id == cohort.id,
            or_(
                col(BuddyPair.first_person_id).in_([first, second]),
                col(BuddyPair.second_person_id).in_([first, second]),
            ),
        )
    ).all()
    if paired:
        already = sorted(
            {
                str(person)
                for pair in paired
                for person in (pair.first_person_id, pair.second_person_id)
                if person in (first, second)
            }
        )
        raise Conflict(
            f"Nobody is in two buddy pairs of one cohort; already paired: {', '.join(already)}."
        )
    pair = BuddyPair(
        cohort_id=cohort.id,
        group_id=groups[first],
        first_person_id=first,
        second_person_id=second,
    )
    session.add(pair)
    session.flush()
    return _pair_read(pair)


def delete_buddy_pair(context: TenantContext, cohort_id: uuid.UUID, pair_id: uuid.UUID) -> None:
    session = context.session
    cohort = get_cohort(session, cohort_id, for_update=True)
    pair = _pair(session, cohort_id, pair_id)
    _refuse_if_closed(cohort)
    session.delete(pair)
    session.flush()


def _pair(session: Session, cohort_id: uuid.UUID, pair_id: uuid.UUID) -> BuddyPair:
    return row_or_404(
        session,
        BuddyPair,
        pair_id,
        BuddyPair.cohort_id == cohort_id,
        missing=f"Buddy pair {pair_id} was not found in cohort {cohort_id}.",
    )


def _pair_read(pair: BuddyPair) -> BuddyPairRead:
    return BuddyPairRead(
        id=pair.id,
        cohort_id=pair.cohort_id,
        group_id=pair.group_id,
        person_ids=[pair.first_person_id, pair.second_person_id],
    )

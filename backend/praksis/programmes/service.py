"""Programmes, modules, goals and partner offerings.

The seeds' rules kept here:

* a programme is strategic: it cannot open without at least one kerneopgave;
* status moves draft → open → running → completed, or draft/open/running → cancelled;
* its rules (KL pilot: two per department, the leader's written justification; Hedensted:
  a cohort of 20–24; HK/KL: the 7-point scale) are frozen once it runs;
* modules are numbered 1..n without gaps; a module with workshops stays;
* a municipality links its programme only to a partner offering it takes part in, and the
  offering's rules (min per org unit, grading) become the programme's unless given.

Partner offerings are read and written through two separate paths: the partner's own
session (``PartnerSession``, no tenant rows) and a municipality's tenant session, which sees
only the offerings its municipality is a member of; the services here choose the path from
the caller's context.

Services take the caller's context (``TenantContext``, or ``PartnerContext`` on the partner
path); the lookups other domains' services share take their tenant session (see ``praksis``).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from praksis.audit.trail import AuditAction, AuditObject, record, record_changes
from praksis.competences.service import require_competences
from praksis.kerneopgaver.service import require_kerneopgaver
from praksis.kit.changes import apply_changes
from praksis.kit.context import PartnerContext, TenantContext
from praksis.kit.db import utc_now
from praksis.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from praksis.kit.events import publish
from praksis.kit.lookups import filtered, if_given, row_or_404
from praksis.kit.pagination import PageRequest, described_page
from praksis.kit.positions import placed
from praksis.kit.reads import TenantList
from praksis.kit.relations import linked_values, replace_links
from praksis.municipalities.models import Municipality
from praksis.people import service as people_service
from praksis.programmes.events import (
    DeletingModule,
    ProgrammeStatusChanged,
    RemovingOfferingMembers,
)
from praksis.programmes.models import (
    CancellationReason,
    CompetenceGoal,
    Grading,
    PartnerOffering,
    PartnerOfferingMember,
    Programme,
    ProgrammeEligibleUnit,
    ProgrammeInterest,
    ProgrammeKerneopgave,
    ProgrammeKind,
    ProgrammeModule,
    ProgrammeStatus,
)
from praksis.programmes.schemas import (
    ModuleCreate,
    ModuleRead,
    ModuleUpdate,
    OfferingCreate,
    OfferingRead,
    OfferingSummary,
    OfferingUpdate,
    ProgrammeCreate,
    ProgrammeRead,
    ProgrammeRules,
    ProgrammeRulesRead,
    ProgrammeUpdate,
)

PROGRAMME_ORDER = (Programme.id,)
MODULE_ORDER = (ProgrammeModule.position, ProgrammeModule.id)
OFFERING_ORDER = (PartnerOffering.id,)

NEXT_STATUSES: dict[ProgrammeStatus, tuple[ProgrammeStatus, ...]] = {
    ProgrammeStatus.draft: (ProgrammeStatus.open, ProgrammeStatus.cancelled),
    ProgrammeStatus.open: (ProgrammeStatus.running, ProgrammeStatus.cancelled),
    ProgrammeStatus.running: (ProgrammeStatus.completed, ProgrammeStatus.cancelled),
    ProgrammeStatus.completed: (),
    ProgrammeStatus.cancelled: (),
}
RULES_EDITABLE = (ProgrammeStatus.draft, ProgrammeStatus.open)
NEEDS_KERNEOPGAVE = (ProgrammeStatus.open, ProgrammeStatus.running, ProgrammeStatus.completed)
OFFERING_RULES = ("min_participants_per_org_unit", "grading")
THEME_SEPARATOR = "\n"


# --- lookups other domains use ---------------------------------------------------------------


def get_programme(
    session: Session, programme_id: uuid.UUID, *, for_update: bool = False
) -> Programme:
    """The programme, or 404. ``for_update`` locks its row and reads it again: its status
    moves, and changes to its modules' numbering, are taken one at a time."""
    return row_or_404(
        session,
        Programme,
        programme_id,
        missing=f"Programme {programme_id} was not found.",
        for_update=for_update,
    )


def get_module(session: Session, module_id: uuid.UUID) -> ProgrammeModule:
    return row_or_404(
        session, ProgrammeModule, module_id, missing=f"Module {module_id} was not found."
    )


def interest_counts(session: Session, programme_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many registered interest in each programme (programmes without any: 0)."""
    ids = list(programme_ids)
    counts = dict.fromkeys(ids, 0)
    if ids:
        rows = session.exec(
            select(ProgrammeInterest.programme_id, func.count())
            .where(col(ProgrammeInterest.programme_id).in_(ids))
            .group_by(col(ProgrammeInterest.programme_id))
        ).all()
        counts.update({programme_id: int(number) for programme_id, number in rows})
    return counts


def eligible_unit_ids(
    session: Session, programme_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Each programme's target group as org units (sorted; empty: everyone)."""
    return linked_values(
        session,
        ProgrammeEligibleUnit.programme_id,
        ProgrammeEligibleUnit.org_unit_id,
        programme_ids,
    )


def is_eligible(session: Session, programme_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    """Whether the person is in the programme's target group: in one of its units or below
    one, or anyone when it names none."""
    units = eligible_unit_ids(session, [programme_id])[programme_id]
    return not units or bool(set(units) & people_service.unit_and_ancestors(session, person_id))


DANISH_7_POINT_GRADES = frozenset({-3, 0, 2, 4, 7, 10, 12})
DANISH_PASS_MARK = 2


def validate_result(
    grading: Grading, grade: int | None, passed: bool | None
) -> tuple[int | None, bool | None]:
    """The (grade, passed) to store for a completion under the programme's grading.

    Danish 7-point scale: only -3, 0, 2, 4, 7, 10, 12, and 02 or more passes. Pass/fail: only
    ``passed``. No grading: neither.
    """
    if grading == Grading.danish_7_point:
        # bool is an int in Python; True must not pass as the grade 1 (nor a string as "00").
        if type(grade) is not int or grade not in DANISH_7_POINT_GRADES:
            raise InvalidInput(
                "The grade must be one of -3, 0, 2, 4, 7, 10, 12 (the Danish 7-point scale).",
                errors=[{"location": "body.grade", "message": "not on the 7-point scale"}],
            )
        if passed is not None and passed != (grade >= DANISH_PASS_MARK):
            raise InvalidInput("passed follows from the grade on the 7-point scale; omit it.")
        return grade, grade >= DANISH_PASS_MARK
    if grade is not None:
        raise InvalidInput(
            "This programme gives no grades.",
            errors=[{"location": "body.grade", "message": "not graded"}],
        )
    if grading == Grading.pass_fail:
        if passed is None:
            raise InvalidInput(
                "Say whether the participant passed.",
                errors=[{"location": "body.passed", "message": "required"}],
            )
        return None, passed
    if passed is not None:
        raise InvalidInput("This programme has no pass/fail assessment.")
    return None, None


# --- programmes ------------------------------------------------------------------------------


def list_programmes(
    context: TenantContext,
    page: PageRequest,
    status: ProgrammeStatus | None = None,
    kind: ProgrammeKind | None = None,
    kerneopgave_id: uuid.UUID | None = None,
) -> tuple[list[ProgrammeRead], str | None]:
    """The municipality's programmes, oldest first, optionally filtered."""
    session = context.session
    statement = filtered(
        select(Programme), if_given(Programme.status, status), if_given(Programme.kind, kind)
    )
    if kerneopgave_id is not None:
        serving = select(ProgrammeKerneopgave.programme_id).where(
            ProgrammeKerneopgave.kerneopgave_id == kerneopgave_id
        )
        statement = statement.where(col(Programme.id).in_(serving))
    return described_page(session, statement, PROGRAMME_ORDER, page, _programme_views)


PROGRAMMES_LIST = TenantList(ProgrammeRead, read=list_programmes)


def read_programme(context: TenantContext, programme_id: uuid.UUID) -> ProgrammeRead:
    session = context.session
    return _programme_views(session, [get_programme(session, programme_id)])[0]


def create_programme(context: TenantContext, data: ProgrammeCreate) -> ProgrammeRead:
    """A draft programme with its modules (numbered 1..n in the order given) and goals."""
    session = context.session
    require_kerneopgaver(session, data.kerneopgave_ids, "body.kerneopgave_ids")
    require_competences(
        session,
        [*data.competence_ids, *(cid for m in data.modules for cid in m.competence_ids)],
        "body.competence_ids",
    )
    people_service.require_org_units(
        session, data.eligible_org_unit_ids, "body.eligible_org_unit_ids"
    )
    rules = data.rules.model_dump()
    if data.offering_id is not None:
        offering = _offering_for_linking(session, context.tenant, data.offering_id)
        given = data.rules.model_fields_set if "rules" in data.model_fields_set else set()
        rules.update(_offering_rules(offering, given))
    programme = Programme(
        title=data.title,
        description=data.description,
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        offering_id=data.offering_id,
        target_group=data.target_group,
        open_for_interest=data.open_for_interest,
        **rules,
    )
    session.add(programme)
    session.flush()
    session.add_all(_kerneopgave_links(programme.id, data.kerneopgave_ids))
    session.add_all(_eligible_unit_links(programme.id, data.eligible_org_unit_ids))
    session.add_all(_goal_links(programme.id, None, data.competence_ids))
    for position, item in enumerate(data.modules, start=1):
        module = ProgrammeModule(
            programme_id=programme.id,
            position=position,
            title=item.title,
            competence_goal=item.competence_goal,
            themes=_join_themes(item.themes),
        )
        session.add(module)
        session.flush()
        session.add_all(_goal_links(programme.id, module.id, item.competence_ids))
    session.flush()
    fields = _audited_fields(session, programme)
    record(context, AuditAction.programme_created, AuditObject.programme, programme.id, {}, fields)
    return read_programme(context, programme.id)


def update_programme(
    context: TenantContext, programme_id: uuid.UUID, changes: ProgrammeUpdate
) -> ProgrammeRead:
    """Changes fields, replaces id lists, and moves the status along its allowed path."""
    session = context.session
    programme = get_programme(session, programme_id, for_update=True)
    was = _audited_fields(session, programme)
    values = changes.model_dump(exclude_unset=True, exclude={"rules"})
    rule_changes = changes.rules.model_dump(exclude_unset=True) if changes.rules else {}
    relinking = "offering_id" in values and values["offering_id"] != programme.offering_id
    if (changes.rules is not None or relinking) and programme.status not in RULES_EDITABLE:
        raise Conflict(
            f"The rules of a {programme.status.value} programme are frozen; they (and the "
            "linked offering) change only while the programme is draft or open."
        )
    if "kerneopgave_ids" in values:
        require_kerneopgaver(session, values["kerneopgave_ids"], "body.kerneopgave_ids")
    if "competence_ids" in values:
        require_competences(session, values["competence_ids"], "body.competence_ids")
    if "eligible_org_unit_ids" in values:
        people_service.require_org_units(
            session, values["eligible_org_unit_ids"], "body.eligible_org_unit_ids"
        )
    cancelling = values.get("status") == ProgrammeStatus.cancelled != programme.status
    refuse_reason_without_cancelling(values, cancelling)
    starts_on = values.get("starts_on", programme.starts_on)
    ends_on = values.get("ends_on", programme.ends_on)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise InvalidInput(
            "ends_on must not be before starts_on.",
            errors=[{"location": "body.ends_on", "message": "before starts_on"}],
        )
    if relinking:
        offering = _offering_for_linking(session, context.tenant, values["offering_id"])
        rule_changes = {**_offering_rules(offering, set(rule_changes)), **rule_changes}
    _apply_rules(programme, rule_changes)
    for field in PLAIN_FIELDS:
        if field in values:
            setattr(programme, field, values[field])
    if "kerneopgave_ids" in values:
        replace_links(
            session,
            select(ProgrammeKerneopgave).where(ProgrammeKerneopgave.programme_id == programme.id),
            _kerneopgave_links(programme.id, values["kerneopgave_ids"]),
        )
    if "eligible_org_unit_ids" in values:
        replace_links(
            session,
            select(ProgrammeEligibleUnit).where(ProgrammeEligibleUnit.programme_id == programme.id),
            _eligible_unit_links(programme.id, values["eligible_org_unit_ids"]),
        )
    if "competence_ids" in values:
        _replace_goals(session, programme.id, None, values["competence_ids"])
    if "status" in values and values["status"] != programme.status:
        _move_status(programme, values["status"])
    if cancelling:
        programme.cancellation_reason = values.get("cancellation_reason")
        programme.cancellation_note = (values.get("cancellation_note") or "").strip()
        programme.cancelled_at = utc_now()
    if programme.status in NEEDS_KERNEOPGAVE and not _kerneopgave_ids(session, [programme.id]):
        raise Conflict(
            "A programme is strategic only when tied to a kerneopgave: link at least one "
            f"kerneopgave before it is {programme.status.value}."
        )
    programme.updated_at = utc_now()
    session.flush()
    _record_update(context, programme, was, _audited_fields(session, programme))
    return read_programme(context, programme_id)


PLAIN_FIELDS = (
    "title",
    "description",
    "kind",
    "starts_on",
    "ends_on",
    "offering_id",
    "target_group",
    "open_for_interest",
)
AUDITED_FIELDS = (*PLAIN_FIELDS, *ProgrammeRules.model_fields)


def refuse_reason_without_cancelling(values: dict[str, Any], cancelling: bool) -> None:
    given = [name for name in ("cancellation_reason", "cancellation_note") if name in values]
    if given and not cancelling:
        raise InvalidInput(
            "A cancellation's reason is given with the move to cancelled, and only then.",
            errors=[
                {"location": f"body.{name}", "message": "only with status cancelled"}
                for name in given
            ],
        )


def cancellation_fields(
    reason: CancellationReason | None, note: str, interest: int | None = None
) -> dict[str, Any]:
    """What the audit trail keeps of a cancellation, beside the move to cancelled."""
    fields: dict[str, Any] = {"reason": reason}
    if note:
        fields["note"] = note
    if interest is not None:
        fields["interest_count"] = interest
    return fields


def _audited_fields(session: Session, programme: Programme) -> dict[str, Any]:
    """What a change of the programme may change, as the audit trail compares it."""
    fields: dict[str, Any] = {name: getattr(programme, name) for name in AUDITED_FIELDS}
    kerneopgaver = _kerneopgave_ids(session, [programme.id]).get(programme.id, [])
    fields["kerneopgave_ids"] = sorted(kerneopgaver)
    fields["competence_ids"] = sorted(_goals(session, [programme.id]).get((programme.id, None), []))
    fields["eligible_org_unit_ids"] = eligible_unit_ids(session, [programme.id])[programme.id]
    fields["status"] = programme.status
    return fields


def _record_update(
    context: TenantContext, programme: Programme, was: dict[str, Any], now: dict[str, Any]
) -> None:
    """A move of the programme's status (a cancellation with its reason and how many had
    registered interest) and its other changes, each its own audit event."""
    programme_id = programme.id
    status_was, status_now = was.pop("status"), now.pop("status")
    if status_now != status_was:
        after: dict[str, Any] = {"status": status_now}
        if status_now == ProgrammeStatus.cancelled:
            interest = interest_counts(context.session, [programme_id])[programme_id]
            after |= cancellation_fields(
                programme.cancellation_reason, programme.cancellation_note, interest
            )
        record(
            context,
            AuditAction.programme_status_changed,
            AuditObject.programme,
            programme_id,
            {"status": status_was},
            after,
        )
        publish(context.session, ProgrammeStatusChanged(programme_id, status_was, status_now))
    record_changes(
        context, AuditAction.programme_updated, AuditObject.programme, programme_id, was, now
    )


def delete_programme(context: TenantContext, programme_id: uuid.UUID) -> None:
    """Deletes a draft programme with its modules and goals; others are cancelled instead."""
    session = context.session
    programme = get_programme(session, programme_id, for_update=True)
    if programme.status != ProgrammeStatus.draft:
        raise Conflict(
            f"Only a draft programme can be deleted; this one is {programme.status.value}. "
            "Cancel it instead."
        )
    fields = _audited_fields(session, programme)
    session.delete(programme)
    session.flush()
    record(context, AuditAction.programme_deleted, AuditObject.programme, programme_id, fields, {})


def _move_status(programme: Programme, target: ProgrammeStatus) -> None:
    allowed = NEXT_STATUSES[programme.status]
    if target not in allowed:
        if allowed:
            choices = ", ".join(status.value for status in allowed)
            detail = f"A {programme.status.value} programme can move only to: {choices}."
        else:
            detail = f"A {programme.status.value} programme cannot change status any more."
        raise Conflict(detail, extra={"allowed_statuses": [status.value for status in allowed]})
    programme.status = target


def _apply_rules(programme: Programme, rules: dict[str, Any]) -> None:
    minimum = rules.get("cohort_min_size", programme.cohort_min_size)
    maximum = rules.get("cohort_max_size", programme.cohort_max_size)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise InvalidInput(
            "cohort_min_size must not exceed cohort_max_size.",
            errors=[{"location": "body.rules.cohort_min_size", "message": "above the maximum"}],
        )
    for field, value in rules.items():
        setattr(programme, field, value)


# --- modules ---------------------------------------------------------------------------------


def list_modules(
    context: TenantContext, programme_id: uuid.UUID, page: PageRequest
) -> tuple[list[ModuleRead], str | None]:
    session = context.session
    get_programme(session, programme_id)
    statement = select(ProgrammeModule).where(ProgrammeModule.programme_id == programme_id)
    return described_page(session, statement, MODULE_ORDER, page, _module_views)


MODULES_LIST = TenantList(ModuleRead, read=list_modules)


def read_module(
    context: TenantContext, programme_id: uuid.UUID, module_id: uuid.UUID
) -> ModuleRead:
    session = context.session
    return _module_views(session, [_module_of(session, programme_id, module_id)])[0]


def create_module(
    context: TenantContext, programme_id: uuid.UUID, data: ModuleCreate
) -> ModuleRead:
    """Adds a module at ``position`` (the end if omitted); later modules move down."""
    session = context.session
    programme = get_programme(session, programme_id, for_update=True)
    require_competences(session, data.competence_ids, "body.competence_ids")
    module = ProgrammeModule(
        programme_id=programme_id,
        position=0,
        title=data.title,
        competence_goal=data.competence_goal,
        themes=_join_themes(data.themes),
    )
    _renumber_modules(session, placed(_modules_of(session, programme_id), module, data.position))
    session.add(module)
    session.flush()
    session.add_all(_goal_links(programme_id, module.id, data.competence_ids))
    programme.updated_at = utc_now()
    session.flush()
    return read_module(context, programme_id, module.id)


def update_module(
    context: TenantContext, programme_id: uuid.UUID, module_id: uuid.UUID, changes: ModuleUpdate
) -> ModuleRead:
    session = context.session
    programme = get_programme(session, programme_id, for_update=True)
    module = _module_of(session, programme_id, module_id)
    values = changes.model_dump(exclude_unset=True)
    if "competence_ids" in values:
        require_competences(session, values["competence_ids"], "body.competence_ids")
        _replace_goals(session, programme_id, module_id, values["competence_ids"])
    if "position" in values:
        siblings = _modules_of(session, programme_id)
        _renumber_modules(session, placed(siblings, module, values["position"]))
    for field in ("title", "competence_goal"):
        if field in values:
            setattr(module, field, values[field])
    if "themes" in values:
        module.themes = _join_themes(values["themes"])
    programme.updated_at = utc_now()
    session.flush()
    return read_module(context, programme_id, module_id)


def delete_module(context: TenantContext, programme_id: uuid.UUID, module_id: uuid.UUID) -> None:
    """Removes a module without workshops; the later ones move up."""
    session = context.session
    programme = get_programme(session, programme_id, for_update=True)
    module = _module_of(session, programme_id, module_id)
    publish(session, DeletingModule(module_id))  # refused while it has workshops
    session.delete(module)
    session.flush()
    remaining = [m for m in _modules_of(session, programme_id) if m.id != module_id]
    _renumber_modules(session, remaining)
    programme.updated_at = utc_now()
    session.flush()


def _module_of(session: Session, programme_id: uuid.UUID, module_id: uuid.UUID) -> ProgrammeModule:
    return row_or_404(
        session,
        ProgrammeModule,
        module_id,
        ProgrammeModule.programme_id == programme_id,
        missing=f"Module {module_id} was not found in programme {programme_id}.",
    )


def _modules_of(session: Session, programme_id: uuid.UUID) -> list[ProgrammeModule]:
    return list(
        session.exec(
            select(ProgrammeModule)
            .where(ProgrammeModule.programme_id == programme_id)
            .order_by(*MODULE_ORDER)  # type: ignore[arg-type]
        ).all()
    )


def _renumber_modules(session: Session, ordered: Sequence[ProgrammeModule]) -> None:
    """Numbers the modules 1..n in the given order.

    Positions are unique per programme and both databases check that row by row, so the
    modules that move first step aside to negative positions, then take their places.
    """
    moving = [(m, n) for n, m in enumerate(ordered, start=1) if m.position != n]
    if not moving:
        return
    for module, number in moving:
        module.position = -number
    session.flush()
    for module, number in moving:
        module.position = number
    session.flush()


def _join_themes(themes: Iterable[str]) -> str:
    # Themes are single lines, so a newline separates them unambiguously.
    return THEME_SEPARATOR.join(themes)


def _split_themes(themes: str) -> list[str]:
    return themes.split(THEME_SEPARATOR) if themes else []


# --- kerneopgaver and goals ------------------------------------------------------------------


def _kerneopgave_links(
    programme_id: uuid.UUID, kerneopgave_ids: Iterable[uuid.UUID]
) -> list[ProgrammeKerneopgave]:
    return [
        ProgrammeKerneopgave(programme_id=programme_id, kerneopgave_id=kerneopgave_id)
        for kerneopgave_id in dict.fromkeys(kerneopgave_ids)
    ]


def _eligible_unit_links(
    programme_id: uuid.UUID, org_unit_ids: Iterable[uuid.UUID]
) -> list[ProgrammeEligibleUnit]:
    return [
        ProgrammeEligibleUnit(programme_id=programme_id, org_unit_id=org_unit_id)
        for org_unit_id in dict.fromkeys(org_unit_ids)
    ]


def _goal_links(
    programme_id: uuid.UUID, module_id: uuid.UUID | None, competence_ids: Iterable[uuid.UUID]
) -> list[CompetenceGoal]:
    return [
        CompetenceGoal(programme_id=programme_id, module_id=module_id, competence_id=competence_id)
        for competence_id in dict.fromkeys(competence_ids)
    ]


def _replace_goals(
    session: Session,
    programme_id: uuid.UUID,
    module_id: uuid.UUID | None,
    competence_ids: Iterable[uuid.UUID],
) -> None:
    statement = select(CompetenceGoal).where(CompetenceGoal.programme_id == programme_id)
    if module_id is None:
        statement = statement.where(col(CompetenceGoal.module_id).is_(None))
    else:
        statement = statement.where(CompetenceGoal.module_id == module_id)
    replace_links(session, statement, _goal_links(programme_id, module_id, competence_ids))


def _kerneopgave_ids(
    session: Session, programme_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    return linked_values(
        session,
        ProgrammeKerneopgave.programme_id,
        ProgrammeKerneopgave.kerneopgave_id,
        programme_ids,
    )


def _goals(
    session: Session, programme_ids: Sequence[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID | None], list[uuid.UUID]]:
    found: dict[tuple[uuid.UUID, uuid.UUID | None], list[uuid.UUID]] = defaultdict(list)
    if programme_ids:
        for goal in session.exec(
            select(CompetenceGoal)
            .where(col(CompetenceGoal.programme_id).in_(programme_ids))
            .order_by(col(CompetenceGoal.competence_id))
        ).all():
            found[(goal.programme_id, goal.module_id)].append(goal.competence_id)
    return found


# --- views -----------------------------------------------------------------------------------


def _programme_views(session: Session, programmes: Sequence[Programme]) -> list[ProgrammeRead]:
    ids = [programme.id for programme in programmes]
    kerneopgaver = _kerneopgave_ids(session, ids)
    eligible = eligible_unit_ids(session, ids)
    goals = _goals(session, ids)
    modules: dict[uuid.UUID, list[ModuleRead]] = defaultdict(list)
    if ids:
        rows = session.exec(
            select(ProgrammeModule)
            .where(col(ProgrammeModule.programme_id).in_(ids))
            .order_by(*MODULE_ORDER)  # type: ignore[arg-type]
        ).all()
        for row in rows:
            modules[row.programme_id].append(_module_view(row, goals))
    offering_ids = {p.offering_id for p in programmes if p.offering_id is not None}
    offerings: dict[uuid.UUID, PartnerOffering] = {}
    if offering_ids:
        offerings = {
            offering.id: offering
            for offering in session.exec(
                select(PartnerOffering).where(col(PartnerOffering.id).in_(offering_ids))
            ).all()
        }
    views = []
    for programme in programmes:
        offering = offerings.get(programme.offering_id) if programme.offering_id else None
        views.append(
            ProgrammeRead(
                id=programme.id,
                title=programme.title,
                description=programme.description,
                kind=programme.kind,
                status=programme.status,
                allowed_statuses=list(NEXT_STATUSES[programme.status]),
                starts_on=programme.starts_on,
                ends_on=programme.ends_on,
                kerneopgave_ids=kerneopgaver[programme.id],
                competence_ids=goals[(programme.id, None)],
                rules=ProgrammeRulesRead.model_validate(programme),
                offering_id=programme.offering_id,
                offering=OfferingSummary.model_validate(offering) if offering else None,
                modules=modules[programme.id],
                target_group=programme.target_group,
                eligible_org_unit_ids=eligible[programme.id],
                open_for_interest=programme.open_for_interest,
                cancellation_reason=programme.cancellation_reason,
                cancellation_note=programme.cancellation_note,
                cancelled_at=programme.cancelled_at,
                created_at=programme.created_at,
                updated_at=programme.updated_at,
            )
        )
    return views


def _module_views(session: Session, modules: Sequence[ProgrammeModule]) -> list[ModuleRead]:
    goals = _goals(session, sorted({module.programme_id for module in modules}))
    return [_module_view(module, goals) for module in modules]


def _module_view(
    module: ProgrammeModule, goals: dict[tuple[uuid.UUID, uuid.UUID | None], list[uuid.UUID]]
) -> ModuleRead:
    return ModuleRead(
        id=module.id,
        programme_id=module.programme_id,
        position=module.position,
        title=module.title,
        competence_goal=module.competence_goal,
        themes=_split_themes(module.themes),
        competence_ids=goals[(module.programme_id, module.id)],
    )


# --- linking a programme to a partner offering (tenant path) ---------------------------------


def _offering_for_linking(
    session: Session, municipality_id: str, offering_id: uuid.UUID
) -> PartnerOffering:
    offering = _member_offering(session, municipality_id, offering_id)
    if offering is None:
        # 404 like any other reference the municipality cannot see: an offering it is not in
        # answers GET /partner-offerings/{id} with 404 too, so its existence is not revealed.
        raise NotFound(
            "Your municipality does not take part in that partner offering; a programme can "
            "only be linked to an offering that includes your municipality.",
            errors=[{"location": "body.offering_id", "message": "not an offering you are in"}],
        )
    return offering


def _offering_rules(offering: PartnerOffering, given: set[str]) -> dict[str, Any]:
    """The offering's rules that the programme takes over, except those given explicitly."""
    return {field: getattr(offering, field) for field in OFFERING_RULES if field not in given}


# --- partner offerings: either caller ---------------------------------------------------------

OfferingCaller = PartnerContext | TenantContext


def list_offerings(
    caller: OfferingCaller, page: PageRequest
) -> tuple[list[OfferingRead], str | None]:
    """A partner's own offerings; for a municipality, those it takes part in."""
    if isinstance(caller, PartnerContext):
        return _list_partner_offerings(caller, page)
    return _list_member_offerings(caller, page)


OFFERINGS_LIST = TenantList(OfferingRead, read=list_offerings)


def read_offering(caller: OfferingCaller, offering_id: uuid.UUID) -> OfferingRead:
    """For its owner, or a municipality taking part; anyone else gets 404."""
    if isinstance(caller, PartnerContext):
        return read_partner_offering(caller, offering_id)
    return _read_member_offering(caller, offering_id)


def owner_changing(caller: OfferingCaller, offering_id: uuid.UUID) -> PartnerContext:
    """The partner about to change its offering. A municipality reads an offering it takes
    part in but never changes it: 404 unless it is a member, else 403."""
    if isinstance(caller, PartnerContext):
        return caller
    if _member_offering(caller.session, caller.tenant, offering_id) is None:
        raise NotFound(f"Partner offering {offering_id} was not found.")
    raise Forbidden("Only the partner organisation that owns this offering may change it.")


# --- partner offerings: the partner's path (PartnerSession) ----------------------------------


def create_offering(context: PartnerContext, data: OfferingCreate) -> OfferingRead:
    """A partner's cross-municipality offering; every municipality named must exist."""
    session, partner = context.session, context.partner
    members = _require_municipalities(session, data.municipality_ids)
    offering = PartnerOffering(
        partner=partner,
        title=data.title,
        description=data.description,
        kind=data.kind,
        min_participants_per_org_unit=data.min_participants_per_org_unit,
        grading=data.grading,
    )
    session.add(offering)
    session.flush()
    for municipality_id in members:
        session.add(
            PartnerOfferingMember(offering_id=offering.id, member_municipality_id=municipality_id)
        )
    session.flush()
    return _offering_views(session, [offering])[0]


def _list_partner_offerings(
    context: PartnerContext, page: PageRequest
) -> tuple[list[OfferingRead], str | None]:
    session, partner = context.session, context.partner
    statement = select(PartnerOffering).where(PartnerOffering.partner == partner)
    return described_page(session, statement, OFFERING_ORDER, page, _offering_views)


def read_partner_offering(context: PartnerContext, offering_id: uuid.UUID) -> OfferingRead:
    """The partner's own offering, or 404."""
    session = context.session
    return _offering_views(session, [_owned_offering(session, context.partner, offering_id)])[0]


def update_offering(
    context: PartnerContext, offering_id: uuid.UUID, changes: OfferingUpdate
) -> OfferingRead:
    """The owner changes its offering; ``municipality_ids`` replaces the members."""
    session = context.session
    offering = _owned_offering(session, context.partner, offering_id)
    values = changes.model_dump(exclude_unset=True)
    if "municipality_ids" in values:
        wanted = _require_municipalities(session, values.pop("municipality_ids"))
        current = {
            member.member_municipality_id: member
            for member in session.exec(
                select(PartnerOfferingMember).where(
                    PartnerOfferingMember.offering_id == offering_id
                )
            ).all()
        }
        leaving = frozenset(current) - frozenset(wanted)
        if leaving:
            publish(session, RemovingOfferingMembers(offering_id, leaving))
        for municipality_id in leaving:
            session.delete(current[municipality_id])
        for municipality_id in wanted:
            if municipality_id not in current:
                session.add(
                    PartnerOfferingMember(
                        offering_id=offering_id, member_municipality_id=municipality_id
                    )
                )
    apply_changes(offering, values)
    session.flush()
    return _offering_views(session, [offering])[0]


def delete_offering(caller: OfferingCaller, offering_id: uuid.UUID) -> None:
    """The owner deletes its offering, unless a municipality's programme is linked to it.

    The partner cannot see programmes; the database's foreign key is what refuses.
    """
    partner = owner_changing(caller, offering_id)
    session = partner.session
    session.delete(_owned_offering(session, partner.partner, offering_id))
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(
            "A municipality's programme is linked to this offering, so it cannot be deleted."
        ) from error


def _owned_offering(session: Session, partner: str, offering_id: uuid.UUID) -> PartnerOffering:
    return row_or_404(
        session,
        PartnerOffering,
        offering_id,
        PartnerOffering.partner == partner,
        missing=f"Partner offering {offering_id} was not found.",
    )


def _require_municipalities(session: Session, municipality_ids: Iterable[str]) -> list[str]:
    wanted = list(dict.fromkeys(municipality_ids))
    if not wanted:
        return []
    known = set(session.exec(select(Municipality.id).where(col(Municipality.id).in_(wanted))).all())
    unknown = [municipality_id for municipality_id in wanted if municipality_id not in known]
    if unknown:
        raise InvalidInput(
            f"Unknown municipality id(s): {', '.join(unknown)}.",
            errors=[
                {"location": "body.municipality_ids", "message": f"unknown municipality {mid}"}
                for mid in unknown
            ],
        )
    return wanted


# --- partner offerings: a municipality's path (TenantSession) --------------------------------


def _list_member_offerings(
    context: TenantContext, page: PageRequest
) -> tuple[list[OfferingRead], str | None]:
    session = context.session
    statement = select(PartnerOffering).where(
        col(PartnerOffering.id).in_(_offerings_with_member(context.tenant))
    )
    return described_page(session, statement, OFFERING_ORDER, page, _offering_views)


def _read_member_offering(context: TenantContext, offering_id: uuid.UUID) -> OfferingRead:
    session = context.session
    offering = _member_offering(session, context.tenant, offering_id)
    if offering is None:
        raise NotFound(f"Partner offering {offering_id} was not found.")
    return _offering_views(session, [offering])[0]


def _offerings_with_member(municipality_id: str) -> Any:
    return select(PartnerOfferingMember.offering_id).where(
        PartnerOfferingMember.member_municipality_id == municipality_id
    )


def _member_offering(
    session: Session, municipality_id: str, offering_id: uuid.UUID
) -> PartnerOffering | None:
    return session.exec(
        select(PartnerOffering).where(
            PartnerOffering.id == offering_id,
            col(PartnerOffering.id).in_(_offerings_with_member(municipality_id)),
        )
    ).first()


def _offering_views(session: Session, offerings: Sequence[PartnerOffering]) -> list[OfferingRead]:
    members = linked_values(
        session,
        PartnerOfferingMember.offering_id,
        PartnerOfferingMember.member_municipality_id,
        [offering.id for offering in offerings],
    )
    return [
        OfferingRead(
            id=offering.id,
            partner=offering.partner,
            title=offering.title,
            description=offering.description,
            kind=offering.kind,
            min_participants_per_org_unit=offering.min_participants_per_org_unit,
            grading=offering.grading,
            municipality_ids=members[offering.id],
            created_at=offering.created_at,
            updated_at=offering.updated_at,
        )
        for offering in offerings
    ]

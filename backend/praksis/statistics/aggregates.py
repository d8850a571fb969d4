"""Noting what each write changes, to be folded into the maintained statistics.

A ``TenantSession`` notes which parents each flush touches (``PARENT_OF``, and people moving
between units); just before the transaction commits, that is recorded as one
``statistics_changes`` row with its detail (two inserts, no lock and no recomputation: the
writer pays well under a millisecond). After the commit the process's folder
(``statistics.folding``) is told, and folds the municipality's recorded changes in
(``statistics.tallies``). A bulk UPDATE or DELETE on a counted table recomputes every aggregate
of the municipality.

``install()`` puts the hooks on ``TenantSession``; ``praksis.wiring`` calls it (so in
``create_app``, the CLI and the tests); importing this module installs nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from praksis.action_learning.models import ActionLearningProject, ProjectOwner, TrialAction
from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment
from praksis.feedback.models import (
    EvaluationReceipt,
    TransferFollowUp,
    TrialActionFeedback,
    WorkshopEvaluation,
)
from praksis.kit.db import TenantSession, utc_now
from praksis.kit.ids import new_id
from praksis.people.models import OrgUnit, Person
from praksis.programmes.models import Programme
from praksis.statistics.models import (
    NO_COHORT,
    NO_DEPARTMENT,
    StatisticsChange,
    StatisticsChangeDetail,
)
from praksis.workshops.models import Attendance, Workshop

TOUCHED = "praksis.statistics.touched"
RECORDED = "praksis.statistics.recorded"

# Each table that counts in a measure, and the column leading from a row to its programme.
PARENT_OF: dict[type[Any], tuple[str, str]] = {
    Enrolment: ("programme_id", "programmes"),
    Cohort: ("programme_id", "programmes"),
    Workshop: ("cohort_id", "cohorts"),
    Attendance: ("workshop_id", "workshops"),
    WorkshopEvaluation: ("workshop_id", "workshops"),
    EvaluationReceipt: ("workshop_id", "workshops"),
    ActionLearningProject: ("cohort_id", "cohorts"),
    ProjectOwner: ("project_id", "projects"),
    TrialAction: ("project_id", "projects"),
    TrialActionFeedback: ("trial_action_id", "trial_actions"),
    TransferFollowUp: ("enrolment_id", "enrolments"),
}
# Rows that are themselves a parent of a maintained aggregate (the project tallies copy the
# project's cohort, status and phase).
OWN_KIND: dict[type[Any], str] = {ActionLearningProject: "projects"}
COUNTED_TABLES = frozenset({model.__tablename__ for model in PARENT_OF} | {Programme.__tablename__})
# Rows that say whose figures they are: a change moves that person's department's tallies.
PERSON_OF: dict[type[Any], str] = {Enrolment: "person_id", Attendance: "person_id"}
DEPARTMENT_TABLES = frozenset({Person.__tablename__, OrgUnit.__tablename__})


KINDS = (
    "programmes",
    "cohorts",
    "workshops",
    "projects",
    "trial_actions",
    "enrolments",
    "people",
    "org_units",
    "offerings",  # that a programme left or joined
    "enrolment_cohorts",  # of touched enrolments, now and before (``NO_COHORT``: none)
)
FLAGS = ("everything", "every_department")


@dataclass
class Touched:
    """What a unit of work changed: ids by the kind of parent each change leads to, and
    whether it touched everything, or every department (the org tree changed, or attendance
    moved wholesale)."""

    ids: dict[str, set[uuid.UUID]] = field(default_factory=lambda: {kind: set() for kind in KINDS})
    everything: bool = False
    every_department: bool = False

    def __bool__(self) -> bool:
        return self.everything or self.every_department or any(self.ids.values())

    def as_json(self) -> dict[str, Any]:
        """The detail row's form: ids as sorted strings, flags only when set."""
        found: dict[str, Any] = {
            kind: sorted(str(value) for value in values)
            for kind, values in self.ids.items()
            if values
        }
        return found | {flag: True for flag in FLAGS if getattr(self, flag)}

    def add(self, recorded: Mapping[str, Any]) -> None:
        """Fold one recorded change (``as_json``) into this one."""
        for kind, values in self.ids.items():
            values.update(uuid.UUID(value) for value in recorded.get(kind, ()))
        for flag in FLAGS:
            setattr(self, flag, getattr(self, flag) or bool(recorded.get(flag)))


def _touched(session: Session) -> Touched:
    found = session.info.get(TOUCHED)
    if found is None:
        found = session.info[TOUCHED] = Touched()
    assert isinstance(found, Touched)
    return found


def _current_and_old(obj: Any, attribute: str, none: uuid.UUID | None = None) -> set[Any]:
    """The attribute's value now and before this flush; None counts as ``none`` (if given)."""
    values = {getattr(obj, attribute), *(inspect(obj).attrs[attribute].history.deleted or ())}
    return {none if value is None else value for value in values} - {None}


# --- noting what changed -------------------------------------------------------------------


def _note_flushed_changes(session: Session, _context: Any) -> None:
    # after_flush still lists the flushed objects and their attribute history
    for obj in (*session.new, *session.dirty, *session.deleted):
        _note_department_change(session, obj)
        if isinstance(obj, Enrolment):
            _touched(session).ids["enrolment_cohorts"] |= _current_and_old(
                obj, "cohort_id", NO_COHORT
            )
        if isinstance(obj, Programme):
            touched = _touched(session)
            if obj in session.deleted:
                touched.ids["programmes"].add(obj.id)
            touched.ids["offerings"] |= _current_and_old(obj, "offering_id")
        elif (parent := PARENT_OF.get(type(obj))) is not None and _counts(session, obj):
            touched = _touched(session)
            attribute, kind = parent
            touched.ids[kind] |= _current_and_old(obj, attribute)
            if (own_kind := OWN_KIND.get(type(obj))) is not None:
                touched.ids[own_kind].add(obj.id)


# Containers that count nothing themselves: only their deletion or a move (or, for a
# workshop, a new start: the monthly series and its round's year) moves a figure; of their
# creations only a workshop's does (it may be its round's first: the partner's year).
CONTAINER_MOVES: dict[type[Any], tuple[str, ...]] = {
    Cohort: ("programme_id",),
    Workshop: ("cohort_id", "starts_at"),
}


def _counts(session: Session, obj: Any) -> bool:
    """Whether this change of a counted table's row may move a figure."""
    moves = CONTAINER_MOVES.get(type(obj))
    if moves is None or obj in session.deleted:
        return True
    if obj in session.new:
        return isinstance(obj, Workshop)
    return _changed(session, obj, *moves)


def _note_department_change(session: Session, obj: Any) -> None:
    """What moves the department tallies: a person's rows, a person moving between units, a
    change to the org tree, and attendance moving with its workshop (deleted or moved to
    another cohort: the attendance cascades with it, so its people are no longer known)."""
    if (attribute := PERSON_OF.get(type(obj))) is not None:
        _touched(session).ids["people"] |= _current_and_old(obj, attribute)
    elif isinstance(obj, Person) and (
        obj in session.deleted or _changed(session, obj, "org_unit_id")
    ):
        touched = _touched(session)
        touched.ids["people"].add(obj.id)
        touched.ids["org_units"] |= _current_and_old(obj, "org_unit_id", NO_DEPARTMENT)
    elif isinstance(obj, OrgUnit):
        if obj in session.deleted or _changed(session, obj, "parent_id", "kind"):
            _touched(session).every_department = True
    elif isinstance(obj, Workshop) and (
        obj in session.deleted or _changed(session, obj, "cohort_id")
    ):
        _touched(session).every_department = True


def _changed(session: Session, obj: Any, *attributes: str) -> bool:
    if obj in session.new:
        return False  # nothing is below a new unit, nobody attended a new workshop yet
    state = inspect(obj)
    return any(state.attrs[attribute].history.has_changes() for attribute in attributes)


def _note_bulk_changes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in COUNTED_TABLES:
        _touched(state.session).everything = True
    elif name in DEPARTMENT_TABLES:
        _touched(state.session).every_department = True


def _forget_after_the_transaction(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(TOUCHED, None)


ON_CHANGES_COMMITTED: list[Callable[[Connection | Engine, str], None]] = []
"""Told (bind, municipality) after a transaction that recorded changes commits: the folders
of this process (``statistics.folding.StatisticsFolder``) listen here."""


def _record_before_commit(session: Session) -> None:
    assert isinstance(session, TenantSession)
    if session.in_nested_transaction():
        return  # the outermost commit records everything touched inside
    session.flush()
    touched = session.info.pop(TOUCHED, None)
    if touched:
        record_change(session, touched)
        session.info[RECORDED] = True


def record_change(session: TenantSession, touched: Touched) -> None:
    """Record what this transaction touched, to be folded in after it commits."""
    change = new_id()
    session.execute(
        insert(StatisticsChange),
        [{"municipality_id": session.tenant, "id": change, "noted_at": utc_now()}],
    )
    session.execute(
        insert(StatisticsChangeDetail),
        [{"municipality_id": session.tenant, "change_id": change, "touched": touched.as_json()}],
    )


def _tell_the_folders(session: Session) -> None:
    if session.info.pop(RECORDED, False):
        assert isinstance(session, TenantSession)
        bind = session.get_bind()
        for listener in ON_CHANGES_COMMITTED:
            listener(bind, session.tenant)


def _forget_the_record(session: Session, _previous: SessionTransaction) -> None:
    session.info.pop(RECORDED, None)


SESSION_HOOKS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("after_flush", _note_flushed_changes),
    ("do_orm_execute", _note_bulk_changes),
    ("after_transaction_end", _forget_after_the_transaction),
    ("before_commit", _record_before_commit),
    ("after_commit", _tell_the_folders),
    ("after_soft_rollback", _forget_the_record),
)
"""The ``TenantSession`` events the upkeep listens to, and its listener for each."""


def install() -> None:
    """Listen to every tenant session's flushes and commits (idempotent)."""
    for name, listener in SESSION_HOOKS:
        if not event.contains(TenantSession, name, listener):
            event.listen(TenantSession, name, listener)

"""Competence frameworks (fagprofiler) and their competences.

A framework is what a role needs (KL/HK/DS fagprofiler, Teknologisk Institut's
*Kompetenceprofil*); its competences are numbered 1..n without gaps and may each be tied to
the municipality's kerneopgaver. A competence a programme aims at cannot be deleted.

Services take the caller's ``TenantContext``; ``require_competences``, the lookup other
domains' services share, takes their tenant session (see ``praksis``).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from sqlmodel import Session, col, select

from praksis.audit.trail import AuditAction, AuditObject, record, record_changes
from praksis.competences.events import DeletingCompetences
from praksis.competences.models import Competence, CompetenceFramework, CompetenceKerneopgave
from praksis.competences.schemas import (
    CompetenceCreate,
    CompetenceRead,
    CompetenceUpdate,
    FrameworkCreate,
    FrameworkRead,
    FrameworkUpdate,
)
from praksis.kerneopgaver.service import require_kerneopgaver
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.kit.errors import Conflict
from praksis.kit.events import publish
from praksis.kit.lookups import refuse_taken, require_all, row_or_404
from praksis.kit.pagination import PageRequest, described_page, paginate
from praksis.kit.positions import placed
from praksis.kit.reads import TenantList
from praksis.kit.relations import linked_values, replace_links

# Ids are UUIDv7, so this is (roughly) the order they were created in.
FRAMEWORK_ORDER = (CompetenceFramework.id,)
COMPETENCE_ORDER = (Competence.position, Competence.id)
FRAMEWORK_CREATED = AuditAction.competence_framework_created
FRAMEWORK_UPDATED = AuditAction.competence_framework_updated
FRAMEWORK_DELETED = AuditAction.competence_framework_deleted
COMPETENCE_UPDATED = AuditAction.competence_updated
COMPETENCE_DELETED = AuditAction.competence_deleted


# --- frameworks ------------------------------------------------------------------------------


def list_frameworks(
    context: TenantContext, page: PageRequest
) -> tuple[list[FrameworkRead], str | None]:
    session = context.session
    rows, next_cursor = paginate(
        session,
        select(CompetenceFramework),
        FRAMEWORK_ORDER,
        page,
    )
    return _framework_views(session, rows), next_cursor


FRAMEWORKS_LIST = TenantList(FrameworkRead, read=list_frameworks)


def _get_framework(session: Session, framework_id: uuid.UUID) -> CompetenceFramework:
    return row_or_404(
        session,
        CompetenceFramework,
        framework_id,
        missing=f"Competence framework {framework_id} was not found.",
    )


def read_framework(context: TenantContext, framework_id: uuid.UUID) -> FrameworkRead:
    session = context.session
    return _framework_views(session, [_get_framework(session, framework_id)])[0]


def create_framework(context: TenantContext, data: FrameworkCreate) -> FrameworkRead:
    """A framework with its competences, numbered 1..n in the order given."""
    session = context.session
    _refuse_duplicate_framework_title(session, data.title)
    titles = [competence.title for competence in data.competences]
    duplicates = sorted({title for title in titles if titles.count(title) > 1})
    if duplicates:
        raise Conflict(f"A framework cannot hold two competences titled {duplicates[0]!r}.")
    require_kerneopgaver(
        session,
        [kid for competence in data.competences for kid in competence.kerneopgave_ids],
        "body.competences.kerneopgave_ids",
    )
    framework = CompetenceFramework(
        title=data.title, description=data.description, source=data.source
    )
    session.add(framework)
    session.flush()
    for position, item in enumerate(data.competences, start=1):
        competence = Competence(
            framework_id=framework.id,
            title=item.title,
            description=item.description,
            position=position,
        )
        session.add(competence)
        session.flush()
        session.add_all(_kerneopgave_links(competence.id, item.kerneopgave_ids))
    session.flush()
    fields = _framework_fields(session, framework)
    record(context, FRAMEWORK_CREATED, AuditObject.competence_framework, framework.id, {}, fields)
    return read_framework(context, framework.id)


def _framework_fields(session: Session, framework: CompetenceFramework) -> dict[str, object]:
    """What the audit trail keeps of a framework (its competences are events of their own)."""
    competences = [competence.id for competence in _competences_of(session, framework.id)]
    return {
        "title": framework.title,
        "description": framework.description,
        "source": framework.source,
        "competence_ids": competences,
    }


def update_framework(
    context: TenantContext, framework_id: uuid.UUID, changes: FrameworkUpdate
) -> FrameworkRead:
    session = context.session
    framework = _get_framework(session, framework_id)
    was = _framework_fields(session, framework)
    values = changes.model_dump(exclude_unset=True)
    if "title" in values and values["title"] != framework.title:
        _refuse_duplicate_framework_title(session, values["title"])
    apply_changes(framework, values)
    session.flush()
    now = _framework_fields(session, framework)
    record_changes(
        context, FRAMEWORK_UPDATED, AuditObject.competence_framework, framework_id, was, now
    )
    return read_framework(context, framework_id)


def delete_framework(context: TenantContext, framework_id: uuid.UUID) -> None:
    """Deletes the framework and its competences, unless a programme aims at one of them."""
    session = context.session
    framework = _get_framework(session, framework_id)
    competence_ids = set(
        session.exec(select(Competence.id).where(Competence.framework_id == framework_id)).all()
    )
    _refuse_if_goals(session, competence_ids, "framework")
    was = _framework_fields(session, framework)
    session.delete(framework)
    session.flush()
    record(context, FRAMEWORK_DELETED, AuditObject.competence_framework, framework_id, was, {})


# --- competences -----------------------------------------------------------------------------


def list_competences(
    context: TenantContext, framework_id: uuid.UUID, page: PageRequest
) -> tuple[list[CompetenceRead], str | None]:
    session = context.session
    _get_framework(session, framework_id)
    statement = select(Competence).where(Competence.framework_id == framework_id)
    return described_page(session, statement, COMPETENCE_ORDER, page, _competence_views)


COMPETENCES_LIST = TenantList(CompetenceRead, read=list_competences)


def _get_competence(
    session: Session, framework_id: uuid.UUID, competence_id: uuid.UUID
) -> Competence:
    return row_or_404(
        session,
        Competence,
        competence_id,
        Competence.framework_id == framework_id,
        missing=f"Competence {competence_id} was not found in framework {framework_id}.",
    )


def read_competence(
    context: TenantContext, framework_id: uuid.UUID, competence_id: uuid.UUID
) -> CompetenceRead:
    session = context.session
    return _competence_views(session, [_get_competence(session, framework_id, competence_id)])[0]


def create_competence(
    context: TenantContext, framework_id: uuid.UUID, data: CompetenceCreate
) -> CompetenceRead:
    """Adds a competence at ``position`` (the end if omitted); the others make room."""
    session = context.session
    framework = _get_framework(session, framework_id)
    _refuse_duplicate_competence_title(session, framework_id, data.title)
    require_kerneopgaver(session, data.kerneopgave_ids, "body.kerneopgave_ids")
    competence = Competence(
        framework_id=framework_id, title=data.title, description=data.description, position=0
    )
    _renumber(placed(_competences_of(session, framework_id), competence, data.position))
    session.add(competence)
    session.flush()
    session.add_all(_kerneopgave_links(competence.id, data.kerneopgave_ids))
    framework.updated_at = utc_now()
    session.flush()
    fields = _competence_fields(session, competence)
    record(
        context, AuditAction.competence_created, AuditObject.competence, competence.id, {}, fields
    )
    return read_competence(context, framework_id, competence.id)


def _competence_fields(session: Session, competence: Competence) -> dict[str, object]:
    kerneopgaver = linked_values(
        session,
        CompetenceKerneopgave.competence_id,
        CompetenceKerneopgave.kerneopgave_id,
        [competence.id],
    )[competence.id]
    return {
        "framework_id": competence.framework_id,
        "title": competence.title,
        "description": competence.description,
        "position": competence.position,
        "kerneopgave_ids": set(kerneopgaver),
    }


def update_competence(
    context: TenantContext,
    framework_id: uuid.UUID,
    competence_id: uuid.UUID,
    changes: CompetenceUpdate,
) -> CompetenceRead:
    session = context.session
    competence = _get_competence(session, framework_id, competence_id)
    was = _competence_fields(session, competence)
    values = changes.model_dump(exclude_unset=True)
    if "title" in values and values["title"] != competence.title:
        _refuse_duplicate_competence_title(session, framework_id, values["title"])
    if "kerneopgave_ids" in values:
        require_kerneopgaver(session, values["kerneopgave_ids"], "body.kerneopgave_ids")
        replace_links(
            session,
            select(CompetenceKerneopgave).where(
                CompetenceKerneopgave.competence_id == competence_id
            ),
            _kerneopgave_links(competence_id, values["kerneopgave_ids"]),
        )
    if "position" in values:
        siblings = _competences_of(session, framework_id)
        _renumber(placed(siblings, competence, values["position"]))
    for field in ("title", "description"):
        if field in values:
            setattr(competence, field, values[field])
    _get_framework(session, framework_id).updated_at = utc_now()
    session.flush()
    now = _competence_fields(session, competence)
    record_changes(context, COMPETENCE_UPDATED, AuditObject.competence, competence_id, was, now)
    return read_competence(context, framework_id, competence_id)


def delete_competence(
    context: TenantContext, framework_id: uuid.UUID, competence_id: uuid.UUID
) -> None:
    """Removes the competence (unless a programme aims at it); the others close up."""
    session = context.session
    competence = _get_competence(session, framework_id, competence_id)
    _refuse_if_goals(session, {competence_id}, "competence")
    was = _competence_fields(session, competence)
    record(context, COMPETENCE_DELETED, AuditObject.competence, competence_id, was, {})
    session.delete(competence)
    session.flush()
    _renumber([c for c in _competences_of(session, framework_id) if c.id != competence_id])
    _get_framework(session, framework_id).updated_at = utc_now()
    session.flush()


# --- lookups other domains use ---------------------------------------------------------------


def require_competences(
    session: Session, competence_ids: Iterable[uuid.UUID], location: str
) -> None:
    """Refuses (404, listing them) competence ids that are not in the caller's municipality."""
    require_all(session, Competence, competence_ids, location, "competence")


# --- helpers ---------------------------------------------------------------------------------


def _framework_views(
    session: Session, frameworks: Sequence[CompetenceFramework]
) -> list[FrameworkRead]:
    ids = [framework.id for framework in frameworks]
    competences: list[Competence] = []
    if ids:
        competences = list(
            session.exec(
                select(Competence)
                .where(col(Competence.framework_id).in_(ids))
                .order_by(*COMPETENCE_ORDER)  # type: ignore[arg-type]
            ).all()
        )
    by_framework: dict[uuid.UUID, list[CompetenceRead]] = defaultdict(list)
    for view in _competence_views(session, competences):
        by_framework[view.framework_id].append(view)
    return [
        FrameworkRead(
            id=framework.id,
            title=framework.title,
            description=framework.description,
            source=framework.source,
            competences=by_framework[framework.id],
            created_at=framework.created_at,
            updated_at=framework.updated_at,
        )
        for framework in frameworks
    ]


def _competence_views(session: Session, competences: Sequence[Competence]) -> list[CompetenceRead]:
    links = linked_values(
        session,
        CompetenceKerneopgave.competence_id,
        CompetenceKerneopgave.kerneopgave_id,
        [competence.id for competence in competences],
    )
    return [
        CompetenceRead(
            id=competence.id,
            framework_id=competence.framework_id,
            title=competence.title,
            description=competence.description,
            position=competence.position,
            kerneopgave_ids=links[competence.id],
        )
        for competence in competences
    ]


def _competences_of(session: Session, framework_id: uuid.UUID) -> list[Competence]:
    return list(
        session.exec(
            select(Competence)
            .where(Competence.framework_id == framework_id)
            .order_by(*COMPETENCE_ORDER)  # type: ignore[arg-type]
        ).all()
    )


def _renumber(ordered: Sequence[Any]) -> None:
    for number, item in enumerate(ordered, start=1):
        if item.position != number:
            item.position = number


def _kerneopgave_links(
    competence_id: uuid.UUID, kerneopgave_ids: Iterable[uuid.UUID]
) -> list[CompetenceKerneopgave]:
    return [
        CompetenceKerneopgave(competence_id=competence_id, kerneopgave_id=kerneopgave_id)
        for kerneopgave_id in dict.fromkeys(kerneopgave_ids)
    ]


def _refuse_if_goals(
    session: Session, competence_ids: set[uuid.UUID], what: Literal["competence", "framework"]
) -> None:
    # programmes (later in the domain order) refuse while one of them is a goal
    publish(session, DeletingCompetences(frozenset(competence_ids), what))


def _refuse_duplicate_framework_title(session: Session, title: str) -> None:
    taken = f'A competence framework titled "{title}" already exists.'
    refuse_taken(session, CompetenceFramework, CompetenceFramework.title == title, taken=taken)


def _refuse_duplicate_competence_title(
    session: Session, framework_id: uuid.UUID, title: str
) -> None:
    taken = f'The framework already has a competence titled "{title}".'
    refuse_taken(
        session,
        Competence,
        Competence.framework_id == framework_id,
        Competence.title == title,
        taken=taken,
    )

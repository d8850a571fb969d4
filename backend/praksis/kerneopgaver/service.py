"""The municipality's kerneopgaver.

Services take the caller's ``TenantContext``; the lookups other domains' services share
(``get_kerneopgave``, ``require_kerneopgaver``) take their tenant session (see ``praksis``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlmodel import Session

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kerneopgaver.schemas import KerneopgaveCreate, KerneopgaveRead, KerneopgaveUpdate
from praksis.kit.changes import apply_changes
from praksis.kit.context import TenantContext
from praksis.kit.lookups import refuse_taken, require_all, row_or_404
from praksis.kit.reads import TenantList

# The list page: the read path on PostgreSQL, the ORM on SQLite (kit.reads).
KERNEOPGAVER_LIST = TenantList(
    KerneopgaveRead,
    Kerneopgave,
    order_by=(Kerneopgave.position, Kerneopgave.id),
)


# --- lookups other domains use ---------------------------------------------------------------


def get_kerneopgave(session: Session, kerneopgave_id: uuid.UUID) -> Kerneopgave:
    return row_or_404(
        session, Kerneopgave, kerneopgave_id, missing=f"Kerneopgave {kerneopgave_id} was not found."
    )


def require_kerneopgaver(
    session: Session, kerneopgave_ids: Iterable[uuid.UUID], location: str
) -> None:
    """404 naming every id that is not a kerneopgave of the caller's municipality (one query)."""
    require_all(session, Kerneopgave, kerneopgave_ids, location, "kerneopgave")


# --- services ------------------------------------------------------------------------------


def read_kerneopgave(context: TenantContext, kerneopgave_id: uuid.UUID) -> KerneopgaveRead:
    return KerneopgaveRead.model_validate(get_kerneopgave(context.session, kerneopgave_id))


def create_kerneopgave(context: TenantContext, data: KerneopgaveCreate) -> Kerneopgave:
    session = context.session
    _refuse_duplicate_title(session, data.title)
    kerneopgave = Kerneopgave(**data.model_dump())
    session.add(kerneopgave)
    session.flush()
    return kerneopgave


def update_kerneopgave(
    context: TenantContext, kerneopgave_id: uuid.UUID, changes: KerneopgaveUpdate
) -> Kerneopgave:
    session = context.session
    kerneopgave = get_kerneopgave(session, kerneopgave_id)
    values = changes.model_dump(exclude_unset=True)
    if "title" in values and values["title"] != kerneopgave.title:
        _refuse_duplicate_title(session, values["title"])
    apply_changes(kerneopgave, values)
    session.flush()
    return kerneopgave


def delete_kerneopgave(context: TenantContext, kerneopgave_id: uuid.UUID) -> None:
    session = context.session
    session.delete(get_kerneopgave(session, kerneopgave_id))
    session.flush()


def _refuse_duplicate_title(session: Session, title: str) -> None:
    taken = f'A kerneopgave titled "{title}" already exists.'
    refuse_taken(session, Kerneopgave, Kerneopgave.title == title, taken=taken)

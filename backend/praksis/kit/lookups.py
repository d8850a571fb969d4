"""Reading the one row a request names, or answering 404; the ids a body names, all of them
or 404; a unique value already taken, 409; and the filters of a list.

Every service reads the item a path names the same way: the row of its model with that id
(within its parent, where the path names one, and only if the caller may see it), locked
when a change depends on its state, or ``NotFound``. An item the caller may not see answers
exactly as one that does not exist, so a 404 never tells anyone that it does::

    project = row_or_404(
        context.session,
        Project,
        project_id,
        visible_projects(context),  # a filter, or None for a caller who sees them all
        missing=f"Project {project_id} was not found.",
        for_update=True,
    )

A list applies the caller's visibility the same way, and each filter its query was given::

    statement = filtered(
        select(Project),
        visible_projects(context),
        if_given(Project.status, status),
    )
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from praksis.kit.db import locking
from praksis.kit.errors import Conflict, NotFound

Row = TypeVar("Row", bound=SQLModel)
Statement = TypeVar("Statement", bound=SelectOfScalar[Any])


def row_or_404(
    session: Session,
    model: type[Row],
    item_id: uuid.UUID,
    *conditions: ColumnElement[bool] | bool | None,
    missing: str,
    for_update: bool = False,
) -> Row:
    """The row of ``model`` with ``item_id`` that meets every condition (a ``None`` one is
    left out), read through ``locking`` when ``for_update``; ``NotFound(missing)`` if none."""
    identified: Any = model
    statement = filtered(select(model), identified.id == item_id, *conditions)
    found = session.exec(locking(statement) if for_update else statement).first()
    if found is None:
        raise NotFound(missing)
    return found


def require_all(
    session: Session, model: type[SQLModel], ids: Iterable[uuid.UUID], location: str, what: str
) -> None:
    """404 naming, in the order given, every id that is not a ``what`` (a row of ``model``) of
    the caller's municipality, each also as an error at ``location`` (one query)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return
    identified: Any = model
    found = set(session.exec(select(identified.id).where(col(identified.id).in_(wanted))).all())
    unknown = [str(item_id) for item_id in wanted if item_id not in found]
    if unknown:
        raise NotFound(
            f"No such {what} in your municipality: {', '.join(unknown)}.",
            errors=[{"location": location, "message": f"unknown id {item}"} for item in unknown],
        )


def refuse_taken(
    session: Session, model: type[SQLModel], *conditions: ColumnElement[bool] | bool, taken: str
) -> None:
    """``Conflict(taken)`` if a row of ``model`` of the caller's municipality meets every
    condition: a name or key that must be unique is in use already."""
    identified: Any = model
    if session.exec(select(identified.id).where(*conditions)).first() is not None:
        raise Conflict(taken)


def filtered(statement: Statement, *conditions: ColumnElement[bool] | bool | None) -> Statement:
    """``statement`` limited by every condition that is not ``None``."""
    return statement.where(*(clause for clause in conditions if clause is not None))


def if_given(column: Any, value: object | None) -> ColumnElement[bool] | None:
    """``column == value``; ``None`` (no filter) when a list's query left ``value`` out."""
    if value is None:
        return None
    condition: ColumnElement[bool] = column == value
    return condition

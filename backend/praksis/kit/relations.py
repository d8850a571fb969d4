"""Link tables: what a page of items links to, read in one query per link table, and an
item's links replaced (all of them anew, or only those that change)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

Link = TypeVar("Link", bound=SQLModel)
Value = TypeVar("Value", bound=Hashable)


def linked_values(
    session: Session, owner: Any, linked: Any, owner_ids: Collection[Any]
) -> defaultdict[Any, list[Any]]:
    """For each of ``owner_ids``, the ``linked`` column's values of the rows whose ``owner``
    column holds it, in ``linked`` order (``[]`` for an owner with none): e.g. a page of
    competences' kerneopgave ids from ``CompetenceKerneopgave``."""
    found: defaultdict[Any, list[Any]] = defaultdict(list)
    if owner_ids:
        rows = session.exec(
            select(owner, linked).where(col(owner).in_(owner_ids)).order_by(col(linked))
        ).all()
        for owner_id, value in rows:
            found[owner_id].append(value)
    return found


def replace_links(
    session: Session, current: SelectOfScalar[Any], wanted: Iterable[SQLModel]
) -> None:
    """Deletes the link rows ``current`` selects, then adds ``wanted``. The deletes are
    flushed first, so a link sent again does not clash with its old row."""
    for link in session.exec(current).all():
        session.delete(link)
    session.flush()
    session.add_all(wanted)
    session.flush()


def keep_links(
    session: Session,
    current: SelectOfScalar[Link],
    linked: Callable[[Link], Value],
    wanted: Sequence[Value],
    new: Callable[[Value], Link],
) -> None:
    """Makes the link rows ``current`` selects link to ``wanted``: deletes those whose
    ``linked`` value is not wanted, then adds a ``new`` row for each wanted value not linked
    yet, in the order given. A row that stays is left as it is (its id, its creation)."""
    rows = session.exec(current).all()
    keep = set(wanted)
    for row in rows:
        if linked(row) not in keep:
            session.delete(row)
    session.flush()
    present = {linked(row) for row in rows}
    session.add_all(new(value) for value in wanted if value not in present)
    session.flush()

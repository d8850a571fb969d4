"""Cursor pagination: ``?limit=`` (1–200, default 50) and an opaque ``?cursor=``.

Pages are keyset pages over a stable ordering that ends in a unique column, so rows
inserted or deleted between requests never shift or repeat a page. Every list answers through
``kit.reads.TenantList``; ``paginate`` pages a statement in the ORM session, for the lists
whose service function reads their page (docs/architecture.md, "Reading lists").
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar, TypeVarTuple, cast, overload

import orjson
from fastapi import Depends, Query
from pydantic import BaseModel, TypeAdapter
from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    DateTime,
    Enum,
    Integer,
    Row,
    Select,
    String,
    TypeDecorator,
    Uuid,
    and_,
    or_,
)
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from praksis.kit.db import UtcDateTime
from praksis.kit.errors import InvalidInput
from praksis.kit.schemas import (
    BIGINT_MAX,
    BIGINT_MIN,
    INTEGER_MAX,
    INTEGER_MIN,
    in_moment_range,
)

T = TypeVar("T")
R = TypeVar("R")
View = TypeVar("View")
Ts = TypeVarTuple("Ts")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 1024
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"  # unpadded URL-safe base64, as encode_cursor writes it


class Page(BaseModel, Generic[T]):
    """One page of a collection; pass ``next_cursor`` back as ``cursor`` for the next one."""

    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int
    cursor: str | None


async def page_request(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1–200).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_LENGTH,
            pattern=CURSOR_PATTERN,
            description="`next_cursor` of the previous page.",
        ),
    ] = None,
) -> PageRequest:
    # async: a plain def dependency would cost every list request a hop to the thread pool
    return PageRequest(limit=limit, cursor=cursor)


PageParams = Annotated[PageRequest, Depends(page_request)]


# What a list's order is given as: the model's column attributes, ending in a unique one,
# e.g. ``(Person.name, Person.id)``. SQLModel types such an attribute as its value (``str``,
# ``uuid.UUID``) or, through ``col()``, as ``Mapped``, so the type says no more than
# ``object``; ``order_columns`` checks at run time that each one is a column.
OrderBy = Sequence[object]
Columns = tuple[InstrumentedAttribute[Any], ...]


def order_columns(order_by: OrderBy) -> Columns:
    """The columns of ``order_by``; a ``TypeError`` if anything in it is not a model column."""
    for column in order_by:
        if not isinstance(column, InstrumentedAttribute):
            raise TypeError(f"a list is ordered by model columns, not {column!r}")
    return cast(Columns, tuple(order_by))


@overload
def paginate(  # type: ignore[overload-overlap]  # a SelectOfScalar is also a Select
    session: Session, statement: SelectOfScalar[T], order_by: OrderBy, page: PageRequest
) -> tuple[list[T], str | None]: ...


@overload
def paginate(
    session: Session, statement: Select[*Ts], order_by: OrderBy, page: PageRequest
) -> tuple[list[Row[*Ts]], str | None]: ...


def paginate(
    session: Session,
    statement: SelectOfScalar[T] | Select[*Ts],
    order_by: OrderBy,
    page: PageRequest,
) -> tuple[list[T], str | None] | tuple[list[Row[*Ts]], str | None]:
    """Rows of ``statement`` after the cursor in ``order_by`` order, and the next cursor: model
    objects for ``select(Model)``, rows for a select of several things."""
    columns = order_columns(order_by)
    if page.cursor is not None:
        statement = statement.where(after_cursor(columns, decode_cursor(page.cursor, columns)))
    statement = statement.order_by(*columns).limit(page.limit + 1)
    if isinstance(statement, SelectOfScalar):
        return _page(list(session.exec(statement).all()), columns, page.limit)
    return _page(list(session.execute(statement).all()), columns, page.limit)


def described_page(
    session: Session,
    statement: SelectOfScalar[T],
    order_by: OrderBy,
    page: PageRequest,
    describe: Callable[[Session, list[T]], list[View]],
) -> tuple[list[View], str | None]:
    """The page of ``statement``'s rows as ``describe`` shows them (the whole page at once,
    so what the views add is read in one query per kind, not per row), and the next cursor."""
    rows, next_cursor = paginate(session, statement, order_by, page)
    return describe(session, rows), next_cursor


def _page(rows: list[R], columns: Columns, limit: int) -> tuple[list[R], str | None]:
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor([getattr(rows[-1], column.key) for column in columns])


def after_cursor(
    order_by: Sequence[InstrumentedAttribute[Any]], values: Sequence[Any]
) -> ColumnElement[bool]:
    # (a, b, c) > (x, y, z) written out, because SQLite and PostgreSQL disagree on row values
    # with mixed types; this form uses each column's index on both.
    clauses = []
    for index, column in enumerate(order_by):
        equal_before = [order_by[i] == values[i] for i in range(index)]
        clauses.append(and_(*equal_before, column > values[index]))
    return or_(*clauses)


def encode_cursor(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([_plain(v) for v in values])).decode().rstrip("=")


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def decode_cursor(cursor: str, order_by: Sequence[InstrumentedAttribute[Any]]) -> list[Any]:
    """The values a cursor of ``encode_cursor`` holds, each typed and checked for its column.

    A cursor comes from the client, so anything it holds is refused with a 422 before it
    reaches the database: text that is not our base64, JSON of the wrong shape, a NUL that
    PostgreSQL refuses in text, an integer its column cannot hold, a time without an offset.
    """
    try:
        if not re.fullmatch(CURSOR_PATTERN, cursor):
            raise ValueError("not unpadded URL-safe base64")
        raw = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(order_by):
            raise ValueError("wrong shape")
        return [_typed(value, column) for value, column in zip(raw, order_by, strict=True)]
    except (ValueError, TypeError, OverflowError) as error:
        raise InvalidInput(
            "The cursor is not valid for this list; start again without a cursor.",
            errors=[{"location": "query.cursor", "message": "invalid cursor"}],
        ) from error


def _typed(value: Any, column: InstrumentedAttribute[Any]) -> Any:
    column_type = column.type
    if isinstance(column_type, TypeDecorator) and not isinstance(column_type, UtcDateTime):
        column_type = column_type.impl_instance
    if isinstance(column_type, Uuid):
        return uuid.UUID(_text(value))
    if isinstance(column_type, DateTime | UtcDateTime):
        return _moment(_text(value))
    if isinstance(column_type, Boolean):
        if not isinstance(value, bool):
            raise TypeError("expected a boolean")
        return value
    if isinstance(column_type, Integer):
        return _integer(value, column_type)
    if isinstance(column_type, Enum):
        return _member(_text(value), column_type)
    if isinstance(column_type, String):
        return _text(value)
    raise TypeError(f"unsupported cursor column type {column_type!r}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    if "\x00" in value:
        raise ValueError("NUL in text")
    return value


def _member(value: str, column_type: Enum) -> Any:
    # A string that is not one of the enum's would fail in the driver, not here.
    if column_type.enum_class is not None:
        return column_type.enum_class(value)
    if value not in column_type.enums:
        raise ValueError("not a value of the column")
    return value


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None or not in_moment_range(moment):
        raise ValueError("not a time with an offset in range")
    return moment


def _integer(value: Any, column_type: Integer) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("expected an integer")
    low, high = (
        (BIGINT_MIN, BIGINT_MAX)
        if isinstance(column_type, BigInteger)
        else (INTEGER_MIN, INTEGER_MAX)
    )
    if not low <= value <= high:
        raise ValueError("integer out of the column's range")
    return value


_LIST_ADAPTERS: dict[type[Any], TypeAdapter[list[Any]]] = {}


def _list_adapter(model: type[Any]) -> TypeAdapter[list[Any]]:
    adapter = _LIST_ADAPTERS.get(model)
    if adapter is None:
        adapter = _LIST_ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


def page_of(model: type[T], rows: Sequence[Any], next_cursor: str | None) -> Page[T]:
    """A ``Page`` of ``model`` read from ORM objects or rows, validated in one pass."""
    items: list[T] = _list_adapter(model).validate_python(rows, from_attributes=True)
    page: Page[T] = Page.model_construct(items=items, next_cursor=next_cursor)
    return page

"""Cursor pagination: ``?limit=`` (1–200, default 50) and an opaque ``?cursor=``.

Pages are keyset pages over a stable ordering that ends in a unique column, so rows
inserted or deleted between requests never shift or repeat a page.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

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
    Select,
    String,
    TypeDecorator,
    Uuid,
    and_,
    or_,
)
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session

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


def paginate(
    session: Session,
    statement: Select[Any],
    order_by: Sequence[InstrumentedAttribute[Any]],
    page: PageRequest,
) -> tuple[list[Any], str | None]:
    """Rows of ``statement`` after the cursor in ``order_by`` order, and the next cursor."""
    if page.cursor is not None:
        statement = statement.where(after_cursor(order_by, decode_cursor(page.cursor, order_by)))
    statement = statement.order_by(*order_by).limit(page.limit + 1)
    rows = list(session.exec(statement).all())  # type: ignore[call-overload]
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    last = rows[-1]
    return rows, encode_cursor([getattr(last, column.key) for column in order_by])


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

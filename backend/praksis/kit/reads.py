"""The one way a list is read: ``TenantList``, and its read path for PostgreSQL.

Every list route answers ``await LIST.respond(context, page, **filters)``; the list is
declared once in its service (docs/architecture.md, "Reading lists"). What the list is decides
how its page is read, never the route:

* a list of one tenant model's own columns with equality filters (``TenantList(schema,
  model, order_by)``) is read on PostgreSQL in one round trip, below;
* a list that needs the session (visibility from other tables, joins, composed items) gives
  its service function (``TenantList(schema, read=...)``), which pages its statement with
  ``pagination.paginate`` in the caller's session; ``respond`` runs it in one worker thread.

A list page read through the ORM costs a session, a pooled connection handed between
threads, five round trips (BEGIN, the role and tenant, the SELECT, COMMIT) and an ORM row and
a pydantic object per row. On PostgreSQL, ``TenantList`` reads a list of columns instead as:

* one simple-protocol message on an async psycopg connection of ``ReadPool``: the role and
  ``praksis.tenant`` set for the transaction, then the SELECT. PostgreSQL runs the statements
  of one message as one implicit transaction, so the settings end with it and row-level
  security applies exactly as on the ORM path (a message without the tenant sees no rows);
* a SELECT built with SQLAlchemy Core, scoped by ``db.scoped_to_tenant`` (the helper the ORM
  session uses) and compiled once per shape of query;
* rows turned into the response with orjson. The columns are the response model's own fields
  read from typed database columns, so the JSON is the one pydantic would write; the tests
  compare the two byte for byte.

The tenant still comes only from ``TenantContext`` (the verified token). SQLite, the demo
and development database, serves the same JSON through the ORM.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC
from enum import Enum
from typing import Any, Protocol

import orjson
import psycopg
from psycopg import AsyncClientCursor
from pydantic import BaseModel, TypeAdapter
from sqlalchemy import (
    Boolean,
    Float,
    Integer,
    Select,
    String,
    TypeDecorator,
    Uuid,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import Engine
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import TypeEngine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from praksis.kit.db import (
    TENANT_SETTING,
    TenantOwned,
    UtcDateTime,
    compiled_for_any_tenant,
)
from praksis.kit.pagination import (
    OrderBy,
    Page,
    PageRequest,
    after_cursor,
    decode_cursor,
    encode_cursor,
    order_columns,
    page_of,
    paginate,
)

Row = tuple[Any, ...]
Connection = psycopg.AsyncConnection[Row]
ROLE_PARAM = "praksis_role"
TENANT_PARAM = "praksis_tenant"
LIMIT_PARAM = "praksis_limit"
# Client-side binding (AsyncClientCursor) sends both statements as one simple-protocol
# message: one round trip, one implicit transaction that the settings are local to.
SCOPE_SQL = (
    f"SELECT set_config('role', %({ROLE_PARAM})s, true),"
    f" set_config('{TENANT_SETTING}', %({TENANT_PARAM})s, true);\n"
)
JSON_MEDIA_TYPE = "application/json"
_DIALECT = PGDialect_psycopg()  # type: ignore[no-untyped-call]


class QuerySpans(Protocol):
    """Traces the read path's queries (``kit.tracing`` sets one on the pool when traces are
    on; this module imports nothing of OpenTelemetry)."""

    def query(self, sql: str, collection: str) -> AbstractContextManager[object]: ...


def read_pool_for(engine: Engine, size: int, options: str = "") -> ReadPool | None:
    """A read pool on the engine's database, if it is PostgreSQL (``options``: libpq's)."""
    if engine.dialect.name != "postgresql":
        return None
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return ReadPool(url, size, options)


class ReadPool:
    """Up to ``size`` async psycopg connections (autocommit, UTC), opened when first needed.

    Connections belong to the event loop that opened them; another loop (a new test client)
    starts afresh. A connection that failed or was interrupted is closed, not reused.
    """

    def __init__(self, conninfo: str, size: int, options: str = "") -> None:
        self.conninfo = conninfo
        self.size = size
        self.options = options
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[Connection] = []
        self._open = 0
        self._waiting: deque[asyncio.Future[None]] = deque()
        self.spans: QuerySpans | None = None

    async def rows(self, sql: str, params: Mapping[str, Any], collection: str = "") -> list[Row]:
        """The rows of the last statement of ``sql`` (reading the table ``collection``), sent
        in one message; a client span of its own when traces are on.

        A read is repeated once on a new connection if a pooled one turns out to be dead (the
        database restarted since it was last used): reads change nothing, so that is safe."""
        if self.spans is None:
            return await self._rows(sql, params)
        with self.spans.query(sql, collection):
            return await self._rows(sql, params)

    async def _rows(self, sql: str, params: Mapping[str, Any]) -> list[Row]:
        connection, reused = await self._acquire()
        try:
            return await self._rows_on(connection, sql, params)
        except psycopg.OperationalError as error:
            if not reused or not _connection_lost(error):
                raise
        await self.close()
        connection, _ = await self._acquire()
        return await self._rows_on(connection, sql, params)

    async def _rows_on(
        self, connection: Connection, sql: str, params: Mapping[str, Any]
    ) -> list[Row]:
        try:
            cursor = connection.cursor()
            await cursor.execute(sql, params)
            while cursor.nextset():
                pass
            rows = await cursor.fetchall()
        except BaseException:
            await self._discard(connection)
            raise
        if connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            self._idle.append(connection)
            self._wake_one()
        else:
            await self._discard(connection)
        return rows

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        self._open -= len(idle)
        for connection in idle:
            await connection.close()

    async def _acquire(self) -> tuple[Connection, bool]:
        """A connection, and whether it was used before."""
        # One event loop, no threads: checking and taking happen without a switch in between.
        loop = self._bind_to_running_loop()
        while True:
            if self._idle:
                return self._idle.pop(), True
            if self._open < self.size:
                self._open += 1
                try:
                    return await self._connect(), False
                except BaseException:
                    self._forget_one()
                    raise
            waiter = loop.create_future()
            self._waiting.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake_one()  # woken, but leaving: pass the turn on
                raise

    async def _connect(self) -> Connection:
        connection: Connection = await psycopg.AsyncConnection.connect(
            self.conninfo,
            autocommit=True,
            cursor_factory=AsyncClientCursor,
            options=f"-c TimeZone=UTC {self.options}".strip(),
        )
        return connection

    async def _discard(self, connection: Connection) -> None:
        try:
            await asyncio.shield(connection.close())
        finally:
            self._forget_one()

    def _forget_one(self) -> None:
        self._open -= 1
        self._wake_one()

    def _wake_one(self) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    def _bind_to_running_loop(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            for connection in self._idle:
                connection.pgconn.finish()  # their loop is gone: close the sockets directly
            self._loop, self._idle, self._open, self._waiting = loop, [], 0, deque()
        return loop


def _connection_lost(error: psycopg.OperationalError) -> bool:
    """The connection broke or the server ended it (restart, shutdown), as opposed to a
    statement that failed on a live connection (a timeout, a cancel)."""
    sqlstate = error.sqlstate
    return sqlstate is None or sqlstate.startswith(("08", "57P01", "57P02", "57P03"))


@dataclass(frozen=True, slots=True)
class CompiledRead:
    """A SELECT compiled for psycopg (``%(name)s`` parameters) and the names of its tenant
    parameters, which only ``TenantReader`` fills in."""

    sql: str
    tenant_params: tuple[str, ...]
    collection: str = ""  # the table read, named in its trace span


@dataclass(frozen=True, slots=True)
class TenantReader:
    """Reads for one request's municipality (from ``TenantContext``) through the read pool."""

    pool: ReadPool
    tenant: str
    app_role: str

    async def rows(self, read: CompiledRead, params: Mapping[str, Any]) -> list[Row]:
        """Rows of ``read`` as the application role, in this municipality's transaction."""
        scoped = {**params, ROLE_PARAM: self.app_role, TENANT_PARAM: self.tenant}
        scoped.update(dict.fromkeys(read.tenant_params, self.tenant))
        return await self.pool.rows(SCOPE_SQL + read.sql, scoped, read.collection)


class ListContext(Protocol):
    """What ``TenantList`` needs of a request's caller (``kit.context.TenantContext``, or a
    ``PartnerContext``, which has no read path)."""

    @property
    def reader(self) -> TenantReader | None: ...

    @property
    def session(self) -> Session: ...

    def close_session(self) -> None: ...


# A list's own page read (``read=``): the service function that pages its statement with
# ``paginate`` in the caller's session, ``(context, page, **filters) -> (items, next_cursor)``.
PageRead = Callable[..., tuple[Sequence[Any], str | None]]


class TenantList:
    """One list of the API: every list route answers ``await LIST.respond(context, page,
    **filters)`` with ``Page[schema]`` JSON, and the list decides how its page is read.

    * ``TenantList(schema, model, order_by)``: the schema's fields are the model's own columns,
      filtered by equality. On PostgreSQL the page is read in one round trip (the read path
      above), on SQLite through the ORM; the same bytes either way.
    * ``TenantList(schema, read=service_function)``: a list that needs the session (visibility
      from other tables, joins, composed items). ``respond`` calls the function with the
      context, the page and the filters in one worker thread, and ends the read-only unit of
      work there (``keeps_changes``: a read that writes, committed by ``PraksisRoute``).
    """

    def __init__(
        self,
        schema: type[BaseModel],
        model: type[TenantOwned] | None = None,
        order_by: OrderBy = (),
        *,
        read: PageRead | None = None,
        keeps_changes: bool = False,
    ) -> None:
        self.schema = schema
        self._page_json = TypeAdapter(Page[schema]).dump_json  # type: ignore[valid-type]
        self.read = read
        self.keeps_changes = keeps_changes
        if read is not None:
            if model is not None or order_by:
                raise TypeError(f"{schema.__name__}: a list with read= orders its own statement")
            return
        if model is None:
            raise TypeError(f"{schema.__name__}: give the list a model and order, or read=")
        self.model = model
        self.order_by = order_columns(order_by)
        self.names = tuple(schema.model_fields)
        self.columns = tuple(getattr(model, name) for name in self.names)
        _refuse_what_orjson_would_write_differently(schema, self.columns)
        self._item = _item_of(self.names)
        self._moments = frozenset(c.key for c in self.columns if isinstance(c.type, UtcDateTime))
        self._compiled: dict[tuple[bool, tuple[str, ...]], CompiledRead] = {}

    def statement(self, filters: Mapping[str, Any]) -> Select[Any]:
        """The unpaginated SELECT with equality ``filters`` on the model's columns."""
        statement = select(*self.columns)
        for name, value in filters.items():
            statement = statement.where(getattr(self.model, name) == value)
        return statement

    async def respond(self, context: ListContext, page: PageRequest, **filters: Any) -> Response:
        """The page as ``application/json``. A list of a model's columns leaves out filters
        given as ``None``; a ``read`` function gets every filter as given."""
        if self.read is not None:
            body = await run_in_threadpool(self._read_page_json, context, page, filters)
            return Response(body, media_type=JSON_MEDIA_TYPE)
        given = {name: value for name, value in filters.items() if value is not None}
        reader = context.reader
        if reader is None:
            body = await run_in_threadpool(self._orm_page_json_closing, context, page, given)
        else:
            body = await self.page_json(reader, page, given)
        return Response(body, media_type=JSON_MEDIA_TYPE)

    async def page_json(
        self, reader: TenantReader, page: PageRequest, filters: Mapping[str, Any]
    ) -> bytes:
        """The page as JSON, read in one round trip."""
        # psycopg would send an Enum member by name; the column stores its value
        params = {
            name: value.value if isinstance(value, Enum) else value
            for name, value in filters.items()
        }
        params[LIMIT_PARAM] = page.limit + 1
        if page.cursor is not None:
            values = decode_cursor(page.cursor, self.order_by)
            params.update({f"praksis_after_{i}": value for i, value in enumerate(values)})
        read = self._read(page.cursor is not None, tuple(sorted(filters)))
        return self._json(await reader.rows(read, params), page.limit)

    def _read_page_json(
        self, context: ListContext, page: PageRequest, filters: Mapping[str, Any]
    ) -> bytes:
        assert self.read is not None
        try:
            items, next_cursor = self.read(context, page=page, **filters)
            return self._page_json(page_of(self.schema, items, next_cursor))
        finally:
            if not self.keeps_changes:
                context.close_session()

    def _orm_page_json_closing(
        self, context: ListContext, page: PageRequest, filters: Mapping[str, Any]
    ) -> bytes:
        try:
            return self.orm_page_json(context.session, page, filters)
        finally:
            context.close_session()

    def orm_page_json(
        self, session: Session, page: PageRequest, filters: Mapping[str, Any]
    ) -> bytes:
        """The same page through the ORM session (SQLite; also the reference in tests)."""
        rows, next_cursor = paginate(session, self.statement(filters), self.order_by, page)
        return self._page_json(page_of(self.schema, rows, next_cursor))

    def _json(self, rows: list[Row], limit: int) -> bytes:
        items = list(map(self._item, rows[:limit]))
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = encode_cursor([self._cursor_value(last, c.key) for c in self.order_by])
        # the moments come as UTC without a zone (``_compile``): written as pydantic writes UTC
        return orjson.dumps(
            {"items": items, "next_cursor": next_cursor},
            option=orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z,
        )

    def _cursor_value(self, item: dict[str, Any], name: str) -> Any:
        value = item[name]
        return value.replace(tzinfo=UTC) if name in self._moments else value

    def _read(self, after: bool, filter_names: tuple[str, ...]) -> CompiledRead:
        key = (after, filter_names)
        read = self._compiled.get(key)
        if read is None:
            read = self._compiled[key] = self._compile(after, filter_names)
        return read

    def _compile(self, after: bool, filter_names: tuple[str, ...]) -> CompiledRead:
        # a moment is read as UTC without a zone: psycopg builds a zoned datetime ~3x slower
        # and orjson writes one ~2x slower (~35 µs of a 50-row page)
        statement = select(
            *(
                func.timezone(literal_column("'UTC'"), column).label(column.key)
                if column.key in self._moments
                else column
                for column in self.columns
            )
        )
        for name in filter_names:
            statement = statement.where(getattr(self.model, name) == bindparam(name))
        if after:
            values: list[Any] = [bindparam(f"praksis_after_{i}") for i in range(len(self.order_by))]
            statement = statement.where(after_cursor(self.order_by, values))
        statement = statement.order_by(*self.order_by).limit(bindparam(LIMIT_PARAM, type_=Integer))
        compiled, tenant_params = compiled_for_any_tenant(
            statement, _DIALECT, f"{self.model.__name__}'s list"
        )
        return CompiledRead(str(compiled), tenant_params, str(self.model.__tablename__))


def _item_of(names: Sequence[str]) -> Callable[[Row], dict[str, Any]]:
    """A row to its item: a dict display compiled once per list (``{"id": row[0], …}``),
    a third of the time of ``dict(zip(names, row))`` for a page of 50."""
    if not all(name.isidentifier() for name in names):  # a schema's field names: code, not data
        raise TypeError(f"not field names: {names}")
    fields = ", ".join(f"{name!r}: row[{index}]" for index, name in enumerate(names))
    item: Callable[[Row], dict[str, Any]] = eval(f"lambda row: {{{fields}}}")  # noqa: S307
    return item


# Column types whose values psycopg returns as pydantic would write them to JSON (text, whole
# numbers, booleans, UUIDs, moments in UTC, enum values); anything else goes through the ORM.
_PLAIN_JSON_TYPES = (String, Integer, Boolean, Uuid, UtcDateTime, SAEnum)


def _refuse_what_orjson_would_write_differently(
    schema: type[BaseModel], columns: Sequence[InstrumentedAttribute[Any]]
) -> None:
    decorators = schema.__pydantic_decorators__
    if schema.model_computed_fields or decorators.field_serializers or decorators.model_serializers:
        raise TypeError(f"{schema.__name__} serialises by its own rules: not for TenantList")
    for column in columns:
        if not _plain_json(column.type):
            raise TypeError(f"{column.key}: {column.type!r} is not written as plain JSON")


def _plain_json(column_type: TypeEngine[Any]) -> bool:
    if isinstance(column_type, TypeDecorator) and not isinstance(column_type, UtcDateTime):
        if type(column_type).process_result_value is not TypeDecorator.process_result_value:
            return False  # converts what it reads (sqlmodel's AutoString does not)
        column_type = column_type.impl_instance
    return isinstance(column_type, _PLAIN_JSON_TYPES) and not isinstance(column_type, Float)

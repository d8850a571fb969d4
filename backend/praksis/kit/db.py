"""Engines, sessions and the tenant-scoped session every request goes through.

Tenancy is applied here and nowhere else:

* ``TenantSession`` adds ``municipality_id = <tenant>`` to every ORM SELECT, UPDATE and
  DELETE that touches a ``TenantOwned`` table, stamps the tenant on every new row and refuses
  writes that would move a row to another municipality;
* on PostgreSQL each of its transactions switches to the non-superuser application role and
  sets ``praksis.tenant``, so the row-level security policies of the migrations apply even
  to raw SQL. A transaction without that setting sees no tenant rows at all.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    ForeignKeyConstraint,
    MetaData,
    TypeDecorator,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy import (
    Enum as SAEnum,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, with_loader_criteria
from sqlalchemy.orm.util import LoaderCriteriaOption
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.util import find_tables
from sqlmodel import Field, SQLModel, create_engine
from sqlmodel import Session as SQLModelSession

from praksis.kit.errors import CrossTenantWrite
from praksis.kit.ids import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)
metadata = SQLModel.metadata

TENANT_SETTING = "praksis.tenant"
MUNICIPALITY_ID_LENGTH = 16


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time, stored in UTC and always read back with its offset (also on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give an offset")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp_field() -> Any:
    """A required ``UtcDateTime`` column defaulting to now."""
    return Field(default_factory=utc_now, sa_type=UtcDateTime, nullable=False)


class TenantScoped(SQLModel):
    """Base of every table that belongs to one municipality: what the tenant scope applies to.

    ``municipality_id`` leads the primary key so the schema can be distributed by tenant;
    the leading key column doubles as the tenant index. Tables with a natural key (the
    statistics aggregates) derive from this directly; everything else from ``TenantOwned``.
    """

    municipality_id: str = Field(
        default="",
        foreign_key="municipalities.id",
        primary_key=True,
        max_length=MUNICIPALITY_ID_LENGTH,
        ondelete="CASCADE",
    )


class TenantOwned(TenantScoped):
    """A municipality's table whose rows have their own id, ``(municipality_id, id)``."""

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)


class Timestamped(SQLModel):
    """When a row was created, and when it last changed (``kit.changes.apply_changes``)."""

    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class TenantRecord(Timestamped, TenantOwned):
    """A ``TenantOwned`` row that keeps when it was created and last changed. Its columns
    start ``municipality_id, id, created_at, updated_at`` (the bases' fields come in reverse
    order), so the tenant key still leads."""


class PartnerReadable:
    """Marks the one kind of tenant table a partner session may read: anonymous aggregates.

    The model says which of its rows a partner sees (``partner_rows``); the partner session
    adds that condition to every statement on it and refuses every write, and PostgreSQL
    backs it with a read-only policy of the same meaning.
    """

    @classmethod
    def partner_rows(cls, partner: str) -> ColumnElement[bool]:
        raise NotImplementedError


class StatusListReadable:
    """Marks the one kind of tenant table the public status list session may read: the
    credential status entries (an index and a bit, no person). The session reads them for
    the one municipality it was opened for, and PostgreSQL backs it with its own role, which
    may read nothing else, and a read-only policy on ``praksis.status_list``."""


def tenant_tables() -> list[str]:
    """Names of every table that carries a municipality id (the RLS-protected set)."""
    return sorted(
        table.name for table in metadata.sorted_tables if "municipality_id" in table.columns
    )


def sqlalchemy_url(database_url: str) -> str:
    """Pick the psycopg 3 driver for plain ``postgresql://`` URLs."""
    url = make_url(database_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def create_db_engine(
    database_url: str,
    pool_size: int = 20,
    *,
    statement_timeout_seconds: float | None = None,
    lock_timeout_seconds: float | None = None,
) -> Engine:
    """The engine of a process. The server passes the timeouts (no statement and no wait for a
    row lock outlasts them, on PostgreSQL); the CLI's long jobs (migrations, rebuilds) do not.
    """
    url = sqlalchemy_url(database_url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    # Pre-ping costs a round trip per checkout and spares the first requests after a database
    # restart a failure each. The admission gate (kit.admission) lets no more requests at the
    # database than there are connections, so the pool timeout is only a safety net.
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=10,
        pool_recycle=1800,
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": 5,
            "options": postgres_session_options(statement_timeout_seconds, lock_timeout_seconds),
        },
    )
    _track_connections_in_use(engine)
    return engine


_connections_in_use: weakref.WeakKeyDictionary[Engine, set[Any]] = weakref.WeakKeyDictionary()


def _track_connections_in_use(engine: Engine) -> None:
    in_use = _connections_in_use.setdefault(engine, set())
    event.listen(engine, "checkout", lambda dbapi, _record, _proxy: in_use.add(dbapi))
    event.listen(engine, "checkin", lambda dbapi, _record: in_use.discard(dbapi))


def cancel_running_statements(engine: Engine) -> int:
    """Ask PostgreSQL to cancel what every checked-out connection is running (shutdown after
    the grace period: a request still waiting for a lock fails now, and its thread ends)."""
    in_use = _connections_in_use.get(engine, set())
    cancelled = 0
    for dbapi_connection in list(in_use):
        try:
            dbapi_connection.cancel_safe(timeout=2)
            cancelled += 1
        except Exception:  # noqa: S112 - a connection that is gone has nothing to cancel
            continue
    return cancelled


def postgres_session_options(
    statement_timeout_seconds: float | None, lock_timeout_seconds: float | None
) -> str:
    """libpq ``options`` that bound how long one statement runs and waits for a lock, and
    end a transaction left idle (a client that vanished mid-request) after a minute."""
    options = ["-c idle_in_transaction_session_timeout=60000"]
    if statement_timeout_seconds is not None:
        options.append(f"-c statement_timeout={round(statement_timeout_seconds * 1000)}")
    if lock_timeout_seconds is not None:
        options.append(f"-c lock_timeout={round(lock_timeout_seconds * 1000)}")
    return " ".join(options)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite begins transactions lazily, at the first write, so a SAVEPOINT before that
    # would be the outermost transaction and its RELEASE would commit. SQLAlchemy emits BEGIN
    # itself instead (see _begin_sqlite_transaction), as its SQLite documentation recommends.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: a deferred transaction that read first could not
    # upgrade to a writer while another writes ("database is locked"), but waits here instead.
    # SQLite is the demo and development database; PostgreSQL serves production.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class TenantSession(SQLModelSession):
    """A session that can only see and write one municipality's rows."""

    def __init__(self, bind: Engine, tenant: str, app_role: str) -> None:
        super().__init__(bind=bind, expire_on_commit=False, autoflush=True)
        self.tenant = tenant
        self.app_role = app_role
        self.is_postgresql = bind.dialect.name == "postgresql"


@event.listens_for(TenantSession, "do_orm_execute")
def _scope_orm_statement_to_tenant(state: ORMExecuteState) -> None:
    session = state.session
    assert isinstance(session, TenantSession)
    if state.is_select or state.is_update or state.is_delete:
        state.statement = scoped_to_tenant(
            state.statement, session.tenant, _tenant_models_in(state)
        )


_Scoped = TypeVar("_Scoped", bound=Executable)


def scoped_to_tenant(
    statement: _Scoped, tenant: str, models: Iterable[type[TenantScoped]]
) -> _Scoped:
    """``statement`` limited to ``tenant``'s rows of every one of ``models``, wherever they
    appear in it. The ORM scope and the read path (``kit.reads``) both apply it."""
    scoped: _Scoped = statement.options(*(_rows_of(model, tenant) for model in models))
    return scoped


TENANT_CRITERIA_SIZE = 16_384  # (model, municipality) pairs: ~40 tenant models × ~400


@lru_cache(maxsize=TENANT_CRITERIA_SIZE)
def _rows_of(model: type[TenantScoped], tenant: str) -> LoaderCriteriaOption:
    """The criterion that keeps ``model`` to ``tenant``'s rows, built once per pair and shared
    by every statement (an option is immutable; building one, its lambda analysed, cost ~50 µs
    of every statement's execution, per tenant table in it)."""
    return with_loader_criteria(
        model, lambda cls: cls.municipality_id == tenant, include_aliases=True
    )


_TENANT_PLACEHOLDER = "\x00tenant"


def compiled_for_any_tenant(
    statement: Executable, dialect: Dialect, what: str
) -> tuple[SQLCompiler, tuple[str, ...]]:
    """``statement`` scoped as every statement is (``scoped_to_tenant``), to a placeholder
    tenant, and compiled once for ``dialect``: the compiled form and the names of its tenant
    parameters, which each run fills with the caller's tenant (``kit.reads``, the statistics'
    scope). ``ValueError`` naming ``what`` if the statement reads no tenant table."""
    scoped = scoped_to_tenant(statement, _TENANT_PLACEHOLDER, tenant_models_in(statement))
    compiled = cast(SQLCompiler, cast(ClauseElement, scoped).compile(dialect=dialect))
    tenant_names = tuple(
        name for name, value in compiled.params.items() if value == _TENANT_PLACEHOLDER
    )
    if not tenant_names:
        raise ValueError(f"{what}: the statement is not tenant-scoped")
    return compiled, tenant_names


MODELS_BY_SHAPE_SIZE = 4096
_models_by_shape: dict[Any, frozenset[type[TenantScoped]]] = {}
_orm_models_by_shape: dict[Any, frozenset[type[TenantScoped]]] = {}


def tenant_models_in(statement: Executable) -> set[type[TenantScoped]]:
    """The tenant models whose tables a statement reads or changes (joins, aliases,
    subqueries), so only those get the criteria (each one costs per query).

    Remembered per shape of statement (SQLAlchemy's cache key, which names every table it
    uses), because walking a large statement costs more than running it on small tables."""
    return _per_shape(_models_by_shape, statement, lambda: _tenant_models_walked(statement))


def _per_shape(
    memo: dict[Any, frozenset[type[TenantScoped]]],
    statement: Executable,
    find: Callable[[], frozenset[type[TenantScoped]]],
) -> set[type[TenantScoped]]:
    cache_key = cast(ClauseElement, statement)._generate_cache_key()
    if cache_key is None:
        return set(find())
    found = memo.get(cache_key.key)
    if found is None:
        if len(memo) >= MODELS_BY_SHAPE_SIZE:
            memo.clear()
        found = memo[cache_key.key] = find()
    return set(found)


def _tenant_models_walked(statement: Executable) -> frozenset[type[TenantScoped]]:
    by_table = _models_by_table(len(SQLModel._sa_registry.mappers))
    return frozenset(by_table[name] for name in _table_names_in(statement) if name in by_table)


def _table_names_in(statement: Executable) -> set[str]:
    """Every table a statement reads or changes (joins, aliases, subqueries)."""
    return {
        name
        for element in find_tables(
            cast(ClauseElement, statement),
            check_columns=True,
            include_aliases=True,
            include_joins=True,
            include_crud=True,
        )
        if element is not None
        and (name := getattr(getattr(element, "element", element), "name", None)) is not None
    }


def _tenant_models_in(state: ORMExecuteState) -> set[type[TenantScoped]]:
    """``tenant_models_in``, and the tenant models among an ORM statement's entities
    (``all_mappers``, which builds the statement's column descriptions anew on every call),
    remembered per shape as well: the entities are part of the cache key."""
    statement = state.statement

    def find() -> frozenset[type[TenantScoped]]:
        entities = (mapper.class_ for mapper in state.all_mappers)
        tenant_entities = {model for model in entities if issubclass(model, TenantScoped)}
        return _tenant_models_walked(statement) | tenant_entities

    return _per_shape(_orm_models_by_shape, statement, find)


@lru_cache(maxsize=4)
def _models_by_table(mapper_count: int) -> dict[str, type[TenantScoped]]:
    return {model.__tablename__: model for model in _tenant_models(mapper_count)}  # type: ignore[misc]


@lru_cache(maxsize=1)
def _tenant_models(mapper_count: int) -> tuple[type[TenantScoped], ...]:
    return tuple(
        mapper.class_
        for mapper in SQLModel._sa_registry.mappers
        if issubclass(mapper.class_, TenantScoped)
    )


def tenant_models() -> tuple[type[TenantScoped], ...]:
    """Every mapped tenant-owned class (recomputed if a model is added later)."""
    return _tenant_models(len(SQLModel._sa_registry.mappers))


@event.listens_for(TenantSession, "before_flush")
def _stamp_and_guard_tenant(session: Session, _context: Any, _instances: Any) -> None:
    assert isinstance(session, TenantSession)
    for obj in session.new:
        if isinstance(obj, TenantScoped):
            if not obj.municipality_id:
                obj.municipality_id = session.tenant
            elif obj.municipality_id != session.tenant:
                raise CrossTenantWrite()
    for obj in session.dirty:
        if isinstance(obj, TenantScoped) and obj.municipality_id != session.tenant:
            raise CrossTenantWrite()


@event.listens_for(TenantSession, "after_begin")
def _apply_row_level_security(
    session: Session, _transaction: SessionTransaction, connection: Connection
) -> None:
    assert isinstance(session, TenantSession)
    if session.is_postgresql:
        switch_role(connection, session.app_role, TENANT_SETTING, session.tenant)


def switch_role(
    connection: Connection, role: str, setting: str | None = None, value: str = ""
) -> None:
    """Until the transaction ends: run as ``role``, with ``setting`` (what its row-level
    security policies read), if any, set to ``value``."""
    if setting is None:
        connection.execute(text("SELECT set_config('role', :role, true)"), {"role": role})
        return
    connection.execute(
        text("SELECT set_config('role', :role, true), set_config(:setting, :value, true)"),
        {"role": role, "setting": setting, "value": value},
    )


def read_across_municipalities(engine: Engine, role: str, statement: Executable) -> list[Any]:
    """The rows of ``statement`` in every municipality, read as ``role``: a role that may
    read a few columns of one table in every municipality and nothing else (which
    municipalities have work due, and since when). One statement instead of a tenant
    transaction per municipality, for the periodic scans (the statistics folder's sweep, the
    job worker's); no row of a municipality's is read through it."""
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            switch_role(connection, role)
        return list(connection.execute(statement).all())


def missing_roles(connection: Connection, roles: Iterable[str]) -> list[str]:
    """Of ``roles``, those the connected login may not take (absent from the cluster, or not
    granted to it), sorted; none on SQLite, which has no roles. A restore into a cluster
    without them, or a login that did not run the migrations, shows here first."""
    if connection.dialect.name != "postgresql":
        return []
    # pg_has_role fails on a role that does not exist: asked only of those that do
    found = connection.execute(
        text(
            "SELECT name FROM unnest(CAST(:roles AS text[])) AS name"
            " WHERE CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = name)"
            " THEN NOT pg_has_role(current_user, name, 'MEMBER') ELSE true END"
            " ORDER BY name"
        ),
        {"roles": sorted(set(roles))},
    )
    return list(found.scalars())


PARTNER_SETTING = "praksis.partner"


class PartnerSession(SQLModelSession):
    """A partner's session: the application role with no tenant, so no tenant row is visible.

    Used for partner-owned tables (offerings). The ORM guard below refuses any statement on a
    tenant table, so partner code cannot reach personal data even on SQLite (no RLS there).
    """

    def __init__(self, bind: Engine, partner: str, app_role: str) -> None:
        super().__init__(bind=bind, expire_on_commit=False, autoflush=True)
        self.partner = partner
        self.app_role = app_role
        self.is_postgresql = bind.dialect.name == "postgresql"


@event.listens_for(PartnerSession, "do_orm_execute")
def _refuse_tenant_tables_for_partners(state: ORMExecuteState) -> None:
    """No municipality's table, except reading the ``PartnerReadable`` aggregates, and those
    only where ``partner_rows`` says so (the same rule as their PostgreSQL policy)."""
    session = state.session
    assert isinstance(session, PartnerSession)
    touched = _tenant_models_in(state)
    readable = {model for model in touched if issubclass(model, PartnerReadable)}
    if touched - readable or (readable and not state.is_select):
        raise CrossTenantWrite("A partner session may not touch a municipality's tables.")
    partner = session.partner
    state.statement = state.statement.options(
        *(
            with_loader_criteria(model, lambda cls: cls.partner_rows(partner), include_aliases=True)
            for model in readable
        )
    )


@event.listens_for(PartnerSession, "before_flush")
def _refuse_tenant_writes_for_partners(session: Session, _context: Any, _instances: Any) -> None:
    if any(
        isinstance(obj, TenantScoped) for obj in (*session.new, *session.dirty, *session.deleted)
    ):
        raise CrossTenantWrite("A partner session may not write a municipality's tables.")


@event.listens_for(PartnerSession, "after_begin")
def _apply_partner_role(
    session: Session, _transaction: SessionTransaction, connection: Connection
) -> None:
    assert isinstance(session, PartnerSession)
    if session.is_postgresql:
        switch_role(connection, session.app_role, PARTNER_SETTING, session.partner)


STATUS_LIST_SETTING = "praksis.status_list"


class StatusListSession(SQLModelSession):
    """The public status list's session: one municipality's ``StatusListReadable`` rows,
    read-only, for a caller without a token (the municipality is the one the URL names).

    Not a tenant session: it runs as its own role (``status_list_db_role``), which holds
    SELECT on the status entries alone, with ``praksis.status_list`` set instead of
    ``praksis.tenant``. The ORM guard below refuses every other table and every write, so
    the path reads only index and bit on SQLite too (no roles there)."""

    def __init__(self, bind: Engine, municipality: str, role: str) -> None:
        super().__init__(bind=bind, expire_on_commit=False, autoflush=False)
        self.municipality = municipality
        self.role = role
        self.is_postgresql = bind.dialect.name == "postgresql"


@event.listens_for(StatusListSession, "do_orm_execute")
def _only_status_entries(state: ORMExecuteState) -> None:
    session = state.session
    assert isinstance(session, StatusListSession)
    readable = {
        model for model in _tenant_models_in(state) if issubclass(model, StatusListReadable)
    }
    others = _table_names_in(state.statement) - {model.__tablename__ for model in readable}
    if others or not readable or not state.is_select:
        raise CrossTenantWrite("The status list session reads the status entries only.")
    state.statement = scoped_to_tenant(state.statement, session.municipality, readable)


@event.listens_for(StatusListSession, "before_flush")
def _refuse_status_list_writes(session: Session, _context: Any, _instances: Any) -> None:
    raise CrossTenantWrite("The status list session writes nothing.")


@event.listens_for(StatusListSession, "after_begin")
def _apply_status_list_role(
    session: Session, _transaction: SessionTransaction, connection: Connection
) -> None:
    assert isinstance(session, StatusListSession)
    if session.is_postgresql:
        switch_role(connection, session.role, STATUS_LIST_SETTING, session.municipality)


@contextmanager
def status_list_session(
    engine: Engine, municipality: str, role: str
) -> Iterator[StatusListSession]:
    """The status list session for one municipality's entries; it reads, so nothing commits."""
    session = StatusListSession(engine, municipality, role)
    try:
        yield session
    finally:
        session.close()


@contextmanager
def tenant_session(engine: Engine, tenant: str, app_role: str) -> Iterator[TenantSession]:
    """A tenant-scoped unit of work for code outside a request (CLI, seeding, tests)."""
    session = TenantSession(engine, tenant, app_role)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def system_session(engine: Engine) -> Iterator[SQLModelSession]:
    """An unscoped session for work that is not on behalf of one municipality.

    Only the owner's tools use it (migrations, managing municipalities, health checks);
    request code receives a ``TenantSession`` instead.
    """
    session = SQLModelSession(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def locking(statement: _Scoped) -> _Scoped:
    """``statement`` taking a row lock on what it reads, and refreshing objects the session
    already holds, so a decision made after the lock sees the committed state, not a copy
    loaded before another transaction changed it. A state transition reads its row through
    this (after the rows above it, in the lock order of ``docs/concurrency.md``) and checks
    the state again before it changes it.

    PostgreSQL ``FOR NO KEY UPDATE``: it waits for, and then holds off, every other lock of
    the row and every write to it, except the ``FOR KEY SHARE`` a foreign-key check takes:
    inserting a child of the row (an enrolment, an attendance record, a statistics tally
    just before commit) neither waits for it nor makes it wait. SQLite's writers are
    serialised by ``BEGIN IMMEDIATE`` already."""
    lockable: Any = statement
    locked: _Scoped = lockable.with_for_update(key_share=True).execution_options(
        populate_existing=True
    )
    return locked


def sharing(statement: _Scoped) -> _Scoped:
    """``statement`` taking a shared row lock (PostgreSQL ``FOR SHARE``): many such readers at
    once, but none while a ``locking`` transition holds the row, and that transition waits
    for them. For a write that is allowed only while the row's state permits it (an answer to
    an evaluation not yet released)."""
    lockable: Any = statement
    shared: _Scoped = lockable.with_for_update(read=True).execution_options(populate_existing=True)
    return shared


def tenant_fk(column: str, target: str, ondelete: str | None = None) -> ForeignKeyConstraint:
    """A foreign key within one municipality: ``(municipality_id, column)`` → ``target``.

    Carrying the municipality in every reference makes a cross-tenant link impossible in the
    schema itself, and keeps every join co-located when the schema is distributed by tenant.
    """
    return ForeignKeyConstraint(
        ["municipality_id", column],
        [f"{target}.municipality_id", f"{target}.id"],
        ondelete=ondelete,
    )


def link_constraints(
    owner: str, owner_table: str, linked: str, linked_table: str, linked_ondelete: str | None = None
) -> tuple[UniqueConstraint, ForeignKeyConstraint, ForeignKeyConstraint]:
    """A link table's constraints: one row per ``(owner, linked)`` pair in a municipality,
    deleted with its owner; with what it links to only if ``linked_ondelete="CASCADE"``
    (else that cannot be deleted while linked)."""
    return (
        UniqueConstraint("municipality_id", owner, linked),
        tenant_fk(owner, owner_table, ondelete="CASCADE"),
        tenant_fk(linked, linked_table, ondelete=linked_ondelete),
    )


def enum_field(enum_type: type[StrEnum], default: StrEnum | None = None) -> Any:
    """A StrEnum column stored as its value in a VARCHAR (no native enum type to migrate)."""
    column_type = _enum_type(enum_type)
    if default is None:
        return Field(sa_type=column_type, nullable=False)
    return Field(default=default, sa_type=column_type, nullable=False)


def optional_enum_field(enum_type: type[StrEnum]) -> Any:
    """``enum_field`` that may be null (a reason given only when something happens)."""
    return Field(default=None, sa_type=_enum_type(enum_type), nullable=True)


def _enum_type(enum_type: type[StrEnum]) -> SAEnum:
    return SAEnum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        length=max(len(member.value) for member in enum_type) + 8,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )

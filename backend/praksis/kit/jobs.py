"""Background work, on procrastinate (a job queue kept in PostgreSQL).

What runs where:

* ``praksis worker`` (PostgreSQL) runs procrastinate's worker: it takes the jobs of every
  queue, retries a failed job by its task's retry strategy, and defers the periodic tasks
  when their cron says so (``praksis.jobs.run_worker``);
* on SQLite (the demo), ``praksis serve`` runs the same worker inside the serving process
  on procrastinate's in-memory connector (``PRAKSIS_EMBEDDED_WORKER``): a job lives only as
  long as the process, so what must not be lost is kept in Praksis's own tables (an outbox,
  e.g. ``notifications``) and a periodic task finds it again.

How a domain adds background work (e.g. ``webhooks``):

1. in ``<domain>/tasks.py``, a ``procrastinate.Blueprint`` named ``blueprint`` and the
   tasks on it. A task takes the job's context (``pass_context=True``) and finds the
   process's engine and settings with ``runtime_of(context)``; it is a thin wrapper around a
   function of the domain's service that takes a ``JobRuntime`` (which the tests call)::

       blueprint = Blueprint()

       @blueprint.task(name="deliver", pass_context=True, retry=DELIVERY_RETRY,
                       queueing_lock="...")   # or .configure(queueing_lock=...) when deferring
       def deliver(context: JobContext, delivery_id: str) -> None:
           service.deliver(runtime_of(context), uuid.UUID(delivery_id))

   A periodic task is the same with ``@blueprint.periodic(cron="*/5 * * * *")`` above
   ``@blueprint.task(...)``; it receives ``timestamp`` (when it was due) after the
   context. Cron is in UTC; a sixth field is seconds;
2. add the blueprint to ``BLUEPRINTS`` in ``praksis/jobs.py`` under the domain's name (the
   task is then ``<domain>:<name>``);
3. work on every municipality goes through ``municipalities.service.list_municipalities``
   and one ``job_context`` per municipality: its own tenant transaction, committed when
   the block ends, acting as the named job (never a session that sees every tenant);
4. never defer from a request: write a row in the request's transaction (the outbox), and
   let a periodic task defer one job per row, with a ``queueing_lock`` per row so a row is
   never queued twice; the job claims its row with a conditional update before acting.
   Talk to the network (SMTP, HTTP) outside any transaction.

Job arguments are JSON: pass ids as strings, never objects or personal data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from procrastinate import BaseConnector, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.schema import SchemaManager
from procrastinate.testing import InMemoryConnector
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine, make_url

from praksis.kit.auth import Principal
from praksis.kit.context import TenantContext
from praksis.kit.db import tenant_session
from praksis.kit.permissions import Permission, Role
from praksis.kit.runtime import MunicipalityInfo
from praksis.settings import Settings

RUNTIME_KEY = "praksis"
JOB_ISSUER = "praksis"

# A delivery to another system (SMTP, an HTTP endpoint): 2, 4, 8 … 512 s apart, 9 tries in
# about 17 minutes; then the job fails, and the outbox row says why.
DELIVERY_RETRY = RetryStrategy(max_attempts=9, exponential_wait=2)


@dataclass(frozen=True)
class JobRuntime:
    """What a job needs from its process: the database and the settings."""

    engine: Engine
    settings: Settings


def runtime_of(context: JobContext) -> JobRuntime:
    """The process's runtime, which the worker passed to every job it runs."""
    runtime = context.additional_context[RUNTIME_KEY]
    assert isinstance(runtime, JobRuntime), "the worker is started by praksis.jobs"
    return runtime


@contextmanager
def job_context(
    runtime: JobRuntime,
    municipality: MunicipalityInfo,
    job: str,
    permissions: Iterable[Permission] = (),
    person_id: uuid.UUID | None = None,
) -> Iterator[TenantContext]:
    """A job's unit of work in one municipality: a tenant session (row-level security as for
    a request), acting as the service ``job`` (the audit trail's ``actor_client``) with
    only ``permissions``; committed when the block ends, rolled back on an error."""
    principal = Principal(
        issuer=JOB_ISSUER,
        subject=job,
        tenant=municipality.id,
        roles=frozenset({Role.integration}),
        permissions=frozenset(permissions),
    )
    with tenant_session(runtime.engine, municipality.id, runtime.settings.app_db_role) as session:
        yield TenantContext.over_session(principal, municipality, person_id, session)


def connector_for(settings: Settings) -> BaseConnector:
    """PostgreSQL: the queue in the database's ``procrastinate_*`` tables (migration 0022).
    SQLite: in the process's memory (the demo's embedded worker)."""
    if not settings.is_postgresql:
        return InMemoryConnector()
    return PsycopgConnector(conninfo=libpq_url(settings.database_url), min_size=1, max_size=4)


def libpq_url(database_url: str) -> str:
    """``postgresql+psycopg://…`` (SQLAlchemy's spelling) as libpq reads it."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


# --- the queue's schema (PostgreSQL) -----------------------------------------------------------
#
# Migration 0022 creates procrastinate's schema as the installed version ships it
# (``schema.sql``) and records, as a comment on ``procrastinate_jobs``, the newest of the
# version's own migration files it contains. A later procrastinate brings new files in
# ``procrastinate/sql/migrations``; ``praksis migrate`` applies those newer than the record,
# in order, after Praksis's own migrations (``apply_queue_migrations``). Stop the workers
# first: procrastinate's ``pre`` and ``post`` files are then simply applied together.

QUEUE_TABLE = "procrastinate_jobs"
QUEUE_SCHEMA_MARK = "procrastinate schema up to "


def queue_migration_files() -> list[Path]:
    """The installed procrastinate's migration files, oldest first (their names sort)."""
    folder = Path(SchemaManager.get_migrations_path())
    return sorted(folder.glob("*.sql"))


def install_queue_schema(connection: Connection) -> None:
    """procrastinate's tables, types and functions, as the installed version ships them."""
    _run_script(connection, SchemaManager.get_schema())
    _record_queue_schema(connection, queue_migration_files()[-1].name)


def pending_queue_migrations(connection: Connection) -> list[Path]:
    """procrastinate's migration files newer than what the database has (none if the queue
    schema is not installed, as on SQLite)."""
    recorded = _recorded_queue_schema(connection)
    if recorded is None:
        return []
    return [path for path in queue_migration_files() if path.name > recorded]


def apply_queue_migrations(connection: Connection) -> list[str]:
    """Apply the pending procrastinate migrations in order; the names applied."""
    applied = []
    for path in pending_queue_migrations(connection):
        _run_script(connection, path.read_text(encoding="utf-8"))
        _record_queue_schema(connection, path.name)
        applied.append(path.name)
    return applied


def drop_queue_schema(connection: Connection) -> None:
    """Everything procrastinate created (migration 0022's downgrade)."""
    _run_script(connection, _DROP_QUEUE_SCHEMA)


_DROP_QUEUE_SCHEMA = """
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers,
    procrastinate_jobs, procrastinate_workers CASCADE;
DO $$
DECLARE routine record; kind record;
BEGIN
    FOR routine IN SELECT oid::regprocedure AS signature FROM pg_proc
        WHERE proname LIKE 'procrastinate\\_%' AND pronamespace = current_schema()::regnamespace
    LOOP
        EXECUTE 'DROP ROUTINE IF EXISTS ' || routine.signature || ' CASCADE';
    END LOOP;
    FOR kind IN SELECT oid::regtype AS name FROM pg_type
        WHERE typname LIKE 'procrastinate\\_%' AND typtype IN ('e', 'c')
            AND typnamespace = current_schema()::regnamespace
    LOOP
        EXECUTE 'DROP TYPE IF EXISTS ' || kind.name || ' CASCADE';
    END LOOP;
END;
$$;
"""


def _run_script(connection: Connection, script: str) -> None:
    # procrastinate's scripts hold many statements and literal '%': run as they are, through
    # the driver without parameters (no placeholders are parsed)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(script)
    finally:
        cursor.close()


def _record_queue_schema(connection: Connection, migration: str) -> None:
    connection.exec_driver_sql(
        f"COMMENT ON TABLE {QUEUE_TABLE} IS '{QUEUE_SCHEMA_MARK}{_quoted(migration)}'"
    )


def _recorded_queue_schema(connection: Connection) -> str | None:
    if connection.dialect.name != "postgresql":
        return None
    comment = connection.execute(
        text("SELECT obj_description(to_regclass(:table), 'pg_class')"), {"table": QUEUE_TABLE}
    ).scalar()
    if not isinstance(comment, str) or not comment.startswith(QUEUE_SCHEMA_MARK):
        return None
    return comment.removeprefix(QUEUE_SCHEMA_MARK)


def _quoted(name: str) -> str:
    if not all(character.isalnum() or character in "._-" for character in name):
        raise ValueError(f"unexpected procrastinate migration name {name!r}")
    return name

"""A municipality leaving Praksis: everything it holds exported, then deleted entirely.

Owner tooling (``praksis municipality export | remove``), never a tenant request. Both work
table by table on every table with a ``municipality_id``, in a transaction scoped to that
municipality: the WHERE names it and, on PostgreSQL, row-level security (forced on every
tenant table) admits only its rows, so a slip cannot reach another municipality's data.
The caller imports the models first (the CLI does), so that the metadata knows every table.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import orjson
from sqlalchemy import Connection, Table, text
from sqlalchemy.engine import Engine

from praksis.kit.db import TENANT_SETTING, metadata, system_session
from praksis.municipalities.models import Municipality
from praksis.municipalities.service import MunicipalityRefused

EXPORT_FORMAT = "praksis-municipality-export"
EXPORT_VERSION = 1


def tenant_tables_parents_first() -> list[Table]:
    """Tables with a municipality id, in foreign-key order."""
    return [table for table in metadata.sorted_tables if "municipality_id" in table.columns]


def confine_to_municipality(connection: Connection, municipality_id: str) -> None:
    """Row-level security admits only the municipality's rows for the rest of the
    connection's transaction (PostgreSQL; SQLite has no such policies)."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT set_config(:setting, :tenant, true)"),
            {"setting": TENANT_SETTING, "tenant": municipality_id},
        )


@contextmanager
def municipality_transaction(engine: Engine, municipality_id: str) -> Iterator[Connection]:
    """A transaction that, on PostgreSQL, row-level security confines to the municipality."""
    with engine.begin() as connection:
        confine_to_municipality(connection, municipality_id)
        yield connection


def export_municipality(engine: Engine, municipality_id: str) -> bytes:
    """Every row the municipality holds, as one JSON document (read in one transaction, so
    the tables agree with each other)."""
    municipality = _municipality(engine, municipality_id)
    with municipality_transaction(engine, municipality_id) as connection:
        revision = _alembic_revision(connection)
        tables = {
            str(table.name): _rows(connection, table, municipality_id)
            for table in tenant_tables_parents_first()
        }
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC),
        "schema_revision": revision,
        "municipality": municipality,
        "tables": tables,
    }
    return orjson.dumps(document, default=_json_value, option=orjson.OPT_INDENT_2)


def delete_municipality_data(engine: Engine, municipality_id: str) -> dict[str, int]:
    """Deletes every row of the municipality, children first; the rows deleted per table.
    A superuser skips the row-by-row foreign-key triggers: nothing of the municipality is
    left for them to protect."""
    deleted: dict[str, int] = {}
    bypass_triggers = engine.dialect.name == "postgresql" and is_superuser(engine)
    with municipality_transaction(engine, municipality_id) as connection:
        if bypass_triggers:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(tenant_tables_parents_first()):
            result = connection.execute(
                table.delete().where(table.c.municipality_id == municipality_id)
            )
            if result.rowcount:
                deleted[table.name] = result.rowcount
    return deleted


def remove_municipality(engine: Engine, municipality_id: str) -> dict[str, int]:
    """The municipality's data and then the municipality itself; what was deleted."""
    _municipality(engine, municipality_id)
    deleted = delete_municipality_data(engine, municipality_id)
    with system_session(engine) as session:
        found = session.get(Municipality, municipality_id)
        if found is not None:
            session.delete(found)
            deleted[Municipality.__tablename__] = 1
    return deleted


def _municipality(engine: Engine, municipality_id: str) -> dict[str, Any]:
    with system_session(engine) as session:
        found = session.get(Municipality, municipality_id)
        if found is None:
            raise MunicipalityRefused(f"There is no municipality {municipality_id}.")
        return found.model_dump()


def _rows(connection: Connection, table: Table, municipality_id: str) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    statement = table.select().where(table.c.municipality_id == municipality_id).order_by(*order)
    return [
        {str(name): value for name, value in row.items()}
        for row in connection.execute(statement).mappings()
    ]


def _alembic_revision(connection: Connection) -> str | None:
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_superuser(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(
            connection.execute(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar()
        )


def _json_value(value: object) -> object:
    """What orjson does not write itself: decimals exactly, bytes as base64, enums by value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot export a {type(value).__name__}")

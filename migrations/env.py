"""Alembic environment: the configured database, the app's metadata, safe defaults."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from praksis.kit.db import create_db_engine
from praksis.kit.migrations import praksis_owns
from praksis.models import metadata
from praksis.settings import get_settings

config = context.config


def _database_url() -> str:
    return str(config.attributes.get("database_url") or get_settings().database_url)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_db_engine(_database_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
        include_name=praksis_owns,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":  # type: ignore[attr-defined]
            # Never queue behind a long lock in production: fail fast and retry the deploy.
            connection.execute(text("SET lock_timeout = '5s'"))  # type: ignore[attr-defined]
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `praksis migrate`.")
run_migrations_online()

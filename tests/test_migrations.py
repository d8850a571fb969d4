"""Models and migrations agree, and the migrations go down and up again cleanly."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url

from praksis.kit.db import create_db_engine, metadata, sqlalchemy_url, tenant_tables
from praksis.kit.migrations import downgrade, upgrade
from tests.conftest import POSTGRES_URL


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_autogenerate_finds_no_difference_between_models_and_migrations(engine: Engine) -> None:
    assert differences(engine) == []


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    admin_url = make_url(sqlalchemy_url(POSTGRES_URL))
    name = f"praksis_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_downgrade_upgrade_on_postgresql(scratch_postgres: str) -> None:
    upgrade(scratch_postgres)
    downgrade(scratch_postgres, "base")
    engine = create_db_engine(scratch_postgres)
    try:
        remaining = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        with engine.connect() as connection:
            policies = connection.execute(text("SELECT count(*) FROM pg_policies")).scalar()
        assert policies == 0
        upgrade(scratch_postgres)
        inspector = inspect(engine)
        assert set(tenant_tables()) <= set(inspector.get_table_names())
        assert differences(engine) == []
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    upgrade(url)
    downgrade(url, "base")
    upgrade(url)
    engine = create_db_engine(url)
    try:
        assert differences(engine) == []
    finally:
        engine.dispose()

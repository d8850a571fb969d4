"""Models and migrations agree, and the migrations go down and up again cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from praksis.kit.db import create_db_engine, metadata, tenant_tables
from praksis.kit.migrations import downgrade, upgrade
from tests.conftest import scratch_postgres_database


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_autogenerate_finds_no_difference_between_models_and_migrations(engine: Engine) -> None:
    assert differences(engine) == []


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    with scratch_postgres_database("praksis_migrations") as url:
        yield url


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

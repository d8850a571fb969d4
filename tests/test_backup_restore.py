"""A backup restores into a working Praksis (docs/operations.md, "Backups").

The demo is seeded into a PostgreSQL database and read through the API; ``pg_dump -Fc`` dumps
it, ``pg_restore`` restores it into a new database, the migrations run (nothing to do at
head), and a new app on the restored database answers the same reads, with the same
row-level security policies in force.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from praksis.app import create_app
from praksis.demo.service import seed_demo
from praksis.kit.db import create_db_engine
from praksis.kit.migrations import upgrade
from praksis.statistics.folding import settle
from tests.conftest import (
    HEDENSTED,
    Database,
    HeaderFactory,
    make_settings,
    scratch_postgres_database,
)

pytestmark = pytest.mark.postgres_only
API = "/api/v1"
OSLO = "no-0301"
READS = (
    f"{API}/kerneopgaver?limit=200",
    f"{API}/org-units?limit=200",
    f"{API}/people?limit=200",
    f"{API}/programmes?limit=200",
    f"{API}/cohorts?limit=200",
)
POLICIES = text(
    "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check "
    "FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename, policyname"
)
RLS_TABLES = text(
    "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
    "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname"
)
GRANTS = text(
    "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
    "WHERE grantee = :role ORDER BY table_name, privilege_type"
)


def libpq_url(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


def reads(database_url: str, engine: Engine, callers: dict[str, dict[str, str]]) -> Any:
    app = create_app(make_settings(database_url), engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        answers = {}
        for caller, headers in callers.items():
            for path in READS:
                response = client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.text)
                answers[caller, path] = response.json()
            response = client.get(f"{API}/statistics/municipality", headers=headers)
            assert response.status_code == 200, response.text
            statistics = response.json()
            statistics.pop("as_of", None)
            answers[caller, "statistics"] = statistics
        return answers


def security(engine: Engine, app_role: str) -> Any:
    with engine.connect() as connection:
        return (
            connection.execute(POLICIES).all(),
            connection.execute(RLS_TABLES).all(),
            connection.execute(GRANTS, {"role": app_role}).all(),
        )


def rows_seen_without_a_tenant(engine: Engine, app_role: str) -> int:
    with engine.begin() as connection:
        connection.execute(text(f"SET LOCAL ROLE {app_role}"))
        return int(connection.execute(text("SELECT count(*) FROM people")).scalar_one())


def test_a_dump_restores_into_a_new_database_that_serves_the_same_data(
    database: Database, engine: Engine, auth: HeaderFactory, tmp_path: Path
) -> None:
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    assert pg_dump and pg_restore, "the PostgreSQL client tools are needed"
    settings = make_settings(database.url)
    seed_demo(engine, settings)
    settle(engine, settings.app_db_role)
    callers = {
        "hr in Hedensted": auth(HEDENSTED, "hr_admin", sub="backup-hr"),
        "hr in Oslo": auth(OSLO, "hr_admin", sub="backup-hr-oslo"),
    }
    before = reads(database.url, engine, callers)
    assert before["hr in Hedensted", READS[0]]["items"]  # the demo's kerneopgaver
    assert before["hr in Hedensted", READS[2]]["items"]

    dump = tmp_path / "praksis.dump"
    subprocess.run(
        [pg_dump, "--format=custom", f"--file={dump}", f"--dbname={libpq_url(database.url)}"],
        check=True,
        timeout=300,
    )
    with scratch_postgres_database("praksis_restored") as restored_url:
        subprocess.run(
            [pg_restore, "--exit-on-error", f"--dbname={libpq_url(restored_url)}", str(dump)],
            check=True,
            timeout=300,
        )
        upgrade(restored_url)
        restored = create_db_engine(restored_url, pool_size=5)
        try:
            assert reads(restored_url, restored, callers) == before
            assert security(restored, settings.app_db_role) == security(
                engine, settings.app_db_role
            )
            policies, tables, _grants = security(restored, settings.app_db_role)
            assert len(policies) >= 20
            assert ("people", True, True) in tables
            assert rows_seen_without_a_tenant(restored, settings.app_db_role) == 0
        finally:
            restored.dispose()

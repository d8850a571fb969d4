"""Test fixtures: every data test runs on SQLite and on PostgreSQL, both built by Alembic.

* ``database`` is parametrised ``sqlite`` / ``postgresql`` for every test that uses it
  (directly or through ``engine``, ``app``, ``client``...). Tests marked ``postgres_only``
  run on PostgreSQL alone (row-level security exists only there).
* SQLite: one migrated template file per session, copied for each test.
* PostgreSQL: one database per session (and xdist worker) created next to
  ``PRAKSIS_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``),
  migrated once and emptied after each test.
"""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import Engine, make_url

import praksis.models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.app import create_app
from praksis.kit.auth import issue_dev_token
from praksis.kit.db import create_db_engine, metadata, sqlalchemy_url, system_session
from praksis.kit.migrations import upgrade
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from praksis.settings import Settings

POSTGRES_URL = os.environ.get(
    "PRAKSIS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
TEST_SECRET = "test-secret-that-is-long-enough-0123456789"
HEDENSTED = "dk-0766"
HORSENS = "dk-0615"
ALL_MUNICIPAL_ROLES = ["participant", "leader", "facilitator", "hr_admin"]


def pytest_sessionstart(session: pytest.Session) -> None:
    """The cross-domain handlers and the statistics upkeep, installed as the app and the CLI
    install them (tests also write through sessions of their own)."""
    wiring.install()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames:
        kinds = (
            ["postgresql"]
            if metafunc.definition.get_closest_marker("postgres_only")
            else [
                "sqlite",
                "postgresql",
            ]
        )
        metafunc.parametrize("database", kinds, indirect=True)


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "jwt_secret": TEST_SECRET,
        "frontend_dist": Path(__file__).parent / "fixtures" / "dist",
    }
    values.update(overrides)
    return Settings(**values)


def _worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@contextmanager
def scratch_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database next to ``POSTGRES_URL``, dropped afterwards."""
    admin_url = make_url(sqlalchemy_url(POSTGRES_URL))
    name = f"{prefix}_{_worker_suffix()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    with scratch_postgres_database("praksis_test") as url:
        upgrade(url)
        yield url


@dataclass
class Database:
    kind: str
    url: str


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "praksis.sqlite3"
        shutil.copy(template, path)
        yield Database("sqlite", f"sqlite:///{path}")
        return
    url: str = request.getfixturevalue("postgres_database")
    yield Database("postgresql", url)
    _empty_postgres(url)


def _empty_postgres(url: str) -> None:
    """DELETE every row, children first (a kept, pre-pinged connection: some tests kill the
    database's connections): on tables holding a test's few rows this takes a few
    milliseconds, where TRUNCATE of all tables (a new file per table) took ~0.5 s a test."""
    engine = _cleanup_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(_delete_all_statement(connection))


@functools.cache
def _cleanup_engine(url: str) -> Engine:
    return create_engine(sqlalchemy_url(url), pool_size=1, pool_pre_ping=True)


_DELETE_ALL: dict[str, str] = {}


def _delete_all_statement(connection: Connection) -> str:
    """One round trip: tables only the migrations know (none today) first, then the models'
    tables in reverse dependency order."""
    key = str(connection.engine.url)
    if key not in _DELETE_ALL:
        known = [table.name for table in metadata.sorted_tables]
        present = connection.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).scalars()
        unknown = sorted(set(present) - set(known) - {"alembic_version"})
        ordered = unknown + list(reversed(known))
        _DELETE_ALL[key] = "; ".join(f'DELETE FROM "{name}"' for name in ordered)
    return _DELETE_ALL[key]


@pytest.fixture
def engine(database: Database) -> Iterator[Engine]:
    engine = create_db_engine(database.url, pool_size=5)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(database: Database) -> Settings:
    return make_settings(database.url)


@pytest.fixture
def municipalities(engine: Engine) -> list[str]:
    """Hedensted and Horsens exist in every data test (two tenants to tell apart)."""
    with system_session(engine) as session:
        upsert_municipality(session, Country.DK, "0766", "Hedensted", "Europe/Copenhagen")
        upsert_municipality(session, Country.DK, "0615", "Horsens", "Europe/Copenhagen")
        upsert_municipality(session, Country.NO, "0301", "Oslo", "Europe/Oslo")
    return [HEDENSTED, HORSENS, "no-0301"]


@pytest.fixture
def app(settings: Settings, engine: Engine, municipalities: list[str]) -> FastAPI:
    return create_app(settings, engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


TokenFactory = Callable[..., str]


@pytest.fixture
def token(settings: Settings) -> TokenFactory:
    """``token(tenant, *roles, sub=..., **claims)``: a signed development token."""

    def make(
        tenant: str | None = HEDENSTED,
        *roles: str,
        sub: str | None = None,
        partner: str | None = None,
        scope: str | None = None,
        name: str | None = None,
        email: str | None = None,
        ttl: int = 600,
    ) -> str:
        chosen = list(roles) or ["hr_admin"]
        return issue_dev_token(
            settings,
            subject=sub or f"{tenant}-{'-'.join(chosen)}",
            tenant=tenant,
            roles=chosen,
            partner=partner,
            scope=scope,
            name=name,
            email=email,
            ttl_seconds=ttl,
        )

    return make


HeaderFactory = Callable[..., dict[str, str]]


@pytest.fixture
def auth(token: TokenFactory) -> HeaderFactory:
    """``auth(tenant, *roles, **kw)``: an Authorization header for that caller."""

    def make(tenant: str | None = HEDENSTED, *roles: str, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {token(tenant, *roles, **kwargs)}"}

    return make

"""Test fixtures: every data test runs on SQLite and on PostgreSQL, both built by Alembic.

* ``database`` is parametrised ``sqlite`` / ``postgresql`` for every test that uses it
  (directly or through ``engine``, ``app``, ``client``...). Tests marked ``postgres_only``
  run on PostgreSQL alone (row-level security exists only there).
* SQLite: one migrated file per session (and xdist worker), emptied after each test.
* PostgreSQL: one database per session (and xdist worker) created next to
  ``PRAKSIS_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``),
  migrated once and emptied after each test.
* One engine per database and one app per database and settings: FastAPI analyses every
  route's dependencies once per app (~50 ms a test); each test gets a new ``Runtime`` (caches,
  admission gate, token verifier, read pool), so no request state carries over.
"""

from __future__ import annotations

import functools
import gc
import os
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
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine, make_url

import praksis.models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.app import Directory, create_app
from praksis.kit.auth import issue_dev_token
from praksis.kit.db import create_db_engine, metadata, sqlalchemy_url, system_session
from praksis.kit.migrations import upgrade
from praksis.kit.runtime import Runtime
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


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built lives to the end of the session: frozen, the garbage collector
    no longer walks it (~650,000 objects) in each full collection, the run's own and the five
    at the end of each worker (pytest's check for unraisable exceptions; ~4 → ~2 s)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``runs_long`` first: under xdist one starts on a worker while the others
    share the rest, instead of running alone after everything else has finished."""
    items.sort(key=lambda item: item.get_closest_marker("runs_long") is None)


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
        # the test issuer vouches for e-mail addresses (tokens say email_verified)
        "jwt_link_email": True,
        # tests fold statistics themselves (tests/statistics/settling.py); a folder thread per
        # test client swept every municipality at start and took ~40 % of the suite's time
        "statistics_folder": False,
        # the tests run jobs themselves (tests/jobs), not a worker per test app
        "embedded_worker": False,
    }
    values.update(overrides)
    return Settings(**values)


def _worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "praksis.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@contextmanager
def scratch_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database next to ``POSTGRES_URL``, dropped afterwards."""
    admin_url = make_url(sqlalchemy_url(POSTGRES_URL))
    name = f"{prefix}_{_worker_suffix()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        # a throwaway database: commits need not wait for the disk
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
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
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    kind: str = request.param
    url: str = request.getfixturevalue(
        "sqlite_database" if kind == "sqlite" else "postgres_database"
    )
    yield Database(kind, url)
    _empty_database(url)


def _empty_database(url: str) -> None:
    """DELETE every row, children first, on a kept, pre-pinged connection (some tests kill
    the database's connections): on tables holding a test's few rows this takes a few
    milliseconds, where TRUNCATE of all tables (a new file per table) took ~0.5 s a test.
    On PostgreSQL without firing triggers (``session_replication_role``, superuser): every
    table is emptied, so no foreign key is left dangling, and the checks of 36 keys for each
    deleted person were ~70 % of the clean-up."""
    engine = _cleanup_engine(url)
    with engine.begin() as connection:
        for statement in _delete_all_statements(connection):
            connection.exec_driver_sql(statement)


@functools.cache
def _cleanup_engine(url: str) -> Engine:
    return create_engine(sqlalchemy_url(url), pool_size=1, pool_pre_ping=True)


_DELETE_ALL: dict[str, list[str]] = {}


def _delete_all_statements(connection: Connection) -> list[str]:
    """Tables only the migrations know (none today) first, then the models' tables in
    reverse dependency order; on PostgreSQL in one round trip."""
    key = str(connection.engine.url)
    if key not in _DELETE_ALL:
        known = [table.name for table in metadata.sorted_tables]
        present = set(sa_inspect(connection).get_table_names())
        unknown = sorted(present - set(known) - {"alembic_version"})
        deletes = [f'DELETE FROM "{name}"' for name in unknown + list(reversed(known))]
        postgres = connection.dialect.name == "postgresql"
        without_triggers = ["SET LOCAL session_replication_role = replica", *deletes]
        _DELETE_ALL[key] = ["; ".join(without_triggers)] if postgres else deletes
    return _DELETE_ALL[key]


@pytest.fixture
def engine(database: Database) -> Engine:
    return _engine_for(database.url)


@functools.cache
def _engine_for(url: str) -> Engine:
    return create_db_engine(url, pool_size=5)


@pytest.fixture
def settings(database: Database) -> Settings:
    # a copy of one made per database: validating the settings took ~4 ms a test
    return _settings_for(database.url).model_copy()


@functools.cache
def _settings_for(url: str) -> Settings:
    return make_settings(url)


@pytest.fixture
def municipalities(engine: Engine) -> list[str]:
    """Hedensted and Horsens exist in every data test (two tenants to tell apart)."""
    with system_session(engine) as session:
        upsert_municipality(session, Country.DK, "0766", "Hedensted", "Europe/Copenhagen")
        upsert_municipality(session, Country.DK, "0615", "Horsens", "Europe/Copenhagen")
        upsert_municipality(session, Country.NO, "0301", "Oslo", "Europe/Oslo")
    return [HEDENSTED, HORSENS, "no-0301"]


_APPS: dict[tuple[str, str], FastAPI] = {}


@pytest.fixture
def app(settings: Settings, engine: Engine, municipalities: list[str]) -> FastAPI:
    return app_for(settings, engine)


def app_for(settings: Settings, engine: Engine) -> FastAPI:
    """The app of these settings on this engine, built once (~0.2 s) and given a new runtime
    (caches, limits, read pool) per call: what a test changes in one does not reach the next."""
    key = (str(engine.url), settings.model_dump_json())
    if key not in _APPS:
        _APPS[key] = create_app(settings, engine)
    shared = _APPS[key]
    shared.state.runtime = Runtime.build(settings, engine, Directory())
    return shared


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
        email_verified: bool | None = None,
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
            email_verified=email is not None if email_verified is None else email_verified,
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

"""Tenant isolation: the application scope, and PostgreSQL row-level security behind it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, aliased
from sqlmodel import col, func, select

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.context import TenantContext, api_router, authorize
from praksis.kit.db import (
    PartnerReadable,
    StatusListReadable,
    TenantSession,
    system_session,
    tenant_models,
    tenant_session,
    tenant_tables,
)
from praksis.kit.errors import CrossTenantWrite
from praksis.kit.permissions import Permission
from praksis.settings import Settings
from praksis.statistics.models import StatisticsChange
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

Reader = Annotated[TenantContext, Depends(authorize(Permission.kerneopgaver_read))]


def seed_two_municipalities(engine: Engine, settings: Settings) -> None:
    for tenant, titles in [(HEDENSTED, ["Læring", "Social Omsorg"]), (HORSENS, ["Borgerservice"])]:
        with tenant_session(engine, tenant, settings.app_db_role) as session:
            for title in titles:
                session.add(Kerneopgave(title=title, citizen_outcome="…"))


@pytest.fixture
def probe_app(app: FastAPI) -> Iterator[FastAPI]:
    """The real app plus routes that deliberately forget to filter by municipality; taken
    off again afterwards (the app is shared by the worker's tests of these settings)."""
    routes, schema = list(app.router.routes), app.openapi_schema
    router = api_router(prefix="/probe")

    @router.get("/raw-sql")
    def raw_sql(context: Reader) -> dict[str, Any]:
        rows = context.session.execute(text("SELECT municipality_id FROM kerneopgaver")).all()
        return {"municipalities": sorted(row[0] for row in rows)}

    @router.get("/orm")
    def orm(context: Reader) -> dict[str, Any]:
        rows = context.session.exec(select(Kerneopgave)).all()
        return {"municipalities": sorted(row.municipality_id for row in rows)}

    @router.get("/orm-alias-subquery")
    def orm_alias_subquery(context: Reader) -> dict[str, Any]:
        other = aliased(Kerneopgave)
        inner = select(other.id).where(other.active)
        rows = context.session.exec(
            select(Kerneopgave.municipality_id).where(col(Kerneopgave.id).in_(inner))
        ).all()
        counted = context.session.exec(select(func.count()).select_from(other)).one()
        return {"municipalities": sorted(rows), "counted": counted}

    @router.get("/orm-update")
    def orm_update(context: Reader) -> dict[str, Any]:
        from sqlalchemy import update

        result = context.session.execute(update(Kerneopgave).values(active=False))
        return {"updated": result.rowcount}  # type: ignore[attr-defined]

    app.include_router(router, prefix="/api/v1")
    yield app
    app.router.routes[:] = routes
    app.openapi_schema = schema


@pytest.fixture
def probe(probe_app: FastAPI) -> Any:
    with TestClient(probe_app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.postgres_only
def test_unscoped_raw_sql_in_a_request_sees_no_rows_of_another_municipality(
    probe: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    seed_two_municipalities(engine, settings)
    response = probe.get("/api/v1/probe/raw-sql", headers=auth(HEDENSTED, "participant"))
    assert response.status_code == 200, response.text
    assert response.json()["municipalities"] == [HEDENSTED, HEDENSTED]


def test_unfiltered_orm_query_in_a_request_is_scoped_to_the_tokens_municipality(
    probe: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    seed_two_municipalities(engine, settings)
    response = probe.get("/api/v1/probe/orm", headers=auth(HORSENS, "participant"))
    assert response.json()["municipalities"] == [HORSENS]


def test_aliases_and_subqueries_are_scoped_too(
    probe: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    seed_two_municipalities(engine, settings)
    response = probe.get("/api/v1/probe/orm-alias-subquery", headers=auth(HORSENS, "participant"))
    assert response.json() == {"municipalities": [HORSENS], "counted": 1}


def test_unfiltered_orm_update_touches_only_the_tokens_municipality(
    probe: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    seed_two_municipalities(engine, settings)
    response = probe.get("/api/v1/probe/orm-update", headers=auth(HORSENS, "participant"))
    assert response.json() == {"updated": 1}
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        assert all(k.active for k in session.exec(select(Kerneopgave)).all())


def test_a_statements_tenant_tables_are_found_once_per_shape_and_scope_each_municipality(
    engine: Engine,
    settings: Settings,
    municipalities: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the scope finds in a statement is remembered by its shape, not its municipality:
    the statement's entities are worked out once (``all_mappers``), and each municipality
    still reads its own rows only."""
    seed_two_municipalities(engine, settings)
    probe = "tenant_memo_probe"
    worked_out: list[str] = []
    all_mappers = ORMExecuteState.all_mappers

    def counted(state: ORMExecuteState) -> Any:
        worked_out.append(str(state.statement))
        return all_mappers.fget(state)  # type: ignore[attr-defined]

    monkeypatch.setattr(ORMExecuteState, "all_mappers", property(counted))
    seen: dict[str, set[str]] = {}
    for tenant in (HEDENSTED, HORSENS, HEDENSTED):
        with tenant_session(engine, tenant, settings.app_db_role) as session:
            rows = session.exec(select(col(Kerneopgave.municipality_id).label(probe))).all()
            seen.setdefault(tenant, set()).update(rows)
    assert seen == {HEDENSTED: {HEDENSTED}, HORSENS: {HORSENS}}
    # once (or not at all: this worker's run on the other database found it already)
    assert len([sql for sql in worked_out if probe in sql]) <= 1


def test_tenant_session_refuses_to_write_into_another_municipality(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    with (
        pytest.raises(CrossTenantWrite),
        tenant_session(engine, HEDENSTED, settings.app_db_role) as session,
    ):
        session.add(Kerneopgave(municipality_id=HORSENS, title="Smuglet", citizen_outcome="…"))
        session.flush()
    with system_session(engine) as session:
        assert session.exec(select(Kerneopgave)).all() == []


def test_tenant_session_refuses_to_move_a_row_to_another_municipality(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    seed_two_municipalities(engine, settings)
    with (
        pytest.raises(CrossTenantWrite),
        tenant_session(engine, HEDENSTED, settings.app_db_role) as session,
    ):
        row = session.exec(select(Kerneopgave)).first()
        assert row is not None
        row.municipality_id = HORSENS
        session.flush()


@pytest.mark.postgres_only
def test_row_level_security_refuses_raw_insert_for_another_municipality(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    session = TenantSession(engine, HEDENSTED, settings.app_db_role)
    try:
        with pytest.raises(DBAPIError, match="row-level security"):
            session.execute(
                text(
                    "INSERT INTO kerneopgaver (municipality_id, id, title, description, "
                    "citizen_outcome, position, active, created_at, updated_at) VALUES "
                    "(:m, gen_random_uuid(), 'x', '', 'y', 0, true, now(), now())"
                ),
                {"m": HORSENS},
            )
    finally:
        session.rollback()
        session.close()


@pytest.mark.postgres_only
def test_a_transaction_with_no_tenant_set_sees_no_rows(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    seed_two_municipalities(engine, settings)
    with engine.begin() as connection:
        connection.execute(text(f"SET LOCAL ROLE {settings.app_db_role}"))
        for table in tenant_tables():
            count = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert count == 0, table


@pytest.mark.postgres_only
def test_every_tenant_table_has_forced_row_level_security(engine: Engine) -> None:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
                "(SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname) "
                "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                "WHERE a.attname = 'municipality_id' AND c.relkind = 'r' "
                "AND c.relnamespace = 'public'::regnamespace"
            )
        ).all()
    assert sorted(row[0] for row in rows) == tenant_tables()
    # partner-readable aggregates have a second, read-only policy for partners (migration
    # 0005), the credential status entries one for the public status list (migration 0021)
    publicly_readable = {
        model.__tablename__  # type: ignore[attr-defined]
        for model in tenant_models()
        if issubclass(model, PartnerReadable | StatusListReadable)
    }
    # and the tables the periodic scans read one each (migrations 0029 and 0030)
    scanned = {StatisticsChange.__tablename__, "webhook_deliveries", "notifications"}
    for name, enabled, forced, policies in rows:
        expected = 1 + (name in publicly_readable) + (name in scanned)
        assert enabled and forced and policies == expected, name


@pytest.mark.postgres_only
def test_application_role_is_not_a_superuser_and_cannot_bypass_rls(
    engine: Engine, settings: Settings
) -> None:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"),
            {"r": settings.app_db_role},
        ).one()
    assert tuple(row) == (False, False)


def test_every_tenant_table_leads_its_keys_with_the_municipality(engine: Engine) -> None:
    from praksis.kit.db import metadata

    for name in tenant_tables():
        table = metadata.tables[name]
        assert not table.c.municipality_id.nullable, name
        assert next(iter(table.primary_key.columns)).name == "municipality_id", name
        for constraint in table.constraints:
            columns = [c.name for c in getattr(constraint, "columns", [])]
            if constraint.__class__.__name__ == "UniqueConstraint":
                assert columns[0] == "municipality_id", (name, columns)

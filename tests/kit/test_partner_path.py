"""The partner path: a partner's session sees no municipality's rows, by construction."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import PartnerSession, tenant_session, tenant_tables
from praksis.kit.errors import CrossTenantWrite
from praksis.settings import Settings
from tests.conftest import HEDENSTED


def seed_kerneopgave(engine: Engine, settings: Settings) -> None:
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        session.add(Kerneopgave(title="Læring", citizen_outcome="…"))


def test_partner_session_refuses_orm_queries_on_tenant_tables(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    seed_kerneopgave(engine, settings)
    session = PartnerSession(engine, "kl", settings.app_db_role)
    try:
        with pytest.raises(CrossTenantWrite):
            session.exec(select(Kerneopgave)).all()
        session.add(Kerneopgave(municipality_id=HEDENSTED, title="x", citizen_outcome="y"))
        with pytest.raises(CrossTenantWrite):
            session.flush()
    finally:
        session.rollback()
        session.close()


@pytest.mark.postgres_only
def test_partner_session_sees_no_tenant_rows_even_with_raw_sql(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    seed_kerneopgave(engine, settings)
    session = PartnerSession(engine, "kl", settings.app_db_role)
    try:
        for table in tenant_tables():
            count = session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert count == 0, table
        role = session.execute(text("SELECT current_user")).scalar_one()
        assert role == settings.app_db_role
    finally:
        session.close()

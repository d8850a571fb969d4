"""Comparing the municipality view (tallies) with its reference (plain GROUP BYs)."""

from __future__ import annotations

import uuid

import orjson
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.kit.auth import Principal
from praksis.kit.context import TenantContext
from praksis.kit.db import TenantSession, tenant_session
from praksis.kit.permissions import Role
from praksis.kit.runtime import MunicipalityInfo
from praksis.municipalities.models import Municipality
from praksis.statistics.folding import settle
from praksis.statistics.schemas import MunicipalityStatistics
from praksis.statistics.service import StatisticsFilter, as_json, municipality_figures
from praksis.statistics.tallies import (
    TALLY_TABLES,
    Parents,
    Tallies,
    TallyTable,
    complete,
    stored_tallies,
)
from tests.statistics.municipality_reference import naive_municipality_statistics


def naive_tallies(session: TenantSession, table: TallyTable, parents: Parents = None) -> Tallies:
    """The rows these parents' tallies should have, from the raw tables (what is stored is
    kept equal to this)."""
    compute = table.reference or table.compute
    return {key: complete(table, values) for key, values in compute(session, parents).items()}


def context(
    session: TenantSession, role: Role = Role.hr_admin, person_id: uuid.UUID | None = None
) -> TenantContext:
    row = session.exec(select(Municipality).where(Municipality.id == session.tenant)).one()
    principal = Principal(
        issuer="praksis-dev", subject="statistik", tenant=session.tenant, roles=frozenset({role})
    )
    municipality = MunicipalityInfo(row.id, row.name, str(row.country), row.time_zone)
    return TenantContext.over_session(principal, municipality, person_id or uuid.uuid4(), session)


def assert_views_equal(
    scope: TenantContext, filters: StatisticsFilter | None = None
) -> MunicipalityStatistics:
    """The route's figures equal the reference's; returns them."""
    filters = filters or StatisticsFilter()
    figures = municipality_figures(scope, filters)
    fast = MunicipalityStatistics.model_validate(figures)
    # what the route writes without building the model is the model's JSON, field for field
    assert orjson.loads(as_json(figures)) == orjson.loads(fast.model_dump_json())
    reference = naive_municipality_statistics(scope, filters)
    assert fast.as_of <= reference.as_of
    assert fast.model_copy(update={"as_of": reference.as_of}) == reference
    return fast


def assert_tallies_maintained(engine: Engine, tenant: str, app_role: str) -> int:
    """Every stored tally of the municipality equals its recomputation from the raw tables;
    returns how many rows there are. Every recorded change is folded in first."""
    settle(engine, app_role)
    rows = 0
    with tenant_session(engine, tenant, app_role) as session:
        for table in TALLY_TABLES:
            stored = stored_tallies(session, table, None)
            assert stored == naive_tallies(session, table), table.model.__tablename__
            rows += len(stored)
    return rows


def assert_maintained(engine: Engine, tenant: str, app_role: str) -> MunicipalityStatistics:
    """Tallies equal to the raw tables, and the view equal to its reference (HR's scope)."""
    assert_tallies_maintained(engine, tenant, app_role)
    with tenant_session(engine, tenant, app_role) as session:
        return assert_views_equal(context(session))

"""The status list path: the one public read of a municipality's rows reads the status
entries (index and bit) of the municipality it was opened for, and nothing else. The ORM
refuses every other statement (raw SQL too); on PostgreSQL its role is refused the rest by
the database itself (raw SQL on the session's connection, past the ORM)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ProgrammingError
from sqlmodel import select

from praksis.development.models import Credential, CredentialStatusEntry
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.db import metadata, status_list_session, tenant_session
from praksis.kit.errors import CrossTenantWrite
from praksis.municipalities.models import Municipality
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS

STATUS_COLUMNS = {"municipality_id", "status_list_index", "revoked"}


def seed_entries(engine: Engine, settings: Settings) -> None:
    """Two places in Hedensted (one revoked) and one in Horsens."""
    for tenant, places in ((HEDENSTED, {3: False, 40: True}), (HORSENS, {5: True})):
        with tenant_session(engine, tenant, settings.app_db_role) as session:
            for index, revoked in places.items():
                session.add(CredentialStatusEntry(status_list_index=index, revoked=revoked))
            session.add(Kerneopgave(title="Læring", citizen_outcome="…"))


def test_it_reads_the_entries_of_the_municipality_it_was_opened_for(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    seed_entries(engine, settings)
    with status_list_session(engine, HEDENSTED, settings.status_list_db_role) as session:
        rows = session.exec(
            select(CredentialStatusEntry.status_list_index, CredentialStatusEntry.revoked)
        ).all()
        whole = session.exec(select(CredentialStatusEntry)).all()
    assert sorted(rows) == [(3, False), (40, True)]
    assert {entry.municipality_id for entry in whole} == {HEDENSTED}


@pytest.mark.parametrize("model", [Credential, Kerneopgave, Municipality])
def test_it_refuses_every_other_table(
    engine: Engine, settings: Settings, municipalities: list[str], model: type
) -> None:
    seed_entries(engine, settings)
    with status_list_session(engine, HEDENSTED, settings.status_list_db_role) as session:
        with pytest.raises(CrossTenantWrite):
            session.exec(select(model)).all()
        with pytest.raises(CrossTenantWrite):
            session.exec(
                select(CredentialStatusEntry.status_list_index).join(
                    Credential,
                    Credential.status_list_index == CredentialStatusEntry.status_list_index,
                )
            ).all()


def test_it_refuses_raw_sql_through_the_orm(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    with (
        status_list_session(engine, HEDENSTED, settings.status_list_db_role) as session,
        pytest.raises(CrossTenantWrite),
    ):
        session.execute(text("SELECT person_id FROM credentials"))


def test_it_writes_nothing(engine: Engine, settings: Settings, municipalities: list[str]) -> None:
    seed_entries(engine, settings)
    with status_list_session(engine, HEDENSTED, settings.status_list_db_role) as session:
        entry = session.exec(select(CredentialStatusEntry)).first()
        assert entry is not None
        entry.revoked = not entry.revoked
        with pytest.raises(CrossTenantWrite):
            session.flush()
        session.rollback()
        session.add(CredentialStatusEntry(municipality_id=HEDENSTED, status_list_index=9))
        with pytest.raises(CrossTenantWrite):
            session.flush()


@pytest.mark.postgres_only
def test_its_role_reads_only_the_status_entries_even_with_raw_sql(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    seed_entries(engine, settings)
    with status_list_session(engine, HEDENSTED, settings.status_list_db_role) as session:
        role = session.connection().execute(text("SELECT current_user")).scalar_one()
        rows = (
            session.connection()
            .execute(
                text(
                    "SELECT municipality_id, status_list_index, revoked "
                    "FROM credential_status_entries"
                )
            )
            .all()
        )
    assert role == settings.status_list_db_role
    assert sorted(rows) == [(HEDENSTED, 3, False), (HEDENSTED, 40, True)]
    for table in sorted(metadata.tables):
        if table == "credential_status_entries":
            continue
        with (
            status_list_session(engine, HEDENSTED, settings.status_list_db_role) as session,
            pytest.raises(ProgrammingError, match="permission denied"),
        ):
            session.connection().execute(text(f"SELECT 1 FROM {table} LIMIT 1")).all()


@pytest.mark.postgres_only
def test_its_role_cannot_change_an_entry_even_with_raw_sql(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    seed_entries(engine, settings)
    for statement in (
        "UPDATE credential_status_entries SET revoked = true",
        "DELETE FROM credential_status_entries",
        "INSERT INTO credential_status_entries VALUES ('dk-0766', 77, true)",
    ):
        with (
            status_list_session(engine, HEDENSTED, settings.status_list_db_role) as session,
            pytest.raises(ProgrammingError, match="permission denied"),
        ):
            session.connection().execute(text(statement))
    with status_list_session(engine, HORSENS, settings.status_list_db_role) as session:
        rows = (
            session.connection()
            .execute(text("SELECT status_list_index, revoked FROM credential_status_entries"))
            .all()
        )
    assert rows == [(5, True)]
    assert set(metadata.tables["credential_status_entries"].columns.keys()) == STATUS_COLUMNS

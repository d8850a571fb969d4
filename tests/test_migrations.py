"""Models and migrations agree, and the migrations go down and up again cleanly."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from praksis.enrolments.models import EnrolmentStatus
from praksis.kit.db import (
    create_db_engine,
    metadata,
    system_session,
    tenant_session,
    tenant_tables,
)
from praksis.kit.migrations import downgrade, upgrade
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from praksis.workshops.models import Workshop, WorkshopFacilitator, WorkshopStatus
from tests.conftest import HEDENSTED, make_settings, scratch_postgres_database
from tests.workshops.helpers import Arrange, Programme2Modules


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


# --- 0008: bookings backfilled from what the workshops hold ------------------------------------


def _workshop(
    arrange: Arrange,
    plan: Programme2Modules,
    starts: str,
    ends: str,
    facilitator: uuid.UUID | None = None,
    **extra: Any,
) -> uuid.UUID:
    """A workshop written straight to the tables (the services book into a table that is
    not there yet)."""
    workshop = Workshop(
        module_id=plan.module_ids[0],
        cohort_id=plan.cohort_id,
        title="Workshop",
        starts_at=datetime.fromisoformat(starts),
        ends_at=datetime.fromisoformat(ends),
        **extra,
    )
    with tenant_session(arrange.engine, HEDENSTED, arrange.app_role) as session:
        session.add(workshop)
        session.flush()
        if facilitator is not None:
            session.add(WorkshopFacilitator(workshop_id=workshop.id, person_id=facilitator))
    return workshop.id


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_bookings_are_backfilled_from_the_participants_and_named_facilitators(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = _scratch_url(kind, request, tmp_path)
    engine, arrange = _hedensted_at(url, "0007")
    try:
        plan = arrange.hedensted_programme(participants=0)
        other = arrange.hedensted_programme(participants=0, cohort_name="Talent")
        both, first_only, second_only, withdrawn = (arrange.person() for _ in range(4))
        for person in (both, first_only):
            arrange.enrol(plan.programme_id, plan.cohort_id, person)
        arrange.enrol(plan.programme_id, plan.cohort_id, withdrawn, EnrolmentStatus.withdrawn)
        arrange.enrol(other.programme_id, other.cohort_id, both)
        arrange.enrol(other.programme_id, other.cohort_id, second_only, EnrolmentStatus.completed)
        facilitator, lead = arrange.person(), arrange.person()
        arrange.cohort_facilitator(plan.cohort_id, lead)  # not booked: not named on a workshop
        morning = _workshop(
            arrange, plan, "2026-03-05T09:00:00+01:00", "2026-03-05T15:00:00+01:00", facilitator
        )
        # planned later, by a request that raced the first: ``both`` is booked twice already
        clashing = _workshop(
            arrange, other, "2026-03-05T14:00:00+01:00", "2026-03-05T16:00:00+01:00"
        )
        _workshop(
            arrange,
            plan,
            "2026-03-12T09:00:00+01:00",
            "2026-03-12T15:00:00+01:00",
            status=WorkshopStatus.cancelled,
        )
        _with_record_key_column(engine, False)
        with caplog.at_level(logging.WARNING, logger="alembic.runtime.migration"):
            upgrade(url)
        with engine.connect() as connection:
            stored = {
                (uuid.UUID(str(workshop)), uuid.UUID(str(person)))
                for workshop, person in connection.execute(
                    text("SELECT workshop_id, person_id FROM workshop_bookings")
                )
            }
        expected = {
            (morning, both),
            (morning, first_only),
            (morning, facilitator),
            (clashing, second_only),
        }
        if kind == "postgresql":  # the constraint keeps the booking planned first
            assert stored == expected
            assert "dk-0766: 1 booking(s) left out" in caplog.text
            assert f"({both}, {clashing})" in caplog.text
        else:  # no constraint on SQLite (its writers are serialised): every row is stored
            assert stored == expected | {(clashing, both)}
            assert "left out" not in caplog.text
    finally:
        engine.dispose()


def _hedensted_at(url: str, revision: str) -> tuple[Engine, Arrange]:
    """The database at an older revision with Hedensted in it, arranged with today's models."""
    upgrade(url, revision)
    engine = create_db_engine(url)
    with system_session(engine) as session:
        upsert_municipality(session, Country.DK, "0766", "Hedensted", "Europe/Copenhagen")
    _with_record_key_column(engine, True)
    return engine, Arrange(engine, make_settings(url))


def _scratch_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if kind == "postgresql":
        url: str = request.getfixturevalue("scratch_postgres")
        return url
    return f"sqlite:///{tmp_path / 'scratch.sqlite3'}"


def _with_record_key_column(engine: Engine, present: bool) -> None:
    """The arrangements use today's models, which write ``people.record_key``; at an older
    revision the column is added for them and dropped again before upgrading."""
    with engine.begin() as connection:
        if present:
            connection.execute(text("ALTER TABLE people ADD COLUMN record_key BIGINT"))
        else:
            connection.execute(text("ALTER TABLE people DROP COLUMN record_key"))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_every_existing_person_gets_a_random_record_key(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = _scratch_url(kind, request, tmp_path)
    engine, arrange = _hedensted_at(url, "0008")
    try:
        people = [arrange.person() for _ in range(20)]
        _with_record_key_column(engine, False)
        upgrade(url)
        with engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, record_key FROM people")).all())
        assert len(keys) == len(people)
        assert all(0 < key < 2**32 for key in keys.values())
        assert len(set(keys.values())) == len(keys)
    finally:
        engine.dispose()

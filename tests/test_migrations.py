"""Models and migrations agree, and the migrations go down and up again cleanly."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.enrolments.models import EnrolmentStatus
from praksis.feedback.models import EvaluationReceipt
from praksis.kit.db import (
    create_db_engine,
    metadata,
    system_session,
    tenant_session,
    tenant_tables,
)
from praksis.kit.migrations import downgrade, praksis_owns, upgrade
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from praksis.programmes.models import (
    PartnerOffering,
    PartnerOfferingMember,
    Programme,
    ProgrammeKind,
)
from praksis.statistics.folding import settle
from praksis.statistics.models import StatisticsChange, StatisticsChangeDetail
from praksis.statistics.registry import EVALUATION_PEOPLE
from praksis.statistics.tallies import COHORTS, MUNICIPALITY, OFFERING_CELLS, stored_tallies
from praksis.workshops.models import Workshop, WorkshopFacilitator, WorkshopStatus
from tests.conftest import HEDENSTED, make_settings, scratch_postgres_database
from tests.statistics.municipality_views import naive_tallies
from tests.workshops.helpers import Arrange, Programme2Modules


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": praksis_owns}
        )
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


def _cancelled_workshop(arrange: Arrange, plan: Programme2Modules) -> None:
    starts, ends = "2026-03-12T09:00:00+01:00", "2026-03-12T15:00:00+01:00"
    _workshop(arrange, plan, starts, ends, status=WorkshopStatus.cancelled)


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        url: str = request.getfixturevalue("scratch_postgres")
        return url
    return f"sqlite:///{tmp_path / 'scratch.sqlite3'}"


def _hedensted(engine: Engine, url: str) -> Arrange:
    """Hedensted in a database at an older revision, arranged with today's models (which
    write ``people.record_key``: drop it again with ``_with_todays_schema`` before
    upgrading past 0010)."""
    with system_session(engine) as session:
        upsert_municipality(session, Country.DK, "0766", "Hedensted", "Europe/Copenhagen")
    _with_todays_schema(engine, True)
    return Arrange(engine, make_settings(url))


@contextmanager
def _today_with_hedensted(url: str) -> Iterator[tuple[Engine, Arrange]]:
    """A database at today's revision with Hedensted, and its arranger."""
    upgrade(url)
    engine = create_db_engine(url)
    try:
        with system_session(engine) as session:
            upsert_municipality(session, Country.DK, "0766", "Hedensted", "Europe/Copenhagen")
        yield engine, Arrange(engine, make_settings(url))
    finally:
        engine.dispose()


def _stored(engine: Engine) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """Every stored booking: (workshop, person)."""
    with engine.connect() as connection:
        return {
            (uuid.UUID(str(workshop)), uuid.UUID(str(person)))
            for workshop, person in connection.execute(
                text("SELECT workshop_id, person_id FROM workshop_bookings")
            )
        }


def test_bookings_are_backfilled_from_the_participants_and_named_facilitators(
    scratch_url: str,
) -> None:
    url = scratch_url
    upgrade(url, "0007")
    engine = create_db_engine(url)
    try:
        arrange = _hedensted(engine, url)
        plan = arrange.hedensted_programme(participants=0)
        other = arrange.hedensted_programme(participants=0, cohort_name="Talent")
        both, first_only, second_only, withdrawn = (arrange.person() for _ in range(4))
        for person in (both, first_only):
            arrange.enrol(plan.programme_id, plan.cohort_id, person)
        arrange.enrol(plan.programme_id, plan.cohort_id, withdrawn, EnrolmentStatus.withdrawn)
        arrange.enrol(other.programme_id, other.cohort_id, both)
        arrange.enrol(other.programme_id, other.cohort_id, second_only, EnrolmentStatus.completed)
        facilitator, lead = arrange.person(), arrange.person()
        arrange.cohort_facilitator(plan.cohort_id, lead)  # not booked until 0009
        morning = _workshop(
            arrange, plan, "2026-03-05T09:00:00+01:00", "2026-03-05T15:00:00+01:00", facilitator
        )
        # planned later, by a request that raced the first: ``both`` is booked twice already
        clashing = _workshop(
            arrange, other, "2026-03-05T14:00:00+01:00", "2026-03-05T16:00:00+01:00"
        )
        _cancelled_workshop(arrange, plan)
        _with_todays_schema(engine, False)
        with migration_warnings() as warned:
            upgrade(url, "0008")
        stored = _stored(engine)
        expected = {
            (morning, both),
            (morning, first_only),
            (morning, facilitator),
            (clashing, second_only),
        }
        if url.startswith("postgresql"):  # the constraint keeps the booking planned first
            assert stored == expected
            assert "dk-0766: 1 booking(s) left out" in "\n".join(warned)
            assert f"({both}, {clashing})" in "\n".join(warned)
        else:  # no constraint on SQLite (its writers are serialised): every row is stored
            assert stored == expected | {(clashing, both)}
            assert "left out" not in "\n".join(warned)
    finally:
        engine.dispose()


@contextmanager
def migration_warnings() -> Iterator[list[str]]:
    """The migrations' warnings, caught on their own logger: another test's logging setup
    (uvicorn's, in the live-server tests) may have left it not reaching pytest's capture."""
    logger = logging.getLogger("alembic.runtime.migration")
    warned: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warned.append(record.getMessage())  # type: ignore[method-assign]
    disabled, level = logger.disabled, logger.level
    logger.disabled = False
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield warned
    finally:
        logger.removeHandler(handler)
        logger.disabled, logger.level = disabled, level


# --- 0009: the cohorts' facilitators booked into their workshops -------------------------------


def test_cohort_facilitators_are_booked_into_their_cohorts_workshops(
    scratch_url: str,
) -> None:
    url = scratch_url
    upgrade(url, "0007")  # the rows written straight to the tables, then booked by 0008
    engine = create_db_engine(url)
    try:
        arrange = _hedensted(engine, url)
        plan = arrange.hedensted_programme(participants=1)
        other = arrange.hedensted_programme(participants=0, cohort_name="Talent")
        lead, named_too = arrange.person(), arrange.person()
        for cohort in (plan.cohort_id, other.cohort_id):
            arrange.cohort_facilitator(cohort, lead)
        arrange.cohort_facilitator(plan.cohort_id, named_too)
        morning = _workshop(
            arrange, plan, "2026-03-05T09:00:00+01:00", "2026-03-05T15:00:00+01:00", named_too
        )
        # planned later, overlapping: facilitating both cohorts, ``lead`` is booked twice
        clashing = _workshop(
            arrange, other, "2026-03-05T14:00:00+01:00", "2026-03-05T16:00:00+01:00"
        )
        next_day = _workshop(
            arrange, other, "2026-03-06T09:00:00+01:00", "2026-03-06T15:00:00+01:00"
        )
        _cancelled_workshop(arrange, plan)
        _with_todays_schema(engine, False)
        upgrade(url, "0008")
        before = _stored(engine)  # the participant and the named facilitator
        assert before == {(morning, plan.participant_ids[0]), (morning, named_too)}
        with migration_warnings() as warned:
            upgrade(url)
        expected = before | {(morning, lead), (next_day, lead)}  # ``named_too`` once
        if url.startswith("postgresql"):  # the constraint keeps the booking planned first
            assert _stored(engine) == expected
            assert "dk-0766: 1 cohort facilitator booking(s) left out" in "\n".join(warned)
            assert f"({lead}, {clashing})" in "\n".join(warned)
        else:  # no constraint on SQLite: every row is stored
            assert _stored(engine) == expected | {(clashing, lead)}
            assert "left out" not in "\n".join(warned)
        downgrade(url, "0008")
        assert _stored(engine) == before
    finally:
        engine.dispose()


WAYS_IN_COLUMNS = [
    *(
        (table, column, kind)
        for table in ("programmes", "cohorts")
        for column, kind in (
            ("cancellation_reason", "VARCHAR(31)"),
            ("cancellation_note", "TEXT"),
            ("cancelled_at", "TIMESTAMP"),
        )
    ),
    ("programmes", "min_participants_level", "VARCHAR(19)"),
    ("programmes", "target_group", "TEXT"),
    ("programmes", "open_for_interest", "BOOLEAN"),
    ("enrolments", "withdrawal_reason", "VARCHAR(29)"),
    ("enrolments", "withdrawal_note", "TEXT"),
]


def _with_todays_schema(engine: Engine, present: bool) -> None:
    """The arrangements use today's models, which write ``people.record_key`` (0010),
    ``people.left_on`` and ``people.erased_at`` (0013), the columns of 0016 (programmes,
    cohorts, enrolments), and record their changes for the
    statistics (0011); at an older revision the columns and the tables are added for them and
    dropped again before upgrading."""
    tables = [StatisticsChange.__table__, StatisticsChangeDetail.__table__]
    with engine.begin() as connection:
        if present:
            connection.execute(text("ALTER TABLE people ADD COLUMN record_key BIGINT"))
            connection.execute(text("ALTER TABLE people ADD COLUMN left_on DATE"))
            connection.execute(text("ALTER TABLE people ADD COLUMN erased_at TIMESTAMP"))
            for table, column, kind in WAYS_IN_COLUMNS:  # 0016
                connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {kind}"))
            metadata.create_all(connection, tables=tables)
            if connection.dialect.name == "postgresql":
                role = make_settings(str(engine.url)).app_db_role
                for table in tables:
                    connection.execute(text(f"GRANT ALL ON {table.name} TO {role}"))
        else:
            for column in ("record_key", "left_on", "erased_at"):
                connection.execute(text(f"ALTER TABLE people DROP COLUMN {column}"))
            for table, column, _kind in WAYS_IN_COLUMNS:
                connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
            metadata.drop_all(connection, tables=list(reversed(tables)))


# --- 0010: every person's record key (partner statistics' cell keys) -------------------------


def test_every_existing_person_gets_a_random_record_key(scratch_url: str) -> None:
    url = scratch_url
    upgrade(url, "0009")
    engine = create_db_engine(url)
    try:
        arrange = _hedensted(engine, url)
        people = [arrange.person() for _ in range(20)]
        _with_todays_schema(engine, False)
        upgrade(url)
        with engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, record_key FROM people")).all())
        assert len(keys) == len(people)
        assert all(0 < key < 2**32 for key in keys.values())
        assert len(set(keys.values())) == len(keys)
    finally:
        engine.dispose()


# --- 0020: the cohort tallies are filled by the first fold after the upgrade ---------------------


def test_the_cohort_tallies_are_folded_in_after_the_upgrade_without_a_rebuild(
    scratch_url: str,
) -> None:
    url = scratch_url
    # arranged with today's models, then taken back to before 0020
    with _today_with_hedensted(url) as (engine, arrange):
        plan = arrange.hedensted_programme(participants=3)
        arrange.participant(plan, cohort_id=arrange.second_cohort(plan))
        with engine.begin() as connection:  # as if folded: the maintained tables were current
            connection.execute(text("DELETE FROM statistics_changes"))
        downgrade(url, "0015")
        upgrade(url)
        # the upgrade's records for Hedensted: 0020's, 0026's (round years) and 0028's
        assert settle(engine, arrange.app_role) == 3
        with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
            stored = stored_tallies(session, COHORTS, None)
            assert stored == naive_tallies(session, COHORTS)
        assert sorted(values["approved"] for values in stored.values()) == [1, 3]


# --- 0026: the partner's round years are filled by the first fold after the upgrade -------------


def test_the_round_years_are_folded_in_after_the_upgrade_without_a_rebuild(
    scratch_url: str,
) -> None:
    url = scratch_url
    with _today_with_hedensted(url) as (engine, arrange):
        with system_session(engine) as session:
            offering = PartnerOffering(
                partner="kl", title="Pilot", kind=ProgrammeKind.udviklingsforloeb
            )
            session.add(offering)
            session.flush()
            session.add(
                PartnerOfferingMember(offering_id=offering.id, member_municipality_id=HEDENSTED)
            )
            session.commit()
        plan = arrange.hedensted_programme(participants=3)
        with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
            programme = session.exec(
                select(Programme).where(Programme.id == plan.programme_id)
            ).one()
            programme.offering_id = offering.id
        _workshop(arrange, plan, "2026-03-03T09:00:00+00:00", "2026-03-03T12:00:00+00:00")
        settle(engine, arrange.app_role)
        downgrade(url, "0025")
        with engine.begin() as connection:
            years = "SELECT count(*) FROM offering_statistics WHERE measure LIKE 'year.%'"
            assert connection.execute(text(years)).scalar_one() == 0
        upgrade(url)
        assert settle(engine, arrange.app_role) == 2  # 0026's record for Hedensted, and 0028's
        with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
            stored = stored_tallies(session, OFFERING_CELLS, None)
            assert stored == naive_tallies(session, OFFERING_CELLS)
        assert stored[(offering.id, "year.2026.enrolments.approved")] == {"value": 3}


# --- 0028: the whole municipality's distinct people are filled by the first fold ----------------


def test_the_municipality_statistics_are_folded_in_after_the_upgrade_without_a_rebuild(
    scratch_url: str,
) -> None:
    url = scratch_url
    with _today_with_hedensted(url) as (engine, arrange):
        plan = arrange.hedensted_programme(participants=3)
        # 1 April in Copenhagen
        workshop = _workshop(
            arrange, plan, "2026-03-31T22:30:00+00:00", "2026-04-01T01:30:00+00:00"
        )
        with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
            for person in plan.participant_ids[:2]:
                session.add(EvaluationReceipt(workshop_id=workshop, person_id=person))
        settle(engine, arrange.app_role)
        downgrade(url, "0027")
        upgrade(url)
        assert settle(engine, arrange.app_role) == 1  # the upgrade's record for Hedensted
        with tenant_session(engine, HEDENSTED, arrange.app_role) as session:
            stored = stored_tallies(session, MUNICIPALITY, None)
            assert stored == naive_tallies(session, MUNICIPALITY)
        assert stored == {
            (EVALUATION_PEOPLE,): {"value": 2},
            (f"{EVALUATION_PEOPLE}.2026-04",): {"value": 2},
        }

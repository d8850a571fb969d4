"""Statistics upkeep off the writer's path: a write records its change, the process's folder
folds it in moments later, and every view says how fresh its figures are (``as_of``)."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from praksis.app import create_app
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.kit.db import (
    PartnerSession,
    TenantSession,
    create_db_engine,
    tenant_session,
)
from praksis.settings import Settings
from praksis.statistics import tallies
from praksis.statistics.aggregates import Touched, record_change
from praksis.statistics.folding import (
    StatisticsFolder,
    fold_municipality,
    pending_municipalities,
    settle,
)
from praksis.statistics.models import StatisticsChange, StatisticsChangeDetail
from praksis.statistics.tallies import TALLY_TABLES, stored_tallies
from tests.conftest import HEDENSTED, HORSENS, Database, HeaderFactory, make_settings
from tests.kit.scan_roles import assert_refused, read_as, statements_run
from tests.statistics.municipality_views import naive_tallies
from tests.statistics.partner_arrangement import CellSpec, arrange_cell, create_offering
from tests.workshops.helpers import Arrange

API = "/api/v1"


def pending(engine: Engine, tenant: str, role: str) -> list[tuple[datetime, dict]]:  # type: ignore[type-arg]
    """The municipality's records not folded in yet: (noted_at, touched), oldest first."""
    with tenant_session(engine, tenant, role) as session:
        return [
            (noted_at, touched)
            for noted_at, touched in session.exec(
                select(StatisticsChange.noted_at, StatisticsChangeDetail.touched)
                .join(
                    StatisticsChangeDetail,
                    StatisticsChangeDetail.change_id == StatisticsChange.id,  # type: ignore[arg-type]
                )
                .order_by(StatisticsChange.noted_at)  # type: ignore[arg-type]
            ).all()
        ]


def tallies_current(engine: Engine, tenant: str, role: str) -> bool:
    """Whether every stored tally equals the raw tables (without folding anything in)."""
    with tenant_session(engine, tenant, role) as session:
        return all(
            stored_tallies(session, table, None) == naive_tallies(session, table)
            for table in TALLY_TABLES
        )


@pytest.fixture
def settings(database: Database) -> Settings:
    """These tests are about the folder thread: their app runs one, as `praksis serve` does
    (the other tests fold themselves and run without)."""
    return make_settings(database.url, statistics_folder=True)


@pytest.fixture
def stopped(client: TestClient) -> StatisticsFolder:
    """The app's folder, stopped: records stay until the test folds them."""
    folder: StatisticsFolder = client.app.state.statistics_folder  # type: ignore[attr-defined]
    folder.stop()
    return folder


def nominated_in_hedensted(
    client: TestClient, auth: HeaderFactory, offering: str
) -> tuple[uuid.UUID, dict[str, str]]:
    """One approved enrolment in Hedensted's linked programme, and HR's headers."""
    arrange_cell(client, HEDENSTED, offering, CellSpec(enrolments={EnrolmentStatus.approved: 6}))
    settle(client.app.state.runtime.engine)  # type: ignore[attr-defined]
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        enrolment = connection.execute(text("SELECT id FROM enrolments LIMIT 1")).scalar_one()
    return uuid.UUID(str(enrolment)), auth(HEDENSTED, "hr_admin", sub="hedensted-hr")


@pytest.mark.usefixtures("stopped")
def test_a_write_records_its_change_and_the_figures_say_how_old_they_are(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    role = settings.app_db_role
    offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED])
    enrolment, hr = nominated_in_hedensted(client, auth, offering)
    assert pending(engine, HEDENSTED, role) == []
    before = client.get(f"{API}/statistics/municipality", headers=hr).json()

    withdrawn = client.post(f"{API}/enrolments/{enrolment}/withdraw", json={}, headers=hr)
    assert withdrawn.status_code == 200, withdrawn.text

    (noted_at, touched), *others = pending(engine, HEDENSTED, role)
    assert others == []  # one record per transaction
    assert {"programmes", "people"} <= set(touched)  # its programme and its person's unit
    assert not tallies_current(engine, HEDENSTED, role)  # the write left them to the fold
    stale = client.get(f"{API}/statistics/municipality", headers=hr).json()
    assert datetime.fromisoformat(stale.pop("as_of")) == noted_at
    before.pop("as_of")
    # the reasons are counted on the raw rows, current when read (at least as_of)
    assert stale.pop("reasons")["withdrawals"] == {"not_given": 1}
    assert before.pop("reasons")["withdrawals"] == {}
    assert stale == before  # the figures from before the write, saying so

    assert settle(engine, role) == 1
    fresh = client.get(f"{API}/statistics/municipality", headers=hr).json()
    assert datetime.fromisoformat(fresh["as_of"]) > noted_at
    assert fresh["funnel"]["withdrawn"] == before["funnel"]["withdrawn"] + 1
    assert pending(engine, HEDENSTED, role) == []
    assert tallies_current(engine, HEDENSTED, role)


def test_the_folder_folds_a_commit_at_once(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    role = settings.app_db_role
    folder: StatisticsFolder = client.app.state.statistics_folder  # type: ignore[attr-defined]
    offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED])
    enrolment, hr = nominated_in_hedensted(client, auth, offering)
    withdrawn = client.post(f"{API}/enrolments/{enrolment}/withdraw", json={}, headers=hr)
    assert withdrawn.status_code == 200, withdrawn.text
    assert folder.wait_until_idle(timeout=30)
    assert pending(engine, HEDENSTED, role) == []
    assert tallies_current(engine, HEDENSTED, role)


def test_a_sweep_folds_what_another_process_recorded(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    role = settings.app_db_role
    other_process = create_db_engine(settings.database_url)  # its commits tell no folder here
    folder = StatisticsFolder(engine, role, settings.statistics_sweep_db_role, sweep_seconds=0.05)
    try:
        plan = Arrange(other_process, settings).hedensted_programme(participants=4)
        assert pending(engine, HEDENSTED, role) != []  # nobody has folded them yet
        folder.start()
        assert folder.wait_for_sweep(timeout=30)
        assert pending(engine, HEDENSTED, role) == []
        assert tallies_current(engine, HEDENSTED, role)
        with tenant_session(engine, HEDENSTED, role) as session:
            enrolled = session.exec(
                select(Enrolment).where(Enrolment.programme_id == plan.programme_id)
            ).all()
        assert len(enrolled) == 4
    finally:
        folder.stop()
        other_process.dispose()


def test_a_failing_fold_keeps_the_records_for_the_next(
    engine: Engine,
    settings: Settings,
    municipalities: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    role = settings.app_db_role
    Arrange(engine, settings).hedensted_programme(participants=3)
    recorded = pending(engine, HEDENSTED, role)
    assert recorded != []

    refresh = tallies.refresh_tallies

    def broken(session: TenantSession, touched: Touched) -> int:
        refresh(session, touched)  # what it wrote is rolled back with the records' deletion
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tallies, "refresh_tallies", broken)
    with pytest.raises(RuntimeError):
        fold_municipality(engine, role, HEDENSTED)
    assert pending(engine, HEDENSTED, role) == recorded
    monkeypatch.undo()
    assert fold_municipality(engine, role, HEDENSTED) == len(recorded)
    assert tallies_current(engine, HEDENSTED, role)


@pytest.mark.postgres_only
def test_a_fold_gives_way_to_a_writer_holding_a_row_it_needs(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    role = settings.app_db_role
    plan = Arrange(engine, settings).hedensted_programme(participants=3)
    recorded = pending(engine, HEDENSTED, role)
    with tenant_session(engine, HEDENSTED, role) as writer:
        # as a request deleting the programme would: the fold's rows reference it
        writer.execute(
            text("SELECT id FROM programmes WHERE id = :id FOR UPDATE"),
            {"id": plan.programme_id},
        )
        with pytest.raises(OperationalError) as raised:
            fold_municipality(engine, role, HEDENSTED)
    # lock_not_available: the fold's own timeout, not the deadlock detector (which could
    # have aborted the writer instead)
    assert getattr(raised.value.orig, "sqlstate", None) == "55P03"
    assert pending(engine, HEDENSTED, role) == recorded
    assert fold_municipality(engine, role, HEDENSTED) == len(recorded)
    assert tallies_current(engine, HEDENSTED, role)


@pytest.mark.usefixtures("stopped")
def test_a_partners_as_of_follows_only_its_member_municipalities(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    role = settings.app_db_role
    create_offering(client, auth, "kl", "Pilot", [HEDENSTED])
    settle(engine, role)
    kl = auth(None, "partner", partner="kl", sub="kl-statistik")

    def partner_as_of() -> datetime:
        response = client.get(f"{API}/statistics/partner", headers=kl)
        assert response.status_code == 200, response.text
        return datetime.fromisoformat(response.json()["as_of"])

    everything = Touched(everything=True)
    with tenant_session(engine, HORSENS, role) as session:
        record_change(session, everything)  # not a member of KL's offering
    ((horsens_change, _),) = pending(engine, HORSENS, role)
    assert partner_as_of() > horsens_change
    with tenant_session(engine, HEDENSTED, role) as session:
        record_change(session, everything)
    ((hedensted_change, _),) = pending(engine, HEDENSTED, role)
    assert partner_as_of() == hedensted_change

    if engine.dialect.name == "postgresql":  # the policies behind the partner's session
        session = PartnerSession(engine, "kl", role)
        try:
            changes = session.execute(text("SELECT municipality_id FROM statistics_changes"))
            assert changes.scalars().all() == [HEDENSTED]
            details = session.execute(text("SELECT count(*) FROM statistics_change_details"))
            assert details.scalar_one() == 0
        finally:
            session.close()


def test_a_process_without_the_folder_leaves_its_changes_to_one_that_has_it(
    database: Database, engine: Engine, municipalities: list[str], auth: HeaderFactory
) -> None:
    role = make_settings(database.url).app_db_role
    without = create_app(make_settings(database.url, statistics_folder=False), engine)
    with TestClient(without, raise_server_exceptions=False) as client:
        assert without.state.statistics_folder is None
        assert not [t for t in threading.enumerate() if t.name == "statistics-folder"]
        offering = create_offering(client, auth, "kl", "Pilot", [HEDENSTED])
        enrolment, hr = nominated_in_hedensted(client, auth, offering)
        withdrawn = client.post(f"{API}/enrolments/{enrolment}/withdraw", json={}, headers=hr)
        assert withdrawn.status_code == 200, withdrawn.text
        assert len(pending(engine, HEDENSTED, role)) == 1
    with_folder = create_app(make_settings(database.url, statistics_folder=True), engine)
    with TestClient(with_folder, raise_server_exceptions=False):
        assert with_folder.state.statistics_folder.wait_for_sweep(timeout=30)
        assert pending(engine, HEDENSTED, role) == []
        assert tallies_current(engine, HEDENSTED, role)


def test_the_sweep_reads_which_municipalities_have_records_in_one_statement(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    role, sweep_role = settings.app_db_role, settings.statistics_sweep_db_role
    assert pending_municipalities(engine, sweep_role) == {}
    for tenant in (HEDENSTED, HORSENS):
        with tenant_session(engine, tenant, role) as session:
            record_change(session, Touched(everything=True))
            session.commit()
    with tenant_session(engine, HORSENS, role) as session:
        horsens = session.exec(select(func.min(StatisticsChange.noted_at))).one()
    with statements_run(engine) as statements:
        found = pending_municipalities(engine, sweep_role)
    assert set(found) == {HEDENSTED, HORSENS}
    assert found[HORSENS] == horsens
    reads = [s for s in statements if "statistics_changes" in s]
    assert len(reads) == 1  # one read, however many municipalities there are
    folder = StatisticsFolder(engine, role, sweep_role, sweep_seconds=60)
    folder.sweep()
    assert pending_municipalities(engine, sweep_role) == {}
    assert 0 <= folder.pending_age_seconds < 60 and folder.last_sweep_at is not None
    assert tallies_current(engine, HEDENSTED, role) and tallies_current(engine, HORSENS, role)


@pytest.mark.postgres_only
def test_the_sweeps_role_reads_only_which_municipalities_and_since_when(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    role, sweep_role = settings.app_db_role, settings.statistics_sweep_db_role
    with tenant_session(engine, HEDENSTED, role) as session:
        record_change(session, Touched(everything=True))
        session.commit()

    found = read_as(engine, sweep_role, "SELECT municipality_id, noted_at FROM statistics_changes")
    assert [municipality for municipality, _ in found] == [HEDENSTED]
    refused = [
        "SELECT id FROM statistics_changes",
        "SELECT 1 FROM statistics_change_details",
        "DELETE FROM statistics_changes",
        "UPDATE statistics_changes SET noted_at = now()",
    ]
    assert_refused(engine, sweep_role, refused, {"statistics_changes"})

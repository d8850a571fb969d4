"""The org sync's scheduled job: procrastinate's worker runs ``orgsync:sync_os2mo`` every
hour, and it syncs every configured municipality at the hours ``PRAKSIS_OS2MO_SYNC_HOURS``
names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.audit.models import AuditEvent
from praksis.jobs import job_app
from praksis.kit.context import TenantContext
from praksis.kit.db import tenant_session
from praksis.kit.jobs import JobRuntime
from praksis.orgsync import service
from praksis.orgsync.service import ScheduledSyncFailed, SyncReport, scheduled_sync
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS, Database, make_settings
from tests.jobs.running import run_jobs
from tests.orgsync.os2mo_server import Os2mo, running_os2mo
from tests.orgsync.test_os2mo_sync import FIRST, connection_to, people_of, units_of

SYNC_JOB = "orgsync:sync_os2mo"
AT_TWO = datetime(2026, 12, 4, 2, 15, tzinfo=UTC)
AT_THREE = datetime(2026, 12, 4, 3, 15, tzinfo=UTC)


@pytest.fixture
def os2mo() -> Iterator[Os2mo]:
    with running_os2mo(FIRST) as server:
        yield server


def settings_for(database: Database, os2mo: Os2mo, **overrides: object) -> Settings:
    return make_settings(
        database.url,
        os2mo_connections={HORSENS: connection_to(os2mo)},
        os2mo_sync_hours=[2],
        **overrides,
    )


def test_the_job_is_on_the_app_every_hour() -> None:
    crons = {
        task.task.name: task.cron for task in job_app().periodic_registry.periodic_tasks.values()
    }
    assert crons[SYNC_JOB] == "15 * * * *"


def test_the_worker_syncs_at_the_configured_hour_only(
    database: Database, engine: Engine, municipalities: list[str], os2mo: Os2mo
) -> None:
    settings = settings_for(database, os2mo)

    run_jobs(engine, settings, (SYNC_JOB, {"timestamp": int(AT_THREE.timestamp())}))
    assert units_of(engine, settings) == {}
    assert os2mo.queries == []

    run_jobs(engine, settings, (SYNC_JOB, {"timestamp": int(AT_TWO.timestamp())}))
    assert len(units_of(engine, settings)) == 7
    anna = next(
        person for person in people_of(engine, settings).values() if person.name == "Anna Ahl"
    )
    assert anna.left_on is None
    with tenant_session(engine, HORSENS, settings.app_db_role) as session:
        clients = set(session.exec(select(AuditEvent.actor_client)).all())
    assert clients == {"praksis sync-os2mo"}
    assert units_of(engine, settings, HEDENSTED) == {}


def test_a_municipality_that_cannot_be_synced_fails_the_job_after_the_others(
    database: Database, engine: Engine, municipalities: list[str], os2mo: Os2mo
) -> None:
    settings = settings_for(database, os2mo)
    settings = settings.model_copy(
        update={
            "os2mo_connections": {
                HORSENS: connection_to(os2mo),
                HEDENSTED: connection_to(os2mo, client_secret="wrong"),
            }
        }
    )

    with pytest.raises(ScheduledSyncFailed, match="dk-0766"):
        scheduled_sync(JobRuntime(engine, settings), AT_TWO)

    assert len(units_of(engine, settings)) == 7
    assert units_of(engine, settings, HEDENSTED) == {}


def test_an_unexpected_failure_in_one_municipality_does_not_stop_the_others(
    database: Database,
    engine: Engine,
    municipalities: list[str],
    os2mo: Os2mo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A defect (here: planted in the first municipality's apply) is logged and fails the
    job; the next municipality is synced all the same."""
    both = {HEDENSTED: connection_to(os2mo), HORSENS: connection_to(os2mo)}
    settings = settings_for(database, os2mo).model_copy(update={"os2mo_connections": both})
    applied = service.apply_snapshot

    def apply_or_break(context: TenantContext, *args: Any) -> SyncReport:
        if context.tenant == HORSENS:  # the first, in the order of municipality ids
            raise RuntimeError("a planted defect")
        return applied(context, *args)

    monkeypatch.setattr(service, "apply_snapshot", apply_or_break)

    with pytest.raises(ScheduledSyncFailed, match="dk-0615"):
        scheduled_sync(JobRuntime(engine, settings), AT_TWO)

    assert units_of(engine, settings) == {}
    assert len(units_of(engine, settings, HEDENSTED)) == 7

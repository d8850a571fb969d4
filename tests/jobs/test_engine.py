"""The background work runs on procrastinate: its schema by migration 0022 (PostgreSQL), the
domains' tasks on one app, ``praksis worker``, and the embedded worker of the SQLite demo."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.app import create_app
from praksis.cli import main
from praksis.enrolments.models import EnrolmentStatus
from praksis.feedback.models import TransferFollowUp
from praksis.jobs import job_app, run_worker
from praksis.kit.db import system_session
from praksis.kit.jobs import (
    QUEUE_SCHEMA_MARK,
    QUEUE_TABLE,
    JobRuntime,
    connector_for,
    pending_queue_migrations,
    queue_migration_files,
)
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS, make_settings
from tests.feedback.helpers import FeedbackArrange, hedensted_today
from tests.jobs.running import run_jobs

ISSUE_FOLLOW_UPS = "feedback:issue_follow_ups"


def test_every_domains_tasks_and_periodic_tasks_are_on_the_one_app() -> None:
    app = job_app()
    assert {"feedback:issue_follow_ups", "privacy:erase_leavers"} <= set(app.tasks)
    crons = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert crons["feedback:issue_follow_ups"] == "7 * * * *"
    assert crons["privacy:erase_leavers"] == "30 1 * * *"
    assert job_app() is app


@pytest.mark.postgres_only
def test_the_queue_schema_is_migrated_and_its_version_recorded(engine: Engine) -> None:
    files = [path.name for path in queue_migration_files()]
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE tablename LIKE 'procrastinate%'")
        ).scalars()
        assert {"procrastinate_jobs", "procrastinate_workers"} <= set(tables)
        comment = connection.execute(
            text("SELECT obj_description(to_regclass(:table), 'pg_class')"), {"table": QUEUE_TABLE}
        ).scalar()
        assert comment == QUEUE_SCHEMA_MARK + files[-1]
        assert pending_queue_migrations(connection) == []
        # as if the database had an older procrastinate's schema: the newer files are pending
        connection.exec_driver_sql(
            f"COMMENT ON TABLE {QUEUE_TABLE} IS '{QUEUE_SCHEMA_MARK}{files[-3]}'"
        )
        assert [path.name for path in pending_queue_migrations(connection)] == files[-2:]
        connection.rollback()


def test_sqlite_has_no_queue_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            assert pending_queue_migrations(connection) == []


def _completed_long_ago(arrange: FeedbackArrange) -> None:
    programme = arrange.ended_programme(ended_days_ago=100)
    arrange.enrolment(programme, arrange.person(), EnrolmentStatus.completed)


def test_the_job_issues_due_follow_ups_in_every_municipality_without_a_read(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    _completed_long_ago(FeedbackArrange(engine, settings, HEDENSTED))
    _completed_long_ago(FeedbackArrange(engine, settings, HORSENS))
    not_due = FeedbackArrange(engine, settings, HORSENS)
    recent = not_due.ended_programme(ended_days_ago=30)
    not_due.enrolment(recent, not_due.person(), EnrolmentStatus.completed)

    run_jobs(engine, settings, (ISSUE_FOLLOW_UPS, {"timestamp": 0}))

    with system_session(engine) as session:
        issued = session.exec(select(TransferFollowUp)).all()
    assert sorted(row.municipality_id for row in issued) == [HORSENS, HEDENSTED]
    assert {row.due_on for row in issued} == {hedensted_today() - timedelta(days=10)}
    # idempotent: a second run issues nothing more
    run_jobs(engine, settings, (ISSUE_FOLLOW_UPS, {"timestamp": 1}))
    with system_session(engine) as session:
        assert len(session.exec(select(TransferFollowUp)).all()) == 2


@pytest.mark.postgres_only
def test_praksis_workers_run_loop_takes_the_jobs_queued_in_postgresql(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    _completed_long_ago(FeedbackArrange(engine, settings, HEDENSTED))
    app = job_app()
    with app.replace_connector(connector_for(settings)), app.open():
        app.configure_task(ISSUE_FOLLOW_UPS).defer(timestamp=0)
    run_worker(JobRuntime(engine, settings), wait=False)
    with system_session(engine) as session:
        assert len(session.exec(select(TransferFollowUp)).all()) == 1
    with engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar()
    assert left == 0  # succeeded, and deleted


def test_praksis_worker_needs_postgresql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    assert _worker_command(monkeypatch, PRAKSIS_DATABASE_URL="sqlite:///unused.sqlite3") == 2
    assert "needs PostgreSQL" in capsys.readouterr().err


@pytest.mark.postgres_only
def test_praksis_worker_refuses_to_start_without_its_roles(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    environment = {
        "PRAKSIS_DATABASE_URL": settings.database_url,
        "PRAKSIS_JOB_SCAN_DB_ROLE": "praksis_not_created",
    }
    assert _worker_command(monkeypatch, **environment) == 2
    error = capsys.readouterr().err
    assert "praksis_not_created" in error and "praksis migrate" in error


def _worker_command(monkeypatch: pytest.MonkeyPatch, **environment: str) -> int:
    """``praksis worker``'s exit status with these settings (when it refuses to start)."""
    from praksis.settings import get_settings

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        return main(["worker"])
    finally:
        get_settings.cache_clear()


def test_the_sqlite_demo_server_runs_the_worker_inside_itself(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    if not settings.database_url.startswith("sqlite"):
        assert not make_settings(settings.database_url).runs_embedded_worker
        return
    assert make_settings(settings.database_url, embedded_worker=None).runs_embedded_worker
    _completed_long_ago(FeedbackArrange(engine, settings, HEDENSTED))
    embedded = make_settings(settings.database_url, embedded_worker=True)
    app = create_app(embedded, engine)
    with TestClient(app):
        app_jobs = job_app()
        # what the periodic deferrer does when the hour comes, done now; within its catch-up
        # window after :07 it has done so itself on start, and the queueing lock says so
        with contextlib.suppress(AlreadyEnqueued):
            app_jobs.configure_task(ISSUE_FOLLOW_UPS).defer(timestamp=0)
        _wait_for(lambda: _follow_ups(engine) == 1)
    assert _follow_ups(engine) == 1


def _follow_ups(engine: Engine) -> int:
    with system_session(engine) as session:
        return len(session.exec(select(TransferFollowUp)).all())


def _wait_for(condition: object, seconds: float = 5.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.02)
    raise AssertionError("the embedded worker did not run the job in time")

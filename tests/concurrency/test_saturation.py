"""More requests than connections: nothing wedges, the overflow is told 503 at once, database
trouble answers 503 on a kept connection, and the process says when it is stuck.

Requests are held at the database deterministically: the test locks a row (as the owner, in
its own transaction) that a PATCH must update, so the PATCH keeps its place in the admission
gate until the test lets go. No test here depends on how fast anything runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from praksis.app import create_app
from praksis.kit.db import create_db_engine, sqlalchemy_url
from tests.conftest import HEDENSTED, Database, HeaderFactory, make_settings
from tests.live_server import LiveServer, live_server

KERNEOPGAVER = "/api/v1/kerneopgaver"


def _body(title: str) -> dict[str, str]:
    return {"title": title, "citizen_outcome": "At borgeren klarer sig bedre."}


@contextmanager
def serving(
    database: Database, engine_options: dict[str, Any], **settings: Any
) -> Iterator[LiveServer]:
    """The app on ``database`` with its own settings and engine, over real HTTP."""
    configured = make_settings(database.url, **settings)
    engine = create_db_engine(database.url, configured.database_pool_size, **engine_options)
    try:
        with live_server(create_app(configured, engine)) as server:
            yield server
    finally:
        engine.dispose()


@contextmanager
def row_locked(database: Database, table: str, row_id: str) -> Iterator[None]:
    """Hold ``FOR UPDATE`` on one row as the owner until the block ends."""
    owner = create_engine(sqlalchemy_url(database.url))
    try:
        with owner.connect() as connection, connection.begin():
            connection.execute(
                text(f"SELECT 1 FROM {table} WHERE id = :id FOR UPDATE"),
                {"id": row_id},
            )
            yield
    finally:
        owner.dispose()


def wait_until(condition: Callable[[], bool], what: str, within_seconds: float = 60) -> None:
    """Wait for a condition another thread or process brings about (a bound on a hang, not a
    timing: it fails only if the condition never comes)."""
    deadline = time.monotonic() + within_seconds
    pause = threading.Event()
    while time.monotonic() < deadline:
        if condition():
            return
        pause.wait(0.01)
    raise AssertionError(f"never happened: {what}")


def create_kerneopgave(server: LiveServer, headers: dict[str, str], title: str) -> str:
    with server.client() as client:
        response = client.post(KERNEOPGAVER, json=_body(title), headers=headers)
    assert response.status_code == 201, response.text
    identifier: str = response.json()["id"]
    return identifier


def patch_in_background(
    pool: ThreadPoolExecutor, server: LiveServer, headers: dict[str, str], item: str
) -> Future[httpx.Response]:
    def patch() -> httpx.Response:
        with server.client() as client:
            return client.patch(f"{KERNEOPGAVER}/{item}", json={"active": False}, headers=headers)

    return pool.submit(patch)


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


@pytest.mark.postgres_only
def test_far_more_writers_than_connections_all_finish(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    """Three connections, 30 writers at once on one row: every write lands (the old model
    parked connections between the handler's thread and the commit's and wedged)."""
    headers = auth(HEDENSTED, "hr_admin")
    with serving(database, {}, database_pool_size=3, max_wait_seconds=30) as server:
        item = create_kerneopgave(server, headers, "Fælles opgave")
        barrier = threading.Barrier(30)

        def write(number: int) -> int:
            with server.client() as client:
                barrier.wait()
                body = {"description": f"skrevet af nummer {number}"}
                return client.patch(
                    f"{KERNEOPGAVER}/{item}", json=body, headers=headers
                ).status_code

        with ThreadPoolExecutor(30) as pool:
            statuses = list(pool.map(write, range(30)))
    assert statuses == [200] * 30


@pytest.mark.postgres_only
def test_a_full_server_sheds_at_once_with_retry_after(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    with serving(database, {}, database_pool_size=1, max_waiting_requests=0) as server:
        item = create_kerneopgave(server, headers, "Optaget")
        gate = server.app.state.runtime.gate
        with ThreadPoolExecutor(1) as pool:
            with row_locked(database, "kerneopgaver", item):
                held = patch_in_background(pool, server, headers, item)
                wait_until(lambda: gate.in_use == 1, "the PATCH holds the only place")
                with server.client() as client:
                    shed = client.get(KERNEOPGAVER, headers=headers)
                    ready = client.get("/readyz")
            assert held.result().status_code == 200  # the held request finishes normally
        body = assert_problem(shed, 503)
        assert body["type"] == "urn:praksis:problem:service-unavailable"
        assert shed.headers["retry-after"] == "1"
        assert_problem(ready, 503)
        with server.client() as client:
            assert client.get(KERNEOPGAVER, headers=headers).status_code == 200


@pytest.mark.postgres_only
def test_a_queued_request_waits_only_so_long(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    with serving(database, {}, database_pool_size=1, max_wait_seconds=0.3) as server:
        item = create_kerneopgave(server, headers, "Optaget")
        gate = server.app.state.runtime.gate
        with ThreadPoolExecutor(1) as pool, row_locked(database, "kerneopgaver", item):
            held = patch_in_background(pool, server, headers, item)
            wait_until(lambda: gate.in_use == 1, "the PATCH holds the only place")
            with server.client() as client:
                queued = client.get(KERNEOPGAVER, headers=headers)
        assert held.result().status_code == 200
        assert_problem(queued, 503)
        assert int(queued.headers["retry-after"]) >= 1
        assert gate.in_use == 0 and gate.waiting == 0


@pytest.mark.postgres_only
def test_a_lock_wait_beyond_the_lock_timeout_is_503_and_writes_nothing(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    with serving(database, {"lock_timeout_seconds": 0.2}) as server:
        item = create_kerneopgave(server, headers, "Låst")
        with server.client() as client:
            with row_locked(database, "kerneopgaver", item):
                refused = client.patch(
                    f"{KERNEOPGAVER}/{item}", json={"active": False}, headers=headers
                )
            after = client.get(f"{KERNEOPGAVER}/{item}", headers=headers)
    body = assert_problem(refused, 503)
    assert body["type"] == "urn:praksis:problem:database-unavailable"
    assert refused.headers["retry-after"] == "1"
    assert refused.headers.get("connection") != "close"  # an answer, not a dropped socket
    assert after.json()["active"] is True


def test_an_unreachable_database_is_503_not_500(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    unreachable = (
        "postgresql://postgres@127.0.0.1:1/nowhere"
        if database.kind == "postgresql"
        else "sqlite:////nonexistent-folder/praksis.sqlite3"
    )
    settings = make_settings(unreachable)
    engine = create_db_engine(unreachable, 2)
    with live_server(create_app(settings, engine)) as server, server.client() as client:
        me = client.get("/api/v1/me", headers=auth(HEDENSTED, "hr_admin"))
        ready = client.get("/readyz")
        alive = client.get("/healthz")
    engine.dispose()
    assert_problem(me, 503)
    assert me.headers["retry-after"] == "1"
    assert_problem(ready, 503)
    assert alive.status_code == 200  # the process itself is fine


def _terminate_other_connections(database: Database) -> int:
    owner = create_engine(sqlalchemy_url(database.url), isolation_level="AUTOCOMMIT")
    try:
        with owner.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        owner.dispose()


@pytest.mark.postgres_only
def test_connections_killed_under_the_pool_are_replaced_without_errors(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    """What a database restart does to idle pooled connections: the next burst still
    succeeds, on the ORM pool and on the list pages' read pool alike."""
    headers = auth(HEDENSTED, "hr_admin")
    with serving(database, {}, database_pool_size=4) as server:
        create_kerneopgave(server, headers, "Før genstart")

        def burst() -> list[int]:
            def one(_: int) -> int:
                with server.client() as client:
                    read = client.get(KERNEOPGAVER, headers=headers).status_code
                    return (
                        read
                        if read != 200
                        else client.get("/api/v1/me", headers=headers).status_code
                    )

            with ThreadPoolExecutor(8) as pool:
                return list(pool.map(one, range(16)))

        assert burst() == [200] * 16  # fills both pools with idle connections
        assert _terminate_other_connections(database) >= 1
        assert burst() == [200] * 16


@pytest.mark.postgres_only
def test_healthz_fails_while_a_request_is_stuck_and_recovers(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    with serving(database, {}, wedged_after_seconds=0.05) as server:
        item = create_kerneopgave(server, headers, "Fast")
        gate = server.app.state.runtime.gate
        with server.client() as client:
            assert client.get("/healthz").status_code == 200
            with ThreadPoolExecutor(1) as pool, row_locked(database, "kerneopgaver", item):
                held = patch_in_background(pool, server, headers, item)
                wait_until(lambda: gate.oldest_held_seconds() > 0.05, "the PATCH is stuck")
                stuck = client.get("/healthz")
            assert held.result().status_code == 200
            assert client.get("/healthz").status_code == 200
    assert_problem(stuck, 503)

"""SIGTERM on ``praksis serve``: in-flight requests finish, and a request stuck on the database
cannot keep the process alive past the grace period."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import create_engine, text

from praksis.kit.db import sqlalchemy_url
from praksis.kit.tls import verified_tls
from tests.concurrency.test_saturation import KERNEOPGAVER, _body, row_locked, wait_until
from tests.conftest import HEDENSTED, TEST_SECRET, Database, HeaderFactory

pytestmark = pytest.mark.postgres_only
SERVE = "from praksis.cli import main; main()"
EXIT_BOUND_SECONDS = 30  # far above the grace period: a hang, not a timing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def praksis_serve(
    database: Database, grace_seconds: int
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {
        **os.environ,
        "PRAKSIS_DATABASE_URL": database.url,
        "PRAKSIS_JWT_SECRET": TEST_SECRET,
        "PRAKSIS_ENVIRONMENT": "test",
        "PRAKSIS_SHUTDOWN_GRACE_SECONDS": str(grace_seconds),
        "PRAKSIS_DATABASE_LOCK_TIMEOUT_SECONDS": "120",
        "PRAKSIS_DATABASE_STATEMENT_TIMEOUT_SECONDS": "120",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from praksis.cli import main; main()",
            "serve",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("PRAKSIS_TEST_SERVER_LOG") else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(url), "praksis serve answers /healthz", within_seconds=180)
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1, verify=verified_tls()).status_code == 200
    except httpx.TransportError:
        return False


def sessions_waiting_for_a_lock(database: Database) -> int:
    """How many sessions of the test database wait for a lock now."""
    owner = create_engine(sqlalchemy_url(database.url))
    try:
        with owner.connect() as connection:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            return int(waiting)
    finally:
        owner.dispose()


def _patch_then_sigterm(
    database: Database,
    process: subprocess.Popen[bytes],
    url: str,
    headers: dict[str, str],
    item: str,
) -> tuple[ThreadPoolExecutor, Future[int]]:
    pool = ThreadPoolExecutor(1)

    def patch() -> int:
        with httpx.Client(base_url=url, timeout=60, verify=verified_tls()) as client:
            response = client.patch(
                f"{KERNEOPGAVER}/{item}", json={"active": False}, headers=headers
            )
            return response.status_code

    held = pool.submit(patch)
    wait_until(lambda: sessions_waiting_for_a_lock(database) > 0, "the PATCH waits for the row")
    process.send_signal(signal.SIGTERM)
    return pool, held


def _create(url: str, headers: dict[str, str]) -> str:
    with httpx.Client(base_url=url, timeout=30, verify=verified_tls()) as client:
        response = client.post(KERNEOPGAVER, json=_body("Til lukning"), headers=headers)
    assert response.status_code == 201, response.text
    identifier: str = response.json()["id"]
    return identifier


def test_sigterm_lets_the_request_in_flight_finish(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    with praksis_serve(database, grace_seconds=20) as (process, url):
        item = _create(url, headers)
        with row_locked(database, "kerneopgaver", item):
            pool, held = _patch_then_sigterm(database, process, url, headers, item)
            wait_until(lambda: not _answers(url), "the server stops taking new requests")
            assert process.poll() is None  # still draining the PATCH
        assert held.result(timeout=EXIT_BOUND_SECONDS) == 200
        # uvicorn re-raises the signal once it has shut down cleanly
        assert process.wait(timeout=EXIT_BOUND_SECONDS) in (0, -signal.SIGTERM)
        pool.shutdown()


def test_sigterm_exits_after_the_grace_period_even_if_a_request_is_stuck(
    database: Database, municipalities: list[str], auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    with praksis_serve(database, grace_seconds=1) as (process, url):
        item = _create(url, headers)
        with row_locked(database, "kerneopgaver", item):
            pool, held = _patch_then_sigterm(database, process, url, headers, item)
            process.wait(timeout=EXIT_BOUND_SECONDS)  # while the row is still locked
            assert not sessions_waiting_for_a_lock(database)
        pool.shutdown()
        assert held.exception() is not None or held.result() != 200

"""``/metrics``: off unless enabled, then request histograms by route template and the gauges
of what the process holds (admission places, pool, threads, the statistics folder)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from praksis.app import create_app
from praksis.kit.db import utc_now
from praksis.kit.ids import new_id
from praksis.statistics.models import StatisticsChange, StatisticsChangeDetail
from tests.conftest import HEDENSTED, TEST_SECRET, Database, HeaderFactory, make_settings

API = "/api/v1"
LAG = timedelta(seconds=90)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def metrics_app(database: Database, engine: Engine, **overrides: Any) -> FastAPI:
    return create_app(make_settings(database.url, metrics_enabled=True, **overrides), engine)


@pytest.fixture
def metrics_client(
    database: Database, engine: Engine, municipalities: list[str]
) -> Iterator[TestClient]:
    with TestClient(metrics_app(database, engine), raise_server_exceptions=False) as client:
        yield client


def samples(text: str) -> Samples:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float:
    return found[(name, tuple(sorted(labels.items())))]


def test_metrics_are_off_by_default(client: TestClient) -> None:
    response = client.get("/metrics")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_metrics_are_not_part_of_the_api_description(metrics_client: TestClient) -> None:
    app: FastAPI = metrics_client.app  # type: ignore[assignment]
    assert "/metrics" not in app.openapi()["paths"]


def test_requests_are_counted_and_timed_by_route_template_and_status(
    metrics_client: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, "hr_admin")
    for _ in range(3):
        assert metrics_client.get(f"{API}/kerneopgaver", headers=hr).status_code == 200
    missing = f"{API}/people/00000000-0000-7000-8000-000000000000"
    assert metrics_client.get(missing, headers=hr).status_code == 404

    response = metrics_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    found = samples(response.text)
    listed = {"method": "GET", "route": f"{API}/kerneopgaver", "status": "200"}
    assert value(found, "praksis_http_requests_total", **listed) == 3
    assert value(found, "praksis_http_request_duration_seconds_count", **listed) == 3
    assert value(found, "praksis_http_request_duration_seconds_bucket", **listed, le="+Inf") == 3
    assert value(found, "praksis_http_request_duration_seconds_sum", **listed) > 0
    by_template = {"method": "GET", "route": f"{API}/people/{{person_id}}", "status": "404"}
    assert value(found, "praksis_http_requests_total", **by_template) == 1
    assert not any("00000000-0000" in str(labels) for _name, labels in found)


def test_pool_admission_and_thread_gauges(metrics_client: TestClient, database: Database) -> None:
    found = samples(metrics_client.get("/metrics").text)
    settings = make_settings(database.url)
    assert value(found, "praksis_admission_capacity") == settings.database_pool_size
    assert value(found, "praksis_admission_in_use") == 0
    assert value(found, "praksis_admission_waiting") == 0
    assert value(found, "praksis_admission_refusals_total") == 0
    assert value(found, "praksis_db_pool_size") >= 1
    assert value(found, "praksis_db_pool_checked_out") >= 0
    assert value(found, "praksis_worker_threads") == settings.database_pool_size + 8
    assert value(found, "praksis_worker_threads_waiting") == 0


def test_statistics_freshness_shows_how_old_the_oldest_pending_change_was(
    database: Database, engine: Engine, municipalities: list[str]
) -> None:
    app = metrics_app(database, engine, statistics_sweep_seconds=60, statistics_folder=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        folder = app.state.statistics_folder
        deadline = time.monotonic() + 30
        while folder.last_sweep_at is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the sweep at start; the next one is a minute away
        started = time.time()
        # a change another process recorded 90 s ago and nobody folded since
        change = new_id()
        with engine.begin() as connection:
            connection.execute(
                insert(StatisticsChange),
                [{"municipality_id": HEDENSTED, "id": change, "noted_at": utc_now() - LAG}],
            )
            connection.execute(
                insert(StatisticsChangeDetail),
                [{"municipality_id": HEDENSTED, "change_id": change, "touched": {}}],
            )
        folder.sweep()
        found = samples(client.get("/metrics").text)
        assert value(found, "praksis_statistics_pending_age_seconds") >= LAG.total_seconds()
        assert value(found, "praksis_statistics_last_sweep_timestamp_seconds") >= started
        assert value(found, "praksis_statistics_sweep_age_seconds") < 30
        assert value(found, "praksis_statistics_fold_failures_total") == 0
        folder.sweep()  # the record was folded: nothing pending now
        found = samples(client.get("/metrics").text)
        assert value(found, "praksis_statistics_pending_age_seconds") == 0


def test_sign_in_refusals_are_counted(
    database: Database, engine: Engine, municipalities: list[str]
) -> None:
    app = metrics_app(database, engine, failed_sign_in_limit="2/minute")
    with TestClient(app, raise_server_exceptions=False) as client:
        bad = {"Authorization": "Bearer not-a-token"}
        statuses = [client.get(f"{API}/me", headers=bad).status_code for _ in range(4)]
        assert statuses == [401, 401, 429, 429]
        found = samples(client.get("/metrics").text)
    assert value(found, "praksis_sign_in_refusals_total") == 2


def test_a_metrics_token_keeps_other_scrapers_out(
    database: Database, engine: Engine, municipalities: list[str]
) -> None:
    scraper = "scraper-token-0123456789"
    app = metrics_app(database, engine, metrics_token=scraper)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/metrics").status_code == 401
        wrong = {"Authorization": f"Bearer {TEST_SECRET}"}
        assert client.get("/metrics", headers=wrong).status_code == 401
        right = client.get("/metrics", headers={"Authorization": f"Bearer {scraper}"})
        assert right.status_code == 200
        assert "praksis_db_pool_checked_out" in right.text

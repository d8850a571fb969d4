"""Waiting for the statistics to include what a test wrote, without sleeping: the test's own
thread folds every recorded change in (``statistics.folding.settle``), as the serving
process's folder would within moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from praksis.statistics.folding import settle


def settle_statistics(client: TestClient) -> int:
    """Fold in every change recorded through this client's app; returns how many."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return settle(runtime.engine, runtime.settings.app_db_role)


def assert_fresh(as_of: str) -> None:
    """A response's ``as_of`` once every change is folded in: the moment it was read."""
    moment = datetime.fromisoformat(as_of)
    assert moment.tzinfo is not None
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)

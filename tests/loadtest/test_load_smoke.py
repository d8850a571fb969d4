"""The shipped load test (benchmarks/loadtest/) runs: a few users for a few seconds against a
real ``praksis serve`` on PostgreSQL, no 5xx, every acknowledged write in the database, and
the statistics HR reads at most 5 s behind the writes.

Locust (the ``load`` dependency group, which ``scripts/bootstrap`` installs) runs in its own
process: it monkey-patches the standard library with gevent on import, so it is never imported
here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from praksis import models  # noqa: F401
from praksis.kit.db import create_db_engine
from praksis.scale.service import ScaleOptions, seed_scale
from praksis.settings import DEV_ISSUER
from tests.conftest import _empty_database

LOADTEST = Path(__file__).resolve().parents[2] / "benchmarks" / "loadtest"


@pytest.fixture
def seeded(postgres_database: str) -> Iterator[str]:
    """Two municipalities of generated data in this worker's PostgreSQL test database."""
    engine = create_db_engine(postgres_database, pool_size=2)
    try:
        seed_scale(engine, ScaleOptions(municipalities=2, people_per_municipality=150), DEV_ISSUER)
    finally:
        engine.dispose()
    yield postgres_database
    _empty_database(postgres_database)


def test_the_scenario_runs_without_server_errors_or_lost_writes(
    seeded: str, tmp_path: Path
) -> None:
    sys.path.insert(0, str(LOADTEST))
    try:
        import run
    finally:
        sys.path.remove(str(LOADTEST))
    args = run.parser().parse_args(
        ["--users", "12", "--spawn-rate", "12", "--run-time", "6", "--think-scale", "0.2"]
    )

    report = run.load(seeded, args, tmp_path)

    result = report["result"]
    assert result["requests"] >= 30, result["statuses"]
    assert not result["5xx"], result["5xx"]
    assert result["timeouts"] == 0
    assert result["connection_errors"] == 0
    assert "401" not in result["statuses"], "the locustfile's tokens were refused"
    assert report["writes"]["acknowledged"] > 0, result["routes"]
    assert report["writes"]["lost"] == 0, report["writes"]
    assert report["readyz_after_s"] < 5
    # the figures HR reads (its landing page, and again while others write) are at most 5 s
    # behind the changes committed before them
    fresh = report["statistics_behind"]["/api/v1/statistics/municipality"]
    assert fresh["answers"] >= 1
    assert fresh["max_s"] <= 5, fresh

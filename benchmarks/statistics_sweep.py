"""The statistics folder's idle sweep: one read of the pending municipalities against one
tenant transaction per municipality.

With nothing to fold, the folder still sweeps every ``PRAKSIS_STATISTICS_SWEEP_SECONDS`` (2 s)
for records other processes left. It used to open a tenant transaction per municipality and
read its oldest record; it now reads which municipalities have records in one statement as
its own role (``folding.pending_municipalities``, migration 0029). This measures both, requests
alternating, on a database with every municipality migrated (``praksis_scale`` from
``statistics_scale.py``), and prints the median wall and process CPU time per sweep.

    .venv/bin/python benchmarks/statistics_sweep.py --url postgresql+psycopg://…/praksis_scale
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from sqlmodel import func, select

os.environ.setdefault("PRAKSIS_JWT_SECRET", "benchmark-secret-" + "x" * 30)

from praksis import models as _models  # noqa: F401 - registers every table
from praksis.kit.db import TenantSession, create_db_engine
from praksis.settings import Settings
from praksis.statistics.folding import in_each_municipality, pending_municipalities
from praksis.statistics.models import StatisticsChange


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale"
    )
    parser.add_argument("--sweeps", type=int, default=30)
    args = parser.parse_args()
    settings = Settings()
    engine = create_db_engine(args.url)

    def per_municipality() -> int:
        def oldest(session: TenantSession) -> int:
            found = session.exec(select(func.min(StatisticsChange.noted_at))).one()
            return 0 if found is None else 1

        return in_each_municipality(engine, settings.app_db_role, oldest)

    def one_read() -> int:
        return len(pending_municipalities(engine, settings.statistics_sweep_db_role))

    variants: dict[str, Callable[[], int]] = {
        "a tenant transaction per municipality (before)": per_municipality,
        "one read as the sweep's role (now)": one_read,
    }
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    pending: dict[str, int] = {}
    for sweep in range(args.sweeps + 3):
        for name, variant in variants.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            pending[name] = variant()
            if sweep >= 3:
                wall[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
    for name in variants:
        print(
            f"{name}: wall {statistics.median(wall[name]):.1f} ms, "
            f"CPU {statistics.median(cpu[name]):.1f} ms per sweep "
            f"({pending[name]} municipalities with records; median of {args.sweeps})"
        )
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

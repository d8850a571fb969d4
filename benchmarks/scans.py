"""The periodic scans across municipalities: one read as a narrow role against one tenant
transaction per municipality.

Three periodic tasks look, with nothing to do most of the time, for work other processes left:
the statistics folder's sweep (every ``PRAKSIS_STATISTICS_SWEEP_SECONDS``, 2 s), the job
worker's queueing of due webhook deliveries (every 5 s) and its dispatch of notifications
(every 15 s). Each used to open a tenant transaction per municipality; each now reads which
municipalities have work in one statement as its own role (``kit.db.read_across_municipalities``,
migrations 0029 and 0030), then opens transactions for those only. This measures each both
ways, alternating, on a database with every municipality migrated and nothing due
(``praksis_scale`` from ``statistics_scale.py``), and prints the median wall and process CPU
time per scan. "Before" is today's task with its scan answering every municipality.

    .venv/bin/python benchmarks/scans.py --url postgresql+psycopg://…/praksis_scale
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from unittest import mock

from sqlmodel import func, select

os.environ.setdefault("PRAKSIS_JWT_SECRET", "benchmark-secret-" + "x" * 30)

from praksis import models as _models  # noqa: F401 - registers every table
from praksis.kit.db import TenantSession, create_db_engine, utc_now
from praksis.kit.jobs import JobRuntime
from praksis.municipalities.service import list_municipalities
from praksis.notifications import service as notifications
from praksis.settings import Settings
from praksis.statistics.folding import in_each_municipality, pending_municipalities
from praksis.statistics.models import StatisticsChange
from praksis.webhooks import delivery


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale"
    )
    parser.add_argument("--scans", type=int, default=30)
    args = parser.parse_args()
    settings = Settings(database_url=args.url)
    engine = create_db_engine(args.url)
    runtime = JobRuntime(engine, settings)
    everyone = [municipality.id for municipality in list_municipalities(engine)]

    def every_municipality(task: Callable[[], object], scan: str, module: object) -> int:
        with mock.patch.object(module, scan, return_value=everyone):
            task()
        return len(everyone)

    def oldest(session: TenantSession) -> int:
        return 0 if session.exec(select(func.min(StatisticsChange.noted_at))).one() is None else 1

    def queue_due() -> object:
        return delivery.due_deliveries(engine, settings, utc_now())

    def dispatch() -> object:
        return notifications.pending_notifications(runtime)

    scans: dict[str, dict[str, Callable[[], object]]] = {
        "statistics sweep": {
            "before": lambda: in_each_municipality(engine, settings.app_db_role, oldest),
            "now": lambda: pending_municipalities(engine, settings.statistics_sweep_db_role),
        },
        "webhook deliveries due": {
            "before": lambda: every_municipality(
                queue_due, "municipalities_with_due_deliveries", delivery
            ),
            "now": queue_due,
        },
        "notifications to dispatch": {
            "before": lambda: every_municipality(
                dispatch, "municipalities_with_undelivered", notifications
            ),
            "now": dispatch,
        },
    }
    print(f"{len(everyone)} municipalities; median of {args.scans} scans, ms")
    print(f"{'scan':28} {'before wall':>12} {'before CPU':>11} {'now wall':>9} {'now CPU':>8}")
    for name, variants in scans.items():
        wall: dict[str, list[float]] = {variant: [] for variant in variants}
        cpu: dict[str, list[float]] = {variant: [] for variant in variants}
        for scan in range(args.scans + 3):
            for variant, run in variants.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                run()
                if scan >= 3:
                    wall[variant].append((time.perf_counter() - started) * 1000)
                    cpu[variant].append((time.process_time() - started_cpu) * 1000)
        figures = [
            statistics.median(found[variant]) for variant in variants for found in (wall, cpu)
        ]
        print(f"{name:28} " + " ".join(f"{figure:>10.1f}" for figure in figures))
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

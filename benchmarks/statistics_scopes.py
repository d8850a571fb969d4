"""Per-statement timings of the municipality view's filtered scopes on the `praksis_scale` data.

Run after `benchmarks/statistics_scale.py` has seeded the database (or with `--reuse` there):

    .venv/bin/python benchmarks/statistics_scopes.py ["last 12 months" ...]

For each scope (`statistics_scale.scopes`: HR's last 12 months, the largest programme, the
largest afdeling, a director's units) it calls `municipality_statistics` in the scope's tenant
transaction `--requests` times and prints the median, p95 and fastest total and the slowest SQL
statements by their median, so a change to one statement can be read side by side with the
rest of the request.

`--generic-plans` measures a second variant beside it, requests alternating: the view without
`planned_for_the_values`, so PostgreSQL may switch a statement psycopg prepared (from its fifth
run on) to a generic plan, as it did before; the warm-up (default 12) lets that happen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("PRAKSIS_JWT_SECRET", "benchmark-secret-" + "x" * 30)

import statistics_scale as scale
from praksis.kit.context import MunicipalityInfo, TenantContext
from praksis.kit.db import create_db_engine, tenant_session
from praksis.municipalities.models import Municipality
from praksis.settings import Settings
from praksis.statistics import service as statistics_service
from praksis.statistics.service import municipality_statistics

TENANT = "dk-0101"  # København, the largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", nargs="*", help="scopes to measure (default: all)")
    parser.add_argument(
        "--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale"
    )
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=12)
    parser.add_argument("--statements", type=int, default=6)
    parser.add_argument("--generic-plans", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    engine = create_db_engine(args.url)
    timings: list[tuple[float, str]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, _cursor: Any, _statement: str, *_: Any) -> None:
        conn.info["started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        elapsed = (time.perf_counter() - conn.info["started"]) * 1000
        timings.append((elapsed, " ".join(statement.split())[:110]))

    variants = {"custom plans": statistics_service.planned_for_the_values}
    if args.generic_plans:
        variants["PostgreSQL's choice"] = lambda _session: None
    for scope in scale.scopes(engine, settings, TENANT, "unused"):
        if args.labels and scope.label not in args.labels:
            continue
        totals: dict[str, list[float]] = defaultdict(list)
        by_statement: dict[str, list[float]] = defaultdict(list)
        for round_ in range(args.warmup + args.requests):
            for variant, planning in variants.items():
                statistics_service.planned_for_the_values = planning  # type: ignore[assignment]
                timings.clear()
                elapsed = _one_request(engine, settings, scope)
                if round_ >= args.warmup:
                    totals[variant].append(elapsed)
                    if variant == "custom plans":
                        for spent, statement in timings:
                            by_statement[statement].append(spent)
        for variant, spent in totals.items():
            print(
                f"== {scope.label}, {variant}: median {statistics.median(spent):.0f} ms, "
                f"p95 {_p95(spent):.0f} ms, fastest {min(spent):.0f} ms ({len(spent)} requests)"
            )
        slowest = sorted(by_statement.items(), key=lambda item: -statistics.median(item[1]))
        for statement, spent in slowest[: args.statements]:
            print(f"   {statistics.median(spent):7.1f} ms  {statement}")
    engine.dispose()
    return 0


def _one_request(engine: Any, settings: Settings, scope: Any) -> float:
    with tenant_session(engine, TENANT, settings.app_db_role) as session:
        found = session.exec(select(Municipality).where(Municipality.id == TENANT)).one()
        info = MunicipalityInfo(found.id, found.name, str(found.country), found.time_zone)
        context = TenantContext.over_session(scope.principal, info, scope.person_id, session)
        started = time.perf_counter()
        municipality_statistics(context, scope.filters)
        return (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    raise SystemExit(main())

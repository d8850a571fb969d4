"""Per-statement timings of the municipality view's filtered scopes on the `praksis_scale` data.

Run after `benchmarks/statistics_scale.py` has seeded the database (or with `--reuse` there):

    .venv/bin/python benchmarks/statistics_scopes.py ["last 12 months" ...]

For HR's whole municipality and each scope (`statistics_scale.scopes`: HR's last 12 months,
the largest programme, the largest afdeling, a director's units) it computes the view and
writes its JSON as the route does (`served`), in the scope's tenant transaction, `--requests`
times, and prints the median, p95 and fastest total, the median time in SQL (the statements'
own, timed by the engine's cursor events: the rest is Python) and the slowest SQL statements
by their median, so a change to one statement can be read side by side with the rest of the
request.

`--generic-plans` measures a second variant beside it, requests alternating: the view without
`planned_for_the_values`, so PostgreSQL may switch a statement psycopg prepared (from its fifth
run on) to a generic plan, as it did before; the warm-up (default 12) lets that happen.

`--against REV` measures the view as it was at a git revision beside today's, requests
alternating (on a shared machine the only fair comparison): every module of the statistics
package at REV but its tables is imported from REV under its own name (tables and models must
not differ). Before 2026-12-04 only five modules were, the others today's: a revision whose
modules have moved since (e.g. c798a6d) ran with today's helpers and measured nonsense.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import importlib.abc
import importlib.util
import os
import statistics
import subprocess
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
from praksis.statistics.service import StatisticsFilter

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
    parser.add_argument("--against", metavar="REV", help="a git revision to compare with")
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

    today = served(statistics_service)
    variants = {"custom plans": (today, statistics_service.planned_for_the_values)}
    if args.generic_plans:
        variants["PostgreSQL's choice"] = (today, lambda _session: None)
    if args.against:
        variants[f"at {args.against}"] = (_view_at(args.against), variants["custom plans"][1])
    measured = scale.scopes(engine, settings, TENANT, "unused")
    # HR's landing page: the whole municipality, read from its maintained rows
    whole = dataclasses.replace(measured[0], label="whole municipality", filters=StatisticsFilter())
    # as `praksis serve` does after startup: a collection of the whole heap (~140 ms here)
    # would otherwise land in a request or two of each variant and make their p95
    gc.collect()
    gc.freeze()
    for scope in [whole, *measured]:
        if args.labels and scope.label not in args.labels:
            continue
        totals: dict[str, list[float]] = defaultdict(list)
        in_sql: dict[str, list[float]] = defaultdict(list)
        by_statement: dict[str, list[float]] = defaultdict(list)
        for round_ in range(args.warmup + args.requests):
            for variant, (view, planning) in variants.items():
                statistics_service.planned_for_the_values = planning  # type: ignore[assignment]
                timings.clear()
                elapsed = _one_request(engine, settings, scope, view)
                if round_ >= args.warmup:
                    totals[variant].append(elapsed)
                    in_sql[variant].append(sum(spent for spent, _ in timings))
                    if variant == "custom plans":
                        for spent, statement in timings:
                            by_statement[statement].append(spent)
        for variant, spent in totals.items():
            print(
                f"== {scope.label}, {variant}: median {statistics.median(spent):.0f} ms, "
                f"p95 {_p95(spent):.0f} ms, fastest {min(spent):.0f} ms ({len(spent)} requests); "
                f"in SQL: median {statistics.median(in_sql[variant]):.0f} ms"
            )
        slowest = sorted(by_statement.items(), key=lambda item: -statistics.median(item[1]))
        for statement, spent in slowest[: args.statements]:
            print(f"   {statistics.median(spent):7.1f} ms  {statement}")
    engine.dispose()
    return 0


def served(service: Any) -> Any:
    """The view's JSON as a revision's route writes it: its plain figures written at once
    (``as_json``, since 2026-12-05), or its model's JSON."""
    if hasattr(service, "as_json"):
        return lambda context, filters: service.as_json(
            service.municipality_figures(context, filters)
        )
    return lambda context, filters: service.municipality_statistics(
        context, filters
    ).model_dump_json()


def _view_at(revision: str) -> Any:
    """The view (``served``) of the revision: every module of its statistics package but
    the tables (``models``: today's, which the database has) imported from the revision, so
    each sees the revision's others; today's modules are put back afterwards."""
    package = "praksis.statistics"
    folder = "backend/praksis/statistics"
    if _git("diff", "--name-only", revision, "--", f"{folder}/models.py").strip():
        print(f"note: {folder}/models.py differs at {revision}; today's tables are used")
    names = {
        Path(path).stem
        for path in _git("ls-tree", "--name-only", revision, f"{folder}/").split()
        if path.endswith(".py") and Path(path).stem not in {"__init__", "models"}
    }
    today = {name: module for name, module in sys.modules.items() if name.startswith(f"{package}.")}
    # `from praksis.statistics import registry` reads the package's attribute, not sys.modules
    parent = sys.modules[package]
    attributes = {name: getattr(parent, name) for name in names if hasattr(parent, name)}
    finder = _RevisionFinder(revision, folder, {f"{package}.{name}" for name in names})
    for name in names:
        sys.modules.pop(f"{package}.{name}", None)
        if name in attributes:
            delattr(parent, name)
    sys.meta_path.insert(0, finder)
    try:
        return served(importlib.import_module(f"{package}.service"))
    finally:
        sys.meta_path.remove(finder)
        for name in names:
            sys.modules.pop(f"{package}.{name}", None)
        sys.modules.update(today)
        for name in names:
            if name in attributes:
                setattr(parent, name, attributes[name])
            elif hasattr(parent, name):
                delattr(parent, name)


class _RevisionFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the statistics modules in ``served`` in the revision's git tree."""

    def __init__(self, revision: str, folder: str, served: set[str]) -> None:
        self.revision, self.folder, self.served = revision, folder, served

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in self.served:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        name = module.__name__.rsplit(".", 1)[1]
        source = _git("show", f"{self.revision}:{self.folder}/{name}.py")
        # the project's own code at an earlier commit, as the benchmark's variant
        exec(compile(source, f"{self.revision}:{name}.py", "exec"), module.__dict__)  # noqa: S102


def _git(*args: str) -> str:
    root = Path(__file__).parent.parent
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)  # noqa: S603, S607
    return done.stdout


def _one_request(engine: Any, settings: Settings, scope: Any, view: Any) -> float:
    with tenant_session(engine, TENANT, settings.app_db_role) as session:
        found = session.exec(select(Municipality).where(Municipality.id == TENANT)).one()
        info = MunicipalityInfo(found.id, found.name, str(found.country), found.time_zone)
        context = TenantContext.over_session(scope.principal, info, scope.person_id, session)
        started = time.perf_counter()
        view(context, scope.filters)
        return (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    raise SystemExit(main())

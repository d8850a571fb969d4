"""Statistics at national scale: the partner and municipality views against the naive way.

One run creates the PostgreSQL database ``--database`` (``praksis_scale``) if missing,
migrates it and loads Denmark's 98 municipalities with ``praksis seed-scale``'s generator
(``--reuse`` skips that and measures what is there), then, through the real app in-process
(Starlette's TestClient, one request at a time), measures warm p50/p95 of

* ``GET /api/v1/statistics/partner`` as KL (all municipalities in KL's offerings; nothing is
  cached, so every request is as the first after a write), next to
  ``offering_cell_measures`` for the same offerings: plain GROUP BYs over the raw tables
  across all municipalities, on an owner connection;
* ``GET /api/v1/statistics/municipality`` as HR of the largest municipality (from the
  maintained tallies), next to ``naive_municipality_statistics`` (plain GROUP BYs over the raw
  tables in HR's tenant session); the two are checked equal first.

Then prints the table, the slowest SQL statements of one municipality request (and, with
``--explain``, the plan of the slowest), and writes ``benchmarks/results/statistics_scale-*``.

    .venv/bin/python benchmarks/statistics_scale.py            # seeds (a few minutes) and measures
    .venv/bin/python benchmarks/statistics_scale.py --reuse --explain
    .venv/bin/python benchmarks/statistics_scale.py --reuse --skip-naive --partner-requests 200
"""

from __future__ import annotations

import argparse
import json
import platform
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from praksis import models as _models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.app import create_app
from praksis.kit.auth import Principal, issue_dev_token
from praksis.kit.context import TenantContext
from praksis.kit.db import TENANT_SETTING, TenantSession, create_db_engine, tenant_session
from praksis.kit.migrations import upgrade
from praksis.kit.permissions import Role
from praksis.kit.runtime import MunicipalityInfo
from praksis.municipalities.models import Municipality
from praksis.scale.service import ScaleOptions, seed_scale
from praksis.settings import Settings
from praksis.statistics.reference import offering_cell_measures
from praksis.statistics.schemas import MunicipalityStatistics
from praksis.statistics.service import StatisticsFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' reference
from tests.statistics.municipality_reference import naive_municipality_statistics

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TARGET_P95_MS = 100.0
PARTNER = "kl"


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p95_ms: float
    samples: int


@dataclass(frozen=True)
class Row:
    view: str
    ours: Timing
    naive: Timing
    note: str

    @property
    def ratio(self) -> float:
        return self.naive.p95_ms / self.ours.p95_ms if self.ours.p95_ms else 0.0


def same_figures(served: dict[str, Any], reference: MunicipalityStatistics) -> bool:
    """The route's JSON equals the reference but for ``as_of`` (the moment of each read)."""
    expected = reference.model_dump(mode="json", exclude={"as_of"})
    return {key: value for key, value in served.items() if key != "as_of"} == expected


def database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def ensure_database(admin_url: str, name: str) -> bool:
    """Create the database unless it exists; True when it was created."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def measure(call: Callable[[], object], warmup: int, requests: int) -> Timing:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return Timing(round(statistics.median(samples), 2), round(p95, 2), len(samples))


@dataclass(frozen=True)
class Scope:
    """A filtered municipality view: no longer the whole municipality, so read by joining the
    enrolments in scope with the tallies."""

    label: str
    filters: StatisticsFilter
    token: str
    principal: Principal
    person_id: uuid.UUID


def scopes(engine: Engine, settings: Settings, largest: str, hr: str) -> list[Scope]:
    """HR's last 12 months, largest programme and largest afdeling, and a director's scope."""
    with engine.connect() as connection:
        last = connection.execute(
            text("SELECT max(created_at) FROM enrolments WHERE municipality_id = :m"),
            {"m": largest},
        ).scalar_one()
        programme = connection.execute(
            text(
                "SELECT programme_id FROM enrolments WHERE municipality_id = :m "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            ),
            {"m": largest},
        ).scalar_one()
        afdeling = connection.execute(
            text(
                "SELECT u.id FROM org_units u"
                " JOIN org_units c ON c.parent_id = u.id AND c.municipality_id = u.municipality_id"
                " JOIN people p ON p.org_unit_id = c.id AND p.municipality_id = u.municipality_id"
                " WHERE u.municipality_id = :m AND u.kind = 'afdeling'"
                " GROUP BY u.id ORDER BY count(*) DESC LIMIT 1"
            ),
            {"m": largest},
        ).scalar_one()
        director, subject = connection.execute(
            text(
                "SELECT p.id, p.subject FROM org_unit_leaders l"
                " JOIN org_units u"
                " ON u.id = l.org_unit_id AND u.municipality_id = l.municipality_id"
                " JOIN people p ON p.id = l.person_id AND p.municipality_id = l.municipality_id"
                " WHERE l.municipality_id = :m AND u.parent_id IS NULL LIMIT 1"
            ),
            {"m": largest},
        ).one()
    year = StatisticsFilter(from_date=last.date() - timedelta(days=364), to_date=last.date())
    hr_principal = Principal(
        issuer="praksis-dev", subject="bench-hr", tenant=largest, roles=frozenset({Role.hr_admin})
    )
    issuer, leader_subject = str(subject).split("|", 1)
    leader = issue_dev_token(settings, subject=leader_subject, tenant=largest, roles=["leader"])
    leader_principal = Principal(
        issuer=issuer, subject=leader_subject, tenant=largest, roles=frozenset({Role.leader})
    )
    return [
        Scope("last 12 months", year, hr, hr_principal, uuid.uuid4()),
        Scope(
            "largest programme",
            StatisticsFilter(programme_id=programme),
            hr,
            hr_principal,
            uuid.uuid4(),
        ),
        Scope(
            "largest afdeling",
            StatisticsFilter(org_unit_id=afdeling),
            hr,
            hr_principal,
            uuid.uuid4(),
        ),
        Scope(
            "a director's units (leader)", StatisticsFilter(), leader, leader_principal, director
        ),
    ]


def _query(filters: StatisticsFilter) -> str:
    params = {
        "from": filters.from_date,
        "to": filters.to_date,
        "programme_id": filters.programme_id,
        "org_unit_id": filters.org_unit_id,
    }
    return "&".join(f"{name}={value}" for name, value in params.items() if value is not None)


def measure_scope(
    engine: Engine,
    client: TestClient,
    scope: Scope,
    largest: str,
    settings: Settings,
    args: argparse.Namespace,
) -> Row:
    path = f"/api/v1/statistics/municipality?{_query(scope.filters)}"

    def ours() -> Any:
        response = client.get(path, headers={"Authorization": f"Bearer {scope.token}"})
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
        return response

    def naive() -> object:
        with tenant_session(engine, largest, settings.app_db_role) as session:
            context = hr_context(session, largest)
            context = TenantContext.over_session(
                scope.principal, context.municipality, scope.person_id, session
            )
            return naive_municipality_statistics(context, scope.filters)

    reference = naive()
    assert isinstance(reference, MunicipalityStatistics)
    if not same_figures(ours().json(), reference):
        raise SystemExit(f"the municipality view, {scope.label}, differs from the reference")
    print(f"measuring the municipality view, {scope.label} …", flush=True)
    return Row(
        f"municipality ({largest}), {scope.label}",
        measure(ours, args.warmup, args.requests),
        measure(naive, 1, args.naive_municipality_requests),
        "a filtered scope: the enrolments in scope joined with the tallies; equal checked",
    )


@contextmanager
def statement_timer(engine: Engine) -> Iterator[list[tuple[float, str, Any]]]:
    """(milliseconds, SQL, parameters) of every statement run while inside."""
    found: list[tuple[float, str, Any]] = []

    def before(
        _conn: Any, _cursor: Any, _statement: str, _params: Any, context: Any, _: Any
    ) -> None:
        context._bench_started = time.perf_counter()

    def after(_conn: Any, _cursor: Any, statement: str, params: Any, context: Any, _: Any) -> None:
        found.append(((time.perf_counter() - context._bench_started) * 1000, statement, params))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def explain(engine: Engine, tenant: str, role: str, statement: str, params: Any) -> str:
    """The plan of one request statement, run as the request runs it (role and tenant)."""
    with engine.connect() as connection, connection.begin():
        connection.execute(
            text("SELECT set_config('role', :role, true), set_config(:setting, :tenant, true)"),
            {"role": role, "setting": TENANT_SETTING, "tenant": tenant},
        )
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
        plan = "\n".join(str(row[0]) for row in cursor.fetchall())
        connection.rollback()
        return plan


def measure_naive_partner(
    naive_partner: Callable[[], object], args: argparse.Namespace
) -> tuple[Timing, str]:
    try:
        naive = measure(naive_partner, 0, args.naive_requests or args.requests)
    except OperationalError:
        timeout_ms = args.naive_timeout * 1000.0
        return (
            Timing(timeout_ms, timeout_ms, 0),
            f"naive: offering_cell_measures did not finish in {args.naive_timeout} s",
        )
    return naive, "naive: offering_cell_measures over all municipalities (owner connection)"


def largest_municipality(engine: Engine) -> tuple[str, int]:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT municipality_id, count(*) FROM people GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
        ).one()
    return str(row[0]), int(row[1])


def totals(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)
            for table in (
                "municipalities",
                "people",
                "enrolments",
                "attendance",
                "trial_action_feedback",
                "workshop_evaluations",
                "transfer_follow_ups",
            )
        }


def hr_context(session: TenantSession, tenant: str) -> TenantContext:
    """What a request of the municipality's HR gets: its principal, municipality and session."""
    municipality = session.exec(select(Municipality).where(Municipality.id == tenant)).one()
    principal = Principal(
        issuer="praksis-dev", subject="bench-hr", tenant=tenant, roles=frozenset({Role.hr_admin})
    )
    info = MunicipalityInfo(
        municipality.id, municipality.name, str(municipality.country), municipality.time_zone
    )
    return TenantContext.over_session(principal, info, uuid.uuid4(), session)


def main() -> int:
    wiring.install()  # the statistics upkeep, as in the app
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--admin-url", default=DEFAULT_ADMIN_URL)
    parser.add_argument("--database", default="praksis_scale")
    parser.add_argument("--reuse", action="store_true", help="measure the data already there")
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--people-per-municipality", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--naive-requests",
        type=int,
        default=None,
        help="runs of the naive partner computation (default: --requests; it can take minutes)",
    )
    parser.add_argument("--naive-timeout", type=int, default=600, help="seconds per naive run")
    parser.add_argument("--naive-per-municipality-requests", type=int, default=5)
    parser.add_argument(
        "--skip-naive", action="store_true", help="no naive partner lines (they take minutes)"
    )
    parser.add_argument(
        "--partner-requests", type=int, default=None, help="partner view (default: --requests)"
    )
    parser.add_argument(
        "--partner-warmup", type=int, default=None, help="partner view (default: --warmup)"
    )
    parser.add_argument(
        "--naive-municipality-requests",
        type=int,
        default=10,
        help="runs of naive_municipality_statistics (seconds each at national scale)",
    )
    parser.add_argument("--explain", action="store_true", help="plan of the slowest statement")
    args = parser.parse_args()

    url = database_url(args.admin_url, args.database)
    created = ensure_database(args.admin_url, args.database)
    settings = Settings(
        environment="development",
        database_url=url,
        jwt_secret=secrets.token_urlsafe(32),
        database_pool_size=4,
        statistics_request_limit="1000000/minute",  # one caller asks hundreds of times here
    )
    seed_report: dict[str, Any] = {}
    if created or not args.reuse:
        upgrade(url)
        engine = create_db_engine(url, pool_size=4)
        options = ScaleOptions(
            municipalities=args.municipalities,
            people_per_municipality=args.people_per_municipality,
            seed=args.seed,
            replace=True,
        )
        print(f"seeding {options.municipalities} municipalities into {args.database} …")
        report = seed_scale(engine, options, settings.jwt_issuer)
        seed_report = {
            "load_seconds": round(report.load_seconds, 1),
            "rebuild_seconds": round(report.rebuild_seconds, 1),
            "aggregate_rows": report.aggregate_rows,
            "rows": sum(report.counts.values()),
        }
        print(
            f"seeded {seed_report['rows']:,} rows in {seed_report['load_seconds']} s, "
            f"aggregates rebuilt in {seed_report['rebuild_seconds']} s"
        )
        engine.dispose()
    engine = create_db_engine(url, pool_size=4)
    data = totals(engine)
    print("data: " + ", ".join(f"{table} {count:,}" for table, count in data.items()))
    largest, people = largest_municipality(engine)
    hr = issue_dev_token(
        settings, subject=f"{largest}-bench-hr", tenant=largest, roles=["hr_admin"]
    )
    partner = issue_dev_token(
        settings, subject="kl-bench", tenant=None, roles=["partner"], partner=PARTNER
    )
    with engine.connect() as connection:
        municipality_ids = list(connection.execute(text("SELECT id FROM municipalities")).scalars())
        offerings = [
            row[0]
            for row in connection.execute(
                text("SELECT id FROM partner_offerings WHERE partner = :p"), {"p": PARTNER}
            )
        ]

    rows: list[Row] = []
    slowest: list[tuple[float, str, Any]] = []
    # the startup heap frozen as `praksis serve` does: otherwise each full collection rescans
    # it (~140 ms, about twice in 60 requests: right at the p95)
    with TestClient(create_app(settings, engine, freeze_startup_heap=True)) as client:

        def get(path: str, token: str) -> Callable[[], object]:
            def call() -> object:
                response = client.get(path, headers={"Authorization": f"Bearer {token}"})
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
                return response

            return call

        def naive_partner() -> object:
            with engine.connect() as connection:
                connection.execute(text(f"SET statement_timeout = '{args.naive_timeout}s'"))
                return offering_cell_measures(connection, offerings)

        def naive_per_municipality() -> object:
            cells = []
            for municipality in municipality_ids:
                with tenant_session(engine, municipality, settings.app_db_role) as session:
                    cells.append(offering_cell_measures(session, offerings))
            return cells

        partner_view = get("/api/v1/statistics/partner", partner)
        partner_requests = args.partner_requests or args.requests
        partner_warmup = args.warmup if args.partner_warmup is None else args.partner_warmup
        print("measuring the partner view …", flush=True)
        ours = measure(partner_view, partner_warmup, partner_requests)
        skipped = Timing(0.0, 0.0, 0)
        naive, per_municipality = skipped, skipped
        note = "naive: skipped (--skip-naive)"
        if not args.skip_naive:
            print("measuring offering_cell_measures (all municipalities at once) …", flush=True)
            naive, note = measure_naive_partner(naive_partner, args)
            print("measuring the same GROUP BYs per municipality (98 tenant transactions) …")
            per_municipality = measure(
                naive_per_municipality, 1, args.naive_per_municipality_requests
            )
        title = f"partner ({PARTNER}, {len(offerings)} offerings)"
        rows.append(Row(title, ours, naive, note))
        rows.append(
            Row(
                "partner, naive per municipality",
                ours,
                per_municipality,
                "naive: offering_cell_measures in each municipality's tenant session, summed",
            )
        )
        municipality_view = get("/api/v1/statistics/municipality", hr)

        def naive_municipality() -> object:
            with tenant_session(engine, largest, settings.app_db_role) as session:
                context = hr_context(session, largest)
                return naive_municipality_statistics(context, StatisticsFilter())

        response = client.get(
            "/api/v1/statistics/municipality", headers={"Authorization": f"Bearer {hr}"}
        )
        reference = naive_municipality()
        assert isinstance(reference, MunicipalityStatistics)
        if not same_figures(response.json(), reference):
            raise SystemExit("the municipality view differs from naive_municipality_statistics")
        print("measuring the municipality view …", flush=True)
        ours = measure(municipality_view, args.warmup, args.requests)
        print("measuring naive_municipality_statistics …", flush=True)
        naive = measure(naive_municipality, 1, args.naive_municipality_requests)
        rows.append(
            Row(
                f"municipality ({largest}, {people:,} people)",
                ours,
                naive,
                "naive: naive_municipality_statistics (plain GROUP BYs, HR's tenant session); "
                "equal figures checked",
            )
        )
        for scope in scopes(engine, settings, largest, hr):
            rows.append(measure_scope(engine, client, scope, largest, settings, args))
        with statement_timer(engine) as statements:
            municipality_view()
        slowest = sorted(statements, key=lambda found: found[0], reverse=True)[:5]

    print()
    print(
        f"{'view':<42} {'ours p50':>9} {'ours p95':>9} {'naive p50':>10} {'naive p95':>10} "
        f"{'ratio':>6}  p95 ≤ {TARGET_P95_MS:.0f} ms"
    )
    for row in rows:
        met = (
            "yes"
            if row.ours.p95_ms <= TARGET_P95_MS
            else f"no (+{row.ours.p95_ms - TARGET_P95_MS:.0f} ms)"
        )
        print(
            f"{row.view:<42} {row.ours.p50_ms:>9.1f} {row.ours.p95_ms:>9.1f} "
            f"{row.naive.p50_ms:>10.1f} {row.naive.p95_ms:>10.1f} {row.ratio:>6.1f}  {met}"
        )
    print(
        f"(ours: partner {partner_requests} requests after {partner_warmup} warm-up, "
        f"municipality {args.requests} after {args.warmup}; naive partner: "
        f"{rows[0].naive.samples} runs, per municipality: {rows[2].naive.samples} after 1; "
        f"naive municipality: {rows[3].naive.samples} after 1; ms)"
    )
    print("\nslowest statements of one municipality request:")
    for milliseconds, statement, _params in slowest:
        print(f"  {milliseconds:8.1f} ms  {' '.join(statement.split())[:150]}")
    plan = ""
    if args.explain and slowest:
        plan = explain(engine, largest, settings.app_db_role, slowest[0][1], slowest[0][2])
        print("\nEXPLAIN ANALYZE of the slowest:\n" + plan)
    engine.dispose()

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {
        "when": stamp,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": args.database,
        "seed": seed_report,
        "data": data,
        "rows": [{**asdict(row), "ratio": round(row.ratio, 2)} for row in rows],
        "slowest_statements": [
            {"ms": round(ms, 2), "sql": " ".join(statement.split())} for ms, statement, _ in slowest
        ],
        "plan": plan,
    }
    path = RESULTS_DIR / f"statistics_scale-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten to {path.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

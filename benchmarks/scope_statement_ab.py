"""A filtered scope's one statement with and without a schema change, alternating.

For an index (or any DDL) that might speed up the municipality view's scope statement
(``statistics.scope_reads``): the statement of one scope of ``statistics_scale.scopes`` (as
the view sends it, SQL and parameters) is run in the tenant's transaction as the requests'
role, round after round, once as the database is and once after ``--ddl`` inside the same
transaction, which is then rolled back. Both variants meet the same moment of a noisy
machine, and nothing is left behind (DDL is transactional in PostgreSQL; a ``CREATE INDEX``
holds its table's lock only until the rollback, so use a database nobody else writes to).

    .venv/bin/python benchmarks/scope_statement_ab.py "a director's units (leader)" \\
      --ddl "CREATE INDEX tmp ON enrolments (municipality_id, person_id) INCLUDE (status)" \\
      --url postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale_monthly

``--leave-out KIND`` compares instead with the same statement without one of its branches
(a name of ``scope_reads.KINDS``, e.g. ``projects``): what that branch costs.

    .venv/bin/python benchmarks/scope_statement_ab.py "last 12 months" --leave-out projects \\
      --url postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale_monthly

Prints the median and the 10th percentile of each variant's statement time (ms).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("PRAKSIS_JWT_SECRET", "benchmark-secret-" + "x" * 30)

import statistics_scale as scale
from praksis.kit.context import MunicipalityInfo, TenantContext
from praksis.kit.db import TENANT_SETTING, create_db_engine, switch_role, tenant_session
from praksis.municipalities.models import Municipality
from praksis.settings import Settings
from praksis.statistics.scope import planned_for_the_values
from praksis.statistics.scope_reads import KINDS
from praksis.statistics.service import municipality_figures

TENANT = "dk-0101"  # København, the largest
SCOPE_STATEMENT = "scoped_workshops"  # a name only the scope statement's SQL has


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scope", help="a scope of statistics_scale.scopes, e.g. 'last 12 months'")
    variant = parser.add_mutually_exclusive_group(required=True)
    variant.add_argument("--ddl", help="SQL run before variant B (DDL, SET LOCAL …), rolled back")
    variant.add_argument("--leave-out", choices=KINDS[1:], help="variant B: without this branch")
    parser.add_argument(
        "--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale"
    )
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--runs", type=int, default=4, help="statements per variant and round")
    args = parser.parse_args()
    settings = Settings()
    engine = create_db_engine(args.url)
    scope = next(
        (
            found
            for found in scale.scopes(engine, settings, TENANT, "unused")
            if found.label == args.scope
        ),
        None,
    )
    if scope is None:
        raise SystemExit(f"no scope {args.scope!r} in statistics_scale.scopes")
    captured: dict[str, Any] = {}

    @event.listens_for(engine, "before_cursor_execute")
    def _capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if SCOPE_STATEMENT in statement and not captured:  # the view's, not a variant's
            captured.update(sql=statement, parameters=parameters)

    other = "after --ddl" if args.ddl else f"without {args.leave_out}"
    timings: dict[str, list[float]] = {"as it is": [], other: []}
    for round_ in range(args.rounds):
        for variant, ddl in (("as it is", None), (other, args.ddl)):
            with tenant_session(engine, TENANT, settings.app_db_role) as session:
                if ddl is not None:  # as the owner, then back to the tenant's role
                    connection = session.connection()
                    connection.exec_driver_sql("RESET ROLE")
                    connection.exec_driver_sql(ddl)
                    switch_role(connection, settings.app_db_role, TENANT_SETTING, TENANT)
                found = session.exec(select(Municipality).where(Municipality.id == TENANT)).one()
                info = MunicipalityInfo(found.id, found.name, str(found.country), found.time_zone)
                context = TenantContext.over_session(
                    scope.principal, info, scope.person_id, session
                )
                if not captured:
                    municipality_figures(context, scope.filters)
                planned_for_the_values(session)
                connection = session.connection()
                sql = captured["sql"]
                if variant != "as it is" and args.leave_out:
                    sql = _without_branch(sql, KINDS.index(args.leave_out))
                for _ in range(args.runs):
                    started = time.perf_counter()
                    connection.exec_driver_sql(sql, captured["parameters"]).all()
                    if round_ >= 2:  # the first rounds warm up
                        timings[variant].append((time.perf_counter() - started) * 1000)
                session.rollback()
    for variant, spent in timings.items():
        ordered = sorted(spent)
        print(
            f"{variant:12} median {statistics.median(ordered):6.1f} ms, "
            f"p10 {ordered[len(ordered) // 10]:6.1f} ms ({len(ordered)} statements)"
        )
    engine.dispose()
    return 0


def _without_branch(sql: str, index: int) -> str:
    """The scope statement without the branch whose rows are of kind ``index`` (each branch
    is ``UNION ALL SELECT <index>, …`` but the first, which is kept)."""
    start = sql.find(f"UNION ALL SELECT {index}, ")
    if start < 0:
        raise SystemExit(f"the statement has no branch {KINDS[index]!r} to leave out")
    after = re.search(r"UNION ALL SELECT \d+, ", sql[start + 1 :])
    return sql[:start] + (sql[start + 1 + after.start() :] if after else "")


if __name__ == "__main__":
    raise SystemExit(main())

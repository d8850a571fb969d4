"""The org sync from OS2mo at a large municipality's size: seconds per sync, and how many
GraphQL pages it read.

Serves a generated organisation (``--units`` units below one root, ``--people`` people with
one engagement each, a manager per unit) from the tests' local OS2mo
(``tests/orgsync/os2mo_server.py``: a real HTTP server executing the queries against the
OS2mo v29 schema subset), on a fresh PostgreSQL database (``--admin-url``), and times:

Each sync is timed whole, and its reading alone (a separate read of the same snapshot, which
is mostly the local server executing GraphQL in Python):

1. the first sync (everything created);
2. the same snapshot again (nothing changes);
3. a snapshot where every tenth person moved unit and every twentieth left.

Run from the repository root: ``.venv/bin/python benchmarks/os2mo_sync.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' local OS2mo

from tests.orgsync.os2mo_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN_PATH,
    Employee,
    Engagement,
    Manager,
    Organisation,
    Os2mo,
    Unit,
    running_os2mo,
)

from praksis import models as _models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.kit.db import create_db_engine, system_session
from praksis.kit.jobs import JobRuntime
from praksis.kit.migrations import upgrade
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from praksis.orgsync.os2mo import read_snapshot
from praksis.orgsync.service import SyncReport, sync_municipality
from praksis.settings import Os2moConnection, Settings

HORSENS = "dk-0615"
DATABASE = "praksis_bench_os2mo"


def mo_id(kind: str, number: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench:{kind}:{number}"))


def organisation(units: int, people: int) -> Organisation:
    """A root; 8 forvaltninger; afdelinger under them; teams under the afdelinger."""
    root = Unit(mo_id("unit", 0), "Kommunen", None)
    tree = [root]
    for number in range(1, units + 1):
        if number <= 8:
            parent = root.uuid
        elif number <= 60:
            parent = mo_id("unit", 1 + number % 8)
        else:
            parent = mo_id("unit", 9 + number % 52)
        tree.append(Unit(mo_id("unit", number), f"Enhed {number}", parent))
    employees = [
        Employee(mo_id("person", n), f"Fornavn{n}", f"Efternavn{n}", "0101011234", f"p{n}@k.dk")
        for n in range(people)
    ]
    engagements = [
        Engagement(mo_id("engagement", n), mo_id("person", n), tree[1 + n % units].uuid, "Job")
        for n in range(people)
    ]
    managers = [
        Manager(mo_id("manager", n), mo_id("person", n), tree[1 + n].uuid)
        for n in range(min(units, people))
    ]
    return Organisation(tree, employees, engagements, managers)


def changed(base: Organisation, units: int) -> Organisation:
    engagements = []
    for n, engagement in enumerate(base.engagements):
        if n % 20 == 19:
            continue  # left
        if n % 10 == 0:
            engagement = replace(engagement, unit=mo_id("unit", 1 + (n + 7) % units))
        engagements.append(engagement)
    return replace(base, engagements=engagements)


def fresh_database(admin_url: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    return make_url(admin_url).set(database=DATABASE).render_as_string(hide_password=False)


def timed(runtime: JobRuntime, server: Os2mo, day: date, page_size: int) -> dict[str, object]:
    connection = Os2moConnection(
        url=server.url,
        token_url=server.url + TOKEN_PATH,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        root_uuid=mo_id("unit", 0),
        page_size=page_size,
    )
    started = time.perf_counter()
    read_snapshot(connection)  # reading alone: mostly the local server executing GraphQL
    reading = time.perf_counter() - started
    pages_before = len(server.queries)
    started = time.perf_counter()
    report: SyncReport = sync_municipality(runtime, HORSENS, connection, day)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "of which reading OS2mo": round(reading, 2),
        "pages": len(server.queries) - pages_before,
        "counts": report.counts(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    url = fresh_database(args.admin_url)
    upgrade(url)
    wiring.install()
    engine = create_db_engine(url, pool_size=2)
    with system_session(engine) as session:
        upsert_municipality(session, Country.DK, "0615", "Horsens", "Europe/Copenhagen")
    runtime = JobRuntime(engine, Settings(database_url=url))
    base = organisation(args.units, args.people)
    results = {}
    with running_os2mo(base) as server:
        results["first sync"] = timed(runtime, server, date(2026, 12, 1), args.page_size)
        results["unchanged"] = timed(runtime, server, date(2026, 12, 2), args.page_size)
        server.organisation = changed(base, args.units)
        results["10 % moved, 5 % left"] = timed(runtime, server, date(2026, 12, 3), args.page_size)
    engine.dispose()
    print(json.dumps({"units": args.units, "people": args.people, **results}, indent=2))


if __name__ == "__main__":
    main()

"""People CSV import: lines per second, server CPU and memory, one import and ten at once.

Starts ``praksis serve`` (one worker) on a fresh database per kind (PostgreSQL and SQLite),
adds ``--concurrent`` municipalities with an org tree of 30 units each, and sends
``POST /api/v1/people/import`` a generated CSV of ``--rows`` people (Danish names, e-mails,
job titles, units; just under the 1 MiB body limit at 9,000 rows):

1. one import that creates every person, the same file again (every line unchanged), and a
   file where every third person changed unit and job title;
2. ``--concurrent`` imports at once, one per municipality, each creating ``--rows`` people:
   each one's time, the server's CPU, its peak RSS and its RSS when they are done;
3. ``--concurrent`` imports at once into one municipality: how each was answered.

Run from the repository root: ``.venv/bin/python benchmarks/people_import.py``. Results go
to ``benchmarks/results/people_import-<UTC>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from praksis import models as _models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.kit.auth import issue_dev_token
from praksis.kit.db import create_db_engine, system_session, tenant_session
from praksis.kit.migrations import upgrade
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from praksis.people.models import OrgUnit, OrgUnitKind
from praksis.settings import Settings

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
HOST = "127.0.0.1"
APP_ROLE = "praksis_app"
IMPORT_PATH = "/api/v1/people/import"
MUNICIPALITY_CODES = ("0766", "0615", "0461", "0410", "0820", "0101", "0147", "0151", "0153")
MUNICIPALITY_CODES += ("0155", "0157", "0159", "0161", "0163", "0165", "0167")
FIRST_NAMES = ("Søren", "Åse", "Mette", "Jens", "Ærling", "Birgitte", "Øjvind", "Karen", "Ole")
MIDDLE_NAMES = ("Kristian", "Marie", "Frederik", "Louise", "Christoffer", "Sofie", "Bjørn")
LAST_NAMES = ("Ærø Åkjær", "Østergaard", "Nielsen", "Bæk", "Jørgensen", "Mølgaard", "Hansen")
JOB_TITLES = ("Pædagog", "Social- og sundhedsassistent", "Lærer", "Sygeplejerske", "Leder")
TEAMS = 24


@dataclass
class Imported:
    status: int
    seconds: float
    summary: dict[str, int] | None


# --- the data --------------------------------------------------------------------------------


def tenants(count: int) -> list[str]:
    return [f"dk-{code}" for code in MUNICIPALITY_CODES[:count]]


def seed(url: str, municipalities: list[str]) -> None:
    """The municipalities, each with a forvaltning, five afdelinger and 24 teams."""
    engine = create_db_engine(url)
    try:
        with system_session(engine) as session:
            for tenant in municipalities:
                code = tenant.split("-")[1]
                upsert_municipality(session, Country.DK, code, tenant, "Europe/Copenhagen")
        for tenant in municipalities:
            with tenant_session(engine, tenant, APP_ROLE) as session:
                top = OrgUnit(name="Børn & Unge", kind=OrgUnitKind.forvaltning, external_id="FV")
                session.add(top)
                session.flush()
                departments = []
                for number in range(5):
                    department = OrgUnit(
                        name=f"Afdeling {number}",
                        kind=OrgUnitKind.afdeling,
                        parent_id=top.id,
                        external_id=f"AFD-{number}",
                    )
                    session.add(department)
                    departments.append(department)
                session.flush()
                for number in range(TEAMS):
                    session.add(
                        OrgUnit(
                            name=f"Team {number}",
                            kind=OrgUnitKind.team,
                            parent_id=departments[number % 5].id,
                            external_id=f"TEAM-{number:02d}",
                        )
                    )
    finally:
        engine.dispose()


def people_csv(tenant: str, rows: int, changed_every: int = 0) -> bytes:
    """``rows`` people; with ``changed_every``, every n-th has another team and job title."""
    lines = ["external_id;name;email;job_title;org_unit_external_id"]
    domain = f"{tenant}.kommune.example.dk"
    for n in range(rows):
        moved = changed_every and n % changed_every == 0
        first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
        middle = MIDDLE_NAMES[n % len(MIDDLE_NAMES)]
        title = JOB_TITLES[(n + (1 if moved else 0)) % len(JOB_TITLES)]
        team = (n + (7 if moved else 0)) % TEAMS
        lines.append(
            f"HR-{n:06d};{first} {middle} {last} {n};person.{n}@{domain};{title};TEAM-{team:02d}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def praksis_server(url: str, secret: str, log_path: Path) -> Iterator[tuple[int, int]]:
    """``praksis serve`` on ``url``: yields (port, pid) once it answers."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PRAKSIS_")}
    env |= {"PRAKSIS_DATABASE_URL": url, "PRAKSIS_JWT_SECRET": secret}
    command = [sys.executable, "-m", "praksis.cli", "serve", "--host", HOST, "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"the server exited:\n{log_path.read_text()[-3000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"http://{HOST}:{port}/healthz", timeout=5).status_code == 200:
                    break
            time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> dict[str, float]:
    """The process's resident set now (``rss``) and at its highest so far (``peak``)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found["rss" if name == "VmRSS" else "peak"] = int(value.split()[0]) / 1024
    return found


# --- the imports -----------------------------------------------------------------------------


def send(port: int, headers: dict[str, str], body: bytes) -> Imported:
    started = time.perf_counter()
    response = httpx.post(
        f"http://{HOST}:{port}{IMPORT_PATH}",
        content=body,
        headers={**headers, "content-type": "text/csv"},
        timeout=900,
    )
    seconds = time.perf_counter() - started
    summary = response.json().get("summary") if response.status_code == 200 else None
    return Imported(response.status_code, seconds, summary)


def at_once(port: int, requests: list[tuple[dict[str, str], bytes]]) -> list[Imported]:
    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(lambda request: send(port, *request), requests))


def one_after_another(
    port: int, pid: int, headers: dict[str, str], tenant: str, rows: int
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, body in (
        ("create", people_csv(tenant, rows)),
        ("unchanged", people_csv(tenant, rows)),
        ("every third changed", people_csv(tenant, rows, changed_every=3)),
    ):
        cpu_before = cpu_seconds(pid)
        result = send(port, headers, body)
        cpu = cpu_seconds(pid) - cpu_before
        assert result.status == 200, result
        found[name] = {
            "bytes": len(body),
            "seconds": round(result.seconds, 2),
            "server_cpu_seconds": round(cpu, 2),
            "lines_per_second": round(rows / result.seconds),
            "summary": result.summary,
        }
    return found


def run_database(kind: str, url: str, args: argparse.Namespace, log_dir: Path) -> dict[str, Any]:
    municipalities = tenants(args.concurrent + 1)
    upgrade(url)
    seed(url, municipalities)
    secret = secrets.token_hex(24)
    settings = Settings(database_url=url, jwt_secret=secret)

    def hr(tenant: str) -> dict[str, str]:
        token = issue_dev_token(settings, subject=f"hr-{tenant}", tenant=tenant, roles=["hr_admin"])
        return {"authorization": f"Bearer {token}"}

    report: dict[str, Any] = {}
    with praksis_server(url, secret, log_dir / f"server-{kind}.log") as (port, pid):
        for tenant in municipalities:  # provision each caller; warm the process up
            httpx.get(f"http://{HOST}:{port}/api/v1/me", headers=hr(tenant), timeout=30)
        report["idle_mb"] = memory_mb(pid)
        report["one"] = one_after_another(
            port, pid, hr(municipalities[0]), municipalities[0], args.rows
        )
        report["after_one_mb"] = memory_mb(pid)
        others = municipalities[1:]
        cpu_before = cpu_seconds(pid)
        started = time.perf_counter()
        results = at_once(port, [(hr(tenant), people_csv(tenant, args.rows)) for tenant in others])
        report["at_once"] = {
            "imports": len(others),
            "statuses": dict(Counter(result.status for result in results)),
            "seconds_each_max": round(max(result.seconds for result in results), 2),
            "seconds_each_mean": round(sum(r.seconds for r in results) / len(results), 2),
            "seconds_all": round(time.perf_counter() - started, 2),
            "server_cpu_seconds": round(cpu_seconds(pid) - cpu_before, 2),
            "memory_mb": memory_mb(pid),
        }
        time.sleep(args.settle)
        report["at_once"]["memory_mb_after_settle"] = memory_mb(pid)
        if args.same_municipality:
            tenant = municipalities[0]
            body = people_csv(tenant, args.rows, changed_every=2)
            results = at_once(port, [(hr(tenant), body)] * args.concurrent)
            report["same_municipality"] = {
                "statuses": dict(Counter(result.status for result in results)),
                "seconds_each_max": round(max(result.seconds for result in results), 2),
            }
        report["end_mb"] = memory_mb(pid)
    return report


@contextlib.contextmanager
def postgres_database(admin_url: str, name: str) -> Iterator[str]:
    def drop_and(create: bool) -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(drop.format(sql.Identifier(name)))
            if create:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    drop_and(create=True)
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_and(create=False)


def run(args: argparse.Namespace) -> int:
    wiring.install()  # the statistics upkeep, as in the app
    report: dict[str, Any] = {"args": vars(args), "at": datetime.now(UTC).isoformat()}
    with tempfile.TemporaryDirectory() as scratch:
        log_dir = Path(scratch)
        for kind in args.databases:
            if kind == "postgresql":
                with postgres_database(args.admin_url, args.database) as url:
                    report[kind] = run_database(kind, url, args, log_dir)
            else:
                url = f"sqlite:///{log_dir / 'praksis.sqlite3'}"
                report[kind] = run_database(kind, url, args, log_dir)
            print(kind, json.dumps(report[kind], indent=1, ensure_ascii=False))
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"people_import-{stamp}.json"
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    print(f"written to {path}")
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "PRAKSIS_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--database", default="praksis_bench_import")
    parser.add_argument(
        "--databases", nargs="+", default=["postgresql", "sqlite"], choices=["postgresql", "sqlite"]
    )
    parser.add_argument("--rows", type=int, default=9000)
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before the last RSS")
    parser.add_argument(
        "--no-same-municipality",
        dest="same_municipality",
        action="store_false",
        help="skip the imports into one municipality at once",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(run(parse_args()))

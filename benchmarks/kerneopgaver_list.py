"""Load benchmark: ``GET /api/v1/kerneopgaver?limit=50`` in Praksis against its ceiling.

One run creates a fresh PostgreSQL database, migrates it, adds two municipalities with
``--rows`` kerneopgaver each, starts Praksis (``praksis serve``) and the bare ASGI ceiling
(``ceiling_app.py``) as uvicorn subprocesses with one worker each, checks that both answer
with the same page, then loads them in turn with ``--concurrency`` keep-alive connections
from this process, prints req/s and latency percentiles and writes them to
``benchmarks/results/``. The database is dropped at the end.

    .venv/bin/python benchmarks/kerneopgaver_list.py --duration 15
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from praksis import models as _models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kit.auth import issue_dev_token
from praksis.kit.db import create_db_engine, system_session, tenant_session
from praksis.kit.migrations import upgrade
from praksis.municipalities.models import Country
from praksis.municipalities.service import upsert_municipality
from praksis.settings import Settings

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
HOST = "127.0.0.1"
REQUEST_PATH = "/api/v1/kerneopgaver?limit=50"
APP_ROLE = "praksis_app"
TENANT = "dk-0766"
MUNICIPALITIES = (("0766", "Hedensted"), ("0615", "Horsens"))
TARGET_RATIO = 0.5
SATURATED_CLIENT_CPU = 80.0
LOCK_KEY = 766_050_001
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
WORDS = (
    "borgeren",
    "fællesskab",
    "hverdagsliv",
    "mestring",
    "sundhed",
    "læring",
    "trivsel",
    "arbejde",
    "netværk",
    "rehabilitering",
    "bevægelse",
    "ansvar",
    "tillid",
    "samarbejde",
    "praksis",
    "nærhed",
    "selvhjulpenhed",
)


ServerSpec = tuple[str, Callable[[int], list[str]], dict[str, str], dict[str, str]]


@dataclass(frozen=True)
class Target:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    request: bytes


@dataclass
class Sample:
    """One measured stretch of load against one target."""

    latencies_ns: list[int] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    new_db_sessions: int = 0


@dataclass(frozen=True)
class Summary:
    name: str
    requests: int
    errors: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    cpu_percent: dict[str, float]
    new_db_sessions_per_second: float
    server_cpu_ms_per_request: float


# --- the database ---------------------------------------------------------------------------


def database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def recreate_database(admin_url: str, name: str, *, create: bool = True) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def kerneopgaver(tenant: str, count: int, rng: random.Random) -> list[Kerneopgave]:
    def text(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    return [
        Kerneopgave(
            title=f"Kerneopgave {tenant} {index:04d}",
            description=text(40),
            citizen_outcome=text(15),
            position=rng.randrange(100),
            active=rng.random() > 0.1,
        )
        for index in range(count)
    ]


def seed(url: str, rows: int) -> None:
    """Two municipalities with ``rows`` kerneopgaver each, written as the request role."""
    rng = random.Random(766)
    engine = create_db_engine(url)
    try:
        with system_session(engine) as session:
            for code, name in MUNICIPALITIES:
                upsert_municipality(session, Country.DK, code, name, "Europe/Copenhagen")
        for code, _name in MUNICIPALITIES:
            tenant = f"dk-{code}"
            with tenant_session(engine, tenant, APP_ROLE) as session:
                session.add_all(kerneopgaver(tenant, rows, rng))
    finally:
        engine.dispose()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def session_count(admin_url: str, database: str) -> int:
    """Connections ever opened to ``database`` (PostgreSQL's statistics, flushed each second)."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s", (database,)
        ).fetchone()
    return int(row[0]) if row else 0


@contextlib.contextmanager
def exclusive_run(admin_url: str) -> Iterator[None]:
    """Held for the whole run, so two runs never share (and drop) the same database."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        row = connection.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
        if not row or not row[0]:
            raise SystemExit("another run of this benchmark is using this PostgreSQL server")
        yield


def server_version(url: str) -> str:
    with psycopg.connect(url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


# --- the servers ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def server_env(extra: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PRAKSIS_")}
    return env | extra


def start_server(
    command: list[str], env: dict[str, str], log_path: Path, cpu: int | None
) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    if cpu is not None:
        os.sched_setaffinity(process.pid, {cpu})
    return process


def praksis_command(port: int) -> list[str]:
    return [sys.executable, "-m", "praksis.cli", "serve", "--host", HOST, "--port", str(port)]


def ceiling_command(port: int) -> list[str]:
    return [
        *(sys.executable, "-m", "uvicorn", "--app-dir", str(BENCH_DIR), "ceiling_app:app"),
        *("--host", HOST, "--port", str(port), "--workers", "1"),
        *("--proxy-headers", "--no-server-header"),
    ]


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answering(target: Target, headers: dict[str, str], log_path: Path) -> bytes:
    """The first successful page (the server is up once it answers 200)."""
    deadline = time.monotonic() + 60
    url = f"http://{HOST}:{target.port}{REQUEST_PATH}"
    while time.monotonic() < deadline:
        if target.process.poll() is not None:
            raise SystemExit(f"{target.name} exited:\n{log_path.read_text()[-3000:]}")
        with contextlib.suppress(httpx.TransportError):
            response = httpx.get(url, headers=headers, timeout=5)
            if response.status_code == 200:
                return response.content
            raise SystemExit(f"{target.name} answered {response.status_code}: {response.text}")
        time.sleep(0.2)
    raise SystemExit(f"{target.name} did not answer within 60 s:\n{log_path.read_text()[-3000:]}")


def same_page(praksis_body: bytes, ceiling_body: bytes) -> bool:
    praksis_page, ceiling_page = json.loads(praksis_body), json.loads(ceiling_body)
    if praksis_page != ceiling_page:
        print("the two pages differ:", file=sys.stderr)
        print(" praksis:", json.dumps(praksis_page["items"][:1]), file=sys.stderr)
        print(" ceiling:", json.dumps(ceiling_page["items"][:1]), file=sys.stderr)
        return False
    return len(praksis_page["items"]) == 50 and praksis_page["next_cursor"] is not None


def process_cpu_seconds(pid: int | str) -> tuple[str, float]:
    """The command name and user + system CPU of a process, all its threads (Linux /proc)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat.rsplit(")", 1)[1].split()
    return name, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend_cpu_seconds(database: str) -> dict[str, float]:
    """CPU per PostgreSQL backend connected to ``database`` (by its process title)."""
    found: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError):
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if title.startswith("postgres: ") and f" {database} " in title:
                    found[entry.name] = process_cpu_seconds(entry.name)[1]
    return found


def machine_busy_seconds() -> float:
    """Non-idle CPU time of the whole machine, all cores added up."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSnapshot:
    server: float
    backends: dict[str, float]
    client: float
    machine: float

    @classmethod
    def take(cls, server_pid: int, database: str) -> CpuSnapshot:
        return cls(
            server=process_cpu_seconds(server_pid)[1],
            backends=backend_cpu_seconds(database),
            client=time.process_time(),
            machine=machine_busy_seconds(),
        )

    def since(self, before: CpuSnapshot) -> dict[str, float]:
        """CPU seconds between two snapshots; ``other`` is everything else on the machine."""
        postgres = sum(
            seconds - before.backends.get(pid, 0.0) for pid, seconds in self.backends.items()
        )
        used = {
            "server": self.server - before.server,
            "postgres": postgres,
            "client": self.client - before.client,
        }
        machine = self.machine - before.machine
        return used | {"other": machine - sum(used.values()), "machine": machine}


# --- the load -------------------------------------------------------------------------------


def http_request(port: int, headers: dict[str, str]) -> bytes:
    lines = [f"GET {REQUEST_PATH} HTTP/1.1", f"Host: {HOST}:{port}", "Accept: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def read_response(reader: asyncio.StreamReader) -> int:
    """Reads one keep-alive response; returns its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise ValueError("response without Content-Length")
    await reader.readexactly(length)
    return int(head[9:12])


async def raw_worker(target: Target, deadline: float, sample: Sample) -> None:
    """One keep-alive connection, one request at a time, until the deadline."""
    reader, writer = await asyncio.open_connection(HOST, target.port)
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter_ns()
            try:
                writer.write(target.request)
                status = await read_response(reader)
            except (OSError, ValueError, asyncio.IncompleteReadError):
                sample.errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, target.port)
                continue
            sample.latencies_ns.append(time.perf_counter_ns() - started)
            if status != 200:
                sample.errors += 1
    finally:
        writer.close()


async def httpx_worker(
    client: httpx.AsyncClient, target: Target, deadline: float, sample: Sample
) -> None:
    while time.perf_counter() < deadline:
        started = time.perf_counter_ns()
        try:
            response = await client.get(REQUEST_PATH)
        except httpx.TransportError:
            sample.errors += 1
            continue
        sample.latencies_ns.append(time.perf_counter_ns() - started)
        if response.status_code != 200:
            sample.errors += 1


async def load(
    target: Target, headers: dict[str, str], seconds: float, args: argparse.Namespace
) -> Sample:
    """``args.concurrency`` clients on ``target`` for ``seconds``, with the CPU they cost."""
    sample, concurrency, database = Sample(), args.concurrency, args.database
    sessions_before = session_count(args.admin_url, database)
    cpu_before = CpuSnapshot.take(target.process.pid, database)
    started = time.perf_counter()
    deadline = started + seconds
    if args.client == "raw":
        await asyncio.gather(*(raw_worker(target, deadline, sample) for _ in range(concurrency)))
    else:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        base_url = f"http://{HOST}:{target.port}"
        async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits) as pool:
            workers = (httpx_worker(pool, target, deadline, sample) for _ in range(concurrency))
            await asyncio.gather(*workers)
    sample.seconds = time.perf_counter() - started
    sample.cpu_seconds = CpuSnapshot.take(target.process.pid, database).since(cpu_before)
    await asyncio.sleep(1.1)  # let the backends flush their statistics
    sample.new_db_sessions = session_count(args.admin_url, database) - sessions_before
    return sample


def merge(samples: list[Sample]) -> Sample:
    merged = Sample()
    for sample in samples:
        merged.latencies_ns += sample.latencies_ns
        merged.errors += sample.errors
        merged.seconds += sample.seconds
        merged.new_db_sessions += sample.new_db_sessions
        for key, seconds in sample.cpu_seconds.items():
            merged.cpu_seconds[key] = merged.cpu_seconds.get(key, 0.0) + seconds
    return merged


def summarize(name: str, sample: Sample) -> Summary:
    ordered = sorted(sample.latencies_ns) or [0]

    def percentile(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1e6

    seconds = max(sample.seconds, 1e-9)
    return Summary(
        name=name,
        requests=len(sample.latencies_ns),
        errors=sample.errors,
        seconds=round(sample.seconds, 3),
        requests_per_second=round(len(sample.latencies_ns) / seconds, 1),
        p50_ms=round(percentile(0.50), 2),
        p90_ms=round(percentile(0.90), 2),
        p99_ms=round(percentile(0.99), 2),
        max_ms=round(ordered[-1] / 1e6, 2),
        cpu_percent={key: round(100 * cpu / seconds, 1) for key, cpu in sample.cpu_seconds.items()},
        new_db_sessions_per_second=round(sample.new_db_sessions / seconds, 1),
        server_cpu_ms_per_request=round(
            1000 * sample.cpu_seconds.get("server", 0.0) / max(len(sample.latencies_ns), 1), 3
        ),
    )


async def measure(
    targets: list[Target], headers: dict[str, str], args: argparse.Namespace
) -> dict[str, Sample]:
    """Warm-up then measurement per target, alternating which goes first each round."""
    samples: dict[str, list[Sample]] = {target.name: [] for target in targets}
    for round_number in range(args.rounds):
        order = targets if round_number % 2 == 0 else targets[::-1]
        for target in order:
            target_headers = headers if target.name == "praksis" else {}
            await load(target, target_headers, args.warmup, args)
            sample = await load(target, target_headers, args.duration, args)
            samples[target.name].append(sample)
            print(f"  round {round_number + 1}: {table_row(summarize(target.name, sample))}")
    return {name: merge(parts) for name, parts in samples.items()}


def run_loop(main: Coroutine[Any, Any, dict[str, Sample]]) -> dict[str, Sample]:
    loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None
    with contextlib.suppress(ImportError):
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return runner.run(main)


# --- reporting ------------------------------------------------------------------------------


CPU_COLUMNS = ("server", "postgres", "client", "other", "machine")


def table_header() -> str:
    cpu = " ".join(f"{name + ' cpu':>13}" for name in CPU_COLUMNS)
    return (
        f"{'target':<9} {'requests':>9} {'errors':>7} {'req/s':>9} {'p50 ms':>8} "
        f"{'p90 ms':>8} {'p99 ms':>8} {cpu} {'new conn/s':>10} {'cpu ms/req':>10}"
    )


def table_row(s: Summary) -> str:
    cpu = " ".join(f"{s.cpu_percent.get(name, 0.0):>12.1f}%" for name in CPU_COLUMNS)
    return (
        f"{s.name:<9} {s.requests:>9} {s.errors:>7} {s.requests_per_second:>9.1f} "
        f"{s.p50_ms:>8.2f} {s.p90_ms:>8.2f} {s.p99_ms:>8.2f} {cpu} "
        f"{s.new_db_sessions_per_second:>10.1f} {s.server_cpu_ms_per_request:>10.3f}"
    )


def print_table(summaries: list[Summary], ratio: float) -> None:
    print()
    print(table_header())
    for summary in summaries:
        print(table_row(summary))
    print(
        "(cpu: % of one core while measuring; postgres = the backends of the bench database;"
        " other = the rest of the machine; machine = all cores added up;"
        " new conn/s = PostgreSQL connections opened per second;"
        " cpu ms/req = server CPU per request)"
    )
    for summary in summaries:
        if summary.cpu_percent.get("client", 0.0) >= SATURATED_CLIENT_CPU:
            print(
                f"WARNING: the load generator was saturated on {summary.name}: it measured itself"
            )
    verdict = "meets" if ratio >= TARGET_RATIO else "is below"
    print(f"\nPraksis/ceiling (req/s): {ratio:.2f} — {verdict} the target of {TARGET_RATIO}")
    print(
        f"Praksis/ceiling (requests per server CPU-second): {cpu_ratio(summaries):.2f}"
        " — the same comparison with the machine's other load taken out"
    )


def cpu_ratio(summaries: list[Summary]) -> float:
    """Ceiling's server CPU per request over Praksis's: what the req/s ratio would be if
    each server had its core to itself. On a shared machine a server that waits on PostgreSQL
    (the ceiling) gets less of its core than one that computes, which flatters the req/s
    ratio; this one does not depend on that."""
    praksis, ceiling = summaries
    return ceiling.server_cpu_ms_per_request / max(praksis.server_cpu_ms_per_request, 1e-9)


def versions() -> dict[str, str]:
    names = ("fastapi", "starlette", "uvicorn", "sqlalchemy", "sqlmodel", "pydantic", "psycopg")
    return {name: metadata.version(name) for name in names}


def write_results(report: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"kerneopgaver_list-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# --- the run --------------------------------------------------------------------------------


def pick_cpus(pin: bool) -> tuple[int | None, int | None]:
    """(server CPU, load generator CPU): different cores when there are at least two."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if not pin or len(allowed) < 2:
        return None, None
    return allowed[-1], allowed[0]


@contextlib.contextmanager
def servers(
    url: str, secret: str, args: argparse.Namespace, cpu: int | None
) -> Iterator[tuple[list[Target], dict[str, str]]]:
    """Praksis and the ceiling, running; stopped again on the way out."""
    token = issue_dev_token(
        Settings(jwt_secret=secret, database_url=url, environment="development"),
        subject="bench-hr",
        tenant=TENANT,
        roles=["hr_admin"],
        ttl_seconds=3600 + int(args.rounds * 2 * (args.duration + args.warmup)),
    )
    headers = {"Authorization": f"Bearer {token}"}
    pool_size = str(args.pool_size)
    praksis_env = server_env(
        {
            "PRAKSIS_ENVIRONMENT": "development",
            "PRAKSIS_DATABASE_URL": url,
            "PRAKSIS_JWT_SECRET": secret,
            "PRAKSIS_DATABASE_POOL_SIZE": pool_size,
        }
    )
    ceiling_env = server_env(
        {"CEILING_DATABASE_URL": url, "CEILING_TENANT": TENANT, "CEILING_POOL_SIZE": pool_size}
    )
    specs: tuple[ServerSpec, ...] = (
        ("praksis", praksis_command, praksis_env, headers),
        ("ceiling", ceiling_command, ceiling_env, {}),
    )
    targets: list[Target] = []
    with tempfile.TemporaryDirectory(prefix="praksis-bench-") as logs:
        try:
            bodies = []
            for name, command, env, target_headers in specs:
                port, log_path = free_port(), Path(logs) / f"{name}.log"
                process = start_server(command(port), env, log_path, cpu)
                target = Target(name, port, process, http_request(port, target_headers))
                targets.append(target)
                bodies.append(wait_until_answering(target, target_headers, log_path))
            if not same_page(*bodies):
                raise SystemExit("Praksis and the ceiling do not answer with the same page")
            yield targets, headers
        finally:
            for target in targets:
                stop_server(target.process)


def benchmark(args: argparse.Namespace, url: str) -> dict[str, Sample]:
    """Fresh database, both servers, the measurements; the database is dropped again."""
    server_cpu, client_cpu = pick_cpus(args.pin)
    print(f"database {args.database}: create, migrate, seed {args.rows} rows x 2 municipalities")
    recreate_database(args.admin_url, args.database)
    try:
        upgrade(url)
        seed(url, args.rows)
        if client_cpu is not None:
            os.sched_setaffinity(0, {client_cpu})
        secret = secrets.token_urlsafe(30)  # 40 characters
        with servers(url, secret, args, server_cpu) as (targets, headers):
            print(
                f"servers up (praksis :{targets[0].port}, ceiling :{targets[1].port}), same page;"
                f" {args.concurrency} connections, {args.warmup:g} s warm-up +"
                f" {args.duration:g} s each, {args.rounds} round(s), client {args.client}"
                + (
                    f"; servers on CPU {server_cpu}, client on CPU {client_cpu}"
                    if server_cpu is not None
                    else ""
                )
            )
            return run_loop(measure(targets, headers, args))
    finally:
        recreate_database(args.admin_url, args.database, create=False)


def report(args: argparse.Namespace, summaries: list[Summary], ratio: float) -> dict[str, Any]:
    server_cpu, client_cpu = pick_cpus(args.pin)
    return {
        "benchmark": "kerneopgaver_list",
        "request": f"GET {REQUEST_PATH}",
        "finished_at": datetime.now(UTC).isoformat(),
        "config": {key: value for key, value in vars(args).items() if key != "admin_url"},
        "machine": {
            "cpus": os.cpu_count(),
            "server_cpu": server_cpu,
            "client_cpu": client_cpu,
            "platform": platform.platform(),
            "python": platform.python_version(),
            "postgresql": server_version(args.admin_url),
            "packages": versions(),
        },
        "results": [asdict(summary) for summary in summaries],
        "ratio_praksis_to_ceiling": round(ratio, 3),
        "cpu_ratio_praksis_to_ceiling": round(cpu_ratio(summaries), 3),
        "target_ratio": TARGET_RATIO,
    }


def run(args: argparse.Namespace) -> int:
    wiring.install()  # the statistics upkeep, as in the app
    with exclusive_run(args.admin_url):
        merged = benchmark(args, database_url(args.admin_url, args.database))
    summaries = [summarize(name, merged[name]) for name in ("praksis", "ceiling")]
    ratio = summaries[0].requests_per_second / max(summaries[1].requests_per_second, 1e-9)
    print_table(summaries, ratio)
    print(f"results: {write_results(report(args, summaries, ratio)).relative_to(REPO_ROOT)}")
    return 0 if all(summary.errors == 0 for summary in summaries) else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("PRAKSIS_BENCH_ADMIN_URL", DEFAULT_ADMIN_URL),
        help="a PostgreSQL URL allowed to create databases (default: %(default)s)",
    )
    parser.add_argument("--database", default="praksis_bench", help="created, then dropped")
    parser.add_argument("--rows", type=int, default=500, help="kerneopgaver per municipality")
    parser.add_argument("--duration", type=float, default=15.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds")
    parser.add_argument("--concurrency", type=int, default=32, help="keep-alive connections")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds per target")
    parser.add_argument("--pool-size", type=int, default=10, help="DB connections per server")
    parser.add_argument(
        "--client", choices=("raw", "httpx"), default="raw", help="load generator HTTP client"
    )
    parser.add_argument(
        "--pin",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="pin the servers and the load generator to different CPUs",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(run(parse_args()))

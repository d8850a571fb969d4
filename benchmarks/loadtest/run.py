"""One command for the load test: database, server, Locust, report, write check.

    python benchmarks/loadtest/run.py --users 200 --run-time 60 --workers 1
    python benchmarks/loadtest/run.py --users 200 --run-time 90 --pg-outage restart

Run it with the project's ``.venv`` (``scripts/bootstrap`` installs Locust with the ``load``
dependency group; see benchmarks/README.md). Steps:

1. a seeded template database (``praksis migrate`` + ``praksis seed-scale`` with
   ``--municipalities``/``--people-per-municipality``, built once and reused) is copied into a
   scratch database (``--database``, default ``praksis_load``) on ``--admin-url``;
2. the personas (who plays which part) are read from it;
3. ``praksis serve --workers N`` starts on a free port with a fresh development secret,
   and Locust at the same time (its users wait for ``/readyz``);
4. Locust runs the scenario headless (``--users``, ``--spawn-rate``, ``--run-time``); probes
   ask ``/readyz``, and ``/healthz`` on a kept-alive and on a new connection, once a second
   meanwhile; with ``--pg-outage`` PostgreSQL is restarted, or
   stopped for 10 s and started, ``--outage-at`` seconds into the run (the scenario writes
   all the time) — this restarts the whole cluster, so everything else using it sees it too;
5. after Locust stops: seconds until ``/readyz`` answers 200, then until an API read does
   (both counted from the stop);
6. the server gets SIGTERM (the seconds it takes to exit are reported);
7. ``check_writes.py``: every acknowledged write present in the database;
8. the report: req/s, p50/p95/p99/max, statuses, 5xx by status, 503s, timeouts, requests over
   10 s, per-route figures, errors during the outage, CPU of server / Locust / PostgreSQL /
   machine and the load average. Everything lands in ``benchmarks/results/loadtest-<UTC>/``
   (``report.json``, ``requests.jsonl``, ``writes.jsonl``, server and Locust logs).

The scratch database is dropped at the end unless ``--keep-database``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import check_writes  # noqa: E402
import prepare  # noqa: E402

RESULTS = HERE.parent / "results"
PG_CTL = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main"]
SLOW_SECONDS = 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def _loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


# --- the server ---------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    secret: str
    log_path: Path

    @classmethod
    def launch(
        cls, database_url: str, workers: int, log_path: Path, extra_env: dict[str, str]
    ) -> Server:
        """Start ``praksis serve`` (``wait_ready`` waits for it)."""
        port = _free_port()
        secret = secrets.token_urlsafe(40)
        env = {
            **os.environ,
            "PRAKSIS_DATABASE_URL": database_url,
            "PRAKSIS_JWT_SECRET": secret,
            "PRAKSIS_ENVIRONMENT": "development",
            # capacity is measured here, so a closed loop's few callers are not held back by
            # the per-caller limits (their own tests: tests/kit/test_caller_limits.py)
            "PRAKSIS_STATISTICS_REQUEST_LIMIT": "1000000/minute",
            "PRAKSIS_IMPORT_REQUEST_LIMIT": "1000000/minute",
            **extra_env,
        }
        log = log_path.open("wb")
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "praksis.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return cls(process, f"http://127.0.0.1:{port}", secret, log_path)

    def wait_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"praksis serve exited ({self.process.returncode}): see {self.log_path}"
                )
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"praksis serve did not become ready: see {self.log_path}")

    def cpu_seconds(self) -> float:
        import psutil

        try:
            root = psutil.Process(self.process.pid)
            total = 0.0
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
            return total
        except psutil.Error:
            return 0.0

    def stop(self, grace: float = 40.0) -> float:
        """SIGTERM, then SIGKILL after ``grace``; the seconds it took to exit."""
        if self.process.poll() is not None:
            return 0.0
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            return float("inf")
        return time.monotonic() - started


# --- probes and outage --------------------------------------------------------------------------


@dataclass
class Probe:
    """Asks ``path`` once a second while the load runs: on one kept-alive connection, or
    (``fresh``) on a new connection each time, which the server must first accept. The two
    ``/healthz`` probes tell the wait for a new connection from the wait inside the server
    (``/healthz`` takes no place at the admission gate)."""

    url: str
    path: str = "/readyz"
    fresh: bool = False
    samples: list[tuple[float, int, float]] = field(default_factory=list)
    stop_event: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        with httpx.Client(timeout=30) as kept:
            while not self.stop_event.is_set():
                started = time.time()
                try:
                    if self.fresh:
                        with httpx.Client(timeout=30) as client:
                            status = client.get(self.url + self.path).status_code
                    else:
                        status = kept.get(self.url + self.path).status_code
                except httpx.HTTPError:
                    status = 0
                self.samples.append((started, status, time.time() - started))
                self.stop_event.wait(max(0.0, 1.0 - (time.time() - started)))

    def summary(self) -> dict[str, Any]:
        latencies = sorted(sample[2] for sample in self.samples)
        return {
            "probes": len(self.samples),
            "statuses": dict(Counter(str(sample[1]) for sample in self.samples)),
            "p50_seconds": round(latencies[len(latencies) // 2], 3) if latencies else None,
            "max_seconds": round(latencies[-1], 3) if latencies else None,
        }


def outage(kind: str, at: float, window: dict[str, float]) -> None:
    time.sleep(at)
    window["begin"] = time.time()
    _log(f"PostgreSQL outage: {kind}")
    if kind == "restart":
        subprocess.run([*PG_CTL, "restart"], check=True)  # noqa: S603
    else:
        try:
            subprocess.run([*PG_CTL, "stop"], check=True)  # noqa: S603
            time.sleep(10)
        finally:
            subprocess.run([*PG_CTL, "start"], check=True)  # noqa: S603
    window["end"] = time.time()
    _log(f"PostgreSQL back after {window['end'] - window['begin']:.1f} s")


def seconds_until_ok(
    url: str, headers: dict[str, str] | None, since: float, limit: float = 120.0
) -> float:
    """From ``since`` (``time.monotonic()``) until ``url`` answers 200 (each try may take up
    to 10 s)."""
    started = since
    with httpx.Client(timeout=10) as client:
        while time.monotonic() - started < limit:
            try:
                if client.get(url, headers=headers).status_code == 200:
                    return round(time.monotonic() - started, 3)
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    return float("inf")


# --- the report -----------------------------------------------------------------------------------


def _percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def _figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    times = sorted(row["ms"] for row in rows)
    return {
        "requests": len(rows),
        "p50_ms": _percentile(times, 0.50),
        "p95_ms": _percentile(times, 0.95),
        "p99_ms": _percentile(times, 0.99),
        "max_ms": times[-1] if times else None,
    }


def summarise(
    rows: list[dict[str, Any]], run_seconds: float, window: dict[str, float], timeout: float
) -> dict[str, Any]:
    def _is_timeout(row: dict[str, Any]) -> bool:
        # geventhttpclient reports its timeout as RetriesExceeded (after --timeout seconds)
        return row["s"] == 0 and (
            "timeout" in (row["x"] or "").lower() or row["ms"] >= timeout * 1000 - 250
        )

    statuses = Counter(row["s"] for row in rows)
    server_errors = {str(s): n for s, n in sorted(statuses.items()) if s >= 500}
    unavailable = [row for row in rows if row["s"] == 503]
    report: dict[str, Any] = {
        "requests": len(rows),
        "req_per_s": round(len(rows) / run_seconds, 1) if run_seconds else None,
        "answered_req_per_s": round(sum(1 for r in rows if 0 < r["s"] < 500) / run_seconds, 1)
        if run_seconds
        else None,
        **_figures(rows),
        "statuses": {str(s): n for s, n in sorted(statuses.items())},
        "5xx": server_errors,
        "5xx_other_than_503": sum(n for s, n in statuses.items() if s >= 500 and s != 503),
        "503": len(unavailable),
        "503_figures": _figures(unavailable) if unavailable else None,
        "timeouts": sum(1 for row in rows if _is_timeout(row)),
        "connection_errors": sum(1 for row in rows if row["s"] == 0 and not _is_timeout(row)),
        "over_10_s": sum(1 for row in rows if row["ms"] > SLOW_SECONDS * 1000),
        "answered_2xx_3xx_4xx": _figures([row for row in rows if 0 < row["s"] < 500]),
    }
    by_route: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_route[f"{row['m']} {row['n']}"].append(row)
    report["routes"] = {
        route: {
            **_figures(route_rows),
            "errors": dict(Counter(str(r["s"]) for r in route_rows if not 200 <= r["s"] < 400)),
        }
        for route, route_rows in sorted(by_route.items(), key=lambda item: -len(item[1]))
    }
    if window:
        begin, end = window["begin"], window.get("end", window["begin"])
        during = [
            row for row in rows if row["t"] <= end + 1 and row["t"] + row["ms"] / 1000 >= begin
        ]
        report["outage"] = {
            "seconds": round(end - begin, 2),
            "requests_overlapping": len(during),
            "errors_by_status": dict(
                Counter(str(row["s"]) for row in during if row["s"] >= 500 or row["s"] == 0)
            ),
            "errors_after_outage_by_status": dict(
                Counter(
                    str(row["s"])
                    for row in rows
                    if row["t"] > end + 1 and (row["s"] >= 500 or row["s"] == 0)
                )
            ),
        }
    return report


def how_fresh(answers: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per statistics view: how many answers, and how many seconds before each arrived its
    figures were complete (``as_of``): median, p95, most."""
    behind: dict[str, list[float]] = defaultdict(list)
    for answer in answers:
        behind[answer["n"]].append(answer["behind_s"])
    found = {}
    for view, seconds in sorted(behind.items()):
        seconds.sort()
        found[view] = {
            "answers": len(seconds),
            "p50_s": _percentile(seconds, 0.5),
            "p95_s": _percentile(seconds, 0.95),
            "max_s": seconds[-1],
        }
    return found


def print_report(report: dict[str, Any]) -> None:
    load = report["load"]
    print()
    print(
        f"== {load['users']} users, {load['run_time']} s, {load['workers']} worker(s), "
        f"think x{load['think_scale']}"
        + (f", PostgreSQL {load['pg_outage']}" if load["pg_outage"] else "")
    )
    print(f"load average before / after: {report['loadavg_before']} / {report['loadavg_after']}")
    r = report["result"]
    print(
        f"requests {r['requests']}  req/s {r['req_per_s']} "
        f"(answered, not 5xx: {r['answered_req_per_s']})  p50 {r['p50_ms']} ms  "
        f"p95 {r['p95_ms']} ms  p99 {r['p99_ms']} ms  max {r['max_ms']} ms"
    )
    print(f"statuses {r['statuses']}")
    print(
        f"5xx by status {r['5xx'] or '{}'}  (other than 503: {r['5xx_other_than_503']})  "
        f"503s {r['503']}"
        + (
            f" (p95 {r['503_figures']['p95_ms']} ms, max {r['503_figures']['max_ms']} ms)"
            if r["503_figures"]
            else ""
        )
    )
    print(
        f"timeouts {r['timeouts']}  connection errors {r['connection_errors']}  "
        f"requests over {SLOW_SECONDS:.0f} s {r['over_10_s']}"
    )
    a = r["answered_2xx_3xx_4xx"]
    print(f"answered (not 5xx): p50 {a['p50_ms']} ms  p95 {a['p95_ms']} ms  max {a['max_ms']} ms")
    if "outage" in r:
        o = r["outage"]
        print(
            f"outage {o['seconds']} s: errors during it by status {o['errors_by_status']}, "
            f"after it {o['errors_after_outage_by_status']}"
        )
    print(
        f"after the load: /readyz 200 in {report['readyz_after_s']} s, "
        f"API read 200 in {report['api_after_s']} s; SIGTERM exit in {report['shutdown_s']} s"
    )
    for view, fresh in report["statistics_behind"].items():
        print(f"statistics {view}: as_of behind its arrival {fresh}")
    for name, summary in report["probe"].items():
        print(f"probe {name} once a second during the load: {summary}")
    print(f"cpu: {report['cpu']}")
    w = report["writes"]
    print(
        f"writes acknowledged {w['acknowledged']}, missing {w['missing']}, "
        f"overwritten {w['overwritten']} -> lost {w['lost']}  "
        + json.dumps({k: (v["acknowledged"], v["missing"]) for k, v in w["kinds"].items()})
    )
    print()
    print(f"{'route':<62} {'n':>6} {'p50':>7} {'p95':>7} {'max':>7}  errors")
    for route, f in list(r["routes"].items())[:30]:
        print(
            f"{route:<62} {f['requests']:>6} {f['p50_ms']:>7} {f['p95_ms']:>7} "
            f"{f['max_ms']:>7}  {f['errors'] or ''}"
        )


# --- the run ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Prepare the database (template, scratch copy), then ``load`` it."""
    out = results_folder(args)
    seed = prepare.Seed(args.municipalities, args.people_per_municipality, args.seed)
    template = prepare.ensure_template(args.admin_url, seed, log=_log)
    database_url = prepare.fresh_database(args.admin_url, template, args.database)
    try:
        report = load(database_url, args, out, seed=seed.__dict__)
    finally:
        if not args.keep_database:
            prepare.drop_database(args.admin_url, args.database)
    return report


def results_folder(args: argparse.Namespace) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(args.results) if args.results else RESULTS / f"loadtest-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    return out


def load(
    database_url: str, args: argparse.Namespace, out: Path, seed: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Serve ``database_url``, run Locust against it, report, check the writes."""
    personas_path = out / "personas.json"
    personas = prepare.write_personas(database_url, personas_path)
    _log(
        "municipalities: "
        + ", ".join(
            f"{m} ({d['people']} people)" for m, d in sorted(personas["municipalities"].items())
        )
    )
    extra_env = dict(item.split("=", 1) for item in args.server_env)
    # server and Locust start side by side (each takes seconds to import on a busy
    # machine); the locustfile holds its users back until /readyz answers
    server = Server.launch(database_url, args.workers, out / "server.log", extra_env)
    api_headers = _hr_headers(server.secret, personas)  # now: importing Praksis takes seconds
    writes_path, requests_path = out / "writes.jsonl", out / "requests.jsonl"
    statistics_path = out / "statistics.jsonl"
    for path in (writes_path, requests_path, statistics_path):
        path.unlink(missing_ok=True)
    try:
        env = {
            **os.environ,
            "PRAKSIS_JWT_SECRET": server.secret,
            "PRAKSIS_LOAD_PERSONAS": str(personas_path),
            "PRAKSIS_LOAD_WRITES": str(writes_path),
            "PRAKSIS_LOAD_REQUESTS": str(requests_path),
            "PRAKSIS_LOAD_STATISTICS": str(statistics_path),
            "PRAKSIS_LOAD_THINK_SCALE": str(args.think_scale),
            "PRAKSIS_LOAD_TIMEOUT": str(args.timeout),
        }
        spawn_rate = args.spawn_rate or max(1.0, args.users / 10)
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--host",
            server.url,
            "--users",
            str(args.users),
            "--spawn-rate",
            str(spawn_rate),
            # a safety net only: the run is timed from its first request and ended below
            "--run-time",
            f"{args.run_time + 120}s",
            "--stop-timeout",
            "0",
            "--csv",
            str(out / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        probes = {
            "readyz": Probe(server.url),
            "healthz_kept_alive": Probe(server.url, "/healthz"),
            "healthz_new_connection": Probe(server.url, "/healthz", fresh=True),
        }
        probe_threads = [
            threading.Thread(target=probe.run, daemon=True) for probe in probes.values()
        ]
        window: dict[str, float] = {}
        outage_thread = None
        if args.pg_outage:
            at = args.outage_at if args.outage_at is not None else args.run_time / 3
            outage_thread = threading.Thread(
                target=outage, args=(args.pg_outage, at, window), daemon=True
            )
        import psutil

        _log(f"locust: {args.users} users, spawn rate {spawn_rate}/s, {args.run_time} s")
        with (out / "locust.log").open("wb") as locust_log:
            locust = subprocess.Popen(command, env=env, stdout=locust_log, stderr=subprocess.STDOUT)  # noqa: S603
            locust_process = psutil.Process(locust.pid)
            try:
                server.wait_ready()
            except BaseException:
                locust.kill()
                raise
            _log(f"server {server.url} ({args.workers} worker(s)); load average {_loadavg()}")
            # Locust takes seconds to start on a busy machine: the run starts at its first request
            while locust.poll() is None and not (
                requests_path.exists() and requests_path.stat().st_size
            ):
                time.sleep(0.05)
            started = time.time()
            loadavg_before = _loadavg()
            machine_before = psutil.cpu_times()
            server_cpu_before = server.cpu_seconds()
            postgres_before = _postgres_cpu()
            locust_cpu_before = _cpu(locust_process)
            for thread in probe_threads:
                thread.start()
            if outage_thread is not None:
                outage_thread.start()
            profiler = _start_profiler(args, server, out)
            locust_cpu = 0.0
            while locust.poll() is None and time.time() - started < args.run_time:
                locust_cpu = _cpu(locust_process) - locust_cpu_before or locust_cpu
                time.sleep(0.2)
            stopped = time.time()
            if profiler is not None:
                profiler.join()
            server_cpu = server.cpu_seconds() - server_cpu_before
            postgres_cpu = _postgres_cpu(postgres_before)
            machine_after = psutil.cpu_times()
            locust.send_signal(signal.SIGTERM)  # Locust stops its users and writes its stats
            try:
                locust.wait(60)
            except subprocess.TimeoutExpired:
                locust.kill()
                locust.wait()
        _log(f"load stopped after {stopped - started:.1f} s (locust exit {locust.returncode})")
        load_stopped = time.monotonic() - (time.time() - stopped)  # when Locust was told to stop
        readyz_after = seconds_until_ok(server.url + "/readyz", None, load_stopped)
        api_after = seconds_until_ok(
            server.url + "/api/v1/programmes?limit=5", api_headers, load_stopped
        )
        for probe in probes.values():
            probe.stop_event.set()
        if outage_thread is not None:
            outage_thread.join(60)
        loadavg_after = _loadavg()
    finally:
        shutdown = server.stop()
    busy = _busy_seconds(machine_before, machine_after)
    elapsed = stopped - started
    rows = [row for row in check_writes._load(requests_path) if row["t"] <= stopped]
    _log("checking acknowledged writes against the database")
    writes = check_writes.check(writes_path, database_url)
    report = {
        "when": out.name,
        "load": {
            "users": args.users,
            "spawn_rate": spawn_rate,
            "run_time": args.run_time,
            "workers": args.workers,
            "think_scale": args.think_scale,
            "pg_outage": args.pg_outage,
            "timeout_s": args.timeout,
            "seed": seed,
            "server_env": extra_env,
        },
        "loadavg_before": loadavg_before,
        "loadavg_after": loadavg_after,
        "result": summarise(rows, elapsed, window, args.timeout),
        "statistics_behind": how_fresh(check_writes._load(statistics_path)),
        "readyz_after_s": readyz_after,
        "api_after_s": api_after,
        "shutdown_s": round(shutdown, 2),
        "probe": {name: probe.summary() for name, probe in probes.items()},
        "cpu": {
            "server_percent_of_core": round(100 * server_cpu / elapsed, 1),
            "locust_percent_of_core": round(100 * locust_cpu / elapsed, 1),
            "postgres_percent_of_core": round(100 * postgres_cpu / elapsed, 1),
            "machine_busy_percent_of_all_cores": round(
                100 * busy / (elapsed * (os.cpu_count() or 1)), 1
            ),
            "server_cpu_ms_per_request": round(1000 * server_cpu / len(rows), 2) if rows else None,
        },
        "writes": writes,
        "results": str(out),
    }
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return report


def _start_profiler(args: argparse.Namespace, server: Server, out: Path) -> threading.Thread | None:
    """py-spy on the server (and its worker processes) for ``--profile`` seconds from the
    middle of the run: collapsed stacks in ``profile.txt`` (see ``profile_summary.py``)."""
    if not args.profile:
        return None
    py_spy = str(Path(sys.executable).with_name("py-spy"))
    seconds = min(args.profile, args.run_time - 2)
    delay = max(0.0, (args.run_time - seconds) / 2)
    command = [
        py_spy,
        "record",
        "--format",
        "raw",
        "--gil",  # the thread holding the GIL: where the Python CPU goes
        "--threads",  # and which thread that is (the event loop or a worker thread)
        "--rate",
        "50",
        "--subprocesses",
        "--duration",
        str(seconds),
        "--pid",
        str(server.process.pid),
        "-o",
        str(out / "profile.txt"),
    ]

    def record() -> None:
        time.sleep(delay)
        with (out / "py-spy.log").open("wb") as log:
            subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603

    thread = threading.Thread(target=record, daemon=True)
    thread.start()
    return thread


def _postgres_cpu(before: dict[int, float] | None = None) -> Any:
    """CPU seconds of every PostgreSQL process (the whole cluster: other users' too): a
    snapshot by pid, or, given one, the seconds used since (backends that ended in between
    are lost)."""
    import psutil

    now: dict[int, float] = {}
    for process in psutil.process_iter(["name"]):
        if (process.info.get("name") or "").startswith("postgres"):
            now[process.pid] = _cpu(process)
    if before is None:
        return now
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in now.items())


def _cpu(process: Any) -> float:
    try:
        times = process.cpu_times()
        return float(times.user + times.system)
    except Exception:  # the process may have gone
        return 0.0


def _busy_seconds(before: Any, after: Any) -> float:
    idle = (after.idle + getattr(after, "iowait", 0)) - (before.idle + getattr(before, "iowait", 0))
    total = sum(after) - sum(before)
    return float(total - idle)


def _hr_headers(secret: str, personas: dict[str, Any]) -> dict[str, str]:
    from praksis.kit.auth import issue_dev_token
    from praksis.settings import Settings

    tenant, data = next(iter(sorted(personas["municipalities"].items())))
    token = issue_dev_token(
        Settings(jwt_secret=secret, database_url="sqlite://"),
        subject=data["hr_admin"][0],
        tenant=tenant,
        roles=["hr_admin"],
    )
    return {"Authorization": f"Bearer {token}"}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--spawn-rate", type=float, default=None, help="users/s (default users/10)")
    p.add_argument("--run-time", type=int, default=60, help="seconds")
    p.add_argument("--workers", type=int, default=1, help="praksis serve --workers")
    p.add_argument(
        "--think-scale", type=float, default=1.0, help="multiplies think times (0: none)"
    )
    p.add_argument("--timeout", type=float, default=30.0, help="client timeout per request, s")
    p.add_argument("--pg-outage", choices=("restart", "stop10"), default=None)
    p.add_argument("--outage-at", type=float, default=None, help="s into the run (run-time/3)")
    p.add_argument(
        "--admin-url",
        default=os.environ.get("PRAKSIS_LOAD_ADMIN_URL", prepare.DEFAULT_ADMIN_URL),
    )
    p.add_argument("--database", default="praksis_load")
    p.add_argument("--municipalities", type=int, default=6)
    p.add_argument("--people-per-municipality", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--results", default=None, help="folder (default benchmarks/results/…)")
    p.add_argument("--keep-database", action="store_true")
    p.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="SECONDS",
        help="py-spy the server this long in the middle of the run (py-spy installed)",
    )
    p.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for praksis serve (e.g. PRAKSIS_DATABASE_POOL_SIZE=10)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    report = run(args)
    print_report(report)
    print(f"\nresults: {report['results']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Prometheus metrics of one process (``/metrics``, when ``PRAKSIS_METRICS_ENABLED``).

Requests are counted and timed by ``kit.observability`` under their route template, so a
path's ids (or a calendar secret) never become a label. The gauges of what the process holds
(admission places, pool connections, worker threads, the statistics folder) are read when the
endpoint is scraped, from the objects that keep them, in the event loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Protocol

import anyio.to_thread
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.pool import QueuePool

from praksis.kit.runtime import Runtime

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# from a cached list read (≈1 ms) to the statement timeout
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class StatisticsFreshness(Protocol):
    """What the statistics folder (``statistics.folding``) tells about its upkeep."""

    @property
    def last_sweep_at(self) -> float | None: ...

    @property
    def pending_age_seconds(self) -> float: ...

    @property
    def failures(self) -> int: ...


class Metrics:
    """The process's registry: request series, and the live gauges of the app's runtime."""

    def __init__(
        self,
        runtime: Callable[[], Runtime],
        statistics: Callable[[], StatisticsFreshness | None],
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "praksis_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "praksis_http_request_duration_seconds",
            "Time from the request's arrival to the end of its response.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.live = LiveGauges(runtime, statistics)
        self.registry.register(self.live)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.latency.labels(*labels).observe(seconds)

    def exposition(self) -> bytes:
        """The text format; call it in the event loop (it reads the loop's thread limiter)."""
        return generate_latest(self.registry)


class LiveGauges(Collector):
    """Read at each scrape from the objects that keep the values (the app's current ones:
    a test may give the app a new runtime)."""

    def __init__(
        self,
        runtime: Callable[[], Runtime],
        statistics: Callable[[], StatisticsFreshness | None],
    ) -> None:
        self.runtime = runtime
        self.statistics = statistics

    def describe(self) -> list[Metric]:
        return []  # values only exist at a scrape; the names never clash with the rest

    def collect(self) -> Iterator[Metric]:
        runtime = self.runtime()
        yield from _admission(runtime)
        yield from _pool(runtime)
        yield from _threads()
        yield _counter(
            "praksis_sign_in_refusals",
            "Requests refused (429) because their address failed to sign in too often.",
            runtime.failed_sign_ins.refusals,
        )
        folder = self.statistics()
        if folder is not None:
            yield from _statistics(folder)


def _admission(runtime: Runtime) -> Iterator[Metric]:
    gate = runtime.gate
    yield _gauge("praksis_admission_capacity", "Places at the database.", gate.capacity)
    yield _gauge("praksis_admission_in_use", "Requests holding a place now.", gate.in_use)
    yield _gauge("praksis_admission_waiting", "Requests queued for a place.", gate.waiting)
    yield _gauge(
        "praksis_admission_oldest_held_seconds",
        "How long the longest-running request has held its place.",
        gate.oldest_held_seconds(),
    )
    yield _counter(
        "praksis_admission_refusals",
        "Requests answered 503 at the gate: queue full or wait too long.",
        gate.shed,
    )


def _pool(runtime: Runtime) -> Iterator[Metric]:
    pool = runtime.engine.pool
    if isinstance(pool, QueuePool):
        yield _gauge("praksis_db_pool_size", "Connections the pool keeps.", pool.size())
        yield _gauge(
            "praksis_db_pool_checked_out",
            "Connections in use by requests and the statistics folder.",
            pool.checkedout(),
        )


def _threads() -> Iterator[Metric]:
    try:
        limiter = anyio.to_thread.current_default_thread_limiter()
    except RuntimeError:  # no event loop: read outside a request
        return
    stats = limiter.statistics()
    yield _gauge("praksis_worker_threads", "Worker threads allowed.", stats.total_tokens)
    yield _gauge("praksis_worker_threads_busy", "Worker threads in use.", stats.borrowed_tokens)
    yield _gauge(
        "praksis_worker_threads_waiting",
        "Tasks waiting for a worker thread.",
        stats.tasks_waiting,
    )


def _statistics(folder: StatisticsFreshness) -> Iterator[Metric]:
    if folder.last_sweep_at is not None:
        yield _gauge(
            "praksis_statistics_last_sweep_timestamp_seconds",
            "When the statistics folder last swept every municipality (Unix time).",
            folder.last_sweep_at,
        )
        yield _gauge(
            "praksis_statistics_sweep_age_seconds",
            "Seconds since the statistics folder last completed a sweep.",
            time.time() - folder.last_sweep_at,
        )
    yield _gauge(
        "praksis_statistics_pending_age_seconds",
        "Age of the oldest change not yet in the figures, found by the last sweep.",
        folder.pending_age_seconds,
    )
    yield _counter(
        "praksis_statistics_fold_failures",
        "Folds of statistics changes that failed (retried at the next sweep).",
        folder.failures,
    )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _counter(name: str, documentation: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, documentation, value=value)

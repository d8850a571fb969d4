"""Folding recorded changes into the maintained statistics, off the writer's path.

A writer only records what it touched (``statistics.aggregates.record_change``). Folding a
municipality's records, in one tenant transaction: take the municipality's fold lock (one
folder at a time per municipality, across processes), read the oldest records, recompute the
aggregates they lead to from the raw tables (``tallies.refresh_tallies``: tallies and programme
measures, then offering cells), delete the records. Recomputing is idempotent and reads what
is committed when it runs, so records may be folded late, together or twice: the aggregates
converge to the raw tables as soon as no record is left. A record committed while a fold runs
stays for the next one.

Who folds: each serving process runs a ``StatisticsFolder`` thread, told of its own commits
at once (``aggregates.ON_CHANGES_COMMITTED``) and sweeping every
``PRAKSIS_STATISTICS_SWEEP_SECONDS`` for records other processes left (the CLI, a crash):
``pending_municipalities`` reads which municipalities have records in one statement, as the
sweep's own role, and only those are folded.
``settle`` folds everything now, in the caller's thread (the CLI after seeding, the tests).

How fresh: ``figures_as_of`` is the moment of the oldest record not folded in yet, or now
when there is none; both views return it as ``as_of``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col, func, select

from praksis.kit.db import (
    PartnerSession,
    TenantSession,
    read_across_municipalities,
    tenant_session,
    utc_now,
)
from praksis.kit.errors import is_database_unavailable
from praksis.municipalities.models import Municipality
from praksis.statistics import aggregates, tallies
from praksis.statistics.aggregates import Touched
from praksis.statistics.models import StatisticsChange, StatisticsChangeDetail
from praksis.statistics.scope import as_utc

FOLD_LOCK = "statistics_fold"
BATCH = 500  # records per fold transaction
FOLD_LOCK_TIMEOUT_MS = 200  # well below PostgreSQL's deadlock_timeout (1 s)

log = logging.getLogger(__name__)


def figures_as_of(session: TenantSession | PartnerSession) -> datetime:
    """Until when the maintained figures include every committed change: the oldest record
    not folded in yet (of the tenant; for a partner, of its member municipalities), or now."""
    now = utc_now()
    oldest = session.exec(select(func.min(StatisticsChange.noted_at))).one()
    return now if oldest is None else min(oldest, now)


def fold_lock(session: TenantSession) -> None:
    """The municipality's fold lock, till the end of the transaction: one fold (or rebuild) at
    a time, across processes (an advisory lock on PostgreSQL; SQLite serialises writers)."""
    if session.is_postgresql:
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"),
            {"name": f"{FOLD_LOCK}:{session.tenant}"},
        )


def fold_recorded(session: TenantSession) -> int:
    """Fold up to ``BATCH`` of the tenant's oldest records in; returns how many."""
    if session.exec(select(StatisticsChange.id).limit(1)).first() is None:
        return 0
    fold_lock(session)
    _yield_to_writers(session)
    records = session.exec(
        select(StatisticsChangeDetail.change_id, StatisticsChangeDetail.touched)
        .join(
            StatisticsChange,
            col(StatisticsChange.id) == col(StatisticsChangeDetail.change_id),
        )
        .order_by(col(StatisticsChange.noted_at), col(StatisticsChange.id))
        .limit(BATCH)
    ).all()
    if not records:
        return 0  # another folder took them while this one waited for the lock
    touched = Touched()
    for _change, recorded in records:
        touched.add(recorded)
    tallies.refresh_tallies(session, touched)
    _forget(session, [change for change, _recorded in records])
    return len(records)


def _yield_to_writers(session: TenantSession) -> None:
    """A fold waits at most ``FOLD_LOCK_TIMEOUT_MS`` for a row a writer holds, then gives up
    (its records stay for the next fold). Recomputing a project's tallies while a request
    deletes the project would otherwise deadlock, and PostgreSQL's detector (after a second)
    could pick the request as the victim; this way it is always the fold."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL lock_timeout = '{FOLD_LOCK_TIMEOUT_MS}ms'"))


def _forget(session: TenantSession, changes: list[Any] | None) -> None:
    """Delete these records (None: all of the tenant's); their details go by cascade."""
    statement = delete(StatisticsChange)
    if changes is not None:
        statement = statement.where(col(StatisticsChange.id).in_(changes))
    session.execute(statement)


def fold_municipality(engine: Engine, app_role: str, municipality: str) -> int:
    """Fold every record of one municipality in, a batch per transaction; returns how many."""
    folded = 0
    while True:
        with tenant_session(engine, municipality, app_role) as session:
            batch = fold_recorded(session)
        folded += batch
        if batch < BATCH:
            return folded


def in_each_municipality(
    engine: Engine, app_role: str | None, rebuild: Callable[[TenantSession], int]
) -> int:
    """Run ``rebuild`` in each municipality's own tenant transaction; returns the sum."""
    if app_role is None:
        from praksis.settings import get_settings

        app_role = get_settings().app_db_role
    with engine.connect() as connection:
        municipalities = list(connection.execute(select(Municipality.id)).scalars())
    written = 0
    for municipality in municipalities:
        with tenant_session(engine, municipality, app_role) as session:
            written += rebuild(session)
    return written


def pending_municipalities(engine: Engine, sweep_role: str) -> dict[str, datetime]:
    """The municipalities with records to fold, and each one's oldest: the sweep's one read
    across municipalities (``kit.db.read_across_municipalities``), as its own role
    (``PRAKSIS_STATISTICS_SWEEP_DB_ROLE``), which may read these two columns of
    ``statistics_changes`` and nothing else (migration 0029)."""
    oldest = func.min(StatisticsChange.noted_at)
    statement = select(col(StatisticsChange.municipality_id), oldest).group_by(
        col(StatisticsChange.municipality_id)
    )
    rows = read_across_municipalities(engine, sweep_role, statement)
    return {municipality: as_utc(noted) for municipality, noted in rows}


def settle(engine: Engine, app_role: str | None = None) -> int:
    """Fold every municipality's records in now; returns how many."""
    return in_each_municipality(engine, app_role, _fold_all_of)


def _fold_all_of(session: TenantSession) -> int:
    folded = 0
    while batch := fold_recorded(session):
        folded += batch
        if batch < BATCH:
            break
    return folded


def rebuild_statistics(engine: Engine, app_role: str | None = None) -> int:
    """Recompute every maintained statistics table from the raw tables (after a bulk load, an
    upgrade or writes outside Praksis), each municipality in its own tenant transaction; its
    records are then folded in. Returns the number of rows written."""
    return in_each_municipality(engine, app_role, _rebuild_municipality)


def _rebuild_municipality(session: TenantSession) -> int:
    fold_lock(session)
    _forget(session, None)
    return tallies.rebuild_municipality_tallies(session)


class StatisticsFolder:
    """The serving process's folder thread (see the module docstring)."""

    def __init__(
        self, engine: Engine, app_role: str, sweep_role: str, sweep_seconds: float
    ) -> None:
        self.engine = engine
        self.app_role = app_role
        self.sweep_role = sweep_role
        self.sweep_seconds = sweep_seconds
        self._told: set[str] = set()
        self._busy = False
        self.sweeps = 0  # sweeps completed, for ``wait_until``
        # for the metrics (kit.metrics.StatisticsFreshness)
        self.last_sweep_at: float | None = None  # Unix time of the last completed sweep
        self.pending_age_seconds = 0.0  # the oldest record the last sweep found, its age
        self.failures = 0
        self._guard = threading.Condition()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        aggregates.ON_CHANGES_COMMITTED.append(self.tell)
        self._thread = threading.Thread(target=self._run, name="statistics-folder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the fold in progress (what is left is folded by the next start)."""
        if self._thread is None:
            return
        if self.tell in aggregates.ON_CHANGES_COMMITTED:
            aggregates.ON_CHANGES_COMMITTED.remove(self.tell)
        self._stopping.set()
        self._wake.set()
        self._thread.join()
        self._thread = None

    def tell(self, bind: Connection | Engine, municipality: str) -> None:
        if getattr(bind, "engine", bind) is not self.engine:
            return  # another app's database in the same process (the tests have two)
        with self._guard:
            self._told.add(municipality)
        self._wake.set()

    def wait_until_idle(self, timeout: float) -> bool:
        """Whether every change this process was told of got folded within ``timeout``."""
        with self._guard:
            return self._guard.wait_for(lambda: not self._told and not self._busy, timeout)

    def wait_for_sweep(self, timeout: float) -> bool:
        """Whether a sweep that started after this call completed within ``timeout``."""
        with self._guard:
            wanted = self.sweeps + 2  # the one running now may have read before the call
            return self._guard.wait_for(lambda: self.sweeps >= wanted, timeout)

    def _run(self) -> None:
        next_sweep = time.monotonic()  # records left before this process started
        while not self._stopping.is_set():
            self._wake.wait(max(0.0, next_sweep - time.monotonic()))
            self._wake.clear()
            if self._stopping.is_set():
                return
            with self._guard:
                told, self._told = self._told, set()
                self._busy = True
            sweep = time.monotonic() >= next_sweep
            swept = False
            try:
                if sweep:
                    self.sweep()
                    swept = True
                    next_sweep = time.monotonic() + self.sweep_seconds
                else:
                    for municipality in sorted(told):
                        fold_municipality(self.engine, self.app_role, municipality)
            except Exception as failure:
                # the records stay; the next sweep folds them
                self.failures += 1
                if is_database_unavailable(failure):  # e.g. it yielded to a writer's lock
                    log.warning("folding statistics waited too long; retrying: %s", failure)
                else:
                    log.exception("folding statistics failed; retrying at the next sweep")
                next_sweep = min(next_sweep, time.monotonic() + 1.0)
            finally:
                with self._guard:
                    self._busy = False
                    self.sweeps += swept
                    self._guard.notify_all()

    def sweep(self) -> None:
        """Fold the records of every municipality that has some now, noting how old the
        oldest one was (the folder's thread does it every ``sweep_seconds``)."""
        pending = pending_municipalities(self.engine, self.sweep_role)
        now = utc_now()
        ages = (max(0.0, (now - oldest).total_seconds()) for oldest in pending.values())
        self.pending_age_seconds = max(ages, default=0.0)
        for municipality in sorted(pending):
            fold_municipality(self.engine, self.app_role, municipality)
        self.last_sweep_at = time.time()

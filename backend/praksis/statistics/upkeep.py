"""Installs the statistics upkeep on ``TenantSession`` (called from ``praksis.wiring``).

Every writing transaction keeps the maintained statistics equal to the raw tables
(``statistics.aggregates``, ``statistics.tallies``). That happens only in a process that
installed the upkeep: ``create_app``, the CLI and the tests do, through ``wiring.install()``.
"""

from __future__ import annotations

from sqlalchemy import event

from praksis.kit.db import TenantSession
from praksis.statistics import aggregates, tallies

REFRESHES: tuple[aggregates.Refresher, ...] = (tallies.refresh_tallies,)


def install() -> None:
    """Listen to every tenant session's flushes and commits (idempotent)."""
    for name, listener in aggregates.SESSION_HOOKS:
        if not event.contains(TenantSession, name, listener):
            event.listen(TenantSession, name, listener)
    aggregates.MAINTAINED[:] = REFRESHES

"""Running the background jobs in a test: deterministically, until the queue is empty."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.engine import Engine

from praksis.jobs import job_app, worker_options
from praksis.kit.jobs import JobRuntime, connector_for
from praksis.settings import Settings

NEVER_OVERDUE = -1.0  # seconds: every past periodic run is "too late" to defer at start


def run_jobs(
    engine: Engine, settings: Settings, *deferred: tuple[str, dict[str, Any]], **options: Any
) -> None:
    """Defer ``(task name, arguments)`` each, then run procrastinate's worker until the queue
    is empty (``wait=False``): on PostgreSQL against the database's queue (jobs deferred
    earlier are run too), on SQLite on a fresh in-memory queue.

    The worker's periodic deferrer is held back: it would otherwise defer every periodic task
    whose time passed less than ``max_delay`` ago (10 minutes), so what ran would depend on
    the time of day (the org sync's at hh:15–hh:25). A test defers the periodic runs it means,
    with their timestamps."""
    app = job_app()
    runtime = JobRuntime(engine, settings)

    async def defer_and_work() -> None:
        async with app.open_async():
            for name, arguments in deferred:
                await app.configure_task(name).defer_async(**arguments)
            await app.run_worker_async(
                **worker_options(runtime, wait=False, install_signal_handlers=False, **options)
            )

    periodic_defaults = app.periodic_defaults
    app.periodic_defaults = {**periodic_defaults, "max_delay": NEVER_OVERDUE}
    try:
        with app.replace_connector(connector_for(settings)):
            asyncio.run(defer_and_work())
    finally:
        app.periodic_defaults = periodic_defaults

"""The background work of every domain, on one procrastinate app (``kit.jobs`` says how a
domain adds a task or a periodic task).

``job_app()`` builds the process's app once from the domains' blueprints (task names are
``<domain>:<task>``). ``run_worker`` is ``praksis worker`` (PostgreSQL); ``EmbeddedWorker``
runs the same worker inside ``praksis serve`` on SQLite (``PRAKSIS_EMBEDDED_WORKER``), with
the queue in the process's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from functools import lru_cache
from typing import Any

from procrastinate import App, Blueprint
from procrastinate.testing import InMemoryConnector

from praksis.feedback import tasks as feedback
from praksis.kit.jobs import RUNTIME_KEY, JobRuntime, connector_for
from praksis.notifications import tasks as notifications
from praksis.orgsync import tasks as orgsync
from praksis.privacy import tasks as privacy
from praksis.webhooks import tasks as webhooks

BLUEPRINTS: dict[str, Blueprint] = {
    "feedback": feedback.blueprint,
    "privacy": privacy.blueprint,
    "notifications": notifications.blueprint,
    "orgsync": orgsync.blueprint,
    "webhooks": webhooks.blueprint,
}
log = logging.getLogger("praksis.jobs")


@lru_cache(maxsize=1)
def job_app() -> App:
    """The process's one app: every domain's tasks. Its connector is set by whoever runs or
    defers (``connected``); a blueprint can join one app only, hence one per process."""
    app = App(connector=InMemoryConnector())
    for namespace, blueprint in BLUEPRINTS.items():
        app.add_tasks_from(blueprint, namespace=namespace)
    return app


def worker_options(runtime: JobRuntime, **options: Any) -> dict[str, Any]:
    """What every Praksis worker runs with: the runtime for the jobs, finished jobs deleted
    (the outcome that matters is in Praksis's own tables; failures stay for inspection)."""
    return {
        "additional_context": {RUNTIME_KEY: runtime},
        "delete_jobs": "successful",
        **options,
    }


def run_worker(runtime: JobRuntime, *, concurrency: int = 1, wait: bool = True) -> None:
    """``praksis worker``: every queue, until SIGINT/SIGTERM, which lets running jobs finish
    for ``PRAKSIS_SHUTDOWN_GRACE_SECONDS`` (or, ``wait=False``, until the queue is empty)."""
    app = job_app()
    options = worker_options(
        runtime,
        concurrency=concurrency,
        wait=wait,
        shutdown_graceful_timeout=float(runtime.settings.shutdown_grace_seconds),
    )
    with app.replace_connector(connector_for(runtime.settings)):
        app.run_worker(**options)


class EmbeddedWorker:
    """The worker inside the serving process (SQLite demo): started and stopped by the app's
    lifespan, on the in-memory connector. Jobs queued there are lost with the process; the
    periodic tasks find the outbox rows again on the next start."""

    def __init__(self, runtime: JobRuntime, concurrency: int = 2) -> None:
        self.runtime = runtime
        self.concurrency = concurrency
        self._task: asyncio.Task[None] | None = None
        self._restore = contextlib.ExitStack()

    async def start(self) -> None:
        app = job_app()
        self._restore.enter_context(app.replace_connector(InMemoryConnector()))
        await app.open_async()
        options = worker_options(
            self.runtime, concurrency=self.concurrency, install_signal_handlers=False
        )
        self._task = asyncio.create_task(app.run_worker_async(**options), name="praksis-jobs")
        log.info("embedded worker started")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await job_app().close_async()
        self._restore.close()
        log.info("embedded worker stopped")

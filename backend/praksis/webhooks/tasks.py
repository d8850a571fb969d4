"""The webhooks' background work (``kit.jobs``): every few seconds a periodic task queues
one job per delivery that is due, and the job sends it (``webhooks.delivery``).

A request never defers a job: the event's transaction writes the outbox row, and the sweep
finds it. Each job is queued under its delivery's ``queueing_lock``, so a delivery waiting
in the queue is not queued again, and the job claims its row before sending, so of two
jobs for one delivery (one queued while the other runs) only one sends. The waits between
attempts are the outbox row's (``RETRY_SCHEDULE``, up to hours), not procrastinate's: a job
that fails is not retried by the queue, its row is found due again.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid

from procrastinate import Blueprint, JobContext
from procrastinate.exceptions import AlreadyEnqueued

from praksis.kit.db import utc_now
from praksis.kit.jobs import runtime_of
from praksis.webhooks import delivery

blueprint = Blueprint()
DELIVER = "webhooks:deliver"  # the task's name on the app (praksis.jobs gathers it)


@blueprint.task(name="deliver", pass_context=True)
def deliver(context: JobContext, municipality_id: str, delivery_id: str) -> None:
    runtime = runtime_of(context)
    delivery.deliver_one(runtime.engine, runtime.settings, municipality_id, uuid.UUID(delivery_id))


@blueprint.periodic(cron="*/5 * * * * *")  # every 5 seconds: how late a delivery starts
@blueprint.task(name="queue_due", pass_context=True, queueing_lock="webhooks_queue_due")
async def queue_due(context: JobContext, timestamp: int) -> None:
    runtime = runtime_of(context)
    due = await asyncio.to_thread(
        delivery.due_deliveries, runtime.engine, runtime.settings, utc_now()
    )
    for municipality_id, delivery_id in due:
        deferrer = context.app.configure_task(DELIVER, queueing_lock=f"webhook:{delivery_id}")
        with contextlib.suppress(AlreadyEnqueued):
            await deferrer.defer_async(
                municipality_id=municipality_id, delivery_id=str(delivery_id)
            )


@blueprint.periodic(cron="23 * * * *")  # hourly: deliveries settled 30 days ago are deleted
@blueprint.task(name="forget_old", pass_context=True, queueing_lock="webhooks_forget_old")
def forget_old(context: JobContext, timestamp: int) -> None:
    runtime = runtime_of(context)
    delivery.forget_old_deliveries_everywhere(runtime.engine, runtime.settings, utc_now())

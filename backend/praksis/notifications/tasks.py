"""The notifications' background work (``kit.jobs``): collect what is due, dispatch each
pending notification as a delivery job, deliver it (retried), and the daily digest."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

from procrastinate import Blueprint, JobContext
from procrastinate.exceptions import AlreadyEnqueued

from praksis.kit.jobs import DELIVERY_RETRY, runtime_of
from praksis.notifications import service

blueprint = Blueprint()

DISPATCH_CRON = "* * * * * */15"  # every 15 seconds (the sixth field is seconds)
COLLECT_CRON = "*/10 * * * *"
DIGEST_CRON = "0 5 * * *"  # 06:00 or 07:00 in Copenhagen and Oslo


def delivery_lock(notification_id: uuid.UUID) -> str:
    """At most one delivery job of a notification queued at a time."""
    return f"notification:{notification_id}"


@blueprint.task(name="deliver", pass_context=True, retry=DELIVERY_RETRY)
def deliver(context: JobContext, municipality_id: str, notification_id: str) -> None:
    service.deliver(runtime_of(context), municipality_id, uuid.UUID(notification_id))


@blueprint.periodic(cron=DISPATCH_CRON)
@blueprint.task(name="dispatch", pass_context=True, queueing_lock="notifications:dispatch")
async def dispatch(context: JobContext, timestamp: int) -> None:
    """One delivery job per pending notification (a row already queued is skipped)."""
    pending = await asyncio.to_thread(service.pending_notifications, runtime_of(context))
    for municipality_id, notification_id in pending:
        with contextlib.suppress(AlreadyEnqueued):
            await deliver.configure(queueing_lock=delivery_lock(notification_id)).defer_async(
                municipality_id=municipality_id, notification_id=str(notification_id)
            )


@blueprint.periodic(cron=COLLECT_CRON)
@blueprint.task(name="collect", pass_context=True, queueing_lock="notifications:collect")
def collect(context: JobContext, timestamp: int) -> None:
    service.collect(runtime_of(context))


@blueprint.periodic(cron=DIGEST_CRON)
@blueprint.task(name="digest", pass_context=True, queueing_lock="notifications:digest")
def digest(context: JobContext, timestamp: int) -> None:
    service.send_digests(runtime_of(context))

"""The org sync's scheduled job (``kit.jobs``): every hour at :15 the worker asks whether the
hour (UTC) is one of ``PRAKSIS_OS2MO_SYNC_HOURS`` and, if so, syncs every municipality in
``PRAKSIS_OS2MO_CONNECTIONS`` from its OS2mo, as ``praksis sync-os2mo`` does (which stays,
for a run by hand or a dry run)."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate import Blueprint, JobContext

from praksis.kit.jobs import runtime_of
from praksis.orgsync import service

blueprint = Blueprint()


@blueprint.periodic(cron="15 * * * *")
@blueprint.task(name="sync_os2mo", pass_context=True, queueing_lock="sync_os2mo")
def sync_os2mo(context: JobContext, timestamp: int) -> None:
    service.scheduled_sync(runtime_of(context), datetime.fromtimestamp(timestamp, UTC))

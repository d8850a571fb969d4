"""The retention job (``kit.jobs``): every day, the personal data of people who left more
than ``PRAKSIS_RETENTION_MONTHS_AFTER_LEAVING`` months ago is erased, as ``praksis
erase-leavers`` does (which stays, for a run by hand or a dry run)."""

from __future__ import annotations

from datetime import date

from procrastinate import Blueprint, JobContext

from praksis.kit.jobs import runtime_of
from praksis.privacy import service

blueprint = Blueprint()


@blueprint.periodic(cron="30 1 * * *")  # 01:30 UTC, the quiet night of the Nordic zones
@blueprint.task(name="erase_leavers", pass_context=True, queueing_lock="erase_leavers")
def erase_leavers(context: JobContext, timestamp: int) -> None:
    runtime = runtime_of(context)
    months = runtime.settings.retention_months_after_leaving
    if months is None:
        return
    service.erase_leavers(runtime.engine, runtime.settings.app_db_role, months, date.today())

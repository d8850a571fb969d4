"""The feedback domain's background work (``kit.jobs``): transfer follow-ups are issued when
they fall due, without anyone reading them first."""

from __future__ import annotations

from procrastinate import Blueprint, JobContext

from praksis.feedback import service
from praksis.kit.jobs import runtime_of

blueprint = Blueprint()


# every hour (UTC), so a follow-up due today is issued early in its day in every time zone
@blueprint.periodic(cron="7 * * * *")
@blueprint.task(name="issue_follow_ups", pass_context=True, queueing_lock="issue_follow_ups")
def issue_follow_ups(context: JobContext, timestamp: int) -> None:
    service.issue_follow_ups_everywhere(runtime_of(context))

"""What keeping the statistics current costs a write, at national scale on PostgreSQL.

Every writing transaction recomputes, just before it commits, the maintained statistics its
changes lead to (``statistics.aggregates``: the partner view's offering cells; and
``statistics.tallies``: the municipality view's tallies, programme measures and department
tallies). This measures the commit of three everyday writes in the largest municipality of
the ``seed-scale`` database (``praksis_scale``, see ``statistics_scale.py``), each in its own
tenant transaction, side by side in one run:

* feedback given on a trial action (its project, cohort, programme and offering);
* an enrolment changing status (its programme, offering and its person's department);
* attendance recorded for a person at a workshop (its cohort, programme, department);

once with every maintained statistic refreshed and once with none (the hooks' registry
emptied for the round: what the write costs by itself). Rounds alternate so that noise hits
both; each write is undone in a following transaction that is not timed.

    .venv/bin/python benchmarks/statistics_writes.py --rounds 3 --writes 20
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlmodel import select

from praksis import models as _models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.action_learning.models import TrialAction
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import FeedbackKind, TrialActionFeedback
from praksis.kit.db import TenantSession, create_db_engine, tenant_session
from praksis.statistics.aggregates import MAINTAINED
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale"
APP_ROLE = "praksis_app"

Write = Callable[[TenantSession, int], Callable[[TenantSession], None]]
"""Makes the n-th change in the session; returns how to undo it."""


def give_feedback(session: TenantSession, n: int) -> Callable[[TenantSession], None]:
    action = session.exec(select(TrialAction).offset(n).limit(1)).one()
    author = session.exec(select(Enrolment.person_id).offset(n).limit(1)).one()
    feedback = TrialActionFeedback(
        trial_action_id=action.id,
        author_id=author,
        kind=FeedbackKind.colleague,
        what_worked="Rolig samtale.",
        try_next="Tag en kollega med.",
    )
    session.add(feedback)
    feedback_id = feedback.id

    def undo(later: TenantSession) -> None:
        later.delete(later.get_one(TrialActionFeedback, (later.tenant, feedback_id)))

    return undo


def change_status(session: TenantSession, n: int) -> Callable[[TenantSession], None]:
    enrolment = session.exec(
        select(Enrolment).where(Enrolment.status == EnrolmentStatus.approved).offset(n).limit(1)
    ).one()
    enrolment.status = EnrolmentStatus.withdrawn
    enrolment_id = enrolment.id

    def undo(later: TenantSession) -> None:
        later.get_one(Enrolment, (later.tenant, enrolment_id)).status = EnrolmentStatus.approved

    return undo


def record_attendance(session: TenantSession, n: int) -> Callable[[TenantSession], None]:
    workshop_id, person_id = session.execute(
        select(Workshop.id, Enrolment.person_id)
        .join(Enrolment, Enrolment.cohort_id == Workshop.cohort_id)
        .where(
            Enrolment.municipality_id == Workshop.municipality_id,
            ~select(Attendance.id)
            .where(
                Attendance.workshop_id == Workshop.id,
                Attendance.person_id == Enrolment.person_id,
            )
            .exists(),
        )
        .offset(n)
        .limit(1)
    ).one()
    row = Attendance(
        workshop_id=workshop_id,
        person_id=person_id,
        status=AttendanceStatus.present,
        recorded_by_id=person_id,
    )
    session.add(row)
    row_id = row.id

    def undo(later: TenantSession) -> None:
        later.delete(later.get_one(Attendance, (later.tenant, row_id)))

    return undo


WRITES: dict[str, Write] = {
    "feedback on a trial action": give_feedback,
    "enrolment status change": change_status,
    "attendance recorded": record_attendance,
}


@contextmanager
def maintenance(enabled: bool) -> Iterator[None]:
    saved = list(MAINTAINED)
    if not enabled:
        MAINTAINED.clear()
    try:
        yield
    finally:
        MAINTAINED[:] = saved


def commit_times(
    engine: object, tenant: str, write: Write, writes: int, offset: int
) -> list[float]:
    samples = []
    for n in range(writes):
        with TenantSession(engine, tenant, APP_ROLE) as session:  # type: ignore[arg-type]
            undo = write(session, offset + n)
            session.flush()
            started = time.perf_counter()
            session.commit()
            samples.append((time.perf_counter() - started) * 1000)
        with tenant_session(engine, tenant, APP_ROLE) as later:  # type: ignore[arg-type]
            undo(later)
    return samples


def main() -> None:
    wiring.install()  # the statistics upkeep, as in the app
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writes", type=int, default=20)
    args = parser.parse_args()
    engine = create_db_engine(args.url, pool_size=2)
    with engine.connect() as connection:
        tenant = connection.execute(
            text("SELECT municipality_id FROM people GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        ).scalar_one()
    print(f"largest municipality: {tenant}; {args.rounds} rounds × {args.writes} writes")
    found: dict[tuple[str, bool], list[float]] = {}
    for round_ in range(args.rounds):
        for name, write in WRITES.items():
            for enabled in (False, True) if round_ % 2 == 0 else (True, False):
                with maintenance(enabled):
                    offset = round_ * args.writes
                    samples = commit_times(engine, tenant, write, args.writes, offset)
                found.setdefault((name, enabled), []).extend(samples)
    print(
        f"\n{'commit of (ms)':<30} {'none p50':>9} {'none p95':>9} {'kept p50':>9} {'kept p95':>9}"
    )
    for name in WRITES:
        none, kept = found[(name, False)], found[(name, True)]
        print(
            f"{name:<30} {statistics.median(none):>9.1f} {_p95(none):>9.1f} "
            f"{statistics.median(kept):>9.1f} {_p95(kept):>9.1f}"
        )


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()

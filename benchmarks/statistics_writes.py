"""What keeping the statistics current costs a write, at national scale on PostgreSQL.

A writing transaction records what it touched (``statistics.aggregates.record_change``: two
inserts) and the process's folder folds the records in after the commit
(``statistics.folding``). Before that, every writer recomputed the maintained statistics its
changes lead to just before it committed. This measures, in the largest municipality of the
``seed-scale`` database (``praksis_scale``, see ``statistics_scale.py``), side by side in one
run, the commit of three everyday writes, each in its own tenant transaction:

* feedback given on a trial action (its project, cohort, programme and offering);
* an enrolment changing status (its programme, offering and its person's department);
* attendance recorded for a person at a workshop (its cohort, programme, department);

three ways: *none* (the upkeep's hooks removed: what the write costs by itself), *recorded*
(today) and *refreshed* (the previous path: the refresh the fold does, run in the writer's
transaction before its commit). Rounds alternate the order so that noise hits all three;
each write is undone in a following transaction that is not timed. After each round of
recorded writes it times the fold of their records (and their undos').

Then, with ``--concurrent N``: N attendance records at once in that municipality (N threads,
one transaction each, released together) recorded and refreshed, against N writes that move
no statistic (a person's job title), each wall time from release to the last commit.

    .venv/bin/python benchmarks/statistics_writes.py --rounds 3 --writes 20 --concurrent 24
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from praksis import models as _models  # noqa: F401 - registers every table
from praksis import wiring
from praksis.action_learning.models import TrialAction
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import FeedbackKind, TrialActionFeedback
from praksis.kit.db import TenantSession, create_db_engine, tenant_session
from praksis.people.models import Person
from praksis.statistics.aggregates import SESSION_HOOKS, TOUCHED, install
from praksis.statistics.folding import fold_lock, fold_municipality
from praksis.statistics.tallies import refresh_tallies
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/praksis_scale"
APP_ROLE = "praksis_app"

Undo = Callable[[TenantSession], None]
Write = Callable[[TenantSession, int], Undo]
"""Makes the n-th change in the session; returns how to undo it."""


def give_feedback(session: TenantSession, n: int) -> Callable[[TenantSession], None]:
    action = session.exec(
        select(TrialAction).order_by(col(TrialAction.id)).offset(n).limit(1)
    ).one()
    author = session.exec(
        select(Enrolment.person_id).order_by(col(Enrolment.id)).offset(n).limit(1)
    ).one()
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
        select(Enrolment)
        .where(Enrolment.status == EnrolmentStatus.approved)
        .order_by(col(Enrolment.id))
        .offset(n)
        .limit(1)
    ).one()
    enrolment.status = EnrolmentStatus.withdrawn
    enrolment_id = enrolment.id

    def undo(later: TenantSession) -> None:
        later.get_one(Enrolment, (later.tenant, enrolment_id)).status = EnrolmentStatus.approved

    return undo


def _unattended(session: TenantSession, first: int, count: int) -> list[tuple[Any, Any]]:
    """(workshop, person) pairs of the municipality with an enrolment and no attendance."""
    rows = session.execute(
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
        .order_by(col(Workshop.id), col(Enrolment.person_id))
        .offset(first)
        .limit(count)
    ).all()
    return [(workshop, person) for workshop, person in rows]


def _attend(session: TenantSession, workshop_id: Any, person_id: Any) -> Undo:
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


def record_attendance(session: TenantSession, n: int) -> Undo:
    ((workshop_id, person_id),) = _unattended(session, n, 1)
    return _attend(session, workshop_id, person_id)


def attendance_at(pairs: list[tuple[Any, Any]]) -> Write:
    """Attendance for the n-th of these pairs (chosen before concurrent writers start)."""
    return lambda session, n: _attend(session, *pairs[n])


WRITES: dict[str, Write] = {
    "feedback on a trial action": give_feedback,
    "enrolment status change": change_status,
    "attendance recorded": record_attendance,
}


def retitle_person(session: TenantSession, n: int) -> Callable[[TenantSession], None]:
    """A write that moves no statistic: a person's job title."""
    person = session.exec(select(Person).order_by(col(Person.id)).offset(n).limit(1)).one()
    person_id, title = person.id, person.job_title
    person.job_title = f"Konsulent {n}"

    def undo(later: TenantSession) -> None:
        later.get_one(Person, (later.tenant, person_id)).job_title = title

    return undo


MODES = ("none", "recorded", "refreshed")


@contextmanager
def upkeep(mode: str) -> Iterator[None]:
    """``none``: the upkeep's hooks removed for the block."""
    if mode != "none":
        yield
        return
    for name, listener in SESSION_HOOKS:
        event.remove(TenantSession, name, listener)
    try:
        yield
    finally:
        install()


def commit(session: TenantSession, mode: str) -> None:
    """Commit; ``refreshed`` first does in the writer's transaction what the fold does."""
    if mode == "refreshed":
        session.flush()
        touched = session.info.pop(TOUCHED, None)
        if touched:
            fold_lock(session)
            refresh_tallies(session, touched)
    session.commit()


def commit_times(
    engine: Engine, tenant: str, write: Write, writes: int, offset: int, mode: str
) -> list[float]:
    samples = []
    for n in range(writes):
        with TenantSession(engine, tenant, APP_ROLE) as session:
            undo = write(session, offset + n)
            session.flush()
            started = time.perf_counter()
            commit(session, mode)
            samples.append((time.perf_counter() - started) * 1000)
        with tenant_session(engine, tenant, APP_ROLE) as later:
            undo(later)
    return samples


def timed_fold(engine: Engine, tenant: str) -> tuple[int, float]:
    started = time.perf_counter()
    folded = fold_municipality(engine, APP_ROLE, tenant)
    return folded, (time.perf_counter() - started) * 1000


def concurrent_wall(engine: Engine, tenant: str, write: Write, count: int, mode: str) -> float:
    """Seconds from releasing ``count`` writers at once to the last one's commit."""
    release = threading.Barrier(count + 1)
    undos: list[Callable[[TenantSession], None]] = []

    def writer(n: int) -> None:
        release.wait()
        with TenantSession(engine, tenant, APP_ROLE) as session:
            undo = write(session, n)
            commit(session, mode)
        undos.append(undo)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    release.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with tenant_session(engine, tenant, APP_ROLE) as later:
        for undo in undos:
            undo(later)
    fold_municipality(engine, APP_ROLE, tenant)
    return elapsed


def main() -> None:
    wiring.install()  # the statistics upkeep, as in the app
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--concurrent", type=int, default=24)
    parser.add_argument("--concurrent-rounds", type=int, default=5)
    args = parser.parse_args()
    engine = create_db_engine(args.url, pool_size=args.concurrent + 2)
    with engine.connect() as connection:
        tenant = connection.execute(
            text("SELECT municipality_id FROM people GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        ).scalar_one()
    fold_municipality(engine, APP_ROLE, tenant)
    print(f"largest municipality: {tenant}; {args.rounds} rounds × {args.writes} writes")
    found: dict[tuple[str, str], list[float]] = {}
    folds: list[tuple[int, float]] = []
    for round_ in range(args.rounds):
        for name, write in WRITES.items():
            for mode in MODES if round_ % 2 == 0 else tuple(reversed(MODES)):
                with upkeep(mode):
                    offset = round_ * args.writes
                    samples = commit_times(engine, tenant, write, args.writes, offset, mode)
                found.setdefault((name, mode), []).extend(samples)
                if mode == "recorded":
                    folds.append(timed_fold(engine, tenant))
    print(f"\n{'commit of (ms), p50 / p95':<30}" + "".join(f"{mode:>18}" for mode in MODES))
    for name in WRITES:
        cells = "".join(
            f"{statistics.median(found[(name, mode)]):>9.1f} / {_p95(found[(name, mode)]):>6.1f}"
            for mode in MODES
        )
        print(f"{name:<30}{cells}")
    per_record = [ms / folded for folded, ms in folds if folded]
    print(
        f"\nfolding {sum(f for f, _ in folds)} records in {len(folds)} folds: "
        f"{statistics.median(ms for _, ms in folds):.0f} ms per fold (median), "
        f"{statistics.median(per_record):.1f} ms per record"
    )
    if args.concurrent:
        concurrent(engine, tenant, args.concurrent, args.concurrent_rounds)


def concurrent(engine: Engine, tenant: str, count: int, rounds: int) -> None:
    walls: dict[str, list[float]] = {}
    with tenant_session(engine, tenant, APP_ROLE) as session:
        attend = attendance_at(_unattended(session, 0, count))
    cases = (
        ("moving nothing", retitle_person, "recorded"),
        ("attendance, recorded", attend, "recorded"),
        ("attendance, refreshed", attend, "refreshed"),
    )
    for round_ in range(rounds):
        for label, write, mode in cases if round_ % 2 == 0 else tuple(reversed(cases)):
            walls.setdefault(label, []).append(concurrent_wall(engine, tenant, write, count, mode))
    base = statistics.median(walls["moving nothing"])
    print(f"\n{count} writes at once in {tenant}, wall time (median of {rounds}):")
    for label, _write, _mode in cases:
        median = statistics.median(walls[label])
        print(f"  {label:<24} {median:6.3f} s  ({median / base:.2f}× moving nothing)")


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()

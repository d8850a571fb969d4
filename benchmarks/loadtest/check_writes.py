"""Is every write the server acknowledged in the database? (``run.py`` calls it after a run.)

``python benchmarks/loadtest/check_writes.py WRITES.jsonl DATABASE_URL``

Reads the JSON lines the locustfile wrote for each 2xx answer to a write and looks each one
up as the database owner (row-level security does not hide rows from it):

* ``enrolment`` (a nomination, an approval, a decline): the enrolment exists, and its status
  is the one acknowledged last. When two acknowledgements of the same enrolment were in
  flight at the same time (each was sent before the other was answered) either may be last;
  if the status held cannot follow the other acknowledged one (``waitlisted`` then
  ``declined`` can; ``declined`` then ``approved`` cannot), one caller was told something
  the database does not hold: that is counted as *overwritten* (a lost update), apart from
  writes missing outright.
* ``feedback``: the feedback row exists.
* ``evaluation``: the caller's evaluation receipt for the workshop exists (the answer itself
  is anonymous).
* ``attendance``: every record sent is there with the status sent.
* ``person`` (the intranet sync): the person exists with the external id and the job title
  acknowledged last.

A change to an existing object (a decision, a job title) is also recorded before it is sent;
if it was never answered, or answered 5xx, it may have been committed all the same, so its
value is accepted too (``unsettled`` in the summary).

Prints a JSON summary and exits 1 if anything acknowledged is missing or overwritten.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import psycopg

# the enrolment transitions the API allows: a later status reachable from an earlier one
# means two overlapping acknowledgements can both be true, one after the other
FOLLOWS = {
    "nominated": {"approved", "waitlisted", "declined", "withdrawn"},
    "waitlisted": {"approved", "waitlisted", "declined", "withdrawn"},
    "approved": {"withdrawn", "completed"},
}


def _load(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            records.append(json.loads(line))
    return records


def _admissible(
    acks: list[dict[str, Any]],
    field: str,
    unsettled: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> tuple[set[Any], bool]:
    """The values the database may hold after ``acks`` (the last one, and any other whose
    request overlapped it), and whether those disagree; plus the values of changes whose
    outcome the client never learnt (``unsettled``: no answer, or a 5xx), which may have
    been committed after the last acknowledged one."""
    ordered = sorted(acks, key=lambda ack: ack["acked"])
    last = ordered[-1]
    concurrent = [ack for ack in ordered if ack["acked"] >= last["sent"]]
    values = {ack[field] for ack in concurrent}
    racing = len(values) > 1
    for attempt in unsettled:
        values.update(attempt["values"])
    return values, racing


def check(writes_path: Path, url: str) -> dict[str, Any]:
    records = _load(writes_path)
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    attempts: dict[str, dict[str, Any]] = {}
    settled: set[str] = set()
    for record in records:
        if "settled" in record:
            settled.add(record["settled"])
        elif "acked" not in record:
            attempts[record["attempt"]] = record
        else:
            by_kind[record["kind"]].append(record)
    unsettled: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for attempt, record in attempts.items():
        if attempt not in settled:
            unsettled[(record["kind"], record["id"])].append(record)
    report: dict[str, Any] = {
        "acknowledged": sum(len(kind) for kind in by_kind.values()),
        "unsettled": sum(len(v) for v in unsettled.values()),
        "kinds": {},
    }
    missing_total = 0
    overwritten_total = 0
    scheme, separator, rest = url.partition("://")  # a SQLAlchemy URL works too
    with psycopg.connect(f"{scheme.split('+')[0]}{separator}{rest}") as connection:

        def note(kind: str, checked: int, missing: list[Any], overwritten: list[Any]) -> None:
            nonlocal missing_total, overwritten_total
            missing_total += len(missing)
            overwritten_total += len(overwritten)
            report["kinds"][kind] = {
                "acknowledged": len(by_kind[kind]),
                "checked": checked,
                "missing": len(missing),
                "overwritten": len(overwritten),
                "examples": (missing + overwritten)[:5],
            }

        # enrolments: nominations and decisions
        acks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in by_kind["enrolment"]:
            acks[record["id"]].append(record)
        stored = dict(
            connection.execute(
                "SELECT id::text, status FROM enrolments WHERE id = ANY(%s::uuid[])",
                (list(acks),),
            ).fetchall()
        )
        missing: list[Any] = []
        overwritten: list[Any] = []
        for enrolment, history in acks.items():
            if enrolment not in stored:
                missing.append({"enrolment": enrolment})
                continue
            allowed, racing = _admissible(history, "status", unsettled[("enrolment", enrolment)])
            if stored[enrolment] not in allowed:
                missing.append(
                    {
                        "enrolment": enrolment,
                        "status": stored[enrolment],
                        "acknowledged": sorted(allowed),
                    }
                )
            elif racing and not all(
                stored[enrolment] in FOLLOWS.get(status, ())
                for status in {ack["status"] for ack in history} - {stored[enrolment]}
            ):
                overwritten.append(
                    {
                        "enrolment": enrolment,
                        "status": stored[enrolment],
                        "acknowledged": sorted(allowed),
                    }
                )
        note("enrolment", len(acks), missing, overwritten)

        # feedback
        ids = [record["id"] for record in by_kind["feedback"]]
        found = {
            row[0]
            for row in connection.execute(
                "SELECT id::text FROM trial_action_feedback WHERE id = ANY(%s::uuid[])", (ids,)
            )
        }
        note("feedback", len(ids), [{"feedback": i} for i in ids if i not in found], [])

        # evaluation receipts
        pairs = [(r["workshop_id"], r["person_id"]) for r in by_kind["evaluation"]]
        found_pairs = {
            (row[0], row[1])
            for row in connection.execute(
                "SELECT workshop_id::text, person_id::text FROM evaluation_receipts "
                "WHERE workshop_id = ANY(%s::uuid[])",
                (list({w for w, _p in pairs}),),
            )
        }
        note(
            "evaluation",
            len(pairs),
            [{"workshop": w, "person": p} for w, p in pairs if (w, p) not in found_pairs],
            [],
        )

        # attendance
        expected: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for record in by_kind["attendance"]:
            for entry in record["records"]:
                expected[(record["workshop_id"], entry["person_id"])].append(
                    {"sent": record["sent"], "acked": record["acked"], "status": entry["status"]}
                )
        rows = {
            (row[0], row[1]): row[2]
            for row in connection.execute(
                "SELECT workshop_id::text, person_id::text, status FROM attendance "
                "WHERE workshop_id = ANY(%s::uuid[])",
                (list({w for w, _p in expected}),),
            )
        }
        missing, overwritten = [], []
        for key, history in expected.items():
            allowed, racing = _admissible(history, "status")
            if rows.get(key) not in allowed:
                missing.append(
                    {
                        "workshop": key[0],
                        "person": key[1],
                        "status": rows.get(key),
                        "acknowledged": sorted(allowed),
                    }
                )
            elif racing:
                overwritten.append({"workshop": key[0], "person": key[1]})
        note("attendance", len(expected), missing, overwritten)

        # people synced by the intranet
        people: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in by_kind["person"]:
            people[record["id"]].append(record)
        stored_people = {
            row[0]: (row[1], row[2])
            for row in connection.execute(
                "SELECT id::text, external_id, job_title FROM people WHERE id = ANY(%s::uuid[])",
                (list(people),),
            )
        }
        missing, overwritten = [], []
        for person, history in people.items():
            allowed, racing = _admissible(history, "job_title", unsettled[("person", person)])
            row = stored_people.get(person)
            if row is None or row[0] != history[-1]["external_id"] or row[1] not in allowed:
                missing.append({"person": person, "stored": row, "acknowledged": sorted(allowed)})
            elif racing:
                overwritten.append({"person": person})
        note("person", len(people), missing, overwritten)

    report["missing"] = missing_total
    report["overwritten"] = overwritten_total
    report["lost"] = missing_total + overwritten_total
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    report = check(Path(argv[0]), argv[1])
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 1 if report["lost"] else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

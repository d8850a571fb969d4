"""Importing people from a CSV file or an intranet's bulk JSON: one upsert by ``external_id``.

Both sources become ``ImportRow``s and go through ``upsert_people``, one import per
municipality at a time (another one meanwhile answers 409 ``import-in-progress``):

1. a CSV file is read from its spooled upload line by line, twice, and never held whole: the
   first pass refuses a file that cannot be read (422) and notes the external_ids that appear
   on more than one line, before anything is written;
2. every line is validated completely before it is written (required name, email shape,
   known org unit, an external_id not repeated in the file, lengths, no control characters),
   so a bad line is rejected and the others are still saved;
3. the lines are written ``BATCH_SIZE`` at a time: one lookup of the batch's people, one
   INSERT of the new ones and one UPDATE per set of changed columns, in a SAVEPOINT; if the
   database refuses the batch (a row saved at the same time), each of its lines is written in
   its own SAVEPOINT, so an unexpected database error rejects that line only and never leaves
   it half-written;
4. a dry run computes the same outcomes and writes nothing.

The import is one transaction (the request's unit of work): it commits whole or not at all.
Its writes are bulk statements on ``people``, after which the maintained statistics
recompute the municipality's department tallies once, before the commit
(``statistics.aggregates``).

A column (CSV) or key (JSON) that is absent leaves that field as it is; an empty cell or
``null`` clears it.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, cast

from pydantic import TypeAdapter
from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import col, select

from praksis.kit.context import TenantContext
from praksis.kit.db import TenantSession, utc_now
from praksis.kit.errors import Conflict, InvalidInput
from praksis.kit.ids import new_id
from praksis.kit.locks import try_transaction_lock
from praksis.kit.schemas import FIRST_DAY, ISO_DAY_PATTERN, LAST_DAY
from praksis.people.models import OrgUnit, Person
from praksis.people.schemas import (
    EMAIL_MAX,
    EMAIL_PATTERN,
    EXTERNAL_ID_MAX,
    JOB_TITLE_MAX,
    NAME_MAX,
    ImportLine,
    ImportLineError,
    ImportOutcome,
    ImportSummary,
    PeopleBulk,
)

COLUMNS = ("external_id", "name", "email", "job_title", "org_unit_external_id", "left_on")
REQUIRED_COLUMNS = ("external_id", "name")
MAX_LENGTHS = {
    "external_id": EXTERNAL_ID_MAX,
    "name": NAME_MAX,
    "email": EMAIL_MAX,
    "job_title": JOB_TITLE_MAX,
    "org_unit_external_id": EXTERNAL_ID_MAX,
    "left_on": len("YYYY-MM-DD"),
}
MAX_CSV_LINES = 10_000
BATCH_SIZE = 500
READ_CHUNK = 64 * 1024
IMPORT_LOCK = "people_import"
PEOPLE = cast(Table, Person.__table__)  # type: ignore[attr-defined]
LINES = TypeAdapter(list[ImportLine])

CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
EMAIL = re.compile(EMAIL_PATTERN)
SEP_HINT = re.compile(r"^sep=([,;])\r?\n?$", re.IGNORECASE)

# What the OpenAPI document promises: a header of known columns, then the lines. The server
# also accepts the columns in any order and letter case, and an Excel "sep=;" first line.
CSV_BODY_PATTERN = (
    r"^\uFEFF?(external_id,name(,email)?(,job_title)?(,org_unit_external_id)?(,left_on)?"
    r"|external_id;name(;email)?(;job_title)?(;org_unit_external_id)?(;left_on)?)"
    r"(\r?\n[\s\S]*)?$"
)
CSV_BODY_DESCRIPTION = (
    "UTF-8 (with or without BOM), separated by commas or semicolons (detected from the "
    "header). The first line is the header: `external_id` and `name` are required, `email`, "
    "`job_title`, `org_unit_external_id` and `left_on` (the day the person left, YYYY-MM-DD) "
    "optional; header names are case-insensitive and "
    "may come in any order; an unknown column refuses the whole file. At most "
    f"{MAX_CSV_LINES} lines."
)
IMPORT_IN_PROGRESS = (
    "Another import of people into your municipality is running (CSV or bulk); nothing was "
    "done. Send this one again when that one has finished."
)
SAVED_AT_THE_SAME_TIME = (
    "The line could not be saved; it conflicts with data saved at the same time. Send it again."
)


class ImportInProgress(Conflict):
    slug, title = "import-in-progress", "Import in progress"


@dataclass
class ImportRow:
    """One person to upsert: the fields the source gave, and problems found while reading."""

    line: int
    values: dict[str, str | None]
    errors: list[ImportLineError] = field(default_factory=list)

    @property
    def external_id(self) -> str | None:
        return self.values.get("external_id")


@dataclass(frozen=True)
class ImportReport:
    """An ``ImportResult`` whose lines are kept as JSON, a batch at a time: ten thousand
    lines as objects would cost several times their JSON, and leave the memory fragmented."""

    dry_run: bool
    summary: ImportSummary
    lines_json: list[bytes]

    def json(self) -> bytes:
        """The ``ImportResult`` document."""
        head = b'{"dry_run":%s,"summary":%s,"lines":[' % (
            b"true" if self.dry_run else b"false",
            self.summary.model_dump_json().encode(),
        )
        return head + b",".join(chunk for chunk in self.lines_json if chunk) + b"]}"


@dataclass(frozen=True)
class StoredPerson:
    """What the import compares a line with: the person's fields it may change."""

    id: uuid.UUID
    name: str
    email: str | None
    job_title: str | None
    org_unit_id: uuid.UUID | None
    left_on: date | None


@dataclass
class PlannedLine:
    """A row and what writing it does: the person and the columns it sets."""

    row: ImportRow
    outcome: ImportOutcome
    person_id: uuid.UUID | None = None
    changes: dict[str, Any] = field(default_factory=dict)

    def reject(self, message: str) -> None:
        self.row.errors.append(ImportLineError(field=None, message=message))
        self.outcome, self.person_id, self.changes = ImportOutcome.rejected, None, {}


# --- the imports -----------------------------------------------------------------------------


def import_csv(context: TenantContext, upload: IO[bytes], *, dry_run: bool) -> ImportReport:
    """Create or update people from the CSV file in ``upload`` (read twice, from the start)."""
    hold_import_lock(context)
    repeated = repeated_external_ids(csv_rows(upload))
    return upsert_people(context, csv_rows(upload), repeated, dry_run=dry_run)


def import_bulk(context: TenantContext, body: PeopleBulk, *, dry_run: bool) -> ImportReport:
    """Create or update the bulk request's people, by the rules of the CSV import."""
    hold_import_lock(context)
    rows = rows_from_bulk(body)
    return upsert_people(context, rows, repeated_external_ids(rows), dry_run=dry_run)


def hold_import_lock(context: TenantContext) -> None:
    """Refuse (409) while another import into the municipality runs, in any process; held
    until this transaction ends, so the next import sees everything this one wrote."""
    session = context.session
    if not try_transaction_lock(session, f"{IMPORT_LOCK}:{session.tenant}"):
        raise ImportInProgress(IMPORT_IN_PROGRESS)


# --- reading ---------------------------------------------------------------------------------


def csv_rows(upload: IO[bytes]) -> Iterator[ImportRow]:
    """The CSV's data lines as rows, read from the start of ``upload`` as they are needed; a
    file that cannot be read as a whole is refused (422) when the reading gets there."""
    upload.seek(0)
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        yield from _rows_of(text)
    except UnicodeDecodeError as error:
        raise _file_error(
            f"The file is not UTF-8 (byte {_first_undecodable_byte(upload) + 1} cannot be "
            'read); in Excel, save it as "CSV UTF-8".'
        ) from error
    finally:
        text.detach()  # the upload stays open for the next pass


def _rows_of(text: io.TextIOWrapper) -> Iterator[ImportRow]:
    first_line = text.readline()
    hint = SEP_HINT.match(first_line)
    lines_before_header = 0 if hint is None else 1
    header_line = first_line if hint is None else text.readline()
    if hint is not None:
        separator = hint.group(1)
    else:
        separator = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(itertools.chain([header_line], text), delimiter=separator, strict=False)
    try:
        header = next(reader)
    except csv.Error as error:
        raise _file_error(f"The header line cannot be read: {error}.") from error
    columns = _columns(header)
    rows = 0
    consumed = reader.line_num
    while True:
        start = lines_before_header + consumed + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            consumed = reader.line_num
            rows += 1
            yield ImportRow(start, {}, [ImportLineError(field=None, message=str(error))])
            continue
        consumed = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if rows >= MAX_CSV_LINES:
            raise _file_error(f"The file has more than {MAX_CSV_LINES} lines; split it up.")
        rows += 1
        yield _row_from_record(start, columns, record)


def _first_undecodable_byte(upload: IO[bytes]) -> int:
    """The 0-based offset in the file of the first byte that is not UTF-8."""
    upload.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    while True:
        chunk = upload.read(READ_CHUNK)
        pending = len(decoder.getstate()[0])  # bytes of a character the last chunk began
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            return offset - pending + error.start
        if not chunk:
            return offset
        offset += len(chunk)


def rows_from_bulk(body: PeopleBulk) -> list[ImportRow]:
    """The bulk request's items as rows, numbered from 1 in the order sent."""
    rows = []
    for position, item in enumerate(body.people, start=1):
        values: dict[str, str | None] = {}
        for name in COLUMNS:
            if name in item.model_fields_set:
                values[name] = _cell(getattr(item, name))
        rows.append(ImportRow(position, values))
    return rows


def _columns(header: Sequence[str]) -> list[str]:
    columns = [name.strip().lower() for name in header]
    if not any(columns):
        raise _file_error(
            "The first line must be a header naming the columns: " + ", ".join(COLUMNS) + "."
        )
    unknown = [f'"{name}"' if name else "an unnamed one" for name in columns if name not in COLUMNS]
    if unknown:
        raise _file_error(
            f"Unknown column(s) in the header: {', '.join(unknown)}; "
            f"the columns are {', '.join(COLUMNS)}.",
            [f"unknown column {name}" for name in unknown],
        )
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        raise _file_error(
            f"Column(s) named twice in the header: {', '.join(repeated)}.",
            [f'column "{name}" is named twice' for name in repeated],
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise _file_error(
            f"The header lacks the required column(s): {', '.join(missing)}.",
            [f'required column "{name}" is missing' for name in missing],
        )
    return columns


def _row_from_record(line: int, columns: list[str], record: list[str]) -> ImportRow:
    values = {name: _cell(cell) for name, cell in zip(columns, record, strict=False)}
    row = ImportRow(line, values)
    if len(record) != len(columns):
        row.errors.append(
            ImportLineError(
                field=None,
                message=f"The line has {len(record)} fields; the header has {len(columns)}.",
            )
        )
    return row


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _file_error(detail: str, messages: Iterable[str] | None = None) -> InvalidInput:
    return InvalidInput(
        detail,
        errors=[{"location": "body", "message": message} for message in (messages or [detail])],
    )


def repeated_external_ids(rows: Iterable[ImportRow]) -> dict[str, list[int]]:
    """The external_ids on more than one line, with those lines (in file order)."""
    first_line: dict[str, int] = {}
    repeated: dict[str, list[int]] = {}
    for row in rows:
        external_id = row.external_id
        if external_id is None:
            continue
        if external_id in repeated:
            repeated[external_id].append(row.line)
        elif external_id in first_line:
            repeated[external_id] = [first_line.pop(external_id), row.line]
        else:
            first_line[external_id] = row.line
    return repeated


# --- validating and writing ------------------------------------------------------------------


def upsert_people(
    context: TenantContext,
    rows: Iterable[ImportRow],
    repeated: dict[str, list[int]],
    *,
    dry_run: bool,
) -> ImportReport:
    """Create or update each row's person by ``external_id``, ``BATCH_SIZE`` rows at a time;
    report every row's outcome. ``repeated``: the external_ids on more than one row."""
    units: dict[str, uuid.UUID | None] = {}  # org units by external_id, as looked up so far
    lines_json: list[bytes] = []
    counts = dict.fromkeys(ImportOutcome, 0)
    for batch in _batches(rows):
        lines = _upsert_batch(context.session, batch, repeated, units, dry_run)
        for line in lines:
            counts[line.outcome] += 1
        lines_json.append(LINES.dump_json(lines)[1:-1])  # a batch's lines, without [ ]
    summary = ImportSummary(
        created=counts[ImportOutcome.created],
        updated=counts[ImportOutcome.updated],
        unchanged=counts[ImportOutcome.unchanged],
        rejected=counts[ImportOutcome.rejected],
    )
    return ImportReport(dry_run, summary, lines_json)


def _batches(rows: Iterable[ImportRow]) -> Iterator[list[ImportRow]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch


def _upsert_batch(
    session: TenantSession,
    batch: list[ImportRow],
    repeated: dict[str, list[int]],
    units: dict[str, uuid.UUID | None],
    dry_run: bool,
) -> list[ImportLine]:
    for row in batch:
        if not row.errors:
            row.errors.extend(_field_errors(row.values))
        lines = repeated.get(row.external_id or "")
        if lines is not None:
            row.errors.append(
                ImportLineError(
                    field="external_id",
                    message="This external_id appears more than once (lines "
                    + ", ".join(str(line) for line in lines)
                    + ").",
                )
            )
    _reject_unknown_org_units(session, batch, units)
    existing = _people_by_external_id(session, [r.external_id for r in batch if not r.errors])
    planned = [_plan(row, units, existing) for row in batch]
    if dry_run:
        for line in planned:
            if line.outcome is ImportOutcome.created:
                line.person_id = None
    else:
        _write(session, [line for line in planned if line.changes])
    return [_line(line.row, line.outcome, line.person_id) for line in planned]


def _field_errors(values: dict[str, str | None]) -> list[ImportLineError]:
    errors = []
    for name in REQUIRED_COLUMNS:
        if not values.get(name):
            errors.append(ImportLineError(field=name, message=f"{name} is required."))
    for name, value in values.items():
        if value is None:
            continue
        if CONTROL_CHARACTER.search(value):
            errors.append(
                ImportLineError(field=name, message="Control characters are not allowed.")
            )
        elif len(value) > MAX_LENGTHS[name]:
            errors.append(
                ImportLineError(
                    field=name, message=f"At most {MAX_LENGTHS[name]} characters are allowed."
                )
            )
        elif name == "email" and not EMAIL.fullmatch(value):
            errors.append(ImportLineError(field=name, message="This is not an email address."))
        elif name == "left_on" and _day(value) is None:
            errors.append(
                ImportLineError(
                    field=name,
                    message=f"A day is written YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}.",
                )
            )
    return errors


def _day(value: str) -> date | None:
    """The day ``value`` names (YYYY-MM-DD, in the range every day in Praksis has), or None."""
    if not ISO_DAY_PATTERN.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _reject_unknown_org_units(
    session: TenantSession, batch: list[ImportRow], units: dict[str, uuid.UUID | None]
) -> None:
    """Look up the batch's org units not looked up before; reject lines naming none."""
    wanted = {
        ref
        for row in batch
        if not row.errors
        and (ref := row.values.get("org_unit_external_id")) is not None
        and ref not in units
    }
    if wanted:
        statement = select(OrgUnit.external_id, OrgUnit.id).where(
            col(OrgUnit.external_id).in_(sorted(wanted))
        )
        found = dict(session.exec(statement).all())
        units.update({ref: found.get(ref) for ref in wanted})
    for row in batch:
        ref = row.values.get("org_unit_external_id")
        if not row.errors and ref is not None and units[ref] is None:
            row.errors.append(
                ImportLineError(
                    field="org_unit_external_id",
                    message=f'No org unit has external_id "{ref}".',
                )
            )


def _people_by_external_id(
    session: TenantSession, external_ids: Iterable[str | None]
) -> dict[str, StoredPerson]:
    """The people with these external ids (one batch's: one query)."""
    wanted = sorted({value for value in external_ids if value is not None})
    if not wanted:
        return {}
    statement = sa_select(
        col(Person.external_id),
        col(Person.id),
        col(Person.name),
        col(Person.email),
        col(Person.job_title),
        col(Person.org_unit_id),
        col(Person.left_on),
    ).where(col(Person.external_id).in_(wanted))
    return {
        external_id: StoredPerson(*fields)
        for external_id, *fields in session.execute(statement).all()
        if external_id is not None
    }


def _plan(
    row: ImportRow, units: dict[str, uuid.UUID | None], existing: dict[str, StoredPerson]
) -> PlannedLine:
    if row.errors:
        return PlannedLine(row, ImportOutcome.rejected)
    assert row.external_id is not None
    wanted: dict[str, Any] = {}
    for name in ("name", "email", "job_title"):
        if name in row.values:
            wanted[name] = row.values[name]
    if "org_unit_external_id" in row.values:
        ref = row.values["org_unit_external_id"]
        wanted["org_unit_id"] = None if ref is None else units[ref]
    if "left_on" in row.values:
        day = row.values["left_on"]
        wanted["left_on"] = None if day is None else _day(day)
    person = existing.get(row.external_id)
    if person is None:
        return PlannedLine(row, ImportOutcome.created, new_id(), wanted)
    changes = {name: value for name, value in wanted.items() if getattr(person, name) != value}
    outcome = ImportOutcome.updated if changes else ImportOutcome.unchanged
    return PlannedLine(row, outcome, person.id, changes)


def _write(session: TenantSession, planned: list[PlannedLine]) -> None:
    """The batch's new and changed people in a few statements; if the database refuses them,
    line by line, each in its own SAVEPOINT, rejecting the lines it refuses."""
    if not planned:
        return
    try:
        with session.begin_nested():
            _insert(session, [line for line in planned if line.outcome is ImportOutcome.created])
            _update(session, [line for line in planned if line.outcome is ImportOutcome.updated])
    except (IntegrityError, DataError, _NotUpdated):
        for line in planned:
            write = _insert if line.outcome is ImportOutcome.created else _update
            try:
                with session.begin_nested():
                    write(session, [line])
            except (IntegrityError, DataError, _NotUpdated):
                line.reject(SAVED_AT_THE_SAME_TIME)


class _NotUpdated(Exception):
    """A person the batch read was gone (deleted meanwhile) when it was to be updated."""


def _insert(session: TenantSession, lines: list[PlannedLine]) -> None:
    if not lines:
        return
    now = utc_now()
    session.execute(
        insert(PEOPLE),
        [
            {
                "municipality_id": session.tenant,
                "id": line.person_id,
                "external_id": line.row.external_id,
                "name": line.changes["name"],
                "email": line.changes.get("email"),
                "job_title": line.changes.get("job_title"),
                "org_unit_id": line.changes.get("org_unit_id"),
                "left_on": line.changes.get("left_on"),
                "subject": None,
                "created_at": now,
                "updated_at": now,
            }
            for line in lines
        ],
    )


def _update(session: TenantSession, lines: list[PlannedLine]) -> None:
    """One UPDATE per set of changed columns: a column the line does not change is not
    written, so a concurrent change to it is kept."""
    by_columns: dict[tuple[str, ...], list[PlannedLine]] = defaultdict(list)
    for line in lines:
        by_columns[tuple(sorted(line.changes))].append(line)
    now = utc_now()
    for columns, group in by_columns.items():
        statement = (
            update(PEOPLE)
            .where(
                PEOPLE.c.municipality_id == session.tenant,
                PEOPLE.c.id == bindparam("person_id"),
            )
            .values({name: bindparam(f"new_{name}") for name in columns} | {"updated_at": now})
        )
        result = session.execute(
            statement,
            [
                {"person_id": line.person_id}
                | {f"new_{name}": line.changes[name] for name in columns}
                for line in group
            ],
        )
        if result.rowcount != len(group):  # type: ignore[attr-defined]
            raise _NotUpdated()


def _line(row: ImportRow, outcome: ImportOutcome, person_id: uuid.UUID | None) -> ImportLine:
    return ImportLine(
        line=row.line,
        external_id=row.external_id,
        outcome=outcome,
        person_id=person_id,
        errors=row.errors,
    )

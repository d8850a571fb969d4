"""Importing people from a CSV file or an intranet's bulk JSON: one upsert by ``external_id``.

Both sources become ``ImportRow``s and go through ``upsert_people``:

1. every line is validated completely first (required name, email shape, known org unit,
   an external_id not repeated in the file, lengths, no control characters), so a bad line
   is rejected before anything is written;
2. each accepted line is written in its own SAVEPOINT, so an unexpected database error
   rejects that line only and never leaves it half-written;
3. a dry run computes the same outcomes and writes nothing.

A column (CSV) or key (JSON) that is absent leaves that field as it is; an empty cell or
``null`` clears it.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, col, select

from praksis.kit.db import utc_now
from praksis.kit.errors import InvalidInput
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
    ImportResult,
    ImportSummary,
    PeopleBulk,
)

COLUMNS = ("external_id", "name", "email", "job_title", "org_unit_external_id")
REQUIRED_COLUMNS = ("external_id", "name")
MAX_LENGTHS = {
    "external_id": EXTERNAL_ID_MAX,
    "name": NAME_MAX,
    "email": EMAIL_MAX,
    "job_title": JOB_TITLE_MAX,
    "org_unit_external_id": EXTERNAL_ID_MAX,
}
MAX_CSV_LINES = 10_000
SEPARATORS = (",", ";")
LOOKUP_CHUNK = 500

CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
EMAIL = re.compile(EMAIL_PATTERN)
SEP_HINT = re.compile(r"^sep=([,;])\r?\n?$", re.IGNORECASE)

# What the OpenAPI document promises: a header of known columns, then the lines. The server
# also accepts the columns in any order and letter case, and an Excel "sep=;" first line.
CSV_BODY_PATTERN = (
    r"^\uFEFF?(external_id,name(,email)?(,job_title)?(,org_unit_external_id)?"
    r"|external_id;name(;email)?(;job_title)?(;org_unit_external_id)?)(\r?\n[\s\S]*)?$"
)
CSV_BODY_DESCRIPTION = (
    "UTF-8 (with or without BOM), separated by commas or semicolons (detected from the "
    "header). The first line is the header: `external_id` and `name` are required, `email`, "
    "`job_title` and `org_unit_external_id` optional; header names are case-insensitive and "
    "may come in any order; an unknown column refuses the whole file. At most "
    f"{MAX_CSV_LINES} lines."
)


@dataclass
class ImportRow:
    """One person to upsert: the fields the source gave, and problems found while reading."""

    line: int
    values: dict[str, str | None]
    errors: list[ImportLineError] = field(default_factory=list)

    @property
    def external_id(self) -> str | None:
        return self.values.get("external_id")


# --- reading ---------------------------------------------------------------------------------


def rows_from_csv(raw: bytes) -> list[ImportRow]:
    """The CSV's data lines as rows; a file that cannot be read as a whole is refused (422)."""
    text = _decode(raw)
    stream = io.StringIO(text, newline="")
    lines_before_header = 0
    separator: str | None = None
    hint = SEP_HINT.match(stream.readline())
    if hint is not None:
        separator = hint.group(1)
        lines_before_header = 1
    else:
        stream.seek(0)
    header_start = stream.tell()
    header_line = stream.readline()
    stream.seek(header_start)
    if separator is None:
        separator = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(stream, delimiter=separator, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as error:
        raise _file_error(f"The header line cannot be read: {error}.") from error
    columns = _columns(header)
    rows: list[ImportRow] = []
    consumed = reader.line_num
    while True:
        start = lines_before_header + consumed + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            consumed = reader.line_num
            rows.append(ImportRow(start, {}, [ImportLineError(field=None, message=str(error))]))
            continue
        consumed = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= MAX_CSV_LINES:
            raise _file_error(f"The file has more than {MAX_CSV_LINES} lines; split it up.")
        rows.append(_row_from_record(start, columns, record))
    return rows


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


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(
            f"The file is not UTF-8 (byte {error.start + 1} cannot be read); in Excel, save "
            'it as "CSV UTF-8".'
        ) from error


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


# --- validating and writing ------------------------------------------------------------------


def upsert_people(session: Session, rows: list[ImportRow], *, dry_run: bool) -> ImportResult:
    """Create or update each row's person by ``external_id``; report every row's outcome."""
    for row in rows:
        if not row.errors:
            row.errors.extend(_field_errors(row.values))
    _reject_repeated_external_ids(rows)
    units = _org_units_by_external_id(session, rows)
    for row in rows:
        unit_ref = row.values.get("org_unit_external_id")
        if not row.errors and unit_ref is not None and unit_ref not in units:
            row.errors.append(
                ImportLineError(
                    field="org_unit_external_id",
                    message=f'No org unit has external_id "{unit_ref}".',
                )
            )
    existing = _people_by_external_id(session, [r.external_id for r in rows if not r.errors])
    lines = [_apply(session, row, units, existing, dry_run) for row in rows]
    counts = dict.fromkeys(ImportOutcome, 0)
    for result in lines:
        counts[result.outcome] += 1
    summary = ImportSummary(
        created=counts[ImportOutcome.created],
        updated=counts[ImportOutcome.updated],
        unchanged=counts[ImportOutcome.unchanged],
        rejected=counts[ImportOutcome.rejected],
    )
    return ImportResult(dry_run=dry_run, summary=summary, lines=lines)


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
    return errors


def _reject_repeated_external_ids(rows: list[ImportRow]) -> None:
    lines_of: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.external_id is not None:
            lines_of[row.external_id].append(row.line)
    for row in rows:
        lines = lines_of.get(row.external_id or "", [])
        if len(lines) > 1:
            row.errors.append(
                ImportLineError(
                    field="external_id",
                    message="This external_id appears more than once (lines "
                    + ", ".join(str(line) for line in lines)
                    + ").",
                )
            )


def _org_units_by_external_id(session: Session, rows: list[ImportRow]) -> dict[str, uuid.UUID]:
    wanted = {
        ref
        for row in rows
        if not row.errors and (ref := row.values.get("org_unit_external_id")) is not None
    }
    found: dict[str, uuid.UUID] = {}
    for chunk in _chunks(sorted(wanted)):
        statement = select(OrgUnit.external_id, OrgUnit.id).where(
            col(OrgUnit.external_id).in_(chunk)
        )
        for external_id, unit_id in session.exec(statement).all():
            if external_id is not None:
                found[external_id] = unit_id
    return found


def _people_by_external_id(
    session: Session, external_ids: Iterable[str | None]
) -> dict[str, Person]:
    wanted = sorted({value for value in external_ids if value is not None})
    found: dict[str, Person] = {}
    for chunk in _chunks(wanted):
        for person in session.exec(select(Person).where(col(Person.external_id).in_(chunk))):
            if person.external_id is not None:
                found[person.external_id] = person
    return found


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def _apply(
    session: Session,
    row: ImportRow,
    units: dict[str, uuid.UUID],
    existing: dict[str, Person],
    dry_run: bool,
) -> ImportLine:
    if row.errors:
        return _line(row, ImportOutcome.rejected, None)
    assert row.external_id is not None
    wanted: dict[str, object] = {}
    for name in ("name", "email", "job_title"):
        if name in row.values:
            wanted[name] = row.values[name]
    if "org_unit_external_id" in row.values:
        ref = row.values["org_unit_external_id"]
        wanted["org_unit_id"] = None if ref is None else units[ref]
    person = existing.get(row.external_id)
    if person is not None:
        changes = {name: value for name, value in wanted.items() if getattr(person, name) != value}
        if not changes:
            return _line(row, ImportOutcome.unchanged, person.id)
        outcome = ImportOutcome.updated
    else:
        changes = wanted
        outcome = ImportOutcome.created
    if dry_run:
        return _line(row, outcome, person.id if person is not None else None)
    try:
        with session.begin_nested():
            if person is None:
                person = Person(external_id=row.external_id, **changes)  # type: ignore[arg-type]
            else:
                for name, value in changes.items():
                    setattr(person, name, value)
                person.updated_at = utc_now()
            session.add(person)
            session.flush()
    except (IntegrityError, DataError):
        row.errors.append(
            ImportLineError(
                field=None,
                message="The line could not be saved; it conflicts with data saved at the "
                "same time. Send it again.",
            )
        )
        return _line(row, ImportOutcome.rejected, None)
    return _line(row, outcome, person.id)


def _line(row: ImportRow, outcome: ImportOutcome, person_id: uuid.UUID | None) -> ImportLine:
    return ImportLine(
        line=row.line,
        external_id=row.external_id,
        outcome=outcome,
        person_id=person_id,
        errors=row.errors,
    )

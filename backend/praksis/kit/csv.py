"""Every CSV Praksis writes: for Danish Excel as it opens it (UTF-8 with a BOM, ``;`` between
fields, a decimal comma, CRLF line ends) and safe to open (OWASP "CSV Injection").

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK(...)`` sends data away, DDE payloads start programs), and a leading tab or
carriage return can hide such a start (some spreadsheets skip it). So every *text* cell that
starts with one of those six characters is written with a single quote in front: Excel
shows ``'=SUM(1)`` as that text and evaluates nothing; the text after the quote is the
original. The csv module quotes a cell holding ``;``, ``"``, CR or LF (doubling the quotes
inside), so no text can end its cell and start a new one.

Text and numbers are told apart by type, never by content: a ``str`` is text (names of
units, kerneopgaver, programmes, offerings, municipalities, but also the labels Praksis
writes itself) and is neutralised; an ``int`` or ``float`` is a figure Praksis computed and
stays a number Excel can sum, so a negative figure such as ``-0,5`` is written as it is.
A caller must therefore pass figures as numbers, not preformatted strings — a preformatted
``"-0,5"`` would come out as the text ``'-0,5``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None
Table = Iterable[Sequence[Cell]]


def safe_cell(value: Cell) -> str:
    """One cell as written: text neutralised, a number with a decimal comma, None empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def csv_response(description: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a GET that answers JSON or, when asked, CSV."""
    return {
        200: {"description": description, "content": {"text/csv": {"schema": {"type": "string"}}}}
    }


def wants_csv(accept: str, format: str | None) -> bool:
    """Whether a download asked for CSV: ``?format=csv`` (which wins over the header), or
    ``text/csv`` among the media types of its ``Accept`` header."""
    if format is not None:
        return format == "csv"
    return any(part.split(";")[0].strip() == "text/csv" for part in accept.split(","))


def excel_csv(*tables: Table) -> bytes:
    """The tables one after the other, a blank line between two; each table's rows as they
    come (a header is just its first row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, rows in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

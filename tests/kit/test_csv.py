"""The one CSV writer: text that would start a formula gets a single quote, figures stay
numbers (negative ones too), and Excel's split of the file gives back every cell."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from praksis.kit.csv import excel_csv, safe_cell

BACKEND = Path(__file__).resolve().parents[2] / "backend" / "praksis"


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://x","y")', "+45 12 34 56 78", "-2+3", "@SUM(1+1)", "\tx", "\rx"],
)
def test_text_that_starts_a_formula_gets_a_single_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Fritid & Fællesskab", "", " =1+1", "a=1", "'=1", "2026-04"])
def test_other_text_is_written_as_it_is(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize(
    ("figure", "written"),
    [
        (-3, "-3"),
        (0, "0"),
        (12, "12"),
        (-0.5, "-0,5"),
        (0.3333, "0,3333"),
        (4.0, "4,0"),
        (None, ""),
    ],
)
def test_figures_stay_numbers_with_a_decimal_comma(figure: float | None, written: str) -> None:
    assert safe_cell(figure) == written


def test_a_figure_passed_as_text_is_text() -> None:
    """Type decides, not content: a preformatted figure is neutralised like any text."""
    assert safe_cell("-0,5") == "'-0,5"


def test_excel_splits_the_file_back_into_the_cells_written() -> None:
    names = ['Plan; =1+1 "B"', "linje 1\r\nlinje 2", "-2+3", "\rx"]
    body = excel_csv([("name", "value"), *((name, -1) for name in names)], [("total", 0.5)])

    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows == [
        ["name", "value"],
        ['Plan; =1+1 "B"', "-1"],
        ["linje 1\r\nlinje 2", "-1"],
        ["'-2+3", "-1"],
        ["'\rx", "-1"],
        [],
        ["total", "0,5"],
    ]
    assert '"Plan; =1+1 ""B"""' in text  # quoted, the quotes inside doubled


def test_no_module_writes_csv_but_the_kit() -> None:
    """Every export goes through ``praksis.kit.csv`` (the export test covers the routes)."""
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\b")
    found = [
        str(path.relative_to(BACKEND))
        for path in BACKEND.rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["kit/csv.py"]

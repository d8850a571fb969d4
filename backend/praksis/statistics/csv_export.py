"""The statistics as CSV for Danish Excel (written by ``praksis.kit.csv``, which also keeps
names from turning into formulas): one section per table, each with a header row. Figures are
passed on as numbers, labels and names as text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from praksis.kit.csv import excel_csv
from praksis.statistics.schemas import (
    Count,
    EvaluationMonth,
    FunnelFigures,
    LearningFigures,
    MunicipalityStatistics,
    PartnerFigures,
    PartnerStatistics,
)

Figure = tuple[str, int | float | None, str]
"""(measure: the figure's path in its model, value, suppressed marker)."""
SUPPRESSED_MARKER = "x"
SHORT_NAMES = {"by_status": "status", "by_phase": "phase", "by_kind": "kind", "grades": "grade"}
"""The municipality's CSV names the items of these dicts and lists so."""


def _figures(
    model: BaseModel, prefix: str = "", fields: Any = None, short: bool = False
) -> Iterator[Figure]:
    """Every figure of the model (of ``fields`` when given) in field order: a nested model's
    under its path, a dict's and a list's (key, count) items under their key; ``short``: the
    dicts and lists named as ``SHORT_NAMES`` says."""
    for name in fields or type(model).model_fields:
        value, path = getattr(model, name), prefix + name
        if isinstance(value, BaseModel) and not isinstance(value, Count):
            yield from _figures(value, f"{path}.", short=short)
        elif isinstance(value, dict | list):
            path = prefix + SHORT_NAMES.get(name, name) if short else path
            items = value.items() if isinstance(value, dict) else map(_key_and_count, value)
            yield from (_figure(f"{path}.{key}", count) for key, count in items)
        else:
            yield _figure(path, value)


def _key_and_count(item: BaseModel) -> tuple[Any, Any]:
    key, count = (getattr(item, field) for field in type(item).model_fields)
    return key, count


def _figure(path: str, value: Any) -> Figure:
    if isinstance(value, Count):
        return path, value.value, SUPPRESSED_MARKER if value.suppressed else ""
    return path, value, ""


HEADER = ("section", "key", "label", "measure", "value")
Row = tuple[str, str, str, str, int | float | None]
TOTAL_LABEL = "I alt"
BREAKDOWNS = ("by_org_unit", "by_kerneopgave", "by_programme", "by_cohort")
FUNNEL = tuple(FunnelFigures.model_fields)
MONTH = tuple(name for name in EvaluationMonth.model_fields if name != "month")  # the label
LEARNING = tuple(name for name in LearningFigures.model_fields if name != "self_assessment")


def municipality_csv(statistics: MunicipalityStatistics) -> bytes:
    """The municipality view, section by section, with a blank line between sections."""
    sections = {"overall": _rows("overall", "", TOTAL_LABEL, statistics, FUNNEL)}
    for name in BREAKDOWNS:
        sections[name] = [
            line
            for row in getattr(statistics, name)
            for line in _rows(name, str(row.key) if row.key else "", row.label, row, FUNNEL)
        ]
    for name in ("projects", "trial_actions", "feedback"):
        sections[name] = _rows(name, "", "", getattr(statistics, name))
    kirkpatrick = statistics.kirkpatrick
    learning = kirkpatrick.level_2_learning
    months = kirkpatrick.level_1_by_month
    sections["kirkpatrick"] = [
        *_rows("kirkpatrick", "level_1_reaction", "", kirkpatrick.level_1_reaction),
        *(
            line
            for month in months
            for line in _rows("kirkpatrick", "level_1_by_month", month.month, month, MONTH)
        ),
        *_rows("kirkpatrick", "level_2_learning", "", learning, LEARNING),
        *_rows("kirkpatrick", "level_2_learning", "self_assessment", learning.self_assessment),
        *_rows("kirkpatrick", "level_3_behaviour", "", kirkpatrick.level_3_behaviour),
    ]
    return excel_csv(*([HEADER, *rows] for rows in sections.values()))


def _rows(section: str, key: str, label: str, model: BaseModel, fields: Any = None) -> list[Row]:
    return [
        (section, key, label, measure, value)
        for measure, value, _marker in _figures(model, fields=fields, short=True)
    ]


PARTNER_HEADER = (
    "offering_id",
    "offering",
    "municipality_id",
    "municipality",
    "measure",
    "value",
    "suppressed",
)
PartnerRow = tuple[str, str, str, str, str, int | float | None, str]


def partner_csv(statistics: PartnerStatistics) -> bytes:
    """The partner view, one line per figure; a suppressed count is an empty value with
    ``x`` in the ``suppressed`` column. The first line after the header gives min_count."""
    rows: list[PartnerRow] = [("", "", "", "", "min_count", statistics.min_count, "")]
    for offering in statistics.offerings:
        offering_id = str(offering.offering_id)
        for municipality in offering.municipalities:
            rows += _partner_rows(
                (offering_id, offering.title, municipality.municipality_id, municipality.name),
                municipality,
            )
        rows += _partner_rows((offering_id, offering.title, "", TOTAL_LABEL), offering.total)
    rows += _partner_rows(("", TOTAL_LABEL, "", TOTAL_LABEL), statistics.total)
    return excel_csv([PARTNER_HEADER, *rows])


def _partner_rows(labels: tuple[str, str, str, str], figures: PartnerFigures) -> list[PartnerRow]:
    return [(*labels, *figure) for figure in _figures(PartnerFigures.model_validate(figures))]

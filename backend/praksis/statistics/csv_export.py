"""The statistics as CSV for Danish Excel (written by ``praksis.kit.csv``, which also keeps
names from turning into formulas): one section per table, each with a header row. Figures are
passed on as numbers, labels and names as text."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from praksis.kit.csv import CSV_MEDIA_TYPE as CSV_MEDIA_TYPE  # the router answers with it
from praksis.kit.csv import excel_csv
from praksis.statistics.schemas import (
    BreakdownRow,
    Count,
    FunnelFigures,
    MunicipalityStatistics,
    PartnerFigures,
    PartnerGradeCount,
    PartnerStatistics,
)

HEADER = ("section", "key", "label", "measure", "value")
Row = tuple[str, str, str, str, int | float | None]


def municipality_csv(statistics: MunicipalityStatistics) -> bytes:
    """The municipality view, section by section, with a blank line between sections."""
    sections: dict[str, list[Row]] = {}
    sections["overall"] = list(_funnel_rows("overall", "", "I alt", statistics))
    for name, breakdown in (
        ("by_org_unit", statistics.by_org_unit),
        ("by_kerneopgave", statistics.by_kerneopgave),
        ("by_programme", statistics.by_programme),
        ("by_cohort", statistics.by_cohort),
    ):
        sections[name] = [line for row in breakdown for line in _breakdown_rows(name, row)]
    projects = statistics.projects
    sections["projects"] = [
        ("projects", "", "", "total", projects.total),
        *(("projects", "", "", f"status.{k}", v) for k, v in projects.by_status.items()),
        *(("projects", "", "", f"phase.{k}", v) for k, v in projects.by_phase.items()),
    ]
    sections["trial_actions"] = [
        ("trial_actions", "", "", key, value)
        for key, value in statistics.trial_actions.model_dump().items()
    ]
    feedback = statistics.feedback
    sections["feedback"] = [
        ("feedback", "", "", "total", feedback.total),
        *(("feedback", "", "", f"kind.{k}", v) for k, v in feedback.by_kind.items()),
    ]
    level_1 = statistics.kirkpatrick.level_1_reaction
    level_2 = statistics.kirkpatrick.level_2_learning
    level_3 = statistics.kirkpatrick.level_3_behaviour
    sections["kirkpatrick"] = [
        *(
            ("kirkpatrick", "level_1_reaction", "", key, value)
            for key, value in level_1.model_dump().items()
        ),
        *(
            ("kirkpatrick", "level_1_by_month", month.month, key, value)
            for month in statistics.kirkpatrick.level_1_by_month
            for key, value in month.model_dump(exclude={"month"}).items()
        ),
        *(
            ("kirkpatrick", "level_2_learning", "", f"grade.{grade.grade}", grade.count)
            for grade in level_2.grades
        ),
        ("kirkpatrick", "level_2_learning", "", "passed", level_2.passed),
        ("kirkpatrick", "level_2_learning", "", "failed", level_2.failed),
        ("kirkpatrick", "level_2_learning", "", "pass_rate", level_2.pass_rate),
        *(
            ("kirkpatrick", "level_2_learning", "self_assessment", key, value)
            for key, value in level_2.self_assessment.model_dump().items()
        ),
        *(
            ("kirkpatrick", "level_3_behaviour", "", key, value)
            for key, value in level_3.model_dump().items()
        ),
    ]
    return excel_csv(*([HEADER, *rows] for rows in sections.values()))


def _breakdown_rows(section: str, row: BreakdownRow) -> Iterator[Row]:
    return _funnel_rows(section, str(row.key) if row.key else "", row.label, row)


def _funnel_rows(section: str, key: str, label: str, figures: FunnelFigures) -> Iterator[Row]:
    for measure, value in figures.funnel.model_dump().items():
        yield section, key, label, f"funnel.{measure}", value
    yield section, key, label, "completion_rate", figures.completion_rate
    yield section, key, label, "attendance.present", figures.attendance.present
    yield section, key, label, "attendance.recorded", figures.attendance.recorded
    yield section, key, label, "attendance.rate", figures.attendance.rate


PARTNER_HEADER = (
    "offering_id",
    "offering",
    "municipality_id",
    "municipality",
    "measure",
    "value",
    "suppressed",
)
SUPPRESSED_MARKER = "x"
TOTAL_LABEL = "I alt"
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
    return [
        (*labels, measure, value, marker)
        for measure, value, marker in _flatten("", PartnerFigures.model_validate(figures))
    ]


def _flatten(prefix: str, model: BaseModel) -> Iterator[tuple[str, int | float | None, str]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Count):
            yield path, value.value, SUPPRESSED_MARKER if value.suppressed else ""
        elif isinstance(value, BaseModel):
            yield from _flatten(f"{path}.", value)
        elif isinstance(value, dict):
            for key, count in value.items():
                yield f"{path}.{key}", count.value, SUPPRESSED_MARKER if count.suppressed else ""
        elif isinstance(value, list):
            for item in value:
                assert isinstance(item, PartnerGradeCount)
                count = item.count
                marker = SUPPRESSED_MARKER if count.suppressed else ""
                yield f"{path}.{item.grade}", count.value, marker
        else:
            yield path, value, ""

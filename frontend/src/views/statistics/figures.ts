/**
 * Statistics responses turned into chart data: pure functions, so the views stay thin and
 * the arithmetic (percentages, suppressed cells, missing averages) is unit-tested.
 */
import type { Schemas } from "../../api/client";
import type { ChartData } from "../../components/charts/data";

export type MunicipalityStatistics = Schemas["MunicipalityStatistics"];
export type BreakdownRow = Schemas["BreakdownRow"];
export type PartnerStatistics = Schemas["PartnerStatistics"];
export type OfferingFigures = Schemas["OfferingFigures"];
export type PartnerFigures = Schemas["PartnerFigures"];
export type Count = Schemas["Count"];

/** The enrolment statuses in the order a person moves through them. */
export const FUNNEL_STEPS = [
  "nominated",
  "approved",
  "waitlisted",
  "declined",
  "withdrawn",
  "completed",
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** Danish grades on the 7-point scale, as printed ("00", "02"). */
export function gradeLabel(grade: number): string {
  return grade === 0 ? "00" : grade === 2 ? "02" : String(grade);
}

/** A fraction (0.7955) as a percentage for an axis (79.6); null stays null. */
export function asPercent(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
}

/** A partner count: its value, or null when suppressed (never a made-up 0). */
export function countValue(count: Count | undefined): number | null {
  if (!count || count.suppressed) return null;
  return count.value ?? null;
}

export function funnelChart(
  funnel: Schemas["Funnel"],
  labels: Record<FunnelStep, string>,
  seriesName: string,
): ChartData {
  return {
    categories: FUNNEL_STEPS.map((step) => labels[step]),
    series: [{ name: seriesName, values: FUNNEL_STEPS.map((step) => funnel[step] ?? 0) }],
  };
}

/** Completion and attendance rates (%) side by side for each row of a breakdown. */
export function ratesChart(
  rows: readonly BreakdownRow[],
  names: { completion: string; attendance: string; none: string },
): ChartData {
  return {
    categories: rows.map((row) => row.label || names.none),
    series: [
      { name: names.completion, values: rows.map((row) => asPercent(row.completion_rate)) },
      { name: names.attendance, values: rows.map((row) => asPercent(row.attendance?.rate)) },
    ],
  };
}

/** Kirkpatrick level 1: the three averages (1–5); null until enough people answered. */
export function reactionChart(
  reaction: Schemas["EvaluationAverages"] | Schemas["PartnerEvaluations"],
  names: { relevance: string; learning: string; usefulness: string; series: string },
): ChartData {
  return {
    categories: [names.relevance, names.learning, names.usefulness],
    series: [
      {
        name: names.series,
        values: [reaction.relevance ?? null, reaction.learning ?? null, reaction.usefulness ?? null],
      },
    ],
  };
}

/** Kirkpatrick level 1 over time: a line per score, a point per month (null: too few). */
export function ratingsOverTimeChart(
  months: readonly Schemas["EvaluationMonth"][],
  names: { relevance: string; learning: string; usefulness: string },
  monthLabel: (month: string) => string,
): ChartData {
  return {
    categories: months.map((row) => monthLabel(row.month)),
    series: (["relevance", "learning", "usefulness"] as const).map((score) => ({
      name: names[score],
      values: months.map((row) => row[score] ?? null),
    })),
  };
}

/** Kirkpatrick level 2 on the 7-point scale: how many got each grade. */
export function gradesChart(
  grades: readonly (Schemas["GradeCount"] | Schemas["PartnerGradeCount"])[],
  seriesName: string,
): ChartData {
  return {
    categories: grades.map((row) => gradeLabel(row.grade)),
    series: [
      {
        name: seriesName,
        values: grades.map((row) =>
          typeof row.count === "number" ? row.count : countValue(row.count),
        ),
      },
    ],
  };
}

/** A partner offering's funnel per municipality, one series per status (suppressed = null). */
export function partnerFunnelChart(
  offering: OfferingFigures,
  labels: Record<FunnelStep, string>,
): ChartData {
  return {
    categories: offering.municipalities.map((municipality) => municipality.name),
    series: FUNNEL_STEPS.map((step) => ({
      name: labels[step],
      values: offering.municipalities.map((municipality) => countValue(municipality.funnel[step])),
    })),
  };
}

/** Whether any count in the figures was suppressed, so the view explains the "–". */
export function hasSuppressed(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSuppressed);
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.suppressed === true) return true;
  return Object.values(record).some(hasSuppressed);
}

/** The statistics query for the municipality view, without empty filters. */
export interface MunicipalityFilters {
  programme_id: string;
  kerneopgave_id: string;
  org_unit_id: string;
  from: string;
  to: string;
}

export const NO_FILTERS: MunicipalityFilters = {
  programme_id: "",
  kerneopgave_id: "",
  org_unit_id: "",
  from: "",
  to: "",
};

export function filterQuery(filters: MunicipalityFilters): Partial<MunicipalityFilters> {
  const query: Partial<MunicipalityFilters> = {};
  for (const key of Object.keys(filters) as (keyof MunicipalityFilters)[]) {
    const value = filters[key].trim();
    if (value) query[key] = value;
  }
  return query;
}

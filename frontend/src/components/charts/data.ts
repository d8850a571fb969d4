/**
 * The data behind every chart, and the same data as a table and as CSV — so a chart is never
 * the only way to read its figures (WCAG 1.1.1) and the figures can be taken to Excel.
 */
/** `null` is a missing or suppressed figure: no bar, "–" in the table, empty in CSV. */
export interface Series {
  name: string;
  values: readonly (number | null)[];
}

/** Categories along the x axis; one series for a plain bar chart, several for stacked/lines. */
export interface ChartData {
  categories: readonly string[];
  series: readonly Series[];
}

export interface ChartTable {
  head: string[];
  rows: { label: string; values: (number | null)[] }[];
}

export function chartTable(data: ChartData, categoryHeader: string): ChartTable {
  return {
    head: [categoryHeader, ...data.series.map((series) => series.name)],
    rows: data.categories.map((label, index) => ({
      label,
      values: data.series.map((series) => {
        const value = series.values[index];
        return value === undefined ? 0 : value;
      }),
    })),
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV with raw numbers (a dot for decimals), CRLF line ends. */
export function toCsv(table: ChartTable): string {
  const lines = [
    table.head.map(csvCell).join(","),
    ...table.rows.map((row) =>
      [row.label, ...row.values.map((value) => (value === null ? "" : String(value)))]
        .map(csvCell)
        .join(","),
    ),
  ];
  return lines.join("\r\n") + "\r\n";
}

/** The top of the value axis: a round number at or above the largest value. */
export function niceMax(values: readonly (number | null)[]): number {
  const max = Math.max(0, ...values.filter((value): value is number => value !== null));
  if (max === 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= max) ?? 10;
  return step * magnitude;
}

export interface ValueAxis {
  /** The top of the axis. */
  max: number;
  /** Where the gridlines and labels go, from 0 up to ``max``. */
  ticks: number[];
}

/** The value axis: whole-number steps when every value is a whole number (people cannot be
 * 6.3), else quarters of a round top. */
export function valueAxis(values: readonly (number | null)[]): ValueAxis {
  const present = values.filter((value): value is number => value !== null);
  if (!present.every(Number.isInteger)) {
    const max = niceMax(present);
    return { max, ticks: [0, 0.25, 0.5, 0.75, 1].map((share) => share * max) };
  }
  const largest = Math.max(0, ...present);
  if (largest === 0) return { max: 1, ticks: [0, 1] };
  const rough = largest / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((factor) => factor * magnitude).find((step) => step >= rough);
  const step = Math.max(1, Math.round(nice ?? 10 * magnitude));
  const max = Math.ceil(largest / step) * step;
  return { max, ticks: Array.from({ length: max / step + 1 }, (_, index) => index * step) };
}

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11). */
export const PALETTE = ["#0059b3", "#008139", "#b34700", "#6a1b9a", "#a00f2c", "#1f5c5c"];

export function colour(index: number): string {
  return PALETTE[index % PALETTE.length] ?? "#0059b3";
}

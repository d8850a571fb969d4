import { describe, expect, it } from "vitest";
import { chartTable, toCsv } from "../../components/charts/data";
import {
  type OfferingFigures,
  asPercent,
  countValue,
  filterQuery,
  gradeLabel,
  gradesChart,
  hasSuppressed,
  partnerFunnelChart,
  ratesChart,
  ratingsOverTimeChart,
} from "./figures";
import { formatMonth } from "../../i18n";

const shown = (value: number) => ({ value, suppressed: false });
const hidden = { value: null, suppressed: true };

function municipality(name: string, approved: typeof hidden | ReturnType<typeof shown>) {
  const zero = shown(0);
  return {
    municipality_id: `dk-${name}`,
    name,
    funnel: {
      nominated: zero,
      approved,
      waitlisted: zero,
      declined: zero,
      withdrawn: zero,
      completed: zero,
      total: approved,
    },
  };
}

const labels = {
  nominated: "Nomineret",
  approved: "Godkendt",
  waitlisted: "Venteliste",
  declined: "Afvist",
  withdrawn: "Frameldt",
  completed: "Gennemført",
};

describe("statistics as chart data", () => {
  it("turns rates into percentages and keeps missing ones missing", () => {
    expect(asPercent(0.7955)).toBe(79.6);
    expect(asPercent(0)).toBe(0);
    expect(asPercent(null)).toBeNull();
    const chart = ratesChart(
      [
        { key: "u1", label: "Ældre og Sundhed", funnel: {}, completion_rate: 0.5, attendance: { rate: 0.8333 } },
        { key: null, label: "", funnel: {}, completion_rate: null, attendance: { rate: null } },
      ],
      { completion: "Gennemførelse", attendance: "Fremmøde", none: "Ingen" },
    );
    expect(chart.categories).toEqual(["Ældre og Sundhed", "Ingen"]);
    expect(chart.series.map((series) => series.values)).toEqual([
      [50, null],
      [83.3, null],
    ]);
  });

  it("never turns a suppressed partner count into a number", () => {
    expect(countValue(shown(7))).toBe(7);
    expect(countValue(shown(0))).toBe(0);
    expect(countValue(hidden)).toBeNull();
    const offering = {
      offering_id: "o",
      title: "Fremtidens teknik- og miljømedarbejder",
      municipalities: [municipality("Middelfart", shown(7)), municipality("Faxe", hidden)],
    } as unknown as OfferingFigures;
    const chart = partnerFunnelChart(offering, labels);
    expect(chart.categories).toEqual(["Middelfart", "Faxe"]);
    expect(chart.series.find((series) => series.name === "Godkendt")?.values).toEqual([7, null]);
    expect(hasSuppressed(offering)).toBe(true);
    expect(hasSuppressed({ a: [{ b: shown(3) }] })).toBe(false);
    // The table shows "–" for null, and the CSV leaves the cell empty rather than inventing 0.
    const table = chartTable(chart, "Kommune");
    expect(table.rows[1]?.values[1]).toBeNull();
    expect(toCsv(table).split("\r\n")[2]).toBe("Faxe,0,,0,0,0,0");
  });

  it("labels grades as on the 7-point scale and counts both kinds of grade rows", () => {
    expect([-3, 0, 2, 4, 7, 10, 12].map(gradeLabel)).toEqual(["-3", "00", "02", "4", "7", "10", "12"]);
    expect(
      gradesChart(
        [
          { grade: 0, count: 2 },
          { grade: 12, count: hidden },
        ],
        "Antal",
      ).series[0]?.values,
    ).toEqual([2, null]);
  });

  it("sends only the filters that are filled in", () => {
    expect(
      filterQuery({ programme_id: "p", kerneopgave_id: "", org_unit_id: " ", from: "2026-01-01", to: "" }),
    ).toEqual({ programme_id: "p", from: "2026-01-01" });
  });
});

describe("ratings over time", () => {
  it("has a line per score and a point per month, null where too few answered", () => {
    const chart = ratingsOverTimeChart(
      [
        { month: "2026-04", responses: 5, people: 5, relevance: 4.2, learning: 3.8, usefulness: 3.6 },
        { month: "2026-11", responses: 3, people: 3, relevance: null, learning: null, usefulness: null },
      ],
      { relevance: "Relevans", learning: "Læring", usefulness: "Anvendelighed" },
      (month) => formatMonth("da", month),
    );
    expect(chart.categories).toEqual(["apr. 2026", "nov. 2026"]);
    expect(chart.series.map((series) => [series.name, series.values])).toEqual([
      ["Relevans", [4.2, null]],
      ["Læring", [3.8, null]],
      ["Anvendelighed", [3.6, null]],
    ]);
  });

  it("writes a month the same in every time zone", () => {
    expect(formatMonth("en", "2026-01")).toBe("Jan 2026");
    expect(formatMonth("nb", "2026-12")).toBe("des. 2026");
  });
});

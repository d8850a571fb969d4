import { describe, expect, it } from "vitest";
import { chartTable, niceMax, toCsv, valueAxis } from "./data";

const funnel = {
  categories: ["Nominated", "Approved", "Completed"],
  series: [
    { name: "2025", values: [40, 32, 21] },
    { name: "2026", values: [55, 50] },
  ],
};

describe("chart data as a table and CSV", () => {
  it("has one row per category and one column per series, missing values as 0", () => {
    expect(chartTable(funnel, "Step")).toEqual({
      head: ["Step", "2025", "2026"],
      rows: [
        { label: "Nominated", values: [40, 55] },
        { label: "Approved", values: [32, 50] },
        { label: "Completed", values: [21, 0] },
      ],
    });
  });

  it("writes RFC 4180 CSV, quoting commas and quotes", () => {
    const table = chartTable(
      { categories: ['Fritid & "Fællesskab"', "Læring, skole"], series: [{ name: "Rating", values: [4.5, 3] }] },
      "Kerneopgave",
    );
    expect(toCsv(table)).toBe(
      'Kerneopgave,Rating\r\n"Fritid & ""Fællesskab""",4.5\r\n"Læring, skole",3\r\n',
    );
  });

  it("labels counts in whole steps, never 6,3 or 12,5", () => {
    expect(valueAxis([25, 3])).toEqual({ max: 30, ticks: [0, 10, 20, 30] });
    expect(valueAxis([3, null])).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(valueAxis([6])).toEqual({ max: 6, ticks: [0, 2, 4, 6] });
    expect(valueAxis([0])).toEqual({ max: 1, ticks: [0, 1] });
    for (const largest of [1, 7, 13, 49, 101, 2345]) {
      const { max, ticks } = valueAxis([largest]);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(max).toBeGreaterThanOrEqual(largest);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.at(-1)).toBe(max);
    }
  });

  it("keeps quarter ticks for averages", () => {
    expect(valueAxis([3.2, 4.1])).toEqual({ max: 5, ticks: [0, 1.25, 2.5, 3.75, 5] });
  });

  it("rounds the axis up to a readable number", () => {
    expect(niceMax([0])).toBe(1);
    expect(niceMax([21, 40])).toBe(50);
    expect(niceMax([3.2])).toBe(5);
    expect(niceMax([101])).toBe(200);
  });
});

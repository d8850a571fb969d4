import { describe, expect, it } from "vitest";
import { chartTable, niceMax, toCsv } from "./data";

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

  it("rounds the axis up to a readable number", () => {
    expect(niceMax([0])).toBe(1);
    expect(niceMax([21, 40])).toBe(50);
    expect(niceMax([3.2])).toBe(5);
    expect(niceMax([101])).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { chartLayout, FONT_SIZE, MAX_WIDTH, textWidth, wrapLabel } from "./layout";

const FUNNEL = ["Nomineret", "Godkendt", "På venteliste", "Afvist", "Optaget", "Gennemført"];
const MONTHS = Array.from({ length: 24 }, (_, index) => `${["jan.", "feb.", "mar.", "apr."][index % 4]} 2025`);

describe("chartLayout", () => {
  it("draws at the measured width in CSS pixels, so text keeps its size", () => {
    for (const width of [288, 320, 340, 600]) {
      const layout = chartLayout(width, FUNNEL, ["0", "5", "10"]);
      expect(layout.width).toBe(width);
      expect(FONT_SIZE).toBeGreaterThanOrEqual(12);
    }
    expect(chartLayout(1200, FUNNEL, ["0"]).width).toBe(MAX_WIDTH);
  });

  it("keeps every label line within its slot at phone widths", () => {
    for (const width of [288, 328]) {
      const layout = chartLayout(width, FUNNEL, ["0", "50", "100"]);
      for (const lines of layout.labels) {
        expect(lines.length).toBeLessThanOrEqual(2);
        for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(layout.slot);
      }
    }
  });

  it("leaves short labels whole and wraps longer ones by words", () => {
    const wide = chartLayout(640, ["-3", "00", "02", "4", "7", "10", "12"], ["0", "2"]);
    expect(wide.labels).toEqual([["-3"], ["00"], ["02"], ["4"], ["7"], ["10"], ["12"]]);
    expect(wrapLabel("På venteliste", 8)).toEqual(["På", "venteli…"]);
    expect(wrapLabel("Ældre og sundhed i Hedensted Kommune", 12)).toEqual(["Ældre og", "sundhed i H…"]);
  });

  it("labels only every n-th category when the slots are too narrow", () => {
    const layout = chartLayout(288, MONTHS, ["0", "1", "2", "3", "4", "5"]);
    const labelled = layout.labels.filter((lines) => lines.length > 0).length;
    expect(labelled).toBeGreaterThan(1);
    expect(labelled).toBeLessThan(MONTHS.length);
    expect(layout.labels[0]?.length).toBeGreaterThan(0);
  });

  it("makes room on the left for the widest value label", () => {
    const narrow = chartLayout(400, FUNNEL, ["0", "5"]);
    const wide = chartLayout(400, FUNNEL, ["0", "12.500"]);
    expect(wide.pad.left).toBeGreaterThan(narrow.pad.left);
    expect(wide.pad.left).toBeGreaterThanOrEqual(textWidth("12.500"));
  });
});

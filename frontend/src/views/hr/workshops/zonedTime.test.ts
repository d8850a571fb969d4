import { describe, expect, it } from "vitest";
import { wallClock, zoneOffsetMinutes, zonedIso } from "./zonedTime";

describe("a wall-clock time in the municipality's zone as ISO 8601 with offset", () => {
  it("uses +01:00 in a Danish winter and +02:00 in summer", () => {
    expect(zonedIso("2027-02-10", "09:00", "Europe/Copenhagen")).toBe("2027-02-10T09:00:00+01:00");
    expect(zonedIso("2027-06-10", "15:30", "Europe/Copenhagen")).toBe("2027-06-10T15:30:00+02:00");
  });

  it("handles the days the clocks change and other zones", () => {
    // 2027-03-28: Denmark moves to summer time at 02:00 → 03:00.
    expect(zonedIso("2027-03-28", "09:00", "Europe/Copenhagen")).toBe("2027-03-28T09:00:00+02:00");
    expect(zonedIso("2027-03-28", "01:00", "Europe/Copenhagen")).toBe("2027-03-28T01:00:00+01:00");
    expect(zonedIso("2027-01-05", "08:00", "Europe/Oslo")).toBe("2027-01-05T08:00:00+01:00");
    expect(zonedIso("2027-01-05", "08:00", "America/St_Johns")).toBe("2027-01-05T08:00:00-03:30");
    expect(zonedIso("2027-01-05", "08:00", "UTC")).toBe("2027-01-05T08:00:00+00:00");
  });

  it("refuses what is not a date and a time", () => {
    expect(zonedIso("", "09:00", "Europe/Copenhagen")).toBeUndefined();
    expect(zonedIso("2027-02-10", "9", "Europe/Copenhagen")).toBeUndefined();
    expect(zonedIso("2027-13-10", "09:00", "Europe/Copenhagen")).toBeUndefined();
    expect(zonedIso("2027-02-10", "24:00", "Europe/Copenhagen")).toBeUndefined();
  });

  it("knows the offset at an instant", () => {
    expect(zoneOffsetMinutes(Date.UTC(2027, 0, 1, 12), "Europe/Copenhagen")).toBe(60);
    expect(zoneOffsetMinutes(Date.UTC(2027, 6, 1, 12), "Europe/Copenhagen")).toBe(120);
  });

  it("reads an instant back as the wall-clock day and time in the zone", () => {
    expect(wallClock("2027-02-10T08:00:00Z", "Europe/Copenhagen")).toEqual({ day: "2027-02-10", time: "09:00" });
    expect(wallClock("2027-06-10T22:30:00+00:00", "Europe/Copenhagen")).toEqual({ day: "2027-06-11", time: "00:30" });
    expect(wallClock("2027-01-05T08:00:00-03:30", "America/St_Johns")).toEqual({ day: "2027-01-05", time: "08:00" });
    for (const [day, time] of [["2027-03-28", "09:00"], ["2027-10-31", "14:15"]] as const) {
      expect(wallClock(zonedIso(day, time, "Europe/Copenhagen") ?? "", "Europe/Copenhagen")).toEqual({ day, time });
    }
  });
});

describe("an instant as the wall clock in the municipality's zone", () => {
  it("reads back what zonedIso wrote, summer and winter, whatever the offset sent", () => {
    expect(wallClock("2027-02-10T09:00:00+01:00", "Europe/Copenhagen")).toEqual({ day: "2027-02-10", time: "09:00" });
    expect(wallClock("2027-06-30T22:30:00Z", "Europe/Copenhagen")).toEqual({ day: "2027-07-01", time: "00:30" });
    expect(wallClock("2027-06-30T13:00:00+02:00", "Europe/Oslo")).toEqual({ day: "2027-06-30", time: "13:00" });
  });
});

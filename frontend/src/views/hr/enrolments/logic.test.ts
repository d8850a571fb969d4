import { describe, expect, it } from "vitest";
import type { Schemas } from "../../../api/client";
import { DANISH_GRADES, cohortChoices, completionBody, gradeLabel, nextCohortStatus } from "./logic";

function cohort(overrides: Partial<Schemas["CohortRead"]>): Schemas["CohortRead"] {
  return {
    id: "c",
    programme_id: "p",
    name: "Hold",
    capacity: 2,
    status: "planned",
    facilitator_ids: [],
    approved_count: 0,
    completed_count: 0,
    waitlisted_count: 0,
    cancellation_reason: null,
    cancellation_note: "",
    cancelled_at: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

describe("grades on the Danish 7-point scale", () => {
  it("are written as Danes write them", () => {
    expect(DANISH_GRADES.map(gradeLabel)).toEqual(["12", "10", "7", "4", "02", "00", "\u22123"]);
  });
});

describe("completionBody", () => {
  it("sends a grade on the 7-point scale and nothing else", () => {
    expect(completionBody("danish_7_point", "2")).toEqual({ grade: 2 });
    expect(completionBody("danish_7_point", "-3")).toEqual({ grade: -3 });
    expect(completionBody("danish_7_point", "0")).toEqual({ grade: 0 });
    expect(completionBody("danish_7_point", "")).toBeNull();
    expect(completionBody("danish_7_point", "5")).toBeNull();
  });

  it("sends passed for pass/fail and an empty body when ungraded", () => {
    expect(completionBody("pass_fail", "passed")).toEqual({ passed: true });
    expect(completionBody("pass_fail", "failed")).toEqual({ passed: false });
    expect(completionBody("pass_fail", "")).toBeNull();
    expect(completionBody("none", "")).toEqual({});
  });
});

describe("cohortChoices", () => {
  it("offers the programme's open cohorts by name, marking the full ones", () => {
    const choices = cohortChoices(
      [
        cohort({ id: "b", name: "Hold B", approved_count: 1, completed_count: 1 }),
        cohort({ id: "a", name: "Hold A", status: "running", approved_count: 1 }),
        cohort({ id: "x", name: "Hold X", status: "completed" }),
        cohort({ id: "o", name: "Other", programme_id: "q" }),
      ],
      "p",
    );
    expect(choices.map((choice) => [choice.cohort.id, choice.taken, choice.full])).toEqual([
      ["a", 1, false],
      ["b", 2, true],
    ]);
  });
});

describe("nextCohortStatus", () => {
  it("follows planned → running → completed", () => {
    expect(nextCohortStatus("planned")).toBe("running");
    expect(nextCohortStatus("running")).toBe("completed");
    expect(nextCohortStatus("completed")).toBeNull();
    expect(nextCohortStatus("cancelled")).toBeNull();
  });
});

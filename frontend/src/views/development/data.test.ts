import { describe, expect, it } from "vitest";
import { type Goal, goalChanges, isOpenGoal, movesFor, reasonError } from "./data";

const goal = (status: Goal["status"], proposedBy: string): Goal => ({
  id: "g",
  person_id: "mette",
  title: "Facilitere borgermøder",
  description: "",
  status,
  review_on: "2027-03-15",
  competence_ids: [],
  kerneopgave_ids: [],
  proposed_by_id: proposedBy,
  agreed_by_id: null,
  agreed_at: null,
  created_at: "2026-12-01T09:00:00Z",
  updated_at: "2026-12-01T09:00:00Z",
});

describe("movesFor", () => {
  it("lets the other party agree, never whoever proposed", () => {
    expect(movesFor(goal("proposed", "leder"), "mette")).toEqual(["agreed", "dropped"]);
    expect(movesFor(goal("proposed", "mette"), "mette")).toEqual(["dropped"]);
  });
  it("offers nothing on achieved or dropped goals", () => {
    expect(movesFor(goal("achieved", "mette"), "mette")).toEqual([]);
    expect(movesFor(goal("dropped", "mette"), "leder")).toEqual([]);
  });
  it("moves agreed goals on", () => {
    expect(movesFor(goal("agreed", "mette"), "leder")).toEqual(["in_progress", "achieved", "dropped"]);
  });
});

describe("goalChanges", () => {
  const draft = { title: "Facilitere borgermøder", description: "", review_on: "2027-03-15" };
  it("sends only what changed, trimmed", () => {
    expect(goalChanges(goal("agreed", "mette"), draft)).toEqual({});
    expect(goalChanges(goal("agreed", "mette"), { ...draft, title: " Lede borgermøder ", review_on: "2027-04-01" })).toEqual({
      title: "Lede borgermøder",
      review_on: "2027-04-01",
    });
  });
  it("never sends an emptied review day (the API takes a date)", () => {
    expect(goalChanges(goal("agreed", "mette"), { ...draft, review_on: "" })).toEqual({});
  });
  it("edits open goals only", () => {
    expect(["proposed", "agreed", "in_progress"].every((status) => isOpenGoal(goal(status as Goal["status"], "mette")))).toBe(true);
    expect(isOpenGoal(goal("achieved", "mette")) || isOpenGoal(goal("dropped", "mette"))).toBe(false);
  });
});

describe("a revocation's reason", () => {
  it("says something, on one line", () => {
    expect(reasonError("Udstedt ved en fejl")).toBeUndefined();
    expect(reasonError("   ")).toBe("required");
    expect(reasonError("To\nlinjer")).toBe("oneLine");
    expect(reasonError("Fejl\u0000")).toBe("oneLine");
  });
});

import { describe, expect, it } from "vitest";
import { type Goal, movesFor } from "./data";

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

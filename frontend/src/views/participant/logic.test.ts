import { describe, expect, it } from "vitest";
import {
  EMPTY_TRIAL_ACTION,
  absoluteUrl,
  byTrialAction,
  feedbackToGiveFirst,
  neighbourPhases,
  openFollowUps,
  phaseState,
  ratingOf,
  trialActionBody,
  upcoming,
} from "./logic";

describe("the phase stepper", () => {
  it("offers one step back and one forward, none beyond the ends", () => {
    expect(neighbourPhases("udforske")).toEqual({ previous: undefined, next: "designe" });
    expect(neighbourPhases("afproeve")).toEqual({ previous: "designe", next: "evaluere" });
    expect(neighbourPhases("evaluere")).toEqual({ previous: "afproeve", next: undefined });
  });

  it("marks earlier phases done, the current one current, later ones to do", () => {
    expect(["udforske", "designe", "afproeve", "evaluere"].map((step) => phaseState(step as never, "afproeve"))).toEqual([
      "done",
      "done",
      "current",
      "todo",
    ]);
  });
});

describe("upcoming workshops", () => {
  const now = new Date("2026-11-29T10:00:00Z");
  const workshop = (id: string, starts: string, ends: string, status = "scheduled") => ({
    id,
    starts_at: starts,
    ends_at: ends,
    status,
  });
  const items = [
    workshop("later", "2027-01-10T08:00:00Z", "2027-01-10T14:00:00Z"),
    workshop("past", "2026-11-01T08:00:00Z", "2026-11-01T14:00:00Z"),
    workshop("running", "2026-11-29T08:00:00Z", "2026-11-29T14:00:00Z"),
    workshop("cancelled", "2026-12-01T08:00:00Z", "2026-12-01T14:00:00Z", "cancelled"),
    workshop("soon", "2026-12-02T08:00:00Z", "2026-12-02T14:00:00Z"),
  ];

  it("keeps scheduled workshops not yet over, soonest first", () => {
    expect(upcoming(items, now).map((item) => item.id)).toEqual(["running", "soon", "later"]);
  });

  it("takes only as many as asked", () => {
    expect(upcoming(items, now, 2).map((item) => item.id)).toEqual(["running", "soon"]);
  });
});

describe("feedback lists", () => {
  it("groups feedback by trial action, oldest first", () => {
    const groups = byTrialAction([
      { id: "b", trial_action_id: "t1", created_at: "2026-10-02T00:00:00Z" },
      { id: "c", trial_action_id: "t2", created_at: "2026-10-03T00:00:00Z" },
      { id: "a", trial_action_id: "t1", created_at: "2026-10-01T00:00:00Z" },
    ]);
    expect(groups.get("t1")?.map((item) => item.id)).toEqual(["a", "b"]);
    expect(groups.get("t2")?.map((item) => item.id)).toEqual(["c"]);
    expect(groups.get("t3")).toBeUndefined();
  });

  it("puts trial actions I have not given feedback on first, keeping the order otherwise", () => {
    const items = [
      { id: "given", given_by_me: 2 },
      { id: "new-1", given_by_me: 0 },
      { id: "given-2", given_by_me: 1 },
      { id: "new-2", given_by_me: 0 },
    ];
    expect(feedbackToGiveFirst(items).map((item) => item.id)).toEqual(["new-1", "new-2", "given", "given-2"]);
  });

  it("keeps only unanswered follow-ups", () => {
    const items = [
      { id: "open", answered_at: null },
      { id: "answered", answered_at: "2026-11-01T00:00:00Z" },
    ];
    expect(openFollowUps(items).map((item) => item.id)).toEqual(["open"]);
  });
});

describe("form values", () => {
  it("builds a trial action body: trimmed, with-whom in a fixed order, empty optionals left out", () => {
    expect(
      trialActionBody({
        ...EMPTY_TRIAL_ACTION,
        title: "  Samtale om borgerens egne mål ",
        withWhom: ["partners", "citizens"],
      }),
    ).toEqual({
      title: "Samtale om borgerens egne mål",
      plan: "",
      with_whom: ["citizens", "partners"],
      with_whom_note: "",
    });
    expect(
      trialActionBody({ ...EMPTY_TRIAL_ACTION, title: "x", plannedFor: "2026-12-01", moduleId: "m1" }),
    ).toMatchObject({ planned_for: "2026-12-01", module_id: "m1" });
  });

  it("reads a 1–5 rating and nothing else", () => {
    expect(ratingOf("4")).toBe(4);
    expect(["", "0", "6", "2.5", "x"].map(ratingOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("makes the feed path a full URL on this server", () => {
    expect(absoluteUrl("/api/v1/calendar/dk-0766.abc.ics", "http://127.0.0.1:8000")).toBe(
      "http://127.0.0.1:8000/api/v1/calendar/dk-0766.abc.ics",
    );
  });
});

import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { whoLags } from "./practice";

type Overview = Schemas["TeamProjectOverview"];
type Enrolment = Schemas["EnrolmentRead"];

function project(id: string, owner: string, over: Partial<Overview> = {}): Overview {
  return {
    id,
    title: id,
    phase: "afproeve",
    status: "active",
    owner_ids: [owner],
    trial_actions: { planned: 1, done: 1, dropped: 0 },
    feedback: { buddy: 1, learning_group: 0, leader: 0, colleague: 0 },
    ...over,
  };
}
const enrolled = (person_id: string, status: Enrolment["status"] = "approved") => ({ person_id, status }) as Enrolment;

describe("whoLags", () => {
  it("names members on a programme without a project, with nothing done, without feedback, or paused", () => {
    const lagging = whoLags(
      ["a", "b", "c", "d", "e", "f"],
      ["a", "b", "c", "d", "e"].map((id) => enrolled(id)).concat(enrolled("f", "nominated")),
      [
        project("pb", "b", { trial_actions: { planned: 2, done: 0, dropped: 0 } }),
        project("pc", "c", { feedback: { buddy: 0, learning_group: 0, leader: 0, colleague: 0 } }),
        project("pd", "d", { status: "paused" }),
        project("pe", "e"),
      ],
    );
    expect(lagging).toEqual([
      { personId: "a", reasons: ["noProject"] },
      { personId: "b", reasons: ["nothingDone"], projectId: "pb" },
      { personId: "c", reasons: ["noFeedback"], projectId: "pc" },
      { personId: "d", reasons: ["paused"], projectId: "pd" },
    ]);
  });

  it("leaves out a member with one project going well or completed, and those not on a programme", () => {
    const stalled = project("p1", "a", { trial_actions: { planned: 1, done: 0, dropped: 0 } });
    expect(whoLags(["a"], [enrolled("a")], [stalled, project("p2", "a")])).toEqual([]);
    expect(whoLags(["a"], [enrolled("a")], [stalled, project("p3", "a", { status: "completed" })])).toEqual([]);
    expect(whoLags(["a"], [enrolled("a", "completed")], [])).toEqual([]);
  });
});

/** Pure rules of the leader's practice view: who needs following up, and why. */
import type { Schemas } from "../../api/client";

type Overview = Schemas["TeamProjectOverview"];
type Enrolment = Schemas["EnrolmentRead"];

export type LagReason = "noProject" | "nothingDone" | "noFeedback" | "paused";

export interface Lagging {
  personId: string;
  reasons: LagReason[];
  projectId?: string;
}

const feedbackTotal = (project: Overview) => Object.values(project.feedback).reduce((sum, n) => sum + n, 0);

function reasonsFor(project: Overview): LagReason[] {
  if (project.status === "paused") return ["paused"];
  if (project.status !== "active") return [];
  if ((project.trial_actions.done ?? 0) === 0) return ["nothingDone"];
  return feedbackTotal(project) === 0 ? ["noFeedback"] : [];
}

/**
 * Team members on a programme (an approved enrolment) who "hænger med skuffen": no project
 * yet, an active project with no trial action carried out, done trial actions nobody gave
 * feedback on, or a paused project. Ordered as the team list is; each person once.
 */
export function whoLags(
  teamIds: readonly string[],
  enrolments: readonly Enrolment[],
  projects: readonly Overview[],
): Lagging[] {
  const onProgramme = new Set(enrolments.filter((e) => e.status === "approved").map((e) => e.person_id));
  const found: Lagging[] = [];
  for (const personId of teamIds) {
    if (!onProgramme.has(personId)) continue;
    const own = projects.filter((project) => project.owner_ids.includes(personId));
    if (own.length === 0) {
      found.push({ personId, reasons: ["noProject"] });
      continue;
    }
    if (own.some((project) => project.status === "completed")) continue;
    const lagging = own.map((project) => ({ project, reasons: reasonsFor(project) }));
    if (lagging.every((item) => item.reasons.length > 0)) {
      const first = lagging[0]!;
      found.push({ personId, reasons: [...new Set(lagging.flatMap((item) => item.reasons))], projectId: first.project.id });
    }
  }
  return found;
}

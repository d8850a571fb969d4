/** The development views' requests: a person's plan, their goals' moves, credential files. */
import { api, call, type Result, type Schemas } from "../../api/client";

export type Plan = Schemas["DevelopmentPlan"];
export type Goal = Schemas["GoalRead"];
export type GoalStatus = Goal["status"];
export type Credential = Schemas["CredentialRead"];

/** The signed-in person's plan, or a team member's (for their leader). */
export function loadPlan(personId?: string): Promise<Result<Plan>> {
  return personId
    ? call(api.GET("/api/v1/people/{person_id}/development-plan", { params: { path: { person_id: personId } } }))
    : call(api.GET("/api/v1/me/development-plan"));
}

export interface GoalDraft {
  title: string;
  description: string;
  review_on: string;
}

export function proposeGoal(draft: GoalDraft, personId?: string) {
  return call(
    api.POST("/api/v1/development-goals", {
      body: {
        title: draft.title,
        description: draft.description,
        review_on: draft.review_on || null,
        person_id: personId ?? null,
      },
    }),
  );
}

export function moveGoal(goalId: string, status: GoalStatus) {
  return call(
    api.POST("/api/v1/development-goals/{goal_id}/status", {
      params: { path: { goal_id: goalId } },
      body: { status },
    }),
  );
}

/** Proposed, agreed and in progress goals are changed; achieved and dropped ones stay (409). */
export function isOpenGoal(goal: Goal): boolean {
  return goal.status === "proposed" || goal.status === "agreed" || goal.status === "in_progress";
}

/** Only what changed; a review day once set is moved, not removed (the API takes a date). */
export function goalChanges(goal: Goal, draft: GoalDraft): Schemas["GoalUpdate"] {
  const changes: Schemas["GoalUpdate"] = {};
  if (draft.title.trim() !== goal.title) changes.title = draft.title.trim();
  if (draft.description.trim() !== goal.description) changes.description = draft.description.trim();
  if (draft.review_on && draft.review_on !== goal.review_on) changes.review_on = draft.review_on;
  return changes;
}

/** The moves the caller may offer on a goal: agreeing only to what the other party proposed. */
export function movesFor(goal: Goal, me: string): GoalStatus[] {
  switch (goal.status) {
    case "proposed":
      return goal.proposed_by_id === me ? ["dropped"] : ["agreed", "dropped"];
    case "agreed":
      return ["in_progress", "achieved", "dropped"];
    case "in_progress":
      return ["achieved", "dropped"];
    default:
      return [];
  }
}

export type CredentialFile = "openBadge" | "signed" | "printable";

/** A credential file as a Blob (fetched with the bearer token, so not a plain link). */
export async function credentialFile(id: string, kind: CredentialFile): Promise<Result<Blob>> {
  const path = { params: { path: { credential_id: id } } };
  if (kind === "signed") {
    const signed = await call(api.GET("/api/v1/credentials/{credential_id}/open-badge/signed", path));
    return signed.problem ? signed : { data: new Blob([signed.data.jwt], { type: "application/jwt" }) };
  }
  const request =
    kind === "openBadge"
      ? api.GET("/api/v1/credentials/{credential_id}/open-badge", { ...path, parseAs: "blob" })
      : api.GET("/api/v1/credentials/{credential_id}/printable", { ...path, parseAs: "blob" });
  return call(request as Promise<{ data?: Blob; error?: unknown; response: Response }>);
}

export const FILE_NAMES: Record<CredentialFile, (id: string) => string> = {
  openBadge: (id) => `open-badge-${id}.json`,
  signed: (id) => `open-badge-${id}.jwt`,
  printable: (id) => `credential-${id}.html`,
};

export const REASON_MAX = 500;

/** HR revokes a credential (409 when it was revoked already; the reason is one line). */
export function revokeCredential(credentialId: string, reason: string) {
  return call(
    api.POST("/api/v1/credentials/{credential_id}/revoke", {
      params: { path: { credential_id: credentialId } },
      body: { reason: reason.trim() },
    }),
  );
}

/** What the form says before sending: a reason that says something, on one line. */
export function reasonError(reason: string): "required" | "oneLine" | undefined {
  if (!reason.trim()) return "required";
  if (/[\u0000-\u001f\u007f]/.test(reason)) return "oneLine";
  return undefined;
}

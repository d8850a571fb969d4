import { allPages, api, type Schemas } from "../../api/client";

export type Person = Schemas["PersonRead"];
export type Programme = Schemas["ProgrammeRead"];
export type Enrolment = Schemas["EnrolmentRead"];

/** Everyone in the units the leader leads and the units below them. */
export function loadTeam() {
  return allPages((cursor) => api.GET("/api/v1/people", { params: { query: { in_my_team: true, limit: 200, cursor } } }));
}

export function loadProgrammes(status?: Programme["status"]) {
  return allPages((cursor) => api.GET("/api/v1/programmes", { params: { query: { limit: 200, status, cursor } } }));
}

/** The enrolments a leader may see: their team's. */
export function loadEnrolments() {
  return allPages((cursor) => api.GET("/api/v1/enrolments", { params: { query: { limit: 200, cursor } } }));
}

export function nameIn<T extends { id: string }>(items: readonly T[] | undefined, id: string, name: (item: T) => string, fallback: string): string {
  const found = items?.find((item) => item.id === id);
  return found ? name(found) : fallback;
}

/** What the programme asks of a nomination, as i18n keys with values, shown before the form. */
export function ruleLines(rules: Programme["rules"]): { key: "leaderViews.ruleJustification" | "leaderViews.ruleNoJustification" | "leaderViews.rulePerUnit" | "leaderViews.ruleCohort"; values?: Record<string, string> }[] {
  const lines: ReturnType<typeof ruleLines> = [];
  lines.push(
    rules.justification_required
      ? { key: "leaderViews.ruleJustification", values: { min: String(Math.max(1, rules.justification_min_length)) } }
      : { key: "leaderViews.ruleNoJustification" },
  );
  if (rules.min_participants_per_org_unit) {
    lines.push({ key: "leaderViews.rulePerUnit", values: { min: String(rules.min_participants_per_org_unit) } });
  }
  if (rules.cohort_min_size || rules.cohort_max_size) {
    lines.push({
      key: "leaderViews.ruleCohort",
      values: { min: String(rules.cohort_min_size ?? 1), max: String(rules.cohort_max_size ?? "–") },
    });
  }
  return lines;
}

/** Pure rules for issue 18's remaining screens: awards, self-assessments, cancellations. */
import type { Schemas } from "../../api/client";

export type Award = Schemas["AwardRead"];
export type AwardBody = Schemas["AwardDefinition"];
export type SelfAssessment = Schemas["SelfAssessmentRead"];
export type Moment = Schemas["AssessmentMoment"];
export type CancellationReason = Schemas["CancellationReason"];
export type WithdrawalReason = Schemas["WithdrawalReason"];

export const CANCELLATION_REASONS: readonly CancellationReason[] = [
  "insufficient_interest",
  "too_few_participants",
  "time_pressure",
  "budget",
  "facilitator_unavailable",
  "organisational_change",
  "other",
];

export const WITHDRAWAL_REASONS: readonly WithdrawalReason[] = [
  "time_pressure",
  "loyalty_to_colleagues",
  "caseload",
  "exam_anxiety",
  "insufficient_interest",
  "changed_job",
  "other",
];

/** The award form's text fields, as typed. */
export interface AwardForm {
  title: string;
  provider: string;
  providerUrl: string;
  ects: string;
  description: string;
  criteria: string;
}

export function awardForm(award: Award | null): AwardForm {
  return {
    title: award?.title ?? "",
    provider: award?.provider ?? "",
    providerUrl: award?.provider_url ?? "",
    ects: award?.ects == null ? "" : String(award.ects).replace(".", ","),
    description: award?.description ?? "",
    criteria: award?.criteria ?? "",
  };
}

/** ECTS as typed ("7,5" or "7.5"): a number in half points from 0 to 300, null when empty,
 *  undefined when it is not one (the form says so before sending). */
export function parseEcts(text: string): number | null | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return null;
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= 300 && Number.isInteger(value * 2) ? value : undefined;
}

/** An http(s) address, or empty. */
export function validUrl(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === "") return true;
  try {
    const url = new URL(trimmed);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

export function awardBody(form: AwardForm): AwardBody {
  return {
    title: form.title.trim(),
    provider: form.provider.trim(),
    provider_url: form.providerUrl.trim() || null,
    ects: parseEcts(form.ects) ?? null,
    description: form.description.trim(),
    criteria: form.criteria.trim(),
  };
}

/**
 * Which self-assessment may be given now, as the API decides: only with a place (approved or
 * completed), "before" first and once, then "after" once. null: none (yet, or any more).
 */
export function nextMoment(status: Schemas["EnrolmentStatus"], assessment: SelfAssessment): Moment | null {
  if (status !== "approved" && status !== "completed") return null;
  if (assessment.items.length === 0) return null;
  if (assessment.items.some((item) => item.before == null)) return "before";
  if (assessment.items.some((item) => item.after == null)) return "after";
  return null;
}

/** The scores to send: one per goal, all rated 1–5, or null while one is missing. */
export function scoresFor(
  assessment: SelfAssessment,
  chosen: Readonly<Record<string, number>>,
): Schemas["CompetenceScore"][] | null {
  const scores = assessment.items.map((item) => ({ competence_id: item.competence_id, score: chosen[item.competence_id] ?? 0 }));
  return scores.every((item) => item.score >= 1 && item.score <= 5) ? scores : null;
}

/** Enrolments a participant may still withdraw from. */
export function mayWithdraw(status: Schemas["EnrolmentStatus"]): boolean {
  return status === "nominated" || status === "approved" || status === "waitlisted";
}

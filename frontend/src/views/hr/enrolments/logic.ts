/** HR's decisions on enrolments: which cohorts can take a person, and what a completion sends. */
import type { Schemas } from "../../../api/client";

type Cohort = Schemas["CohortRead"];
export type Grading = Schemas["Grading"];
export type Completion = Schemas["EnrolmentCompletion"];

/** The Danish 7-point scale, best first; 02 or more passes (the server's rule). */
export const DANISH_GRADES = [12, 10, 7, 4, 2, 0, -3] as const;
export const DANISH_PASS_MARK = 2;

/** A grade as Danes write it: 02, 00 and −3 (a true minus sign). */
export function gradeLabel(grade: number): string {
  if (grade < 0) return `\u2212${Math.abs(grade)}`;
  return grade === 0 || grade === 2 ? `0${grade}` : String(grade);
}

/** The longest note (decline reason, approval note) the API takes. */
export const NOTE_MAX_LENGTH = 2000;

export interface CohortChoice {
  cohort: Cohort;
  taken: number;
  /** Approving onto a full cohort puts the person on its waiting list instead. */
  full: boolean;
}

/** The programme's cohorts that still take participants (planned or running), in name order. */
export function cohortChoices(cohorts: readonly Cohort[], programmeId: string): CohortChoice[] {
  return cohorts
    .filter((cohort) => cohort.programme_id === programmeId && (cohort.status === "planned" || cohort.status === "running"))
    .map((cohort) => {
      const taken = cohort.approved_count + cohort.completed_count;
      return { cohort, taken, full: taken >= cohort.capacity };
    })
    .sort((a, b) => a.cohort.name.localeCompare(b.cohort.name));
}

/**
 * What POST /enrolments/{id}/complete needs under the programme's grading, or null while the
 * choice is missing: a grade on the 7-point scale (passed follows from it), passed yes/no, or
 * nothing for an ungraded programme. `choice` is a grade ("12", "-3") or "passed"/"failed".
 */
export function completionBody(grading: Grading, choice: string): Completion | null {
  if (grading === "none") return {};
  if (grading === "pass_fail") {
    if (choice === "passed") return { passed: true };
    if (choice === "failed") return { passed: false };
    return null;
  }
  const grade = Number(choice);
  return choice !== "" && (DANISH_GRADES as readonly number[]).includes(grade) ? { grade } : null;
}

/** The status a cohort moves to next along its lifecycle (cancelling aside), if any. */
export function nextCohortStatus(status: Cohort["status"]): "running" | "completed" | null {
  if (status === "planned") return "running";
  if (status === "running") return "completed";
  return null;
}

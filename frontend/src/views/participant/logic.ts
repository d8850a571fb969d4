/**
 * The participant views' client-side rules, kept pure so they are unit-tested: the phase
 * stepper, which workshops come next, what is still to do, and form values → request bodies.
 */
import type { Schemas } from "../../api/client";

export type Phase = Schemas["ProjectPhase"];
export type TrialActionStatus = Schemas["TrialActionStatus"];
export type FeedbackKind = Schemas["FeedbackKind"];
export type WithWhom = "colleagues" | "citizens" | "partners";

export const PHASES: readonly Phase[] = ["udforske", "designe", "afproeve", "evaluere"];
export const WITH_WHOM: readonly WithWhom[] = ["colleagues", "citizens", "partners"];
export const RATINGS = [1, 2, 3, 4, 5] as const;

/** The server allows one step forward, or back; the stepper offers one step each way. */
export function neighbourPhases(phase: Phase): { previous?: Phase; next?: Phase } {
  const index = PHASES.indexOf(phase);
  return { previous: PHASES[index - 1], next: PHASES[index + 1] };
}

export function phaseState(step: Phase, current: Phase): "done" | "current" | "todo" {
  const [at, now] = [PHASES.indexOf(step), PHASES.indexOf(current)];
  return at < now ? "done" : at === now ? "current" : "todo";
}

interface Timed {
  starts_at: string;
  ends_at: string;
  status: string;
}

/** Scheduled workshops not yet over, soonest first. */
export function upcoming<T extends Timed>(workshops: readonly T[], now: Date, count?: number): T[] {
  const later = workshops
    .filter((item) => item.status !== "cancelled" && new Date(item.ends_at) > now)
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  return count === undefined ? later : later.slice(0, count);
}

/** Feedback grouped by the trial action it is about, oldest first within each. */
export function byTrialAction<T extends { trial_action_id: string; created_at: string }>(
  items: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))) {
    const group = groups.get(item.trial_action_id);
    if (group) group.push(item);
    else groups.set(item.trial_action_id, [item]);
  }
  return groups;
}

/** Follow-ups the person has not answered yet. */
export function openFollowUps<T extends { answered_at: string | null }>(items: readonly T[]): T[] {
  return items.filter((item) => item.answered_at === null);
}

/** Trial actions not yet given feedback on by me come first; the order is otherwise kept. */
export function feedbackToGiveFirst<T extends { given_by_me: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(a.given_by_me > 0) - Number(b.given_by_me > 0));
}

export interface TrialActionDraft {
  title: string;
  plan: string;
  withWhom: WithWhom[];
  withWhomNote: string;
  plannedFor: string;
  moduleId: string;
}

export const EMPTY_TRIAL_ACTION: TrialActionDraft = {
  title: "",
  plan: "",
  withWhom: [],
  withWhomNote: "",
  plannedFor: "",
  moduleId: "",
};

/** The body for POST …/trial-actions: empty optional fields are left out, text trimmed. */
export function trialActionBody(draft: TrialActionDraft): Schemas["TrialActionCreate"] {
  return {
    title: draft.title.trim(),
    plan: draft.plan.trim(),
    with_whom: WITH_WHOM.filter((who) => draft.withWhom.includes(who)),
    with_whom_note: draft.withWhomNote.trim(),
    ...(draft.plannedFor ? { planned_for: draft.plannedFor } : {}),
    ...(draft.moduleId ? { module_id: draft.moduleId } : {}),
  };
}

/** "4" → 4, "" → undefined: an optional 1–5 answer from a radio group. */
export function ratingOf(value: string): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 && number <= 5 ? number : undefined;
}

/** The full feed URL to paste into a calendar (the API answers a path on this server). */
export function absoluteUrl(path: string, origin: string): string {
  return new URL(path, origin).toString();
}

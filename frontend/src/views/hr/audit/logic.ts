/** The audit screen's pure parts: labels for actions and object types, the changed fields of an
 *  event as lines, and the filters as the API's query. */
import type { Schemas } from "../../../api/client";
import type { operations } from "../../../api/schema";
import { type Key, type Lang, lookup, DICTIONARIES } from "../../../i18n";

export type AuditEvent = Schemas["AuditEventRead"];
export type AuditAction = Schemas["AuditAction"];
export type AuditObject = Schemas["AuditObject"];

/** In the API's order; an action the server adds later is shown by its code until labelled. */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  "enrolment.nominated",
  "enrolment.approved",
  "enrolment.waitlisted",
  "enrolment.promoted",
  "enrolment.declined",
  "enrolment.withdrawn",
  "enrolment.completed",
  "programme.created",
  "programme.updated",
  "programme.status_changed",
  "programme.deleted",
  "cohort.created",
  "cohort.started",
  "cohort.status_changed",
  "cohort.updated",
  "cohort.deleted",
  "workshop.created",
  "workshop.updated",
  "workshop.cancelled",
  "project.created",
  "project.updated",
  "project.deleted",
  "project.owner_invited",
  "project.invitation_accepted",
  "project.invitation_declined",
  "project.owners_changed",
  "org_unit.created",
  "org_unit.updated",
  "org_unit.leaders_changed",
  "org_unit.deleted",
  "competence_framework.created",
  "competence_framework.updated",
  "competence_framework.deleted",
  "competence.created",
  "competence.updated",
  "competence.deleted",
  "person.updated",
  "person.erased",
];

export const AUDIT_OBJECTS: readonly AuditObject[] = [
  "enrolment",
  "programme",
  "cohort",
  "workshop",
  "project",
  "org_unit",
  "competence_framework",
  "competence",
  "person",
];

/** What the API writes instead of a personal value it does not keep. */
export const NOT_KEPT = "(not kept)";

/** "enrolment.approved" → "audit.actions.enrolment_approved", when the dictionary has it. */
export function actionKey(lang: Lang, action: string): Key | undefined {
  const key = `audit.actions.${action.replace(".", "_")}`;
  return lookup(DICTIONARIES[lang], key) === undefined ? undefined : (key as Key);
}

export function objectKey(lang: Lang, objectType: string): Key | undefined {
  const key = `audit.objects.${objectType}`;
  return lookup(DICTIONARIES[lang], key) === undefined ? undefined : (key as Key);
}

export interface ChangeLine {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** Each field the event names, in the order the API wrote them: `after`'s, then those only in
 *  `before` (what a deletion kept). */
export function changeLines(event: Pick<AuditEvent, "before" | "after">): ChangeLine[] {
  const fields = [...Object.keys(event.after), ...Object.keys(event.before).filter((field) => !(field in event.after))];
  return fields.map((field) => ({
    field,
    ...(field in event.before ? { before: event.before[field] } : {}),
    ...(field in event.after ? { after: event.after[field] } : {}),
  }));
}

/** A recorded value as text: lists joined, nothing as "–"; `notKept` replaces the API's marker. */
export function valueText(value: unknown, notKept: string): string {
  if (value === null || value === undefined || value === "") return "–";
  if (value === NOT_KEPT) return notKept;
  if (Array.isArray(value)) return value.length === 0 ? "–" : value.map((item) => valueText(item, notKept)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export interface AuditFilters {
  action: string;
  objectType: string;
  objectId: string;
  actorId: string;
  from: string; // YYYY-MM-DD, the first day shown
  to: string; // YYYY-MM-DD, the last day shown
}

/** The last 30 days, everything in them. */
export function defaultFilters(today: Date = new Date()): AuditFilters {
  const from = new Date(today);
  from.setDate(from.getDate() - 30);
  return { action: "", objectType: "", objectId: "", actorId: "", from: isoDay(from), to: "" };
}

function isoDay(day: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** Local midnight at the start of the day, as the moment the API takes ("to" is exclusive,
 *  so the last day shown ends at the next midnight). */
export function startOfDay(day: string, plusDays = 0): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + plusDays).toISOString();
}

export type AuditQuery = NonNullable<operations["list_audit_events"]["parameters"]["query"]>;

export function auditQuery(filters: AuditFilters): AuditQuery {
  const query: AuditQuery = {};
  if (filters.action) query.action = filters.action as AuditAction;
  if (filters.objectType) query.object_type = filters.objectType as AuditObject;
  if (filters.objectId.trim()) query.object_id = filters.objectId.trim();
  if (filters.actorId) query.actor_person_id = filters.actorId;
  if (filters.from) query.from = startOfDay(filters.from);
  if (filters.to) query.to = startOfDay(filters.to, 1);
  return query;
}

/** True when both days are given and the last comes before the first. */
export function datesReversed(filters: AuditFilters): boolean {
  return Boolean(filters.from && filters.to && filters.to < filters.from);
}

/** "praksis-revisionsspor-2026-12-15.csv" */
export function auditCsvName(today: Date = new Date()): string {
  return `praksis-revisionsspor-${isoDay(today)}.csv`;
}

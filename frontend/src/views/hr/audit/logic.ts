/** The audit screen's pure parts: labels for actions and object types, the changed fields of an
 *  event as lines, and the filters as the API's query. */
import type { Schemas } from "../../../api/client";
import type { operations } from "../../../api/schema";
import { type Key, type Lang, lookup, DICTIONARIES } from "../../../i18n";

export type AuditEvent = Schemas["AuditEventRead"];
export type AuditAction = Schemas["AuditAction"];
export type AuditObject = Schemas["AuditObject"];

/** Every action and object type, in the API's order. A record over the API's enum, so an
 *  action the server adds fails the type check until it is listed (and labelled: the i18n
 *  test checks every one has a label in each language). */
const ACTIONS: Record<AuditAction, true> = {
  "enrolment.nominated": true,
  "enrolment.approved": true,
  "enrolment.waitlisted": true,
  "enrolment.promoted": true,
  "enrolment.declined": true,
  "enrolment.withdrawn": true,
  "enrolment.completed": true,
  "programme.created": true,
  "programme.updated": true,
  "programme.status_changed": true,
  "programme.deleted": true,
  "cohort.created": true,
  "cohort.started": true,
  "cohort.status_changed": true,
  "cohort.updated": true,
  "cohort.deleted": true,
  "workshop.created": true,
  "workshop.updated": true,
  "workshop.cancelled": true,
  "project.created": true,
  "project.updated": true,
  "project.deleted": true,
  "project.owner_invited": true,
  "project.invitation_accepted": true,
  "project.invitation_declined": true,
  "project.owners_changed": true,
  "org_unit.created": true,
  "org_unit.updated": true,
  "org_unit.leaders_changed": true,
  "org_unit.deleted": true,
  "competence_framework.created": true,
  "competence_framework.updated": true,
  "competence_framework.deleted": true,
  "competence.created": true,
  "competence.updated": true,
  "competence.deleted": true,
  "person.updated": true,
  "person.erased": true,
  "notification_preferences.updated": true,
  "development_goal.proposed": true,
  "development_goal.updated": true,
  "development_goal.agreed": true,
  "development_goal.status_changed": true,
  "programme.award_changed": true,
  "credential.issued": true,
  "credential.revoked": true,
  "enrolment_request.created": true,
  "enrolment_request.endorsed": true,
  "enrolment_request.declined": true,
  "enrolment_request.withdrawn": true,
  "org_unit.team_nominated": true,
  "sparring_meeting.planned": true,
  "sparring_meeting.updated": true,
  "sparring_meeting.cancelled": true,
  "sparring_meeting.leaders_invited": true,
  "sparring_invitation.recorded": true,
  "workshop_guest.added": true,
  "workshop_guest.updated": true,
  "workshop_guest.removed": true,
  "webhook_endpoint.created": true,
  "webhook_endpoint.updated": true,
  "webhook_endpoint.deleted": true,
  "webhook_endpoint.secret_rotated": true,
};
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

const OBJECTS: Record<AuditObject, true> = {
  enrolment: true,
  programme: true,
  cohort: true,
  workshop: true,
  project: true,
  org_unit: true,
  competence_framework: true,
  competence: true,
  person: true,
  development_goal: true,
  credential: true,
  enrolment_request: true,
  sparring_meeting: true,
  sparring_invitation: true,
  workshop_guest: true,
  webhook_endpoint: true,
};
export const AUDIT_OBJECTS = Object.keys(OBJECTS) as AuditObject[];

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

/**
 * RFC 9457 problem details as the SPA shows them: a heading in the chosen language when the
 * status is known, the server's own detail beneath it, and per-field messages for forms.
 */
import type { Key } from "../i18n";

export interface FieldError {
  location: string;
  message: string;
}

/** A department a cohort's start is refused for: too few participants from it (id null: no unit). */
export interface ShortUnit {
  id: string | null;
  name: string;
  count: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** A refused cohort start (409): the departments with too few participants. */
  org_units?: ShortUnit[];
}

/** status 0: the request never got an answer (offline, DNS, CORS). */
export const NETWORK_STATUS = 0;

export function networkProblem(error: unknown): Problem {
  return {
    type: "about:blank",
    title: "Network error",
    status: NETWORK_STATUS,
    detail: error instanceof Error ? error.message : String(error),
  };
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<string, unknown>;
  return typeof item.location === "string" && typeof item.message === "string";
}

function isShortUnit(value: unknown): value is ShortUnit {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<string, unknown>;
  return (typeof item.id === "string" || item.id === null) && typeof item.name === "string" && typeof item.count === "number";
}

/** Any error body (problem+json or not) as a Problem with the response's status. */
export function toProblem(status: number, body: unknown): Problem {
  const value = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(value.errors) ? value.errors.filter(isFieldError) : undefined;
  const units = Array.isArray(value.org_units) ? value.org_units.filter(isShortUnit) : undefined;
  return {
    type: typeof value.type === "string" ? value.type : "about:blank",
    title: typeof value.title === "string" ? value.title : `HTTP ${status}`,
    status,
    detail: typeof value.detail === "string" ? value.detail : "",
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(units && units.length > 0 ? { org_units: units } : {}),
  };
}

const KNOWN_STATUSES = new Set([400, 401, 403, 404, 409, 412, 413, 422, 429, 500, 503]);

/** The type of a problem the app found itself before sending anything; its title is already in the reader's language. */
export const FOUND_BY_THE_APP = "urn:praksis:app";

/** The translated heading for a problem; the server's English title when the status is new. */
export function problemHeadingKey(problem: Problem): Key | undefined {
  if (problem.type === FOUND_BY_THE_APP) return undefined;
  if (problem.status === NETWORK_STATUS) return "problems.network";
  if (KNOWN_STATUSES.has(problem.status)) return `problems.${problem.status}` as Key;
  if (problem.status >= 500) return "problems.500";
  return undefined;
}

/** "body.justification" → "justification"; "query.limit" → "limit"; "body" → "". */
export function fieldName(location: string): string {
  const parts = location.split(".");
  return parts.length > 1 && ["body", "query", "path", "header"].includes(parts[0] ?? "")
    ? parts.slice(1).join(".")
    : location === "body"
      ? ""
      : location;
}

/** The field messages of a problem by field name, for forms to show beside each input. */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const name = fieldName(error.location);
    result[name] = result[name] ? `${result[name]} ${error.message}` : error.message;
  }
  return result;
}

/**
 * The typed API client. Paths, parameters and bodies come from `schema.d.ts`, generated from
 * openapi/openapi.json (`npm run api`), so a renamed field is a compile error.
 *
 *   const result = await call(api.GET("/api/v1/programmes", { params: { query: { limit: 20 } } }));
 *   if (result.problem) … else result.data
 */
import createClient, { type Middleware } from "openapi-fetch";
import { currentToken, expireSession } from "../auth/session";
import { type Problem, networkProblem, toProblem } from "./problem";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Result<T> = { data: T; problem?: undefined } | { data?: undefined; problem: Problem };

const bearer: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
  onResponse({ response, request }) {
    // A 401 on a request that carried our token means it expired or was revoked.
    if (response.status === 401 && request.headers.has("Authorization")) expireSession();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(bearer);

interface FetchOutcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Waits for an openapi-fetch call and returns `{data}` or `{problem}`; never throws. */
export async function call<T>(request: Promise<FetchOutcome<T>>): Promise<Result<T>> {
  try {
    const { data, error, response } = await request;
    if (response.ok) return { data: data as T };
    return { problem: toProblem(response.status, error) };
  } catch (error) {
    return { problem: networkProblem(error) };
  }
}

interface ListPage<T> {
  items: T[];
  next_cursor?: string | null;
}

/**
 * Every page of a list a view needs whole (org units for the tree, programmes and
 * kerneopgaver for filters), following `next_cursor` 200 at a time; `most` stops a runaway.
 *
 *   allPages((cursor) => api.GET("/api/v1/org-units", { params: { query: { limit: 200, cursor } } }))
 */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<FetchOutcome<ListPage<T>>>,
  most = 20_000,
): Promise<Result<{ items: T[] }>> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await call(page(cursor));
    if (result.problem) return { problem: result.problem };
    items.push(...result.data.items);
    cursor = result.data.next_cursor ?? undefined;
  } while (cursor && items.length < most);
  return { data: { items } };
}

/** A read's data with the ETag the server sent, for a later conditional change (If-Match). */
export type Tagged<T> = Result<T> & { etag?: string };

/** `call` for a GET of one item that keeps its ETag (a PATCH sends it back in If-Match). */
export async function callTagged<T>(request: Promise<FetchOutcome<T>>): Promise<Tagged<T>> {
  try {
    const { data, error, response } = await request;
    if (!response.ok) return { problem: toProblem(response.status, error) };
    return { data: data as T, etag: response.headers.get("ETag") ?? undefined };
  } catch (error) {
    return { problem: networkProblem(error) };
  }
}

/** The If-Match header for a change of what was read with `etag` (none: unconditional). */
export function ifMatch(etag: string | undefined): { "If-Match"?: string } {
  return etag ? { "If-Match": etag } : {};
}

/** People by id, for names on a page: only the people shown are fetched, 200 ids a request. */
import { api, call, type Result, type Schemas } from "./client";

export type Person = Schemas["PersonRead"];
export const IDS_PER_REQUEST = 200;

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** The people of the caller's municipality with these ids (others are left out). */
export async function peopleByIds(ids: readonly string[]): Promise<Result<{ items: Person[] }>> {
  const requests = chunked([...new Set(ids)], IDS_PER_REQUEST).map((chunk) =>
    call(api.GET("/api/v1/people", { params: { query: { id: chunk, limit: IDS_PER_REQUEST } } })),
  );
  const items: Person[] = [];
  for (const result of await Promise.all(requests)) {
    if (result.problem) return { problem: result.problem };
    items.push(...result.data.items);
  }
  return { data: { items } };
}

/** "Name (job title)", the way a person is told apart from a namesake. */
export function personLabel(person: Person): string {
  return person.job_title ? `${person.name} (${person.job_title})` : person.name;
}

/** People by id, for names on a page: only the people shown are fetched, 200 ids a request. */
import { api, call, type Result, type Schemas } from "./client";
import { language, translate } from "../i18n";

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

/** The person's name; for someone whose data was erased (`erased_at`), "former employee" in
 *  the reader's language (the API's marker is Danish or Norwegian). */
export function displayName(person: Pick<Person, "name" | "erased_at">): string {
  return person.erased_at ? translate(language.get(), "persons.formerEmployee") : person.name;
}

/** "Name (job title)", the way a person is told apart from a namesake. */
export function personLabel(person: Person): string {
  const name = displayName(person);
  return person.job_title ? `${name} (${person.job_title})` : name;
}

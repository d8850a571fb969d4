/** Names of the people a page shows, fetched by id (never a list of everyone). */
import { useRef } from "preact/hooks";
import { type Person, displayName, peopleByIds } from "../api/people";
import { useQuery } from "./useQuery";

/** These people (facilitators, members, leaders on the page), for their names. While more
 *  are fetched, the names already known stay on the page (no flash of "…"). */
export function usePeople(ids: readonly string[]): { data: { items: readonly Person[] }; loading: boolean } {
  const key = [...new Set(ids)].sort().join(",");
  const query = useQuery(async () => {
    const result = await peopleByIds(key ? key.split(",") : []);
    return result.problem ? result : { data: { key, items: result.data.items } };
  }, [key]);
  const known = useRef<readonly Person[]>([]);
  if (query.data) known.current = query.data.items;
  // between the render with new ids and the effect that fetches them, the names are not in yet
  const loading = query.status === "loading" || (query.status === "success" && query.data.key !== key);
  return { data: { items: known.current }, loading };
}

export function nameOf(people: readonly Person[] | undefined, id: string): string {
  const person = people?.find((candidate) => candidate.id === id);
  return person ? displayName(person) : "…";
}

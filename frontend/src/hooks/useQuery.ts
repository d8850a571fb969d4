import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Result } from "../api/client";
import type { Problem } from "../api/problem";

export type QueryState<T> =
  | { status: "loading"; data?: undefined; problem?: undefined }
  | { status: "error"; data?: undefined; problem: Problem }
  | { status: "success"; data: T; problem?: undefined };

export type Query<T> = QueryState<T> & { reload: () => void };

/**
 * Runs `load` (an API call wrapped in `call()`) when `deps` change or on `reload()`.
 * A slower earlier answer never overwrites a newer one; data stays visible while reloading
 * is not attempted — the skeleton keeps the layout instead.
 *
 *   const programmes = useQuery(() => call(api.GET("/api/v1/programmes")), []);
 */
export function useQuery<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Query<T> {
  const [state, setState] = useState<QueryState<T>>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const ticket = ++latest.current;
    setState({ status: "loading" });
    void loadRef.current().then((result) => {
      if (ticket !== latest.current) return;
      setState(
        result.problem
          ? { status: "error", problem: result.problem }
          : { status: "success", data: result.data as T },
      );
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

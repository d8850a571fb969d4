import { useEffect, useState } from "preact/hooks";
import { callTagged, call, ifMatch } from "../api/client";
import { type Problem, fieldErrors } from "../api/problem";

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface ConditionalEditSpec<T, D, R> {
  read: () => Promise<Outcome<T>>;
  toDraft: (item: T) => D;
  /** the change; `problem` for a check the form makes itself before sending */
  write: (draft: D, item: T, headers: { "If-Match"?: string }) => Promise<Outcome<R>> | { problem: Problem };
  onSaved: (saved: R) => void | Promise<void>;
}

/**
 * An edit with a conditional request: the item is read afresh with its ETag when the form
 * starts, and the draft starts from it; the change is sent with If-Match. When someone else
 * changed it meanwhile (412) the item is read again, the draft shows what it is now, and the
 * problem asks to reapply the change; nothing was saved.
 *
 *   const edit = useConditionalEdit({ read, toDraft, write, onSaved });
 *   edit.draft && <form onSubmit={(event) => void edit.submit(event)}>…</form>
 */
export function useConditionalEdit<T, D, R>(spec: ConditionalEditSpec<T, D, R>) {
  const [item, setItem] = useState<{ data: T; etag?: string } | undefined>();
  const [draft, setDraft] = useState<D | undefined>();
  const [loadProblem, setLoadProblem] = useState<Problem | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);

  async function load(): Promise<void> {
    const result = await callTagged(spec.read());
    if (result.problem) return setLoadProblem(result.problem);
    setLoadProblem(undefined);
    setItem({ data: result.data, etag: result.etag });
    setDraft(spec.toDraft(result.data));
  }

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once when the edit starts
  }, []);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!item || draft === undefined) return;
    const request = spec.write(draft, item.data, ifMatch(item.etag));
    if ("problem" in request) return setProblem(request.problem);
    setBusy(true);
    setProblem(undefined);
    const result = await call(request);
    setBusy(false);
    if (result.problem) {
      setProblem(result.problem);
      // changed by someone else since it was read: show what it is now, to reapply the change
      if (result.problem.status === 412) await load();
      return;
    }
    await spec.onSaved(result.data);
  }

  return {
    /** the item as last read; undefined until then */
    item: item?.data,
    draft,
    setDraft,
    loadProblem,
    problem,
    errors: fieldErrors(problem),
    busy,
    submit,
    reload: load,
  };
}

/**
 * An edit in a dialog with a conditional request: the item is read afresh with its ETag when
 * the dialog opens, and the change is sent with If-Match. When someone else changed it
 * meanwhile (412) the item is read again, the form shows what it is now, and the message
 * asks to reapply the change; nothing was saved.
 *
 *   <ConditionalEdit id="goal-edit" title=… submit=… read={() => api.GET(…)} toDraft={(goal) => …}
 *     write={(draft, goal, headers) => api.PATCH(…, { params: { header: headers, … }, body })}
 *     onSaved={…} onClose={…}>
 *     {(draft, set, errors) => <TextField … />}
 *   </ConditionalEdit>
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { callTagged, call, ifMatch } from "../api/client";
import { type Problem, fieldErrors } from "../api/problem";
import { ErrorBox, Loading, ProblemMessage } from "./Feedback";
import { FormActions } from "./Fields";
import { Modal } from "./Modal";

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface ConditionalEditProps<T, D, R> {
  id: string;
  title: string;
  submit: string;
  read: () => Promise<Outcome<T>>;
  toDraft: (item: T) => D;
  /** the change; `problem` for a check the form makes itself before sending */
  write: (draft: D, item: T, headers: { "If-Match"?: string }) => Promise<Outcome<R>> | { problem: Problem };
  onSaved: (saved: R) => void | Promise<void>;
  onClose: () => void;
  children: (draft: D, set: (draft: D) => void, errors: Record<string, string>, item: T) => ComponentChildren;
}

export function ConditionalEdit<T, D, R>(props: ConditionalEditProps<T, D, R>) {
  const [item, setItem] = useState<{ data: T; etag?: string } | undefined>();
  const [draft, setDraft] = useState<D | undefined>();
  const [loadProblem, setLoadProblem] = useState<Problem | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);

  async function load(): Promise<void> {
    const result = await callTagged(props.read());
    if (result.problem) return setLoadProblem(result.problem);
    setLoadProblem(undefined);
    setItem({ data: result.data, etag: result.etag });
    setDraft(props.toDraft(result.data));
  }

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once when the dialog opens
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (!item || draft === undefined) return;
    const request = props.write(draft, item.data, ifMatch(item.etag));
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
    await props.onSaved(result.data);
  }

  const formId = `${props.id}-form`;
  return (
    <Modal
      id={props.id}
      title={props.title}
      open
      onClose={props.onClose}
      footer={draft !== undefined && <FormActions submit={props.submit} form={formId} busy={busy} onCancel={props.onClose} />}
    >
      {loadProblem ? (
        <ErrorBox problem={loadProblem} onRetry={() => void load()} />
      ) : item && draft !== undefined ? (
        <form id={formId} noValidate onSubmit={(event) => void submit(event)}>
          {problem && <ProblemMessage problem={problem} />}
          {props.children(draft, setDraft, fieldErrors(problem), item.data)}
        </form>
      ) : (
        <Loading lines={3} />
      )}
    </Modal>
  );
}

/**
 * An edit in a dialog with a conditional request (`useConditionalEdit`): the item is read afresh
 * with its ETag when the dialog opens, the change is sent with If-Match, and a 412 shows the
 * item as it is now with the message asking to reapply the change.
 *
 *   <ConditionalEdit id="goal-edit" title=… submit=… read={() => api.GET(…)} toDraft={(goal) => …}
 *     write={(draft, goal, headers) => api.PATCH(…, { params: { header: headers, … }, body })}
 *     onSaved={…} onClose={…}>
 *     {(draft, set, errors) => <TextField … />}
 *   </ConditionalEdit>
 */
import type { ComponentChildren } from "preact";
import { type ConditionalEditSpec, useConditionalEdit } from "../hooks/useConditionalEdit";
import { ErrorBox, Loading, ProblemMessage } from "./Feedback";
import { FormActions } from "./Fields";
import { Modal } from "./Modal";

export interface ConditionalEditProps<T, D, R> extends ConditionalEditSpec<T, D, R> {
  id: string;
  title: string;
  submit: string;
  onClose: () => void;
  children: (draft: D, set: (draft: D) => void, errors: Record<string, string>, item: T) => ComponentChildren;
}

export function ConditionalEdit<T, D, R>(props: ConditionalEditProps<T, D, R>) {
  const { item, draft, setDraft, loadProblem, problem, errors, busy, submit, reload } = useConditionalEdit(props);
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
        <ErrorBox problem={loadProblem} onRetry={() => void reload()} />
      ) : item !== undefined && draft !== undefined ? (
        <form id={formId} noValidate onSubmit={(event) => void submit(event)}>
          {problem && <ProblemMessage problem={problem} />}
          {props.children(draft, setDraft, errors, item)}
        </form>
      ) : (
        <Loading lines={3} />
      )}
    </Modal>
  );
}

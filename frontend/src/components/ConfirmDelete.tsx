/**
 * A delete button that asks first: a dialog says what goes and the API's rules (a 409 stays in
 * the dialog with the server's reason); once the server agreed, `onDeleted` shows the
 * visible confirmation (the deleted thing's own controls are gone by then).
 */
import { useState } from "preact/hooks";
import type { Problem } from "../api/problem";
import { useI18n } from "../i18n";
import { ProblemMessage } from "./Feedback";
import { FormActions } from "./Fields";
import { Modal } from "./Modal";

export function ConfirmDelete(props: {
  id: string;
  /** the button's text, and what follows it for screen readers (the object's name) */
  label: string;
  name: string;
  title: string;
  /** what goes, what stays, and when the API refuses */
  text: readonly string[];
  submit: string;
  remove: () => Promise<{ problem?: Problem }>;
  onDeleted: () => void | Promise<void>;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);

  async function confirm(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const result = await props.remove();
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setAsking(false);
    await props.onDeleted();
  }

  return (
    <>
      <button type="button" class="button button-tertiary" onClick={() => setAsking(true)}>
        {props.label}
        <span class="sr-only">: {props.name}</span>
      </button>
      <Modal id={props.id} title={props.title} open={asking} onClose={() => setAsking(false)}>
        <form onSubmit={(event) => void confirm(event)}>
          {props.text.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <p>
            <strong>{t("deletion.cannotBeUndone")}</strong>
          </p>
          {problem && <ProblemMessage problem={problem} />}
          <FormActions submit={props.submit} busy={busy} onCancel={() => setAsking(false)} />
        </form>
      </Modal>
    </>
  );
}

/**
 * An edit button that opens its form in a dialog: the form is made afresh each time it opens
 * (so it starts from the object as shown) and gets `close` to call once saved or cancelled.
 * `EditForm` is the form's frame: the problem on top, the fields, save and cancel.
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Problem } from "../api/problem";
import { useI18n } from "../i18n";
import { ProblemMessage } from "./Feedback";
import { FormActions, SelectField } from "./Fields";
import { Modal } from "./Modal";

export function EditDialog(props: {
  id: string;
  /** the button's text, and what follows it for screen readers (the object's name) */
  label: string;
  name: string;
  title: string;
  children: (close: () => void) => ComponentChildren;
}) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <button type="button" class="button button-tertiary" onClick={() => setOpen(true)}>
        {props.label}
        <span class="sr-only">: {props.name}</span>
      </button>
      <Modal id={props.id} title={props.title} open={open} onClose={close}>
        {open && props.children(close)}
      </Modal>
    </>
  );
}

export function EditForm(props: {
  problem: Problem | undefined;
  busy: boolean;
  submit: (event: Event) => Promise<void> | void;
  onCancel: () => void;
  /** the submit button's text; "Gem" when left out */
  label?: string;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <form onSubmit={(event) => void props.submit(event)} noValidate>
      {props.problem && <ProblemMessage problem={props.problem} />}
      {props.children}
      <FormActions submit={props.label ?? t("common.save")} busy={props.busy} onCancel={props.onCancel} />
    </form>
  );
}

/** An item's place among `count` (1…count); the API moves the others so positions stay 1…n. */
export function PositionField(props: { id: string; count: number; value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useI18n();
  return (
    <SelectField
      id={props.id}
      label={t("hrEdits.position")}
      hint={t("hrEdits.positionHint")}
      required
      options={Array.from({ length: props.count }, (_, index) => ({ value: String(index + 1), label: String(index + 1) }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}

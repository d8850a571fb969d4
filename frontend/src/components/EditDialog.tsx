/**
 * An edit button that opens a `ConditionalEdit`: the item is read afresh when the dialog opens
 * (the form starts from it, not from the list's copy), the change is sent with If-Match, and
 * the dialog closes once saved or cancelled.
 *
 *   <EditDialog id="edit-module-…" label="Ret modulet" name={module.title} title=…
 *     read={() => api.GET(…)} toDraft={(module) => …}
 *     write={(draft, module, header) => api.PATCH(…, { params: { path, header }, body })} onSaved={…}>
 *     {(draft, set, errors, module) => <TextField … />}
 *   </EditDialog>
 */
import { useState } from "preact/hooks";
import { useI18n } from "../i18n";
import { ConditionalEdit, type ConditionalEditProps } from "./ConditionalEdit";
import { SelectField } from "./Fields";

/** The button and dialog a view names; the form that edits the item gives the rest. */
export interface EditButton<R> {
  id: string;
  /** the button's text, and what follows it for screen readers (the object's name) */
  label: string;
  name: string;
  title: string;
  onSaved: (saved: R) => void;
}

type EditDialogProps<T, D, R> = EditButton<R> &
  Omit<ConditionalEditProps<T, D, R>, "submit" | "onSaved" | "onClose"> & {
    /** the submit button's text; "Gem" when left out */
    submit?: string;
  };

export function EditDialog<T, D, R>(props: EditDialogProps<T, D, R>) {
  const { t } = useI18n();
  const { label, name, submit, onSaved, ...edit } = props;
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <button type="button" class="button button-tertiary" onClick={() => setOpen(true)}>
        {label}
        <span class="sr-only">: {name}</span>
      </button>
      {open && (
        <ConditionalEdit
          {...edit}
          submit={submit ?? t("common.save")}
          onClose={close}
          onSaved={(saved) => {
            close();
            onSaved(saved);
          }}
        />
      )}
    </>
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

/** The position to send: only a changed one, since a move shifts the others. */
export function positionChange(chosen: string, current: number): { position?: number } {
  return Number(chosen) !== current ? { position: Number(chosen) } : {};
}

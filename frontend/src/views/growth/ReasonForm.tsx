/** A reason (counted in the statistics) and a note: cancelling a programme or cohort, withdrawing. */
import "../hr/people/orgPeople.css";
import { useState } from "preact/hooks";
import { type Problem, fieldErrors } from "../../api/problem";
import { ProblemMessage } from "../../components/Feedback";
import { FormActions, type Option, SelectField, TextArea } from "../../components/Fields";
import { useI18n } from "../../i18n";
import { CANCELLATION_REASONS, type CancellationReason } from "./logic";

/** The rules first, then reason and note; `send` answers with the server's problem, if any.
 *  `fields`: the body's names for the two, so the server's field errors land at them. */
export function ReasonForm(props: {
  id: string;
  rules: string;
  reasons: readonly Option[];
  fields: readonly [reason: string, note: string];
  submit: string;
  send: (reason: string, note: string) => Promise<Problem | undefined>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const errors = fieldErrors(problem);

  async function submit(event: Event) {
    event.preventDefault();
    setChecked(true);
    if (!reason) return;
    setBusy(true);
    setProblem(await props.send(reason, note.trim()));
    setBusy(false);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <div class="op-rules">
        <p>{props.rules}</p>
      </div>
      <SelectField
        id={`${props.id}-reason`}
        label={t("growth.reason")}
        required
        placeholder={t("leaderViews.choose")}
        options={props.reasons}
        value={reason}
        onChange={setReason}
        error={checked && !reason ? t("growth.reasonRequired") : errors[props.fields[0]]}
      />
      <TextArea id={`${props.id}-note`} label={t("growth.note")} hint={t("growth.noteHint")} rows={3} maxLength={2000} value={note} onInput={setNote} error={errors[props.fields[1]]} />
      {problem && <ProblemMessage problem={problem} />}
      <FormActions submit={props.submit} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

export interface Cancellation {
  cancellation_reason: CancellationReason;
  cancellation_note: string;
}

/** Cancelling a programme or a cohort: PATCH status cancelled with reason and note. */
export function CancelForm(props: {
  id: string;
  rules: string;
  submit: string;
  send: (body: Cancellation) => Promise<Problem | undefined>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <ReasonForm
      id={props.id}
      rules={props.rules}
      reasons={CANCELLATION_REASONS.map((value) => ({ value, label: t(`growth.cancellationReasons.${value}`) }))}
      fields={["cancellation_reason", "cancellation_note"]}
      submit={props.submit}
      send={(reason, note) => props.send({ cancellation_reason: reason as CancellationReason, cancellation_note: note })}
      onCancel={props.onCancel}
    />
  );
}

/**
 * A leader withdraws a team member's nomination or place (POST /enrolments/{id}/withdraw),
 * with the barrier behind it (counted in the statistics) and an optional note. What follows
 * is said before the button: a freed place goes to the waiting list, and it cannot be undone.
 */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { ProblemMessage } from "../../components/Feedback";
import { FormActions, SelectField, TextArea } from "../../components/Fields";
import { Modal } from "../../components/Modal";
import { useI18n } from "../../i18n";
import { WITHDRAWAL_REASONS } from "../growth/logic";

type Enrolment = Schemas["EnrolmentRead"];
type Reason = Schemas["WithdrawalReason"];

const NOTE_MAX = 2000;
const WITHDRAWABLE: readonly Enrolment["status"][] = ["nominated", "approved", "waitlisted"];

export function canWithdraw(enrolment: Enrolment): boolean {
  return WITHDRAWABLE.includes(enrolment.status);
}

export function WithdrawButton(props: { enrolment: Enrolment; name: string; programme: string; onDone: (text: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!canWithdraw(props.enrolment)) return null;
  return (
    <>
      <button type="button" class="button button-tertiary" onClick={() => setOpen(true)}>
        {t("nominationWithdrawal.open")}
        <span class="sr-only">: {props.name}, {props.programme}</span>
      </button>
      <Modal
        id={`withdraw-${props.enrolment.id}`}
        title={t("nominationWithdrawal.title", { name: props.name, programme: props.programme })}
        open={open}
        onClose={() => setOpen(false)}
      >
        {open && (
          <WithdrawForm
            {...props}
            onCancel={() => setOpen(false)}
            onDone={(text) => {
              setOpen(false);
              props.onDone(text);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function WithdrawForm(props: { enrolment: Enrolment; name: string; programme: string; onCancel: () => void; onDone: (text: string) => void }) {
  const { t, formatNumber } = useI18n();
  const { enrolment } = props;
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const body: Schemas["EnrolmentWithdrawal"] = { note: note.trim(), reason: (reason || null) as Reason | null };
    const result = await call(api.POST("/api/v1/enrolments/{enrolment_id}/withdraw", { params: { path: { enrolment_id: enrolment.id } }, body }));
    setBusy(false);
    if (result.problem) setProblem(result.problem);
    else props.onDone(t("nominationWithdrawal.done", { name: props.name, programme: props.programme }));
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <p class="op-rules">
        {t(enrolment.status === "approved" ? "nominationWithdrawal.rulesApproved" : "nominationWithdrawal.rulesNominated", { name: props.name })}
      </p>
      <SelectField
        id="withdraw-reason"
        label={t("nominationWithdrawal.reason")}
        hint={t("nominationWithdrawal.reasonHint")}
        placeholder={t("nominationWithdrawal.noReason")}
        options={WITHDRAWAL_REASONS.map((value) => ({ value, label: t(`nominationWithdrawal.reasons.${value}`) }))}
        value={reason}
        onChange={setReason}
        error={errors.reason}
      />
      <TextArea
        id="withdraw-note"
        label={t("nominationWithdrawal.note")}
        hint={t("nominationWithdrawal.noteHint", { max: formatNumber(NOTE_MAX, 0), count: formatNumber(note.length, 0) })}
        value={note}
        onInput={setNote}
        error={errors.note}
        rows={3}
        maxLength={NOTE_MAX}
      />
      {problem && <ProblemMessage problem={problem} />}
      <FormActions submit={t("nominationWithdrawal.submit")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

/**
 * HR revokes a credential: a dialog says what follows (the exports and the public status list
 * say it is revoked, for good) and asks for the reason; a 409 (revoked meanwhile) stays in
 * the dialog with the server's reason. Modelled on ConfirmDelete.
 */
import { useState } from "preact/hooks";
import { type Problem, fieldErrors } from "../../api/problem";
import { ProblemMessage } from "../../components/Feedback";
import { FormActions, TextField } from "../../components/Fields";
import { Modal } from "../../components/Modal";
import { useI18n } from "../../i18n";
import { type Credential, REASON_MAX, reasonError, revokeCredential } from "./data";

export function RevokeCredential(props: { credential: Credential; onRevoked: (title: string) => void }) {
  const { t } = useI18n();
  const { credential } = props;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const id = `revoke-${credential.id}`;

  async function confirm(event: Event) {
    event.preventDefault();
    const wrong = reasonError(reason);
    setError(wrong && t(`development.revokeReason.${wrong}`));
    if (wrong) return;
    setBusy(true);
    setProblem(undefined);
    const result = await revokeCredential(credential.id, reason);
    setBusy(false);
    if (result.problem) {
      setError(fieldErrors(result.problem).reason);
      return setProblem(result.problem);
    }
    setAsking(false);
    props.onRevoked(credential.title);
  }

  return (
    <>
      <button type="button" class="button button-tertiary" onClick={() => setAsking(true)}>
        {t("development.revoke")}
        <span class="sr-only">: {credential.title}</span>
      </button>
      <Modal id={id} title={t("development.revokeTitle", { title: credential.title })} open={asking} onClose={() => setAsking(false)}>
        <form onSubmit={(event) => void confirm(event)} noValidate>
          <p>{t("development.revokeText")}</p>
          <p>
            <strong>{t("deletion.cannotBeUndone")}</strong>
          </p>
          <TextField
            id={`${id}-reason`}
            label={t("development.revokeReasonLabel")}
            hint={t("development.revokeReasonHint")}
            required
            maxLength={REASON_MAX}
            value={reason}
            onInput={setReason}
            error={error}
          />
          {problem && <ProblemMessage problem={problem} />}
          <FormActions submit={t("development.revokeSubmit")} busy={busy} onCancel={() => setAsking(false)} />
        </form>
      </Modal>
    </>
  );
}

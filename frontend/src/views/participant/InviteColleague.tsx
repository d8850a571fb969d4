/**
 * An owner asks a colleague anywhere in the municipality for feedback on a trial action:
 * find them by name or email, choose one, send (POST /feedback/invitations).
 */
import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { ProblemMessage } from "../../components/Feedback";
import { FormActions } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { PeoplePicker } from "../../components/PeoplePicker";
import { useI18n } from "../../i18n";
import type { TrialAction } from "./data";

export function InviteColleague(props: { action: TrialAction; onClose: () => void }) {
  const { t } = useI18n();
  const { action } = props;
  const [chosen, setChosen] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const formId = `invite-${action.id}`;

  async function invite(event: Event) {
    event.preventDefault();
    const [personId] = chosen;
    if (!personId) return;
    setBusy(true);
    setProblem(undefined);
    const result = await call(
      api.POST("/api/v1/feedback/invitations", {
        body: { trial_action_id: action.id, person_id: personId },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    announce(t("participant.invite.sent", { title: action.title }));
    props.onClose();
  }

  return (
    <Modal
      id={`${formId}-dialog`}
      title={t("participant.invite.title", { title: action.title })}
      open
      onClose={props.onClose}
      footer={
        <FormActions
          submit={t("participant.invite.send")}
          form={formId}
          busy={busy || chosen.length === 0}
          onCancel={props.onClose}
        />
      }
    >
      {problem && <ProblemMessage problem={problem} />}
      <form id={formId} onSubmit={(event) => void invite(event)} noValidate>
        <PeoplePicker
          name={`${formId}-person`}
          legend={t("participant.invite.choose")}
          selected={chosen}
          onChange={setChosen}
          single
        />
      </form>
    </Modal>
  );
}

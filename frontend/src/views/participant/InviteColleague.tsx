/**
 * An owner asks a colleague anywhere in the municipality for feedback on a trial action:
 * find them by name or email (GET /people?q=), choose one, send (POST /feedback/invitations).
 */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { EmptyState, ProblemMessage } from "../../components/Feedback";
import { FormActions, RadioGroup, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { useI18n } from "../../i18n";
import type { TrialAction } from "./data";

type Person = Schemas["PersonRead"];
const MOST_FOUND = 20;

export function InviteColleague(props: { action: TrialAction; onClose: () => void }) {
  const { t } = useI18n();
  const { action } = props;
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Person[] | undefined>();
  const [chosen, setChosen] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const formId = `invite-${action.id}`;

  async function search(event: Event) {
    event.preventDefault();
    const text = query.trim();
    if (!text) return;
    setBusy(true);
    setProblem(undefined);
    const result = await call(
      api.GET("/api/v1/people", { params: { query: { q: text, limit: MOST_FOUND } } }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setFound(result.data.items);
    setChosen("");
    announce(t("participant.invite.found", { count: result.data.items.length }));
  }

  async function invite(event: Event) {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setProblem(undefined);
    const result = await call(
      api.POST("/api/v1/feedback/invitations", {
        body: { trial_action_id: action.id, person_id: chosen },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    const name = found?.find((person) => person.id === chosen)?.name ?? "";
    announce(t("participant.invite.sent", { name, title: action.title }));
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
          busy={busy || !chosen}
          onCancel={props.onClose}
        />
      }
    >
      {problem && <ProblemMessage problem={problem} />}
      <form role="search" onSubmit={(event) => void search(event)} noValidate>
        <TextField
          id={`${formId}-query`}
          label={t("participant.invite.search")}
          hint={t("participant.invite.searchHint")}
          required
          maxLength={200}
          value={query}
          onInput={setQuery}
        />
        <button type="submit" class="button button-secondary" disabled={busy}>
          {t("participant.invite.find")}
        </button>
      </form>
      <form id={formId} onSubmit={(event) => void invite(event)} noValidate>
        {found?.length === 0 && <EmptyState>{t("participant.invite.none")}</EmptyState>}
        {found && found.length > 0 && (
          <RadioGroup
            name={`${formId}-person`}
            legend={t("participant.invite.choose")}
            options={found.map((person) => ({
              value: person.id,
              label: person.job_title ? `${person.name} (${person.job_title})` : person.name,
            }))}
            value={chosen}
            onChange={setChosen}
          />
        )}
      </form>
    </Modal>
  );
}

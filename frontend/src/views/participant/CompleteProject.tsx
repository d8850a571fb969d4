import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { ProblemMessage } from "../../components/Feedback";
import { FormActions, TextArea } from "../../components/Fields";
import { useI18n } from "../../i18n";
import type { Project } from "./data";

export const OUTCOME_MAX = 5000;

/**
 * Completing a project: the API needs an outcome (what came of it for the citizens and the
 * workplace) and keeps it afterwards, so the form says so before it is sent.
 */
export function CompleteProject(props: { project: Project; onDone: (title: string) => Promise<void> }) {
  const { t, formatNumber } = useI18n();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState(props.project.outcome);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const id = `complete-${props.project.id}`;

  if (!open) {
    return (
      <button type="button" class="button button-secondary" onClick={() => setOpen(true)}>
        {t("projectCompletion.open")}
        <span class="sr-only">: {props.project.title}</span>
      </button>
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const result = await call(
      api.PATCH("/api/v1/action-learning-projects/{project_id}", {
        params: { path: { project_id: props.project.id } },
        body: { status: "completed", outcome: outcome.trim() },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setOpen(false);
    await props.onDone(result.data.title);
  }

  return (
    <form class="participant-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("projectCompletion.heading")}</h3>
      <ul>
        <li>{t("projectCompletion.ruleOutcome")}</li>
        <li>{t("projectCompletion.ruleKept")}</li>
      </ul>
      {problem && <ProblemMessage problem={problem} />}
      <TextArea
        id={`${id}-outcome`}
        label={t("projectCompletion.outcome")}
        hint={t("projectCompletion.outcomeHint", {
          count: formatNumber(outcome.trim().length, 0),
          max: formatNumber(OUTCOME_MAX, 0),
        })}
        required
        rows={5}
        maxLength={OUTCOME_MAX}
        value={outcome}
        onInput={setOutcome}
        error={errors.outcome}
      />
      <FormActions submit={t("projectCompletion.submit")} busy={busy} onCancel={() => setOpen(false)} />
    </form>
  );
}

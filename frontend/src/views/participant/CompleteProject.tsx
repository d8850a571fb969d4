import { useState } from "preact/hooks";
import { api } from "../../api/client";
import { ErrorBox, Loading, ProblemMessage } from "../../components/Feedback";
import { FormActions, TextArea } from "../../components/Fields";
import { useConditionalEdit } from "../../hooks/useConditionalEdit";
import { useI18n } from "../../i18n";
import type { Project } from "./data";

export const OUTCOME_MAX = 5000;

function readProject(id: string) {
  return api.GET("/api/v1/action-learning-projects/{project_id}", { params: { path: { project_id: id } } });
}

/**
 * Completing a project: the API needs an outcome (what came of it for the citizens and the
 * workplace) and keeps it afterwards, so the form says so before it is sent.
 */
export function CompleteProject(props: { project: Project; onDone: (title: string) => Promise<void> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);

  if (!open) {
    return (
      <button type="button" class="button button-secondary" onClick={() => setOpen(true)}>
        {t("projectCompletion.open")}
        <span class="sr-only">: {props.project.title}</span>
      </button>
    );
  }
  return (
    <CompletionForm
      projectId={props.project.id}
      onCancel={() => setOpen(false)}
      onDone={async (title) => {
        setOpen(false);
        await props.onDone(title);
      }}
    />
  );
}

/** Starts from the project as it is now, and completes it only if no one changed it meanwhile. */
function CompletionForm(props: { projectId: string; onCancel: () => void; onDone: (title: string) => Promise<void> }) {
  const { t, formatNumber } = useI18n();
  const edit = useConditionalEdit({
    read: () => readProject(props.projectId),
    toDraft: (project) => project.outcome,
    write: (outcome, project, header) =>
      api.PATCH("/api/v1/action-learning-projects/{project_id}", {
        params: { path: { project_id: project.id }, header },
        body: { status: "completed", outcome: outcome.trim() },
      }),
    onSaved: (project) => props.onDone(project.title),
  });
  const id = `complete-${props.projectId}`;
  if (edit.loadProblem) return <ErrorBox problem={edit.loadProblem} onRetry={() => void edit.reload()} />;
  if (edit.draft === undefined) return <Loading lines={3} />;
  const outcome = edit.draft;

  return (
    <form class="participant-card" onSubmit={(event) => void edit.submit(event)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("projectCompletion.heading")}</h3>
      <ul>
        <li>{t("projectCompletion.ruleOutcome")}</li>
        <li>{t("projectCompletion.ruleKept")}</li>
      </ul>
      {edit.problem && <ProblemMessage problem={edit.problem} />}
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
        onInput={edit.setDraft}
        error={edit.errors.outcome}
      />
      <FormActions submit={t("projectCompletion.submit")} busy={edit.busy} onCancel={props.onCancel} />
    </form>
  );
}

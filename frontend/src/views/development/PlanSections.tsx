/** A development plan's sections, shared by the person's own view, their leader's and HR's. */
import "../hr/people/orgPeople.css";
import { useState } from "preact/hooks";
import type { Problem } from "../../api/problem";
import { api } from "../../api/client";
import { ConditionalEdit } from "../../components/ConditionalEdit";
import { Confirmation, EmptyState, ErrorBox } from "../../components/Feedback";
import { FormActions, TextArea, TextField } from "../../components/Fields";
import { useI18n } from "../../i18n";
import { saveBlob } from "../../lib/files";
import { RevokeCredential } from "./RevokeCredential";
import {
  type Credential,
  type CredentialFile,
  FILE_NAMES,
  type Goal,
  type GoalDraft,
  type GoalStatus,
  type Plan,
  credentialFile,
  goalChanges,
  isOpenGoal,
  moveGoal,
  movesFor,
  proposeGoal,
} from "./data";

export function GoalsSection({ plan, me, onChanged }: { plan: Plan; me: string; onChanged: () => void }) {
  const { t, formatDate } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [editing, setEditing] = useState<Goal | undefined>();
  const [confirmation, setConfirmation] = useState("");
  async function move(goal: Goal, status: GoalStatus) {
    const result = await moveGoal(goal.id, status);
    setProblem(result.problem ?? null);
    if (!result.problem) onChanged();
  }
  return (
    <section aria-labelledby="development-goals">
      <h2 id="development-goals">{t("development.goalsHeading")}</h2>
      {plan.next_review_on && <p>{t("development.nextReview", { date: formatDate(plan.next_review_on) })}</p>}
      {problem && <ErrorBox problem={problem} />}
      {confirmation && <Confirmation text={confirmation} />}
      {plan.goals.length === 0 ? (
        <EmptyState>{t("development.noGoals")}</EmptyState>
      ) : (
        <ul class="nobullet-list participant-list">
          {plan.goals.map((goal) => (
            <li key={goal.id} class="participant-card">
              <h3 class="h4">{goal.title}</h3>
              {goal.description && <p>{goal.description}</p>}
              <dl class="praksis-facts">
                <dt>{t("common.status")}</dt>
                <dd>{t(`development.status.${goal.status}`)}</dd>
                <dt>{t("development.reviewOn")}</dt>
                <dd>{goal.review_on ? formatDate(goal.review_on) : t("development.noReview")}</dd>
              </dl>
              <div class="praksis-actions">
                {isOpenGoal(goal) && (
                  <button type="button" class="button button-secondary" onClick={() => setEditing(goal)}>
                    {t("development.editGoal")}
                    <span class="sr-only">: {goal.title}</span>
                  </button>
                )}
                {movesFor(goal, me).map((status) => (
                  <button key={status} type="button" class="button button-secondary" onClick={() => void move(goal, status)}>
                    {t(`development.move.${status}`)}
                    <span class="sr-only">: {goal.title}</span>
                  </button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <ConditionalEdit
          id="edit-goal-dialog"
          title={t("development.editGoalTitle", { title: editing.title })}
          submit={t("common.save")}
          read={() => api.GET("/api/v1/development-goals/{goal_id}", { params: { path: { goal_id: editing.id } } })}
          toDraft={(goal): GoalDraft => ({ title: goal.title, description: goal.description, review_on: goal.review_on ?? "" })}
          write={(draft, goal, header) =>
            api.PATCH("/api/v1/development-goals/{goal_id}", {
              params: { path: { goal_id: goal.id }, header },
              body: goalChanges(goal, draft),
            })
          }
          onSaved={(goal) => {
            setEditing(undefined);
            setConfirmation(t("development.goalSaved", { title: goal.title }));
            onChanged();
          }}
          onClose={() => setEditing(undefined)}
        >
          {(draft, set, errors, goal) => (
            <>
              <TextField id="edit-goal-title" label={t("development.goalTitle")} required maxLength={200} value={draft.title} onInput={(title) => set({ ...draft, title })} error={errors.title} />
              <TextArea id="edit-goal-description" label={t("development.goalDescription")} rows={3} maxLength={5000} value={draft.description} onInput={(description) => set({ ...draft, description })} error={errors.description} />
              <TextField
                id="edit-goal-review"
                type="date"
                label={t("development.reviewOn")}
                hint={goal.review_on ? t("development.reviewStays") : t("development.reviewHint")}
                value={draft.review_on}
                onInput={(review_on) => set({ ...draft, review_on })}
                error={errors.review_on}
              />
            </>
          )}
        </ConditionalEdit>
      )}
    </section>
  );
}

export function GoalForm({ personId, onCreated }: { personId?: string; onCreated: () => void }) {
  const { t } = useI18n();
  const empty: GoalDraft = { title: "", description: "", review_on: "" };
  const [draft, setDraft] = useState<GoalDraft>(empty);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    const result = await proposeGoal(draft, personId);
    setBusy(false);
    setProblem(result.problem ?? null);
    if (!result.problem) {
      setDraft(empty);
      onCreated();
    }
  }
  return (
    <section aria-labelledby="development-new-goal">
      <h2 id="development-new-goal">{t("development.newGoal")}</h2>
      <p>{t("development.newGoalIntro")}</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {problem && <ErrorBox problem={problem} />}
        <TextField id="goal-title" label={t("development.goalTitle")} required maxLength={200} value={draft.title} onInput={(title) => setDraft({ ...draft, title })} />
        <TextArea id="goal-description" label={t("development.goalDescription")} rows={3} maxLength={5000} value={draft.description} onInput={(description) => setDraft({ ...draft, description })} />
        <TextField id="goal-review" type="date" label={t("development.reviewOn")} hint={t("development.reviewHint")} value={draft.review_on} onInput={(review_on) => setDraft({ ...draft, review_on })} />
        <FormActions submit={t("development.propose")} busy={busy} />
      </form>
    </section>
  );
}

export function ProgrammesAndProjects({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="development-programmes">
      <h2 id="development-programmes">{t("development.programmesHeading")}</h2>
      {plan.programmes.length === 0 && plan.projects.length === 0 ? (
        <EmptyState>{t("development.noProgrammes")}</EmptyState>
      ) : (
        <ul class="nobullet-list">
          {plan.programmes.map((row) => (
            <li key={row.enrolment_id}>
              {row.programme_title}: <span class="op-pill">{t(`participant.enrolmentStatus.${row.status}`)}</span>
            </li>
          ))}
          {plan.projects.map((project) => (
            <li key={project.id}>
              {t("development.project", { title: project.title })}:{" "}
              <span class="op-pill">{t(`participant.projectStatus.${project.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function save(blob: Blob, name: string, open: boolean) {
  if (!open) return saveBlob(blob, name);
  const url = URL.createObjectURL(blob);
  window.open(url, "_blank", "noopener");
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function CredentialsSection({
  credentials,
  canExport,
  onRevoked,
}: {
  credentials: readonly Credential[];
  canExport: boolean;
  /** HR's: each standing credential gets a revoke button, and this runs after a revocation */
  onRevoked?: () => void;
}) {
  const { t, formatDate, formatNumber } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [confirmation, setConfirmation] = useState("");
  async function download(credential: Credential, kind: CredentialFile) {
    const result = await credentialFile(credential.id, kind);
    setProblem(result.problem ?? null);
    if (result.data) save(result.data, FILE_NAMES[kind](credential.id), kind === "printable");
  }
  const files: CredentialFile[] = canExport ? ["printable", "openBadge", "signed"] : ["printable"];
  return (
    <section aria-labelledby="development-credentials">
      <h2 id="development-credentials">{t("development.credentialsHeading")}</h2>
      {problem && <ErrorBox problem={problem} />}
      {confirmation && <Confirmation text={confirmation} />}
      {credentials.length === 0 ? (
        <EmptyState>{t("development.noCredentials")}</EmptyState>
      ) : (
        <ul class="nobullet-list participant-list">
          {credentials.map((credential) => (
            <li key={credential.id} class="participant-card">
              <h3 class="h4">
                {credential.title}
                {credential.revoked_at && (
                  <>
                    {" "}
                    <span class="op-pill op-pill-error">{t("development.revoked")}</span>
                  </>
                )}
              </h3>
              <dl class="praksis-facts">
                {credential.revoked_at && (
                  <>
                    <dt>{t("development.revokedOn")}</dt>
                    <dd>{formatDate(credential.revoked_at)}</dd>
                    <dt>{t("development.revocationReason")}</dt>
                    <dd>{credential.revocation_reason}</dd>
                  </>
                )}
                <dt>{t("development.provider")}</dt>
                <dd>{credential.provider}</dd>
                {credential.ects !== null && credential.ects !== undefined && (
                  <>
                    <dt>{t("development.ects")}</dt>
                    <dd>{formatNumber(credential.ects, 1)}</dd>
                  </>
                )}
                <dt>{t("development.awardedOn")}</dt>
                <dd>{formatDate(credential.awarded_on)}</dd>
              </dl>
              <div class="praksis-actions">
                {files.map((kind) => (
                  <button key={kind} type="button" class="button button-secondary" onClick={() => void download(credential, kind)}>
                    {t(`development.files.${kind}`)}
                    <span class="sr-only">: {credential.title}</span>
                  </button>
                ))}
                {onRevoked && !credential.revoked_at && (
                  <RevokeCredential
                    credential={credential}
                    onRevoked={(title) => {
                      setConfirmation(t("development.revokedConfirmation", { title }));
                      onRevoked();
                    }}
                  />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canExport && credentials.length > 0 && <p class="form-hint">{t("development.openBadgeHint")}</p>}
    </section>
  );
}

import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { ConditionalEdit } from "../../components/ConditionalEdit";
import { ProblemMessage } from "../../components/Feedback";
import { CheckboxGroup, FormActions, RadioGroup, SelectField, TextArea, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { useI18n } from "../../i18n";
import type { FeedbackRead, Project, TrialAction } from "./data";
import { InviteColleague } from "./InviteColleague";
import { DeleteTrialAction } from "./ProjectRemoval";
import {
  EMPTY_TRIAL_ACTION,
  type TrialActionDraft,
  type TrialActionStatus,
  WITH_WHOM,
  type WithWhom,
  trialActionBody,
} from "./logic";

type Module = Schemas["ModuleRead"];

export function TrialActionCard(props: {
  action: TrialAction;
  modules: readonly Module[];
  feedback: readonly FeedbackRead[];
  refresh: () => Promise<void>;
  onDeleted: (text: string) => Promise<void>;
}) {
  const { t, formatDate } = useI18n();
  const { action } = props;
  const [recording, setRecording] = useState(false);
  const [inviting, setInviting] = useState(false);
  const module = props.modules.find((item) => item.id === action.module_id);
  const who = action.with_whom
    .filter((item): item is WithWhom => (WITH_WHOM as readonly string[]).includes(item))
    .map((item) => t(`participant.withWhom.${item}`));
  return (
    <li class="participant-card">
      <h4>{action.title}</h4>
      <p class="participant-meta">
        <strong>{t(`participant.actionStatus.${action.status}`)}</strong>
        {action.planned_for && <> · {t("participant.trial.plannedOn", { date: formatDate(action.planned_for) })}</>}
        {module && <> · {module.title}</>}
      </p>
      {(who.length > 0 || action.with_whom_note) && (
        <p class="participant-meta">
          {t("participant.trial.with", { who: [...who, action.with_whom_note].filter(Boolean).join(", ") })}
        </p>
      )}
      <dl class="praksis-facts">
        {action.plan && (
          <>
            <dt>{t("participant.trial.plan")}</dt>
            <dd>{action.plan}</dd>
          </>
        )}
        {action.what_happened && (
          <>
            <dt>{t("participant.trial.whatHappened")}</dt>
            <dd>{action.what_happened}</dd>
          </>
        )}
        {action.reflection && (
          <>
            <dt>{t("participant.trial.reflection")}</dt>
            <dd>{action.reflection}</dd>
          </>
        )}
      </dl>
      {props.feedback.length > 0 && (
        <details>
          <summary>{t("participant.trial.feedbackCount", { count: props.feedback.length })}</summary>
          {props.feedback.map((item) => (
            <div key={item.id} class="participant-received">
              <p class="participant-meta">{t(`participant.kinds.${item.kind}`)}</p>
              <p>
                <strong>{t("participant.feedback.whatWorked")}</strong> {item.what_worked}
              </p>
              <p>
                <strong>{t("participant.feedback.tryNext")}</strong> {item.try_next}
              </p>
            </div>
          ))}
        </details>
      )}
      {action.status !== "dropped" && (
        <div class="participant-actions">
          {action.status === "planned" && (
            <button type="button" class="button button-secondary" onClick={() => setRecording(true)}>
              {t("participant.trial.record")}
              <span class="sr-only">: {action.title}</span>
            </button>
          )}
          <button type="button" class="button button-tertiary" onClick={() => setInviting(true)}>
            {t("participant.invite.open")}
            <span class="sr-only">: {action.title}</span>
          </button>
          <DeleteTrialAction action={action} onDeleted={props.onDeleted} />
        </div>
      )}
      {action.status === "dropped" && (
        <div class="participant-actions">
          <DeleteTrialAction action={action} onDeleted={props.onDeleted} />
        </div>
      )}
      {inviting && <InviteColleague action={action} onClose={() => setInviting(false)} />}
      {recording && (
        <RecordOutcome
          action={action}
          onClose={() => setRecording(false)}
          onSaved={async () => {
            setRecording(false);
            await props.refresh();
          }}
        />
      )}
    </li>
  );
}

interface OutcomeDraft {
  what_happened: string;
  reflection: string;
  status: TrialActionStatus;
}

function RecordOutcome(props: { action: TrialAction; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const { action } = props;
  const path = { project_id: action.project_id, trial_action_id: action.id };
  const prefix = `record-${action.id}`;
  return (
    <ConditionalEdit
      id={`${prefix}-dialog`}
      title={t("participant.trial.recordTitle", { title: action.title })}
      submit={t("common.save")}
      read={() => api.GET("/api/v1/action-learning-projects/{project_id}/trial-actions/{trial_action_id}", { params: { path } })}
      toDraft={(current): OutcomeDraft => ({ what_happened: current.what_happened, reflection: current.reflection, status: "done" })}
      write={(draft, _, header) =>
        api.PATCH("/api/v1/action-learning-projects/{project_id}/trial-actions/{trial_action_id}", {
          params: { path, header },
          body: { what_happened: draft.what_happened.trim(), reflection: draft.reflection.trim(), status: draft.status },
        })
      }
      onSaved={async () => {
        announce(t("participant.trial.recorded", { title: action.title }));
        await props.onSaved();
      }}
      onClose={props.onClose}
    >
      {(draft, set, errors) => (
        <>
          <TextArea
            id={`${prefix}-what`}
            label={t("participant.trial.whatHappened")}
            hint={t("participant.trial.whatHappenedHint")}
            required={draft.status === "done"}
            rows={4}
            maxLength={5000}
            value={draft.what_happened}
            onInput={(what_happened) => set({ ...draft, what_happened })}
            error={errors.what_happened}
          />
          <TextArea
            id={`${prefix}-reflection`}
            label={t("participant.trial.reflection")}
            hint={t("participant.trial.reflectionHint")}
            rows={4}
            maxLength={5000}
            value={draft.reflection}
            onInput={(reflection) => set({ ...draft, reflection })}
            error={errors.reflection}
          />
          <RadioGroup
            name={`${prefix}-status`}
            legend={t("participant.trial.outcome")}
            options={(["done", "dropped", "planned"] as const).map((value) => ({
              value,
              label: t(`participant.actionStatus.${value}`),
            }))}
            value={draft.status}
            onChange={(status) => set({ ...draft, status: status as TrialActionStatus })}
          />
        </>
      )}
    </ConditionalEdit>
  );
}

export function LogTrialAction(props: {
  project: Project;
  modules: readonly Module[];
  onCancel: () => void;
  onSaved: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<TrialActionDraft>(EMPTY_TRIAL_ACTION);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const set = (changes: Partial<TrialActionDraft>) => setDraft((current) => ({ ...current, ...changes }));
  const prefix = `trial-${props.project.id}`;

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const body = trialActionBody(draft);
    const result = await call(
      api.POST("/api/v1/action-learning-projects/{project_id}/trial-actions", {
        params: { path: { project_id: props.project.id } },
        body,
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    announce(t("participant.trial.saved", { title: result.data.title }));
    await props.onSaved();
  }

  return (
    <form class="participant-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${prefix}-heading`}>
      <h4 id={`${prefix}-heading`}>{t("participant.trial.logHeading")}</h4>
      {problem && <ProblemMessage problem={problem} />}
      <TextField
        id={`${prefix}-title`}
        label={t("participant.trial.title")}
        hint={t("participant.trial.titleHint")}
        required
        maxLength={200}
        value={draft.title}
        onInput={(title) => set({ title })}
        error={errors.title}
      />
      <TextArea
        id={`${prefix}-plan`}
        label={t("participant.trial.plan")}
        hint={t("participant.trial.planHint")}
        rows={3}
        maxLength={5000}
        value={draft.plan}
        onInput={(plan) => set({ plan })}
        error={errors.plan}
      />
      <CheckboxGroup
        name={`${prefix}-with`}
        legend={t("participant.trial.withWhom")}
        error={errors.with_whom}
        options={WITH_WHOM.map((who) => ({ value: who, label: t(`participant.withWhom.${who}`) }))}
        selected={draft.withWhom}
        onChange={(withWhom) => set({ withWhom })}
      />
      <TextField
        id={`${prefix}-note`}
        label={t("participant.trial.withWhomNote")}
        maxLength={500}
        value={draft.withWhomNote}
        onInput={(withWhomNote) => set({ withWhomNote })}
        error={errors.with_whom_note}
      />
      <TextField
        id={`${prefix}-when`}
        type="date"
        label={t("participant.trial.plannedFor")}
        value={draft.plannedFor}
        onInput={(plannedFor) => set({ plannedFor })}
        error={errors.planned_for}
      />
      {props.modules.length > 0 && (
        <SelectField
          id={`${prefix}-module`}
          label={t("participant.trial.module")}
          options={[
            { value: "", label: t("participant.trial.noModule") },
            ...props.modules.map((module) => ({ value: module.id, label: module.title })),
          ]}
          value={draft.moduleId}
          onChange={(moduleId) => set({ moduleId })}
          error={errors.module_id}
        />
      )}
      <FormActions submit={t("participant.trial.save")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

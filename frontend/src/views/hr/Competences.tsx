import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { CheckboxGroup, FormActions, TextArea, TextField } from "../../components/Fields";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { lines, loadFrameworks, useKerneopgaver } from "./programmes/shared";

type Framework = Schemas["FrameworkRead"];

/** Competence frameworks (fagprofiler) and their competences: programme goals are chosen from these. */
export default function HrCompetences() {
  const { t, lang } = useI18n();
  const frameworks = useQuery(loadFrameworks, [lang]);
  const [creating, setCreating] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const done = (text: string) => {
    setConfirmation(text);
    frameworks.reload();
  };
  return (
    <Page title="views.hrCompetences.title" intro="views.hrCompetences.intro">
      <ul>
        <li>{t("competencesAdmin.ruleGoals")}</li>
        <li>{t("competencesAdmin.ruleOrder")}</li>
      </ul>
      {confirmation && <Confirmation text={confirmation} />}
      {creating ? (
        <NewFramework
          onCancel={() => setCreating(false)}
          onCreated={(title) => {
            setCreating(false);
            done(t("competencesAdmin.created", { title }));
          }}
        />
      ) : (
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          {t("competencesAdmin.new")}
        </button>
      )}
      <Async query={frameworks} lines={8}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState>{t("competencesAdmin.none")}</EmptyState>
          ) : (
            <ul class="nobullet-list">
              {data.items.map((framework) => (
                <FrameworkCard key={framework.id} framework={framework} onAdded={(title) => done(t("competencesAdmin.added", { title, framework: framework.title }))} />
              ))}
            </ul>
          )
        }
      </Async>
    </Page>
  );
}

function FrameworkCard({ framework, onAdded }: { framework: Framework; onAdded: (title: string) => void }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  return (
    <li class="praksis-panel">
      <h2>{framework.title}</h2>
      {framework.source && <p class="form-hint">{t("competencesAdmin.sourceIs", { source: framework.source })}</p>}
      {framework.description && <p>{framework.description}</p>}
      {framework.competences.length === 0 ? (
        <EmptyState>{t("competencesAdmin.noCompetences")}</EmptyState>
      ) : (
        <ol>
          {framework.competences.map((competence) => (
            <li key={competence.id}>
              <strong>{competence.title}</strong>
              {competence.description && <> – {competence.description}</>}
            </li>
          ))}
        </ol>
      )}
      {adding ? (
        <NewCompetence
          framework={framework}
          onCancel={() => setAdding(false)}
          onAdded={(title) => {
            setAdding(false);
            onAdded(title);
          }}
        />
      ) : (
        <button type="button" class="button button-secondary" onClick={() => setAdding(true)}>
          {t("competencesAdmin.add")}
          <span class="sr-only">: {framework.title}</span>
        </button>
      )}
    </li>
  );
}

function useSubmit<T>(send: () => Promise<{ data?: T; problem?: Problem }>, onDone: (data: T) => void) {
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const result = await send();
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    if (result.data !== undefined) onDone(result.data);
  }
  return { problem, busy, submit, errors: fieldErrors(problem) };
}

function NewFramework({ onCancel, onCreated }: { onCancel: () => void; onCreated: (title: string) => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState("");
  const [source, setSource] = useState("");
  const [description, setDescription] = useState("");
  const [competences, setCompetences] = useState("");
  const { problem, busy, submit, errors } = useSubmit(
    () =>
      call(
        api.POST("/api/v1/competences", {
          body: {
            title: title.trim(),
            description: description.trim(),
            ...(source.trim() ? { source: source.trim() } : {}),
            competences: lines(competences).map((line) => ({ title: line })),
          },
        }),
      ),
    (created) => onCreated(created.title),
  );
  return (
    <form class="praksis-panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-framework">
      <h2 id="new-framework">{t("competencesAdmin.new")}</h2>
      {problem && <ProblemMessage problem={problem} />}
      <TextField id="framework-title" label={t("competencesAdmin.title")} required maxLength={200} value={title} onInput={setTitle} error={errors.title} />
      <TextField id="framework-source" label={t("competencesAdmin.source")} hint={t("competencesAdmin.sourceHint")} maxLength={200} value={source} onInput={setSource} error={errors.source} />
      <TextArea id="framework-description" label={t("competencesAdmin.description")} rows={3} maxLength={5000} value={description} onInput={setDescription} error={errors.description} />
      <TextArea
        id="framework-competences"
        label={t("competencesAdmin.competences")}
        hint={t("competencesAdmin.competencesHint")}
        rows={5}
        value={competences}
        onInput={setCompetences}
        error={errors.competences}
      />
      <FormActions submit={t("competencesAdmin.create")} busy={busy} onCancel={onCancel} />
    </form>
  );
}

function NewCompetence(props: { framework: Framework; onCancel: () => void; onAdded: (title: string) => void }) {
  const { t } = useI18n();
  const kerneopgaver = useKerneopgaver();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [serves, setServes] = useState<string[]>([]);
  const id = `competence-${props.framework.id}`;
  const { problem, busy, submit, errors } = useSubmit(
    () =>
      call(
        api.POST("/api/v1/competences/{framework_id}/competences", {
          params: { path: { framework_id: props.framework.id } },
          body: { title: title.trim(), description: description.trim(), kerneopgave_ids: serves },
        }),
      ),
    (created) => props.onAdded(created.title),
  );
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("competencesAdmin.addTo", { framework: props.framework.title })}</h3>
      {problem && <ProblemMessage problem={problem} />}
      <TextField id={`${id}-title`} label={t("competencesAdmin.competenceTitle")} required maxLength={200} value={title} onInput={setTitle} error={errors.title} />
      <TextArea id={`${id}-description`} label={t("competencesAdmin.description")} rows={2} maxLength={5000} value={description} onInput={setDescription} error={errors.description} />
      <CheckboxGroup
        name={`${id}-kerneopgaver`}
        legend={t("competencesAdmin.serves")}
        hint={t("competencesAdmin.servesHint")}
        options={(kerneopgaver.data?.items ?? []).map((item) => ({ value: item.id, label: item.title }))}
        selected={serves}
        onChange={setServes}
        error={errors.kerneopgave_ids}
      />
      <FormActions submit={t("competencesAdmin.addSubmit")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { type EditButton, EditDialog, PositionField, positionChange } from "../../components/EditDialog";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { CheckboxGroup, FormActions, TextArea, TextField } from "../../components/Fields";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";
import { EditOrDelete } from "./EditOrDelete";
import { lines, loadFrameworks, useKerneopgaver } from "./programmes/shared";

type Framework = Schemas["FrameworkRead"];
type Competence = Schemas["CompetenceRead"];

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
                <FrameworkCard key={framework.id} framework={framework} onDone={done} />
              ))}
            </ul>
          )
        }
      </Async>
    </Page>
  );
}

function FrameworkCard({ framework, onDone }: { framework: Framework; onDone: (text: string) => void }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const path = { framework_id: framework.id };
  return (
    <li class="praksis-panel">
      <h2>{framework.title}</h2>
      {framework.source && <p class="form-hint">{t("competencesAdmin.sourceIs", { source: framework.source })}</p>}
      {framework.description && <p>{framework.description}</p>}
      <EditOrDelete
        kind="framework"
        id={framework.id}
        title={framework.title}
        edit={(button) => <FrameworkEdit {...button} framework={framework} />}
        remove={() => call(api.DELETE("/api/v1/competences/{framework_id}", { params: { path } }))}
        onDone={onDone}
      />
      {framework.competences.length === 0 ? (
        <EmptyState>{t("competencesAdmin.noCompetences")}</EmptyState>
      ) : (
        <ol>
          {framework.competences.map((competence) => (
            <li key={competence.id}>
              <strong>{competence.title}</strong>
              {competence.description && <> – {competence.description}</>}{" "}
              <EditOrDelete
                kind="competence"
                id={competence.id}
                title={competence.title}
                edit={(button) => <CompetenceEdit {...button} competence={competence} count={framework.competences.length} />}
                remove={() =>
                  call(api.DELETE("/api/v1/competences/{framework_id}/competences/{competence_id}", { params: { path: { ...path, competence_id: competence.id } } }))
                }
                onDone={onDone}
              />
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
            onDone(t("competencesAdmin.added", { title, framework: framework.title }));
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

interface FrameworkDraft {
  title: string;
  source: string;
  description: string;
}

/** Only what changed since the framework was read; its source can be changed but not removed. */
function frameworkChanges(framework: Framework, draft: FrameworkDraft): Schemas["FrameworkUpdate"] {
  const body: Schemas["FrameworkUpdate"] = {};
  if (draft.title.trim() !== framework.title) body.title = draft.title.trim();
  if (draft.description.trim() !== framework.description) body.description = draft.description.trim();
  if (draft.source.trim() && draft.source.trim() !== framework.source) body.source = draft.source.trim();
  return body;
}

/** The framework's title, source and description. */
function FrameworkEdit({ framework, ...button }: EditButton<Framework> & { framework: Framework }) {
  const { t } = useI18n();
  const path = { framework_id: framework.id };
  const id = `framework-${framework.id}`;
  return (
    <EditDialog
      {...button}
      read={() => api.GET("/api/v1/competences/{framework_id}", { params: { path } })}
      toDraft={(current): FrameworkDraft => ({ title: current.title, source: current.source ?? "", description: current.description })}
      write={(draft, current, header) => api.PATCH("/api/v1/competences/{framework_id}", { params: { path, header }, body: frameworkChanges(current, draft) })}
    >
      {(draft, set, errors, current) => {
        const change = (key: keyof FrameworkDraft) => (value: string) => set({ ...draft, [key]: value });
        return (
          <>
            <TextField id={`${id}-title`} label={t("competencesAdmin.title")} required maxLength={200} value={draft.title} onInput={change("title")} error={errors.title} />
            <TextField
              id={`${id}-source`}
              label={t("competencesAdmin.source")}
              hint={current.source ? t("hrEdits.sourceKept") : t("competencesAdmin.sourceHint")}
              maxLength={200}
              value={draft.source}
              onInput={change("source")}
              error={errors.source}
            />
            <TextArea id={`${id}-description`} label={t("competencesAdmin.description")} rows={3} maxLength={5000} value={draft.description} onInput={change("description")} error={errors.description} />
          </>
        );
      }}
    </EditDialog>
  );
}

interface CompetenceDraft {
  title: string;
  description: string;
  kerneopgave_ids: string[];
}

/** A competence's title, description and the kerneopgaver it serves: new or edited. */
function CompetenceFields(props: { id: string; draft: CompetenceDraft; onChange: (draft: CompetenceDraft) => void; errors: Record<string, string> }) {
  const { t } = useI18n();
  const kerneopgaver = useKerneopgaver();
  const { id, draft, errors } = props;
  const set = <K extends keyof CompetenceDraft>(key: K) => (value: CompetenceDraft[K]) => props.onChange({ ...draft, [key]: value });
  return (
    <>
      <TextField id={`${id}-title`} label={t("competencesAdmin.competenceTitle")} required maxLength={200} value={draft.title} onInput={set("title")} error={errors.title} />
      <TextArea id={`${id}-description`} label={t("competencesAdmin.description")} rows={2} maxLength={5000} value={draft.description} onInput={set("description")} error={errors.description} />
      <CheckboxGroup
        name={`${id}-kerneopgaver`}
        legend={t("competencesAdmin.serves")}
        hint={t("competencesAdmin.servesHint")}
        options={(kerneopgaver.data?.items ?? []).map((item) => ({ value: item.id, label: item.title }))}
        selected={draft.kerneopgave_ids}
        onChange={set("kerneopgave_ids")}
        error={errors.kerneopgave_ids}
      />
    </>
  );
}

function trimmed(draft: CompetenceDraft): CompetenceDraft {
  return { title: draft.title.trim(), description: draft.description.trim(), kerneopgave_ids: draft.kerneopgave_ids };
}

/** A competence as above and its place in the framework. */
function CompetenceEdit({ competence, count, ...button }: EditButton<Competence> & { competence: Competence; count: number }) {
  const path = { framework_id: competence.framework_id, competence_id: competence.id };
  const id = `competence-edit-${competence.id}`;
  return (
    <EditDialog
      {...button}
      read={() => api.GET("/api/v1/competences/{framework_id}/competences/{competence_id}", { params: { path } })}
      toDraft={(current) => ({
        title: current.title,
        description: current.description,
        kerneopgave_ids: current.kerneopgave_ids,
        position: String(current.position),
      })}
      write={(draft, current, header) =>
        api.PATCH("/api/v1/competences/{framework_id}/competences/{competence_id}", {
          params: { path, header },
          body: { ...trimmed(draft), ...positionChange(draft.position, current.position) },
        })
      }
    >
      {(draft, set, errors) => (
        <>
          <CompetenceFields id={id} draft={draft} onChange={(fields) => set({ ...draft, ...fields })} errors={errors} />
          <PositionField id={`${id}-position`} count={count} value={draft.position} onChange={(position) => set({ ...draft, position })} error={errors.position} />
        </>
      )}
    </EditDialog>
  );
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
  const [draft, setDraft] = useState<CompetenceDraft>({ title: "", description: "", kerneopgave_ids: [] });
  const id = `competence-${props.framework.id}`;
  const { problem, busy, submit, errors } = useSubmit(
    () =>
      call(
        api.POST("/api/v1/competences/{framework_id}/competences", {
          params: { path: { framework_id: props.framework.id } },
          body: trimmed(draft),
        }),
      ),
    (created) => props.onAdded(created.title),
  );
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("competencesAdmin.addTo", { framework: props.framework.title })}</h3>
      {problem && <ProblemMessage problem={problem} />}
      <CompetenceFields id={id} draft={draft} onChange={setDraft} errors={errors} />
      <FormActions submit={t("competencesAdmin.addSubmit")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

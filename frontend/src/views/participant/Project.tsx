import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { FormActions, SelectField, TextArea, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import {
  type FeedbackRead,
  type MyProjects,
  type ProjectBundle,
  loadMyCohorts,
  loadMyProjects,
} from "./data";
import { CompleteProject } from "./CompleteProject";
import { byTrialAction, neighbourPhases, type Phase } from "./logic";
import { PhaseStepper, useMyId, useRefreshable } from "./parts";
import { DeleteProject, ProjectInvitations } from "./ProjectRemoval";
import { LogTrialAction, TrialActionCard } from "./TrialActions";
import "./participant.css";

/** My action-learning project(s): phases, trial actions, and a form for a new project. */
export default function ParticipantProject() {
  const { lang } = useI18n();
  const [query, refresh] = useRefreshable(loadMyProjects, [lang]);
  // kept above the list: reloading the list afresh (its skeleton) must not take it away
  const [deleted, setDeleted] = useState("");
  return (
    <Page title="views.participantProject.title" intro="views.participantProject.intro">
      {deleted && <Confirmation text={deleted} />}
      <Async query={query} lines={8}>
        {(data) => <Projects data={data} refresh={refresh} onDeleted={setDeleted} />}
      </Async>
    </Page>
  );
}

function Projects({ data, refresh, onDeleted }: { data: MyProjects; refresh: () => Promise<void>; onDeleted: (text: string) => void }) {
  const { t } = useI18n();
  const [creating, setCreating] = useState(data.projects.length === 0);
  const received = byTrialAction(data.received);
  const kerneopgaver = new Map(data.kerneopgaver.map((item) => [item.id, item.title]));
  return (
    <>
      <ProjectInvitations onAccepted={refresh} />
      {data.projects.length === 0 && <EmptyState>{t("participant.project.none")}</EmptyState>}
      {data.projects.map((bundle) => (
        <ProjectView
          key={bundle.project.id}
          bundle={bundle}
          kerneopgave={kerneopgaver.get(bundle.project.kerneopgave_id) ?? ""}
          received={received}
          refresh={refresh}
          onDeleted={async (text) => {
            onDeleted(text);
            await refresh();
          }}
        />
      ))}
      {creating ? (
        <NewProject
          data={data}
          onCancel={data.projects.length > 0 ? () => setCreating(false) : undefined}
          onCreated={async () => {
            setCreating(false);
            await refresh();
          }}
        />
      ) : (
        <button type="button" class="button button-secondary" onClick={() => setCreating(true)}>
          {t("participant.project.newProject")}
        </button>
      )}
    </>
  );
}

function ProjectView(props: {
  bundle: ProjectBundle;
  kerneopgave: string;
  received: Map<string, FeedbackRead[]>;
  refresh: () => Promise<void>;
  onDeleted: (text: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const { project, actions, modules } = props.bundle;
  const [logging, setLogging] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const headingId = `project-${project.id}`;
  return (
    <article class="participant-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{project.title}</h2>
      <dl class="praksis-facts">
        <dt>{t("participant.project.kerneopgave")}</dt>
        <dd>{props.kerneopgave}</dd>
        <dt>{t("participant.project.status")}</dt>
        <dd>{t(`participant.projectStatus.${project.status}`)}</dd>
        {project.challenge && (
          <>
            <dt>{t("participant.project.challenge")}</dt>
            <dd>{project.challenge}</dd>
          </>
        )}
        {project.goal && (
          <>
            <dt>{t("participant.project.goal")}</dt>
            <dd>{project.goal}</dd>
          </>
        )}
        {(project.team_challenges ?? []).map((challenge) => (
          <Fragment key={challenge.person_id}>
            <dt>{t("events.teamChallengeHeading")}</dt>
            <dd>{challenge.text}</dd>
          </Fragment>
        ))}
        {project.outcome && (
          <>
            <dt>{t("projectCompletion.outcome")}</dt>
            <dd>{project.outcome}</dd>
          </>
        )}
      </dl>
      {confirmation && <Confirmation text={confirmation} />}
      {project.status === "active" && (
        <CompleteProject
          project={project}
          onDone={async (title) => {
            setConfirmation(t("projectCompletion.done", { title }));
            await props.refresh();
          }}
        />
      )}
      <h3>{t("participant.project.phase")}</h3>
      <PhaseStepper phase={project.phase} label={t("participant.project.phases")} />
      <PhaseButtons projectId={project.id} phase={project.phase} refresh={props.refresh} />
      <h3>{t("participant.trial.heading")}</h3>
      {actions.length === 0 && <EmptyState>{t("participant.trial.none")}</EmptyState>}
      <ul class="participant-list nobullet-list">
        {actions.map((action) => (
          <TrialActionCard
            key={action.id}
            action={action}
            modules={modules}
            feedback={props.received.get(action.id) ?? []}
            refresh={props.refresh}
            onDeleted={async (text) => {
              setConfirmation(text);
              await props.refresh();
            }}
          />
        ))}
      </ul>
      {logging ? (
        <LogTrialAction
          project={project}
          modules={modules}
          onCancel={() => setLogging(false)}
          onSaved={async () => {
            setLogging(false);
            await props.refresh();
          }}
        />
      ) : (
        <button type="button" class="button button-primary" onClick={() => setLogging(true)}>
          {t("participant.trial.log")}
        </button>
      )}
      <div class="participant-actions">
        <DeleteProject project={project} actions={actions} onDeleted={props.onDeleted} />
      </div>
    </article>
  );
}

function PhaseButtons(props: { projectId: string; phase: Phase; refresh: () => Promise<void> }) {
  const { t } = useI18n();
  const { previous, next } = neighbourPhases(props.phase);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  async function move(phase: Phase) {
    setBusy(true);
    setProblem(undefined);
    const result = await call(
      api.PATCH("/api/v1/action-learning-projects/{project_id}", {
        params: { path: { project_id: props.projectId } },
        body: { phase },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    announce(t("participant.project.moved", { phase: t(`participant.phases.${phase}`) }));
    await props.refresh();
  }
  return (
    <>
      {problem && <ProblemMessage problem={problem} />}
      <div class="participant-actions">
        {previous && (
          <button type="button" class="button button-secondary" disabled={busy} onClick={() => void move(previous)}>
            {t("participant.project.back", { phase: t(`participant.phases.${previous}`) })}
          </button>
        )}
        {next && (
          <button type="button" class="button button-secondary" disabled={busy} onClick={() => void move(next)}>
            {t("participant.project.forward", { phase: t(`participant.phases.${next}`) })}
          </button>
        )}
      </div>
    </>
  );
}

function NewProject(props: {
  data: MyProjects;
  onCancel?: () => void;
  onCreated: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const myId = useMyId();
  const cohorts = useQuery(() => loadMyCohorts(myId), [myId, lang]);
  const [title, setTitle] = useState("");
  const [kerneopgave, setKerneopgave] = useState("");
  const [cohort, setCohort] = useState<string | undefined>();
  const [challenge, setChallenge] = useState("");
  const [goal, setGoal] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const cohortOptions = cohorts.data ?? [];
  const chosenCohort = cohort ?? cohortOptions[0]?.id ?? "";

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const result = await call(
      api.POST("/api/v1/action-learning-projects", {
        body: {
          title: title.trim(),
          kerneopgave_id: kerneopgave,
          challenge: challenge.trim(),
          goal: goal.trim(),
          ...(chosenCohort ? { cohort_id: chosenCohort } : {}),
        },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    announce(t("participant.project.created", { title: result.data.title }));
    await props.onCreated();
  }

  return (
    <form class="participant-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-project">
      <h2 id="new-project">{t("participant.project.createHeading")}</h2>
      {problem && <ProblemMessage problem={problem} />}
      <TextField
        id="project-title"
        label={t("participant.project.title")}
        hint={t("participant.project.titleHint")}
        required
        maxLength={200}
        value={title}
        onInput={setTitle}
        error={errors.title}
      />
      <SelectField
        id="project-kerneopgave"
        label={t("participant.project.kerneopgave")}
        required
        placeholder={t("signIn.choose")}
        options={props.data.kerneopgaver
          .filter((item) => item.active)
          .map((item) => ({ value: item.id, label: item.title }))}
        value={kerneopgave}
        onChange={setKerneopgave}
        error={errors.kerneopgave_id}
      />
      <SelectField
        id="project-cohort"
        label={t("participant.project.cohort")}
        hint={t("participant.project.cohortHint")}
        options={[
          ...cohortOptions.map((item) => ({ value: item.id, label: item.label })),
          { value: "", label: t("participant.project.noCohort") },
        ]}
        value={chosenCohort}
        onChange={setCohort}
        error={errors.cohort_id}
      />
      <TextArea
        id="project-challenge"
        label={t("participant.project.challenge")}
        hint={t("participant.project.challengeHint")}
        rows={3}
        maxLength={5000}
        value={challenge}
        onInput={setChallenge}
        error={errors.challenge}
      />
      <TextArea
        id="project-goal"
        label={t("participant.project.goal")}
        hint={t("participant.project.goalHint")}
        rows={3}
        maxLength={5000}
        value={goal}
        onInput={setGoal}
        error={errors.goal}
      />
      <FormActions submit={t("participant.project.create")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

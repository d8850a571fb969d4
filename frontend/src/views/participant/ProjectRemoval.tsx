/**
 * A participant's co-ownership invitations (accept / decline) and deleting their own project
 * or a trial action. The API's rules are shown before the button: a project with a done trial
 * action, and a done trial action, are part of the record and cannot be deleted (409).
 */
import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, Confirmation, ProblemMessage } from "../../components/Feedback";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { useMyId } from "./parts";

type Project = Schemas["ProjectRead"];
type TrialAction = Schemas["TrialActionRead"];

function useSend() {
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  async function send(request: Promise<{ problem?: Problem }>): Promise<boolean> {
    setBusy(true);
    setProblem(undefined);
    const result = await request;
    setBusy(false);
    if (result.problem) setProblem(result.problem);
    return !result.problem;
  }
  return { problem, busy, send };
}

async function loadInvitations(myId: string) {
  const all = await allPages((cursor) => api.GET("/api/v1/action-learning-projects", { params: { query: { limit: 200, cursor } } }));
  if (all.problem) return all;
  return { data: all.data.items.filter((project) => project.invited_ids.includes(myId)) };
}

/** Projects a colleague asked me to co-own: accept (I become an owner) or decline. */
export function ProjectInvitations({ onAccepted }: { onAccepted: () => Promise<void> }) {
  const { t } = useI18n();
  const myId = useMyId();
  const invitations = useQuery(() => loadInvitations(myId), [myId]);
  const [done, setDone] = useState("");
  return (
    <Async query={invitations} lines={1}>
      {(projects) =>
        projects.length === 0 && !done ? null : (
          <section aria-labelledby="project-invitations" class="participant-card">
            <h2 id="project-invitations">{t("projectRemoval.invitationsHeading")}</h2>
            <p>{t("projectRemoval.invitationsRules")}</p>
            {done && <Confirmation text={done} />}
            <ul class="nobullet-list">
              {projects.map((project) => (
                <Invitation
                  key={project.id}
                  project={project}
                  onAnswered={async (text, accepted) => {
                    setDone(text);
                    invitations.reload();
                    if (accepted) await onAccepted();
                  }}
                />
              ))}
            </ul>
          </section>
        )
      }
    </Async>
  );
}

function Invitation(props: { project: Project; onAnswered: (text: string, accepted: boolean) => Promise<void> }) {
  const { t } = useI18n();
  const { project } = props;
  const { problem, busy, send } = useSend();
  const path = { params: { path: { project_id: project.id } } };
  async function accept() {
    if (await send(call(api.POST("/api/v1/action-learning-projects/{project_id}/invitation/accept", path))))
      await props.onAnswered(t("projectRemoval.accepted", { title: project.title }), true);
  }
  async function decline() {
    if (await send(call(api.POST("/api/v1/action-learning-projects/{project_id}/invitation/decline", path))))
      await props.onAnswered(t("projectRemoval.declined", { title: project.title }), false);
  }
  return (
    <li>
      <h3 class="h4">{project.title}</h3>
      {project.challenge && <p>{project.challenge}</p>}
      {problem && <ProblemMessage problem={problem} />}
      <div class="participant-actions">
        <button type="button" class="button button-primary" disabled={busy} onClick={() => void accept()}>
          {t("projectRemoval.accept")}
          <span class="sr-only">: {project.title}</span>
        </button>
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void decline()}>
          {t("projectRemoval.decline")}
          <span class="sr-only">: {project.title}</span>
        </button>
      </div>
    </li>
  );
}

/** Delete my project — only while none of its trial actions is done; asks first. */
export function DeleteProject(props: { project: Project; actions: readonly TrialAction[]; onDeleted: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const { project } = props;
  if (props.actions.some((action) => action.status === "done")) {
    return <p class="participant-meta">{t("projectRemoval.projectKept")}</p>;
  }
  return (
    <ConfirmDelete
      id={`delete-project-${project.id}`}
      label={t("projectRemoval.deleteProject")}
      name={project.title}
      title={t("projectRemoval.deleteProjectTitle", { title: project.title })}
      text={[
        t("projectRemoval.deleteProjectText", { count: props.actions.length }),
        ...(project.owner_ids.length > 1 ? [t("projectRemoval.deleteProjectShared")] : []),
      ]}
      submit={t("projectRemoval.deleteProjectSubmit")}
      remove={() => call(api.DELETE("/api/v1/action-learning-projects/{project_id}", { params: { path: { project_id: project.id } } }))}
      onDeleted={() => props.onDeleted(t("projectRemoval.projectDeleted", { title: project.title }))}
    />
  );
}

/** Delete a trial action that is not done (a done one is dropped instead); asks first. */
export function DeleteTrialAction(props: { action: TrialAction; onDeleted: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const { action } = props;
  if (action.status === "done") return null;
  return (
    <ConfirmDelete
      id={`delete-action-${action.id}`}
      label={t("projectRemoval.deleteAction")}
      name={action.title}
      title={t("projectRemoval.deleteActionTitle", { title: action.title })}
      text={[t("projectRemoval.deleteActionText")]}
      submit={t("projectRemoval.deleteActionSubmit")}
      remove={() =>
        call(
          api.DELETE("/api/v1/action-learning-projects/{project_id}/trial-actions/{trial_action_id}", {
            params: { path: { project_id: action.project_id, trial_action_id: action.id } },
          }),
        )
      }
      onDeleted={() => props.onDeleted(t("projectRemoval.actionDeleted", { title: action.title }))}
    />
  );
}

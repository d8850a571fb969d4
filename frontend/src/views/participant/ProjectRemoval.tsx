/**
 * A participant's co-ownership invitations (accept / decline) and deleting their own project
 * or a trial action. The API's rules are shown before the button: a project with a done trial
 * action, and a done trial action, are part of the record and cannot be deleted (409).
 */
import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, Confirmation, ProblemMessage } from "../../components/Feedback";
import { FormActions } from "../../components/Fields";
import { Modal } from "../../components/Modal";
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
  const [asking, setAsking] = useState(false);
  const { problem, busy, send } = useSend();
  if (props.actions.some((action) => action.status === "done")) {
    return <p class="participant-meta">{t("projectRemoval.projectKept")}</p>;
  }
  async function remove(event: Event) {
    event.preventDefault();
    const ok = await send(call(api.DELETE("/api/v1/action-learning-projects/{project_id}", { params: { path: { project_id: project.id } } })));
    if (ok) {
      setAsking(false);
      await props.onDeleted(t("projectRemoval.projectDeleted", { title: project.title }));
    }
  }
  return (
    <>
      <button type="button" class="button button-tertiary" onClick={() => setAsking(true)}>
        {t("projectRemoval.deleteProject")}
        <span class="sr-only">: {project.title}</span>
      </button>
      <Modal id={`delete-project-${project.id}`} title={t("projectRemoval.deleteProjectTitle", { title: project.title })} open={asking} onClose={() => setAsking(false)}>
        <form onSubmit={(event) => void remove(event)}>
          <p>{t("projectRemoval.deleteProjectText", { count: props.actions.length })}</p>
          {project.owner_ids.length > 1 && <p>{t("projectRemoval.deleteProjectShared")}</p>}
          {problem && <ProblemMessage problem={problem} />}
          <FormActions submit={t("projectRemoval.deleteProjectSubmit")} busy={busy} onCancel={() => setAsking(false)} />
        </form>
      </Modal>
    </>
  );
}

/** Delete a trial action that is not done (a done one is dropped instead); asks first. */
export function DeleteTrialAction(props: { action: TrialAction; onDeleted: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const { action } = props;
  const [asking, setAsking] = useState(false);
  const { problem, busy, send } = useSend();
  if (action.status === "done") return null;
  async function remove(event: Event) {
    event.preventDefault();
    const ok = await send(
      call(
        api.DELETE("/api/v1/action-learning-projects/{project_id}/trial-actions/{trial_action_id}", {
          params: { path: { project_id: action.project_id, trial_action_id: action.id } },
        }),
      ),
    );
    if (ok) {
      setAsking(false);
      await props.onDeleted(t("projectRemoval.actionDeleted", { title: action.title }));
    }
  }
  return (
    <>
      <button type="button" class="button button-tertiary" onClick={() => setAsking(true)}>
        {t("projectRemoval.deleteAction")}
        <span class="sr-only">: {action.title}</span>
      </button>
      <Modal id={`delete-action-${action.id}`} title={t("projectRemoval.deleteActionTitle", { title: action.title })} open={asking} onClose={() => setAsking(false)}>
        <form onSubmit={(event) => void remove(event)}>
          <p>{t("projectRemoval.deleteActionText")}</p>
          {problem && <ProblemMessage problem={problem} />}
          <FormActions submit={t("projectRemoval.deleteActionSubmit")} busy={busy} onCancel={() => setAsking(false)} />
        </form>
      </Modal>
    </>
  );
}

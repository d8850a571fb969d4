import { useState } from "preact/hooks";
import { allPages, api, type Schemas } from "../../api/client";
import { Async, Confirmation, EmptyState } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { GiveFeedback } from "../participant/FeedbackForms";
import "../participant/participant.css";
import { loadEnrolments, loadTeam, nameIn, type Person } from "./data";
import { whoLags } from "./practice";
import { TeamFollowUps } from "./TeamFollowUps";

type Project = Schemas["ProjectRead"];
type TrialAction = Schemas["TrialActionRead"];

/**
 * My team's practice: who needs following up, each project's trial actions with the feedback a
 * leader may read, leader feedback on a done trial action, and the team's transfer follow-ups.
 */
export default function LeaderPractice() {
  const { lang } = useI18n();
  const team = useQuery(loadTeam, [lang]);
  return (
    <Page title="views.leaderPractice.title" intro="views.leaderPractice.intro">
      <Async query={team} lines={6}>
        {(data) => <PracticeBody team={data.items} />}
      </Async>
    </Page>
  );
}

function PracticeBody({ team }: { team: Person[] }) {
  const { t } = useI18n();
  const name = (id: string) => nameIn(team, id, (p) => p.name, t("leaderViews.someoneElse"));
  const projects = useQuery(
    () => allPages((cursor) => api.GET("/api/v1/action-learning-projects", { params: { query: { team: true, limit: 200, cursor } } })),
    [],
  );
  return (
    <>
      <Lagging team={team} name={name} />
      <section aria-labelledby="team-practice-heading">
        <h2 id="team-practice-heading">{t("leaderPractice.projectsHeading")}</h2>
        <ul>
          <li>{t("leaderPractice.ruleRead")}</li>
          <li>{t("leaderPractice.ruleGive")}</li>
        </ul>
        <Async query={projects} lines={6}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{t("leaderViews.noProjects")}</EmptyState>
            ) : (
              <ul class="nobullet-list">
                {data.items.map((project) => (
                  <ProjectCard key={project.id} project={project} name={name} />
                ))}
              </ul>
            )
          }
        </Async>
      </section>
      <TeamFollowUps name={name} />
    </>
  );
}

/** In-page link to a project: the router must not take it, and the focus follows the reader. */
function focusHeading(event: Event, id: string) {
  event.preventDefault();
  const heading = document.getElementById(id);
  heading?.scrollIntoView({ block: "start" });
  heading?.focus();
}

function Lagging({ team, name }: { team: Person[]; name: (id: string) => string }) {
  const { t } = useI18n();
  const lagging = useQuery(async () => {
    const [enrolments, overview] = await Promise.all([
      loadEnrolments(),
      allPages((cursor) => api.GET("/api/v1/action-learning-projects/team-overview", { params: { query: { limit: 200, cursor } } })),
    ]);
    if (enrolments.problem) return enrolments;
    if (overview.problem) return overview;
    return { data: whoLags(team.map((person) => person.id), enrolments.data.items, overview.data.items) };
  }, [team]);
  return (
    <section aria-labelledby="lagging-heading">
      <h2 id="lagging-heading">{t("leaderPractice.laggingHeading")}</h2>
      <p>{t("leaderPractice.laggingIntro")}</p>
      <Async query={lagging} lines={3}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState>{t("leaderPractice.noneLagging")}</EmptyState>
          ) : (
            <ul class="participant-list">
              {rows.map((row) => (
                <li key={row.personId}>
                  <strong>{name(row.personId)}</strong>: {row.reasons.map((reason) => t(`leaderPractice.reasons.${reason}`)).join(" ")}{" "}
                  {row.projectId && (
                    <a href={`#project-${row.projectId}`} onClick={(event) => focusHeading(event, `project-${row.projectId}`)}>
                      {t("leaderPractice.toProject", { name: name(row.personId) })}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </section>
  );
}

function ProjectCard(props: { project: Project; name: (id: string) => string }) {
  const { t } = useI18n();
  const { project } = props;
  const [open, setOpen] = useState(false);
  const headingId = `project-${project.id}`;
  const owners = project.owner_ids.map(props.name).join(", ");
  return (
    <li class="participant-card">
      <h3 id={headingId} tabIndex={-1}>
        {project.title}
      </h3>
      <dl class="praksis-facts">
        <dt>{t("leaderViews.owners")}</dt>
        <dd>{owners}</dd>
        <dt>{t("leaderViews.phase")}</dt>
        <dd>{t(`participant.phases.${project.phase}`)}</dd>
        <dt>{t("common.status")}</dt>
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
        {project.outcome && (
          <>
            <dt>{t("projectCompletion.outcome")}</dt>
            <dd>{project.outcome}</dd>
          </>
        )}
      </dl>
      <button
        type="button"
        class="button button-secondary"
        aria-expanded={open}
        aria-controls={`${headingId}-actions`}
        onClick={() => setOpen(!open)}
      >
        {open ? t("leaderPractice.hideActions") : t("leaderPractice.showActions")}
        <span class="sr-only">: {project.title}</span>
      </button>
      <div id={`${headingId}-actions`} hidden={!open}>
        {open && <TrialActions project={project} owners={owners} />}
      </div>
    </li>
  );
}

function TrialActions(props: { project: Project; owners: string }) {
  const { t } = useI18n();
  const actions = useQuery(
    () =>
      allPages((cursor) =>
        api.GET("/api/v1/action-learning-projects/{project_id}/trial-actions", {
          params: { path: { project_id: props.project.id }, query: { limit: 200, cursor } },
        }),
      ),
    [props.project.id],
  );
  return (
    <Async query={actions} lines={4}>
      {(data) =>
        data.items.length === 0 ? (
          <EmptyState>{t("participant.trial.none")}</EmptyState>
        ) : (
          <ul class="participant-list nobullet-list">
            {data.items.map((action) => (
              <TrialActionRow key={action.id} action={action} owners={props.owners} />
            ))}
          </ul>
        )
      }
    </Async>
  );
}

function TrialActionRow(props: { action: TrialAction; owners: string }) {
  const { t, formatDate } = useI18n();
  const { action } = props;
  const [giving, setGiving] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const feedback = useQuery(
    () =>
      allPages((cursor) =>
        api.GET("/api/v1/feedback", { params: { query: { trial_action_id: action.id, limit: 200, cursor } } }),
      ),
    [action.id],
  );
  return (
    <li class="participant-card">
      <h4>{action.title}</h4>
      <p class="participant-meta">
        <strong>{t(`participant.actionStatus.${action.status}`)}</strong>
        {action.planned_for && <> · {t("participant.trial.plannedOn", { date: formatDate(action.planned_for) })}</>}
      </p>
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
      <Async query={feedback} lines={1}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="participant-meta">{t("leaderPractice.noFeedbackYet")}</p>
          ) : (
            <details>
              <summary>{t("leaderPractice.feedbackYouRead", { count: data.items.length })}</summary>
              {data.items.map((item) => (
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
          )
        }
      </Async>
      {confirmation && <Confirmation text={confirmation} />}
      {action.status === "done" ? (
        <button type="button" class="button button-primary" onClick={() => setGiving(true)}>
          {t("leaderPractice.give")}
          <span class="sr-only">: {action.title}</span>
        </button>
      ) : (
        <p class="participant-meta">{t("leaderPractice.giveWhenDone")}</p>
      )}
      {giving && (
        <GiveFeedback
          target={{ id: action.id, title: action.title, kinds: ["leader"] }}
          onClose={() => setGiving(false)}
          onSent={async () => {
            setGiving(false);
            setConfirmation(t("leaderPractice.given", { title: action.title, owners: props.owners }));
            feedback.reload();
          }}
        />
      )}
    </li>
  );
}

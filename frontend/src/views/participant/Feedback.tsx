import { useState } from "preact/hooks";
import { Async, EmptyState } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import {
  type EvaluationDue,
  type FeedbackRead,
  type FollowUp,
  type ToDo,
  loadMyProjects,
  loadNames,
  loadToDo,
} from "./data";
import { AnswerFollowUp, EvaluateWorkshop, GiveFeedback, type FeedbackTarget } from "./FeedbackForms";
import { GivenFeedback } from "./GivenFeedback";
import { feedbackToGiveFirst, openFollowUps } from "./logic";
import { FeedbackFacts, useRefreshable } from "./parts";
import "./participant.css";

/** Feedback to give and received, workshop evaluations and follow-ups that are due. */
export default function ParticipantFeedback() {
  const { lang } = useI18n();
  const [todo, refresh] = useRefreshable(loadToDo, [lang]);
  return (
    <Page title="views.participantFeedback.title" intro="views.participantFeedback.intro">
      <Async query={todo} lines={6}>
        {(data) => <ToDoSections todo={data} refresh={refresh} />}
      </Async>
      <Received />
    </Page>
  );
}

function ToDoSections({ todo, refresh }: { todo: ToDo; refresh: () => Promise<void> }) {
  const { t, formatDateTime, formatDate } = useI18n();
  const [target, setTarget] = useState<FeedbackTarget | undefined>();
  const [evaluating, setEvaluating] = useState<EvaluationDue | undefined>();
  const [answering, setAnswering] = useState<FollowUp | undefined>();
  const followUps = openFollowUps(todo.followUps);
  const done = async () => {
    setTarget(undefined);
    setEvaluating(undefined);
    setAnswering(undefined);
    await refresh();
  };
  return (
    <>
      <section aria-labelledby="give">
        <h2 id="give" tabIndex={-1}>
          {t("participant.feedback.giveHeading")}
        </h2>
        <p>{t("participant.feedback.giveIntro")}</p>
        {todo.toGive.length === 0 && <EmptyState>{t("participant.feedback.noneToGive")}</EmptyState>}
        <ul class="participant-list nobullet-list">
          {feedbackToGiveFirst(todo.toGive).map((item) => (
            <li key={item.trial_action_id} class="participant-card">
              <h3 class="h4">{item.trial_action_title}</h3>
              <p class="participant-meta">
                {item.kinds[0] === "buddy" && <strong>{t("participant.kinds.buddy")} · </strong>}
                {t("participant.feedback.by", {
                  names: item.owners.map((owner) => owner.name).join(", "),
                  project: item.project_title,
                })}
              </p>
              <dl class="praksis-facts">
                <dt>{t("participant.trial.whatHappened")}</dt>
                <dd>{item.what_happened}</dd>
                {item.reflection && (
                  <>
                    <dt>{t("participant.trial.reflection")}</dt>
                    <dd>{item.reflection}</dd>
                  </>
                )}
              </dl>
              {item.given_by_me > 0 && (
                <p class="participant-meta">{t("participant.feedback.givenCount", { count: item.given_by_me })}</p>
              )}
              <button
                type="button"
                class={item.given_by_me > 0 ? "button button-secondary" : "button button-primary"}
                onClick={() =>
                  setTarget({ id: item.trial_action_id, title: item.trial_action_title, kinds: item.kinds })
                }
              >
                {item.given_by_me > 0 ? t("participant.feedback.giveAgain") : t("participant.feedback.give")}
                <span class="sr-only">: {item.trial_action_title}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <GivenFeedback
        titles={new Map([...todo.toGive, ...todo.invitations].map((item) => [item.trial_action_id, item.trial_action_title]))}
        onChanged={refresh}
      />
      <section aria-labelledby="invited">
        <h2 id="invited">{t("participant.feedback.invitedHeading")}</h2>
        <p>{t("participant.feedback.invitedIntro")}</p>
        {todo.invitations.length === 0 && <EmptyState>{t("participant.feedback.noInvitations")}</EmptyState>}
        <ul class="participant-list nobullet-list">
          {todo.invitations.map((invitation) => (
            <li key={invitation.id} class="participant-card">
              <h3 class="h4">{invitation.trial_action_title}</h3>
              <button
                type="button"
                class="button button-secondary"
                onClick={() =>
                  setTarget({
                    id: invitation.trial_action_id,
                    title: invitation.trial_action_title,
                    kinds: ["colleague"],
                  })
                }
              >
                {t("participant.feedback.give")}
                <span class="sr-only">: {invitation.trial_action_title}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="evaluations">
        <h2 id="evaluations" tabIndex={-1}>
          {t("participant.evaluation.heading")}
        </h2>
        <div class="alert alert-info">
          <div class="alert-body">
            <p class="alert-text">{t("participant.evaluation.anonymous")}</p>
          </div>
        </div>
        {todo.evaluations.length === 0 && <EmptyState>{t("participant.evaluation.none")}</EmptyState>}
        <ul class="participant-list nobullet-list">
          {todo.evaluations.map((workshop) => (
            <li key={workshop.id} class="participant-card">
              <h3 class="h4">{workshop.title}</h3>
              <p class="participant-meta">
                <time dateTime={workshop.starts_at}>{formatDateTime(workshop.starts_at)}</time>
                {workshop.location && <> · {workshop.location}</>}
              </p>
              <button type="button" class="button button-primary" onClick={() => setEvaluating(workshop)}>
                {t("participant.evaluation.evaluate")}
                <span class="sr-only">: {workshop.title}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="follow-ups">
        <h2 id="follow-ups" tabIndex={-1}>
          {t("participant.followUp.heading")}
        </h2>
        <p>{t("participant.followUp.intro")}</p>
        {followUps.length === 0 && <EmptyState>{t("participant.followUp.none")}</EmptyState>}
        <ul class="participant-list nobullet-list">
          {followUps.map((followUp) => (
            <li key={followUp.id} class="participant-card">
              <p>
                {t("participant.followUp.due", {
                  programme: followUp.programme_title,
                  date: formatDate(followUp.due_on),
                })}
              </p>
              <button type="button" class="button button-primary" onClick={() => setAnswering(followUp)}>
                {t("participant.followUp.answer")}
                <span class="sr-only">: {followUp.programme_title}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {target && <GiveFeedback target={target} onClose={() => setTarget(undefined)} onSent={done} />}
      {evaluating && (
        <EvaluateWorkshop workshop={evaluating} onClose={() => setEvaluating(undefined)} onSent={done} />
      )}
      {answering && (
        <AnswerFollowUp followUp={answering} onClose={() => setAnswering(undefined)} onSent={done} />
      )}
    </>
  );
}

interface ReceivedData {
  items: FeedbackRead[];
  titles: Map<string, string>;
  names: Map<string, string>;
}

async function loadReceived() {
  const projects = await loadMyProjects();
  if (projects.problem) return projects;
  const titles = new Map(
    projects.data.projects.flatMap((bundle) => bundle.actions.map((action) => [action.id, action.title] as const)),
  );
  const items = [...projects.data.received].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  const names = await loadNames(items.map((item) => item.author_id));
  return { data: { items, titles, names } satisfies ReceivedData };
}

function Received() {
  const { t, lang, formatDate } = useI18n();
  const query = useQuery(loadReceived, [lang]);
  return (
    <section aria-labelledby="received">
      <h2 id="received">{t("participant.feedback.receivedHeading")}</h2>
      <Async query={query} lines={4}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState>{t("participant.feedback.noReceived")}</EmptyState>
          ) : (
            <ul class="participant-list nobullet-list">
              {data.items.map((item) => (
                <li key={item.id} class="participant-card">
                  <h3 class="h4">{t("participant.feedback.on", { title: data.titles.get(item.trial_action_id) ?? "" })}</h3>
                  <p class="participant-meta">
                    {t("participant.feedback.from", {
                      name: data.names.get(item.author_id) ?? "",
                      kind: t(`participant.kinds.${item.kind}`),
                    })}
                    {" · "}
                    <time dateTime={item.created_at}>{formatDate(item.created_at)}</time>
                  </p>
                  <FeedbackFacts item={item} />
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </section>
  );
}

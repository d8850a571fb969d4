import { Async, EmptyState } from "../../components/Feedback";
import { MeSummary } from "../../components/MeSummary";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { loadMyWorkshops, loadToDo, type ToDo } from "./data";
import { feedbackToGiveFirst, openFollowUps, upcoming } from "./logic";
import { ProgrammesTable, WorkshopList } from "./Programmes";
import { useMyId } from "./parts";
import "./participant.css";

/** The participant's start: what to do now, my programmes and my next workshops. */
export default function ParticipantHome() {
  const { t, lang } = useI18n();
  const myId = useMyId();
  const workshops = useQuery(() => loadMyWorkshops(new Date()), [lang]);
  return (
    <Page title="views.participantHome.title" intro="views.participantHome.intro">
      <ToDoSummary />
      <section aria-labelledby="home-programmes">
        <h2 id="home-programmes">{t("participant.programmesHeading")}</h2>
        <ProgrammesTable personId={myId} />
      </section>
      <section aria-labelledby="home-workshops">
        <h2 id="home-workshops">{t("participant.nextWorkshops")}</h2>
        <Async query={workshops} lines={3}>
          {(items) =>
            items.length === 0 ? (
              <EmptyState>{t("participant.noWorkshops")}</EmptyState>
            ) : (
              <WorkshopList items={upcoming(items, new Date(), 3)} />
            )
          }
        </Async>
        <p>
          <a href="/participant/programmes#calendar">{t("participant.allWorkshops")}</a>
        </p>
      </section>
      <MeSummary />
    </Page>
  );
}

function ToDoSummary() {
  const { t, lang } = useI18n();
  const todo = useQuery(loadToDo, [lang]);
  return (
    <section aria-labelledby="home-todo">
      <h2 id="home-todo">{t("participant.todoHeading")}</h2>
      <Async query={todo} lines={3}>
        {(data) => <ToDoLinks todo={data} />}
      </Async>
    </section>
  );
}

function ToDoLinks({ todo }: { todo: ToDo }) {
  const { t } = useI18n();
  const toGive = feedbackToGiveFirst(todo.toGive).filter((item) => item.given_by_me === 0);
  const feedback = toGive.length + todo.invitations.length;
  const followUps = openFollowUps(todo.followUps).length;
  const links = [
    { count: feedback, href: "/participant/feedback#give", text: t("participant.todoFeedback", { count: feedback }) },
    {
      count: todo.evaluations.length,
      href: "/participant/feedback#evaluations",
      text: t("participant.todoEvaluations", { count: todo.evaluations.length }),
    },
    { count: followUps, href: "/participant/feedback#follow-ups", text: t("participant.todoFollowUps", { count: followUps }) },
  ].filter((link) => link.count > 0);
  return (
    <ul>
      {links.length === 0 && <li>{t("participant.todoNone")}</li>}
      {links.map((link) => (
        <li key={link.href}>
          <a href={link.href}>{link.text}</a>
        </li>
      ))}
      <li>
        <a href="/participant/project">{t("participant.todoProject")}</a>
      </li>
    </ul>
  );
}

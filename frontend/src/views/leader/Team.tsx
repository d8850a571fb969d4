import "../hr/people/orgPeople.css";
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { Async, Confirmation, EmptyState } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { WithdrawButton } from "./Withdraw";
import { type Person, loadEnrolments, loadProgrammes, loadTeam, nameIn } from "./data";

type Project = Schemas["TeamProjectOverview"];

/** My team: the people, their enrolments with status, and their action-learning projects. */
export default function LeaderTeam() {
  const { t, formatNumber } = useI18n();
  const team = useQuery(loadTeam, []);
  const [withdrawn, setWithdrawn] = useState("");
  const enrolments = useQuery(loadEnrolments, [withdrawn]);
  const programmes = useQuery(() => loadProgrammes(), []);
  const projects = useQuery(
    () => call(api.GET("/api/v1/action-learning-projects/team-overview", { params: { query: { limit: 200 } } })),
    [],
  );
  const personName = (id: string) => nameIn(team.data?.items, id, (p) => p.name, t("leaderViews.someoneElse"));

  function enrolmentsOf(person: Person) {
    const mine = enrolments.data?.items.filter((row) => row.person_id === person.id) ?? [];
    if (mine.length === 0) return t("leaderViews.noEnrolment");
    return (
      <ul class="nobullet-list">
        {mine.map((row) => {
          const programme = nameIn(programmes.data?.items, row.programme_id, (p) => p.title, "–");
          return (
            <li key={row.id}>
              {programme}: <span class="op-pill">{t(`participant.enrolmentStatus.${row.status}`)}</span>{" "}
              <WithdrawButton enrolment={row} name={person.name} programme={programme} onDone={setWithdrawn} />
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <Page title="views.leaderTeam.title" intro="views.leaderTeam.intro">
      <section aria-labelledby="team-heading">
        <h2 id="team-heading">{t("leaderViews.teamHeading")}</h2>
        {withdrawn && <Confirmation text={withdrawn} />}
        <Async query={team} lines={6}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>{t("leaderViews.noTeam")}</EmptyState>
            ) : (
              <Table<Person>
                caption={t("leaderViews.teamCaption", { count: formatNumber(page.items.length, 0) })}
                rows={page.items}
                rowKey={(row) => row.id}
                columns={[
                  { key: "name", header: t("common.name"), cell: (row) => row.name },
                  { key: "job", header: t("leaderViews.jobTitle"), cell: (row) => row.job_title ?? "–" },
                  { key: "enrolments", header: t("leaderViews.enrolments"), cell: enrolmentsOf },
                ]}
              />
            )
          }
        </Async>
      </section>
      <section aria-labelledby="projects-heading">
        <h2 id="projects-heading">{t("leaderViews.projectsHeading")}</h2>
        <p>{t("leaderViews.projectsIntro")}</p>
        <Async query={projects} lines={5}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>{t("leaderViews.noProjects")}</EmptyState>
            ) : (
              <Table<Project>
                caption={t("leaderViews.projectsCaption")}
                rows={page.items}
                rowKey={(row) => row.id}
                columns={[
                  { key: "title", header: t("common.titleColumn"), cell: (row) => row.title },
                  { key: "owners", header: t("leaderViews.owners"), cell: (row) => row.owner_ids.map(personName).join(", ") },
                  { key: "phase", header: t("leaderViews.phase"), cell: (row) => t(`participant.phases.${row.phase}`) },
                  { key: "status", header: t("common.status"), cell: (row) => t(`participant.projectStatus.${row.status}`) },
                  {
                    key: "actions",
                    header: t("leaderViews.trialActions"),
                    numeric: true,
                    cell: (row) =>
                      t("leaderViews.trialCounts", {
                        done: formatNumber(row.trial_actions.done ?? 0, 0),
                        planned: formatNumber(row.trial_actions.planned ?? 0, 0),
                      }),
                  },
                  {
                    key: "feedback",
                    header: t("leaderViews.feedback"),
                    numeric: true,
                    cell: (row) => formatNumber(Object.values(row.feedback).reduce((sum, value) => sum + value, 0), 0),
                  },
                ]}
              />
            )
          }
        </Async>
      </section>
    </Page>
  );
}

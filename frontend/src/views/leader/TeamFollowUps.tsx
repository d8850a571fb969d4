import { allPages, api, type Schemas } from "../../api/client";
import { Async, EmptyState } from "../../components/Feedback";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";

type FollowUp = Schemas["TeamFollowUpRead"];

/** The team's transfer follow-ups: due, answered or not, the usage score (never the examples). */
export function TeamFollowUps({ name }: { name: (id: string) => string }) {
  const { t, formatDate, formatNumber } = useI18n();
  const followUps = useQuery(
    () => allPages((cursor) => api.GET("/api/v1/feedback/follow-ups/team", { params: { query: { limit: 200, cursor } } })),
    [],
  );
  return (
    <section aria-labelledby="team-follow-ups-heading">
      <h2 id="team-follow-ups-heading">{t("leaderPractice.followUpsHeading")}</h2>
      <p>{t("leaderPractice.followUpsIntro")}</p>
      <Async query={followUps} lines={3}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState>{t("leaderPractice.noFollowUps")}</EmptyState>
          ) : (
            <Table<FollowUp>
              caption={t("leaderPractice.followUpsCaption")}
              rows={data.items}
              rowKey={(row) => row.id}
              columns={[
                { key: "person", header: t("common.name"), cell: (row) => name(row.person_id) },
                { key: "programme", header: t("leaderPractice.programme"), cell: (row) => row.programme_title },
                { key: "due", header: t("leaderPractice.due"), cell: (row) => formatDate(row.due_on) },
                {
                  key: "answered",
                  header: t("leaderPractice.answered"),
                  cell: (row) => (row.answered_at ? formatDate(row.answered_at) : t("leaderPractice.notAnswered")),
                },
                {
                  key: "usage",
                  header: t("leaderPractice.usage"),
                  numeric: true,
                  cell: (row) => (row.usage === null ? "–" : t("leaderPractice.usageOf5", { usage: formatNumber(row.usage, 0) })),
                },
              ]}
            />
          )
        }
      </Async>
    </section>
  );
}

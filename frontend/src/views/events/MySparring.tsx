/** A leader's sparring meetings: those they are invited to, with their own record (GET /sparring-meetings?mine). */
import { api, call, type Schemas } from "../../api/client";
import { Async, EmptyState } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";

type Meeting = Schemas["SparringMeetingRead"];

export default function MySparringMeetings() {
  const { t, formatDateTime, lang } = useI18n();
  const meetings = useQuery(
    () => call(api.GET("/api/v1/sparring-meetings", { params: { query: { mine: true, limit: 200 } } })),
    [lang],
  );
  return (
    <Page title="events.mySparringTitle" intro="events.mySparringIntro">
      <Async query={meetings} lines={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("events.noMeetings")}</EmptyState>
          ) : (
            <Table<Meeting>
              caption={t("events.mySparringTitle")}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { key: "title", header: t("events.title"), cell: (row) => row.title },
                { key: "when", header: t("common.when"), cell: (row) => formatDateTime(row.starts_at) },
                { key: "where", header: t("events.location"), cell: (row) => row.location || "–" },
                { key: "status", header: t("common.status"), cell: (row) => t(`events.meetingStatuses.${row.status}`) },
                {
                  key: "mine",
                  header: t("events.myStatus"),
                  cell: (row) => (row.my_invitation ? t(`events.statuses.${row.my_invitation.status}`) : "–"),
                },
              ]}
            />
          )
        }
      </Async>
    </Page>
  );
}

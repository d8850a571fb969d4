/** HR sees how many registered interest in a programme, per forvaltning (never who). */
import { api, call } from "../../api/client";
import { Async, EmptyState } from "../../components/Feedback";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";

type ByUnit = { org_unit_id: string | null; name: string; count: number };

export function InterestPanel({ programmeId }: { programmeId: string }) {
  const { t, formatNumber } = useI18n();
  const query = useQuery(
    () => call(api.GET("/api/v1/programmes/{programme_id}/interest", { params: { path: { programme_id: programmeId } } })),
    [programmeId],
  );
  return (
    <section aria-labelledby="interest-heading">
      <h3 id="interest-heading">{t("growth.interestHeading")}</h3>
      <p class="form-hint">{t("growth.interestRules")}</p>
      <Async query={query} lines={2}>
        {(interest) =>
          !interest.count ? (
            <EmptyState>{t("growth.noInterest")}</EmptyState>
          ) : (
            <>
              <p>{t("growth.interestTotal", { count: formatNumber(interest.count, 0) })}</p>
              <Table<ByUnit>
                caption={t("growth.interestCaption")}
                rows={interest.by_org_unit ?? []}
                rowKey={(row) => row.org_unit_id ?? "none"}
                columns={[
                  { key: "unit", header: t("growth.forvaltning"), cell: (row) => (row.org_unit_id ? row.name : t("growth.noUnit")) },
                  { key: "count", header: t("growth.interestCount"), cell: (row) => formatNumber(row.count, 0), numeric: true },
                ]}
              />
            </>
          )
        }
      </Async>
    </section>
  );
}

import { Page } from "../components/Page";
import { useI18n } from "../i18n";

/** When the statement was last reviewed; change it with the content. */
export const STATEMENT_UPDATED = "2026-11-29";

export default function Accessibility() {
  const { t, formatDate } = useI18n();
  return (
    <Page title="accessibility.title" intro="accessibility.intro">
      <h2>{t("accessibility.statusHeading")}</h2>
      <p>{t("accessibility.status")}</p>
      <h2>{t("accessibility.knownHeading")}</h2>
      <p>{t("accessibility.known")}</p>
      <h2>{t("accessibility.reportHeading")}</h2>
      <p>{t("accessibility.report")}</p>
      <h2>{t("accessibility.complaintHeading")}</h2>
      <p>{t("accessibility.complaint")}</p>
      <p>{t("accessibility.updated", { date: formatDate(`${STATEMENT_UPDATED}T12:00:00Z`) })}</p>
    </Page>
  );
}

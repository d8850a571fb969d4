import { Page } from "../../components/Page";
import { PartnerStatisticsView } from "../statistics/PartnerStatisticsView";

/** Anonymous statistics across municipalities as charts with tables (GET /statistics/partner). */
export default function PartnerStatistics() {
  return (
    <Page title="views.partnerStatistics.title" intro="views.partnerStatistics.intro">
      <PartnerStatisticsView />
    </Page>
  );
}

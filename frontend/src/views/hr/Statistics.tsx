import { Page } from "../../components/Page";
import { MunicipalityStatisticsView } from "../statistics/MunicipalityStatistics";

/** The municipality's statistics as charts with tables (GET /statistics/municipality). */
export default function HrStatistics() {
  return (
    <Page title="views.hrStatistics.title" intro="views.hrStatistics.intro">
      <MunicipalityStatisticsView />
    </Page>
  );
}

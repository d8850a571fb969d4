import { Page } from "../../components/Page";
import { MunicipalityStatisticsView } from "./MunicipalityStatistics";

/** A leader's statistics: the same charts, for the units they lead (the API limits the scope). */
export default function LeaderStatistics() {
  return (
    <Page title="views.leaderStatistics.title" intro="views.leaderStatistics.intro">
      <MunicipalityStatisticsView />
    </Page>
  );
}

import { MeSummary } from "../../components/MeSummary";
import { Page } from "../../components/Page";
import { RoleLinks } from "../../components/RoleLinks";

/** The leader home page: who you are and where to go; the view helpers fill in the rest. */
export default function LeaderHome() {
  return (
    <Page title="views.leaderHome.title" intro="views.leaderHome.intro">
      <MeSummary />
      <RoleLinks role="leader" />
    </Page>
  );
}

import { MeSummary } from "../../components/MeSummary";
import { Page } from "../../components/Page";
import { RoleLinks } from "../../components/RoleLinks";

/** The hr home page: who you are and where to go; the view helpers fill in the rest. */
export default function HrHome() {
  return (
    <Page title="views.hrHome.title" intro="views.hrHome.intro">
      <MeSummary />
      <RoleLinks role="hr_admin" />
    </Page>
  );
}

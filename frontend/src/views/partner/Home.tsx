import { MeSummary } from "../../components/MeSummary";
import { Page } from "../../components/Page";
import { RoleLinks } from "../../components/RoleLinks";

/** The partner home page: who you are and where to go; the view helpers fill in the rest. */
export default function PartnerHome() {
  return (
    <Page title="views.partnerHome.title" intro="views.partnerHome.intro">
      <MeSummary />
      <RoleLinks role="partner" />
    </Page>
  );
}

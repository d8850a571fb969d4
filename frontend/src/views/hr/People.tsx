import "./people/orgPeople.css";
import { useState } from "preact/hooks";
import { Page } from "../../components/Page";
import { Tabs } from "../../components/Tabs";
import { useI18n } from "../../i18n";
import { ImportPanel } from "./people/ImportPanel";
import { PeopleList } from "./people/PeopleList";

/** People with search, paging and edit; CSV import with dry run and a progress bar. */
export default function HrPeople() {
  const { t } = useI18n();
  const [generation, setGeneration] = useState(0);
  return (
    <Page title="views.hrPeople.title" intro="views.hrPeople.intro">
      <p>
        <a href="/hr/org-units">{t("orgPeople.toOrgUnits")}</a>
      </p>
      <Tabs
        id="people-tabs"
        label={t("views.hrPeople.title")}
        tabs={[
          { id: "people", label: t("orgPeople.peopleTab"), content: () => <PeopleList generation={generation} /> },
          {
            id: "import",
            label: t("orgPeople.importTab"),
            content: () => <ImportPanel onImported={() => setGeneration((value) => value + 1)} />,
          },
        ]}
      />
    </Page>
  );
}

import "../participant/participant.css";
import { useState } from "preact/hooks";
import { PeoplePicker } from "../../components/PeoplePicker";
import { Page } from "../../components/Page";
import { useI18n } from "../../i18n";
import { PersonPlan } from "../development/PersonPlan";

/** HR sees anyone's development plan and credentials, and revokes a credential issued in error. */
export default function HrDevelopment() {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <Page title="development.hrTitle" intro="development.hrIntro">
      <PeoplePicker name="development-person" legend={t("development.person")} single selected={chosen} onChange={setChosen} />
      {chosen[0] && <PersonPlan personId={chosen[0]} canRevoke />}
    </Page>
  );
}

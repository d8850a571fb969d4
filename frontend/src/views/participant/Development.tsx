import { Async } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { useI18n } from "../../i18n";
import { loadPlan } from "../development/data";
import { CredentialsSection, GoalForm, GoalsSection, ProgrammesAndProjects } from "../development/PlanSections";
import { useMyId, useRefreshable } from "./parts";
import "./participant.css";

/** Min udvikling: my goals for the annual conversation (MUS), programmes and credentials. */
export default function ParticipantDevelopment() {
  const { lang } = useI18n();
  const myId = useMyId();
  // a change swaps the plan in place, so a confirmation in its sections stays
  const [plan, refresh] = useRefreshable(() => loadPlan(), [lang]);
  return (
    <Page title="development.mineTitle" intro="development.mineIntro">
      <Async query={plan} lines={6}>
        {(data) => (
          <>
            <GoalsSection plan={data} me={myId} onChanged={() => void refresh()} />
            <GoalForm onCreated={plan.reload} />
            <CredentialsSection credentials={data.credentials} canExport />
            <ProgrammesAndProjects plan={data} />
          </>
        )}
      </Async>
    </Page>
  );
}

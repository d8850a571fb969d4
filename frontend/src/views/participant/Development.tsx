import { Async } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { loadPlan } from "../development/data";
import { CredentialsSection, GoalForm, GoalsSection, ProgrammesAndProjects } from "../development/PlanSections";
import { useMyId } from "./parts";
import "./participant.css";

/** Min udvikling: my goals for the annual conversation (MUS), programmes and credentials. */
export default function ParticipantDevelopment() {
  const { lang } = useI18n();
  const myId = useMyId();
  const plan = useQuery(() => loadPlan(), [lang]);
  return (
    <Page title="development.mineTitle" intro="development.mineIntro">
      <Async query={plan} lines={6}>
        {(data) => (
          <>
            <GoalsSection plan={data} me={myId} onChanged={plan.reload} />
            <GoalForm onCreated={plan.reload} />
            <CredentialsSection credentials={data.credentials} canExport />
            <ProgrammesAndProjects plan={data} />
          </>
        )}
      </Async>
    </Page>
  );
}

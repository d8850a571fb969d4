/** Another person's development plan: a leader's team member, or anyone for HR (who may revoke credentials). */
import { Async } from "../../components/Feedback";
import { useMyId, useRefreshable } from "../participant/parts";
import { loadPlan } from "./data";
import { CredentialsSection, GoalForm, GoalsSection, ProgrammesAndProjects } from "./PlanSections";

export function PersonPlan({ personId, canRevoke = false }: { personId: string; canRevoke?: boolean }) {
  const myId = useMyId();
  // a change swaps the plan in place, so a confirmation in its sections stays
  const [plan, refresh] = useRefreshable(() => loadPlan(personId), [personId]);
  return (
    <Async query={plan} lines={6}>
      {(data) => (
        <>
          <GoalsSection plan={data} me={myId} onChanged={() => void refresh()} />
          <GoalForm personId={personId} onCreated={plan.reload} />
          <CredentialsSection credentials={data.credentials} canExport={false} onRevoked={canRevoke ? () => void refresh() : undefined} />
          <ProgrammesAndProjects plan={data} />
        </>
      )}
    </Async>
  );
}

import { useState } from "preact/hooks";
import "../participant/participant.css";
import { Async, EmptyState } from "../../components/Feedback";
import { SelectField } from "../../components/Fields";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { PersonPlan } from "../development/PersonPlan";
import { loadTeam } from "./data";

/** A team member's development plan: the goals to agree on at MUS, their programmes and credentials. */
export default function LeaderTeamDevelopment() {
  const { t } = useI18n();
  const team = useQuery(loadTeam, []);
  const [personId, setPersonId] = useState("");
  return (
    <Page title="development.teamTitle" intro="development.teamIntro">
      <Async query={team} lines={2}>
        {(page) => {
          const others = page.items.filter((person) => !person.erased_at);
          return others.length === 0 ? (
            <EmptyState>{t("leaderViews.noTeam")}</EmptyState>
          ) : (
            <SelectField
              id="development-member"
              label={t("development.member")}
              required
              placeholder={t("development.chooseMember")}
              options={others.map((person) => ({ value: person.id, label: person.name }))}
              value={personId}
              onChange={setPersonId}
            />
          );
        }}
      </Async>
      {personId && <PersonPlan personId={personId} />}
    </Page>
  );
}

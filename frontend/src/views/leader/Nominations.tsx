import "../hr/people/orgPeople.css";
import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { fieldErrors } from "../../api/problem";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { SelectField, TextArea } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { WithdrawButton } from "./Withdraw";
import { type Enrolment, type Person, type Programme, loadEnrolments, loadProgrammes, loadTeam, nameIn, ruleLines } from "./data";

/** Nominate a team member for an open programme with the written justification; my team's nominations. */
export default function LeaderNominations() {
  const { t, formatDate } = useI18n();
  const [generation, setGeneration] = useState(0);
  const [withdrawn, setWithdrawn] = useState("");
  const open = useQuery(() => loadProgrammes("open"), []);
  const team = useQuery(loadTeam, []);
  const all = useQuery(() => loadProgrammes(), []);
  const enrolments = useQuery(loadEnrolments, [generation]);
  const personName = (id: string) => nameIn(team.data?.items, id, (p) => p.name, t("leaderViews.someoneElse"));
  const programmeTitle = (id: string) => nameIn(all.data?.items, id, (p) => p.title, "–");

  return (
    <Page title="views.leaderNominations.title" intro="views.leaderNominations.intro">
      <section aria-labelledby="nominate-heading">
        <h2 id="nominate-heading">{t("leaderViews.nominateHeading")}</h2>
        <Async query={open} lines={4}>
          {(programmes) => (
            <Async query={team} lines={4}>
              {(people) =>
                programmes.items.length === 0 ? (
                  <EmptyState>{t("leaderViews.noOpenProgrammes")}</EmptyState>
                ) : people.items.length === 0 ? (
                  <EmptyState>{t("leaderViews.noTeam")}</EmptyState>
                ) : (
                  <NominationForm programmes={programmes.items} people={people.items} onSaved={() => setGeneration((v) => v + 1)} />
                )
              }
            </Async>
          )}
        </Async>
      </section>
      <section aria-labelledby="nominations-heading">
        <h2 id="nominations-heading">{t("leaderViews.nominationsHeading")}</h2>
        {withdrawn && <Confirmation text={withdrawn} />}
        <Async query={enrolments} lines={5}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>{t("leaderViews.noNominations")}</EmptyState>
            ) : (
              <Table<Enrolment>
                caption={t("leaderViews.nominationsCaption")}
                rows={page.items}
                rowKey={(row) => row.id}
                columns={[
                  { key: "person", header: t("common.name"), cell: (row) => personName(row.person_id) },
                  { key: "programme", header: t("leaderViews.programme"), cell: (row) => programmeTitle(row.programme_id) },
                  { key: "status", header: t("common.status"), cell: (row) => <span class="op-pill">{t(`participant.enrolmentStatus.${row.status}`)}</span> },
                  { key: "when", header: t("leaderViews.nominatedOn"), cell: (row) => formatDate(row.created_at) },
                  { key: "why", header: t("leaderViews.justification"), cell: (row) => <span class="op-justification">{row.justification || "–"}</span> },
                  {
                    key: "withdraw",
                    header: t("nominationWithdrawal.column"),
                    cell: (row) => (
                      <WithdrawButton
                        enrolment={row}
                        name={personName(row.person_id)}
                        programme={programmeTitle(row.programme_id)}
                        onDone={(text) => {
                          setWithdrawn(text);
                          setGeneration((v) => v + 1);
                        }}
                      />
                    ),
                  },
                ]}
              />
            )
          }
        </Async>
      </section>
    </Page>
  );
}

function NominationForm(props: { programmes: readonly Programme[]; people: readonly Person[]; onSaved: () => void }) {
  const { t, formatNumber } = useI18n();
  const [programmeId, setProgrammeId] = useState(props.programmes.length === 1 ? (props.programmes[0]?.id ?? "") : "");
  const [personId, setPersonId] = useState("");
  const [justification, setJustification] = useState("");
  const [challenge, setChallenge] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const programme = props.programmes.find((item) => item.id === programmeId);
  const minimum = programme?.rules.justification_required ? Math.max(1, programme.rules.justification_min_length) : 0;
  const errors = fieldErrors(problem ?? undefined);

  async function submit(event: Event) {
    event.preventDefault();
    setSaving(true);
    const result = await call(
      api.POST("/api/v1/enrolments", {
        body: { programme_id: programmeId, person_id: personId, justification, team_challenge: challenge },
      }),
    );
    setSaving(false);
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    announce(t("leaderViews.nominated", { name: props.people.find((p) => p.id === personId)?.name ?? "" }));
    setPersonId("");
    setJustification("");
    setChallenge("");
    props.onSaved();
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-describedby={problem ? "nomination-problem" : undefined}>
      <SelectField
        id="nomination-programme"
        label={t("leaderViews.programme")}
        options={props.programmes.map((item) => ({ value: item.id, label: item.title }))}
        placeholder={t("leaderViews.choose")}
        value={programmeId}
        onChange={setProgrammeId}
        error={errors.programme_id}
        required
      />
      {programme && (
        <div class="op-rules" id="nomination-rules">
          <h3>{t("leaderViews.rulesHeading")}</h3>
          <ul>
            {ruleLines(programme.rules).map((line) => (
              <li key={line.key}>{t(line.key, line.values)}</li>
            ))}
          </ul>
        </div>
      )}
      <SelectField
        id="nomination-person"
        label={t("leaderViews.person")}
        options={props.people.map((person) => ({ value: person.id, label: person.job_title ? `${person.name} (${person.job_title})` : person.name }))}
        placeholder={t("leaderViews.choose")}
        value={personId}
        onChange={setPersonId}
        error={errors.person_id}
        required
      />
      <TextArea
        id="nomination-justification"
        label={t("leaderViews.justification")}
        hint={
          minimum > 0
            ? t("leaderViews.justificationHint", { min: formatNumber(minimum, 0), count: formatNumber(justification.trim().length, 0) })
            : t("leaderViews.justificationOptional")
        }
        value={justification}
        onInput={setJustification}
        error={
          errors.justification && minimum > 0 && justification.trim().length < minimum
            ? t("leaderViews.justificationTooShort", { min: formatNumber(minimum, 0) })
            : errors.justification
        }
        required={minimum > 0}
        rows={5}
        maxLength={5000}
      />
      <TextArea id="nomination-challenge" label={t("leaderViews.teamChallenge")} hint={t("leaderViews.teamChallengeHint")} value={challenge} onInput={setChallenge} error={errors.team_challenge} rows={3} />
      {problem && (
        <div id="nomination-problem">
          <ProblemMessage problem={problem} />
        </div>
      )}
      <button type="submit" class="button button-primary" disabled={saving || !programmeId || !personId}>
        {t("leaderViews.nominate")}
      </button>
    </form>
  );
}

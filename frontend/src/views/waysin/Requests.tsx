import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, EmptyState, ProblemMessage } from "../../components/Feedback";
import { SelectField, TextArea } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { type Person, type Programme, loadProgrammes, loadTeam, nameIn } from "../leader/data";
import { type EnrolmentRequest, type TeamResult, loadOrgUnits, loadPendingRequests } from "./data";

/** A leader answers their team's requests for a place, and nominates a whole team at once. */
export default function LeaderRequests() {
  const { t } = useI18n();
  const [generation, setGeneration] = useState(0);
  const pending = useQuery(loadPendingRequests, [generation]);
  const team = useQuery(loadTeam, []);
  const programmes = useQuery(() => loadProgrammes("open"), []);
  return (
    <Page title="waysIn.requestsTitle" intro="waysIn.requestsIntro">
      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t("waysIn.pendingHeading")}</h2>
        <Async query={pending} lines={3}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>{t("waysIn.noPending")}</EmptyState>
            ) : (
              <ul class="nobullet-list">
                {page.items.map((request) => (
                  <Answer
                    key={request.id}
                    request={request}
                    person={nameIn(team.data?.items, request.person_id, (p) => p.name, t("leaderViews.someoneElse"))}
                    programme={nameIn(programmes.data?.items, request.programme_id, (p) => p.title, "–")}
                    onAnswered={() => setGeneration((v) => v + 1)}
                  />
                ))}
              </ul>
            )
          }
        </Async>
      </section>
      <section aria-labelledby="team-heading">
        <h2 id="team-heading">{t("waysIn.teamHeading")}</h2>
        <Async query={programmes} lines={3}>
          {(open) => (
            <Async query={team} lines={3}>
              {(people) => <TeamNomination programmes={open.items} people={people.items} />}
            </Async>
          )}
        </Async>
      </section>
    </Page>
  );
}

function Answer(props: { request: EnrolmentRequest; person: string; programme: string; onAnswered: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const path = { params: { path: { request_id: props.request.id } } };

  async function answer(endorse: boolean) {
    const result = endorse
      ? await call(api.POST("/api/v1/enrolment-requests/{request_id}/endorse", { ...path, body: { justification: text } }))
      : await call(api.POST("/api/v1/enrolment-requests/{request_id}/decline", { ...path, body: { note: text } }));
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    announce(t(endorse ? "waysIn.endorsed" : "waysIn.declined"));
    props.onAnswered();
  }

  return (
    <li class="participant-card">
      <h3 class="h4">{`${props.person} – ${props.programme}`}</h3>
      <p>{props.request.motivation}</p>
      <TextArea id={`answer-${props.request.id}`} label={t("waysIn.answerText")} hint={t("waysIn.answerHint")} value={text} onInput={setText} rows={3} maxLength={5000} />
      {problem && <ProblemMessage problem={problem} />}
      <button type="button" class="button button-primary" onClick={() => void answer(true)}>
        {t("waysIn.endorse")}
      </button>
      <button type="button" class="button button-secondary" onClick={() => void answer(false)}>
        {t("waysIn.decline")}
      </button>
    </li>
  );
}

function TeamNomination(props: { programmes: readonly Programme[]; people: readonly Person[] }) {
  const { t, formatNumber } = useI18n();
  const units = useQuery(loadOrgUnits, []);
  const [programmeId, setProgrammeId] = useState("");
  const [unitId, setUnitId] = useState("");
  const [justification, setJustification] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<TeamResult | null>(null);
  const teamUnits = new Set(props.people.map((person) => person.org_unit_id));

  async function submit(event: Event) {
    event.preventDefault();
    const sent = await call(
      api.POST("/api/v1/team-nominations", { body: { programme_id: programmeId, org_unit_id: unitId, justification } }),
    );
    if (sent.problem) {
      setProblem(sent.problem);
      return;
    }
    setProblem(null);
    setResult(sent.data);
    announce(t("waysIn.teamNominated", { count: formatNumber(sent.data.counts.nominated ?? 0, 0) }));
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <SelectField
        id="team-programme"
        label={t("leaderViews.programme")}
        options={props.programmes.map((item) => ({ value: item.id, label: item.title }))}
        placeholder={t("leaderViews.choose")}
        value={programmeId}
        onChange={setProgrammeId}
        required
      />
      <SelectField
        id="team-unit"
        label={t("waysIn.teamUnit")}
        options={(units.data?.items ?? []).filter((unit) => teamUnits.has(unit.id)).map((unit) => ({ value: unit.id, label: unit.name }))}
        placeholder={t("leaderViews.choose")}
        value={unitId}
        onChange={setUnitId}
        required
      />
      <TextArea id="team-justification" label={t("leaderViews.justification")} value={justification} onInput={setJustification} rows={4} maxLength={5000} />
      {problem && <ProblemMessage problem={problem} />}
      <button type="submit" class="button button-primary" disabled={!programmeId || !unitId}>
        {t("waysIn.nominateTeam")}
      </button>
      {result && (
        <p role="status">
          {t("waysIn.teamResult", {
            nominated: formatNumber(result.counts.nominated ?? 0, 0),
            already: formatNumber(result.counts.already_enrolled ?? 0, 0),
            notEligible: formatNumber(result.counts.not_eligible ?? 0, 0),
          })}
        </p>
      )}
    </form>
  );
}

import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { TextArea } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { WithdrawRequest } from "../growth/Withdraw";
import { useMyId } from "../participant/parts";
import { type CatalogueEntry, loadCatalogue, loadMyPendingRequests, mayAsk } from "./data";

/** The programmes I could join: ask for a place with my motivation, or register interest. */
export default function Catalogue() {
  const { t, lang } = useI18n();
  const [generation, setGeneration] = useState(0);
  const query = useQuery(loadCatalogue, [generation, lang]);
  const myId = useMyId();
  const pending = useQuery(() => loadMyPendingRequests(myId), [generation, myId]);
  const [confirmation, setConfirmation] = useState("");
  const requestOf = (programmeId: string) => pending.data?.items.find((item) => item.programme_id === programmeId)?.id;
  return (
    <Page title="waysIn.catalogueTitle" intro="waysIn.catalogueIntro">
      {confirmation && <Confirmation text={confirmation} />}
      <Async query={query} lines={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("waysIn.noProgrammes")}</EmptyState>
          ) : (
            <ul class="nobullet-list">
              {page.items.map((entry) => (
                <Entry
                  key={entry.programme_id}
                  entry={entry}
                  requestId={requestOf(entry.programme_id)}
                  onChanged={() => setGeneration((v) => v + 1)}
                  onWithdrawn={(text) => {
                    setConfirmation(text);
                    setGeneration((v) => v + 1);
                  }}
                />
              ))}
            </ul>
          )
        }
      </Async>
    </Page>
  );
}

function Entry(props: {
  entry: CatalogueEntry;
  requestId: string | undefined;
  onChanged: () => void;
  onWithdrawn: (text: string) => void;
}) {
  const { entry, onChanged } = props;
  const { t, formatDate, formatNumber } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const interestPath = { params: { path: { programme_id: entry.programme_id } } };

  async function toggleInterest() {
    const result = entry.interest_registered
      ? await call(api.DELETE("/api/v1/programmes/{programme_id}/interest", interestPath))
      : await call(api.POST("/api/v1/programmes/{programme_id}/interest", interestPath));
    setProblem(result.problem ?? null);
    if (!result.problem) {
      announce(t(entry.interest_registered ? "waysIn.interestWithdrawn" : "waysIn.interestRegistered"));
      onChanged();
    }
  }

  return (
    <li class="participant-card">
      <h2 class="h4">{entry.title}</h2>
      <dl class="praksis-facts">
        {entry.target_group && (
          <>
            <dt>{t("waysIn.targetGroup")}</dt>
            <dd>{entry.target_group}</dd>
          </>
        )}
        {entry.starts_on && (
          <>
            <dt>{t("common.when")}</dt>
            <dd>{entry.ends_on ? `${formatDate(entry.starts_on)} – ${formatDate(entry.ends_on)}` : formatDate(entry.starts_on)}</dd>
          </>
        )}
        <dt>{t("waysIn.seatsLeft")}</dt>
        <dd>{entry.seats_left == null ? t("waysIn.noCohortYet") : formatNumber(entry.seats_left, 0)}</dd>
        {entry.interest_count != null && (
          <>
            <dt>{t("waysIn.interestCount")}</dt>
            <dd>{formatNumber(entry.interest_count, 0)}</dd>
          </>
        )}
        {entry.my_request_status && (
          <>
            <dt>{t("waysIn.myRequest")}</dt>
            <dd>{t(`waysIn.requestStatus.${entry.my_request_status}`)}</dd>
          </>
        )}
      </dl>
      {entry.status === "draft" && <p>{t("waysIn.draftForInterest")}</p>}
      {!entry.eligible && <p>{t("waysIn.notEligible")}</p>}
      {entry.eligible && (
        <button type="button" class="button button-secondary" onClick={() => void toggleInterest()}>
          {t(entry.interest_registered ? "waysIn.withdrawInterest" : "waysIn.registerInterest")}
        </button>
      )}
      {problem && <ProblemMessage problem={problem} />}
      {mayAsk(entry) && <AskForPlace entry={entry} onAsked={onChanged} />}
      {entry.my_request_status === "pending" && props.requestId && (
        <WithdrawRequest requestId={props.requestId} title={entry.title} onWithdrawn={props.onWithdrawn} />
      )}
    </li>
  );
}

function AskForPlace({ entry, onAsked }: { entry: CatalogueEntry; onAsked: () => void }) {
  const { t } = useI18n();
  const [motivation, setMotivation] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const id = `ask-${entry.programme_id}`;

  async function submit(event: Event) {
    event.preventDefault();
    const result = await call(
      api.POST("/api/v1/enrolment-requests", { body: { programme_id: entry.programme_id, motivation } }),
    );
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    announce(t("waysIn.asked"));
    onAsked();
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <TextArea id={id} label={t("waysIn.motivation")} hint={t("waysIn.motivationHint")} value={motivation} onInput={setMotivation} rows={3} maxLength={2000} required />
      {problem && <ProblemMessage problem={problem} />}
      <button type="submit" class="button button-primary" disabled={!motivation.trim()}>
        {t("waysIn.askForPlace")}
      </button>
    </form>
  );
}

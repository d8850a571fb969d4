import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, Confirmation, ProblemMessage } from "../../components/Feedback";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";

type Workshop = Schemas["WorkshopRead"];
type Summary = Schemas["EvaluationSummary"];
type Question = keyof Schemas["EvaluationResults"];
const QUESTIONS: readonly Question[] = ["relevance", "learning", "usefulness"];
const SCALE = [1, 2, 3, 4, 5] as const;
/** The API's minimum (it says so in every summary; 5 when a response leaves it out). */
const minimumOf = (summary: Summary) => summary.minimum_responses ?? 5;

/** A workshop's anonymous evaluation: the count always; results once released and from enough answers. */
export function EvaluationSummary({ workshop, onClose }: { workshop: Workshop; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const summary = useQuery(
    () =>
      call(
        api.GET("/api/v1/feedback/workshop-evaluations/{workshop_id}/summary", {
          params: { path: { workshop_id: workshop.id } },
        }),
      ),
    [workshop.id],
  );
  const [confirmation, setConfirmation] = useState("");
  return (
    <section aria-labelledby="evaluation-heading" class="praksis-panel">
      <h2 id="evaluation-heading">{t("evaluationSummary.heading", { title: workshop.title })}</h2>
      <p>
        {formatDateTime(workshop.starts_at)} · {workshop.location}
      </p>
      <button type="button" class="button button-tertiary" onClick={onClose}>
        {t("facilitator.back")}
      </button>
      {confirmation && <Confirmation text={confirmation} />}
      <Async query={summary} lines={6}>
        {(data) => (
          <SummaryBody
            summary={data}
            onReleased={() => {
              setConfirmation(t("evaluationSummary.released", { title: workshop.title }));
              summary.reload();
            }}
          />
        )}
      </Async>
    </section>
  );
}

function SummaryBody({ summary, onReleased }: { summary: Summary; onReleased: () => void }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const min = formatNumber(minimumOf(summary), 0);
  return (
    <>
      <p>
        <strong>{t("evaluationSummary.responses", { count: formatNumber(summary.responses, 0) })}</strong>
      </p>
      <ul>
        <li>{t("evaluationSummary.ruleAnonymous")}</li>
        <li>{t("evaluationSummary.ruleMinimum", { min })}</li>
        <li>{t("evaluationSummary.ruleRelease")}</li>
      </ul>
      {summary.released_at === null ? (
        <Release summary={summary} onReleased={onReleased} />
      ) : (
        <p>{t("evaluationSummary.releasedAt", { when: formatDateTime(summary.released_at) })}</p>
      )}
      {summary.released_at !== null && summary.results === null && (
        <p class="empty-state">{t("evaluationSummary.tooFew", { min })}</p>
      )}
      {summary.results && <Results results={summary.results} comments={summary.comments ?? []} />}
    </>
  );
}

function Release({ summary, onReleased }: { summary: Summary; onReleased: () => void }) {
  const { t, formatNumber } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const enough = summary.responses >= minimumOf(summary);

  async function release() {
    setBusy(true);
    setProblem(undefined);
    const result = await call(
      api.POST("/api/v1/feedback/workshop-evaluations/{workshop_id}/release", {
        params: { path: { workshop_id: summary.workshop_id } },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setAsking(false);
    onReleased();
  }

  return (
    <div class="praksis-panel">
      <p>
        {enough
          ? t("evaluationSummary.notReleased")
          : t("evaluationSummary.notEnough", { min: formatNumber(minimumOf(summary), 0) })}
      </p>
      {problem && <ProblemMessage problem={problem} />}
      {asking ? (
        <div role="group" aria-labelledby="release-question">
          <p id="release-question">
            <strong>{t("evaluationSummary.confirmQuestion")}</strong>
          </p>
          <div class="praksis-actions">
            <button type="button" class="button button-primary" disabled={busy} onClick={() => void release()}>
              {t("evaluationSummary.confirmRelease")}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setAsking(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="button button-secondary" onClick={() => setAsking(true)}>
          {t("evaluationSummary.release")}
        </button>
      )}
    </div>
  );
}

function Results({ results, comments }: { results: Schemas["EvaluationResults"]; comments: readonly string[] }) {
  const { t, formatNumber } = useI18n();
  return (
    <>
      <Table<Question>
        caption={t("evaluationSummary.caption")}
        rows={QUESTIONS}
        rowKey={(question) => question}
        columns={[
          { key: "question", header: t("evaluationSummary.question"), cell: (q) => t(`evaluationSummary.questions.${q}`) },
          { key: "average", header: t("evaluationSummary.average"), numeric: true, cell: (q) => formatNumber(results[q].average, 2) },
          ...SCALE.map((value, index) => ({
            key: `n${value}`,
            header: t("evaluationSummary.answered", { value }),
            numeric: true,
            cell: (q: Question) => formatNumber(results[q].distribution[index] ?? 0, 0),
          })),
        ]}
      />
      <h3>{t("evaluationSummary.comments")}</h3>
      {comments.length === 0 ? (
        <p class="empty-state">{t("evaluationSummary.noComments")}</p>
      ) : (
        <ul class="praksis-comments">
          {comments.map((comment, index) => (
            <li key={index}>{comment}</li>
          ))}
        </ul>
      )}
    </>
  );
}

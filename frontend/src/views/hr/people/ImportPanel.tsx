import { useState } from "preact/hooks";
import { api, call } from "../../../api/client";
import type { Problem } from "../../../api/problem";
import { EmptyState, ProblemMessage } from "../../../components/Feedback";
import { announce } from "../../../components/LiveRegion";
import { ProgressBar } from "../../../components/ProgressBar";
import { Table } from "../../../components/Table";
import { useI18n } from "../../../i18n";
import { emptyResult, mergeResult, splitCsv, type CsvChunk, type ImportLine, type ImportResult } from "./csvChunks";

const CHUNK_RECORDS = 25;

function sendChunk(chunk: CsvChunk, dryRun: boolean, key: string) {
  return call(
    api.POST("/api/v1/people/import", {
      params: { query: { dry_run: dryRun }, header: dryRun ? {} : { "Idempotency-Key": key } },
      body: chunk.body,
      bodySerializer: (body: string) => body,
      headers: { "Content-Type": "text/csv; charset=utf-8" },
    }),
  );
}

type Stage = "choose" | "checking" | "checked" | "importing" | "imported";

/** CSV import: dry run first (per-line result), then the import, both chunk by chunk. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t, formatNumber } = useI18n();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [stage, setStage] = useState<Stage>("choose");
  const [done, setDone] = useState(0);
  const [total, setTotal] = useState(0);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function choose(input: HTMLInputElement) {
    const chosen = input.files?.[0];
    setResult(null);
    setProblem(null);
    setStage("choose");
    setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    const { chunks, records } = splitCsv(file.text, CHUNK_RECORDS);
    const runId = crypto.randomUUID();
    setStage(dryRun ? "checking" : "importing");
    setProblem(null);
    setDone(0);
    setTotal(records);
    let merged = emptyResult(dryRun);
    for (const [index, chunk] of chunks.entries()) {
      const answer = await sendChunk(chunk, dryRun, `${runId}-${index}`);
      if (answer.problem) {
        setProblem(answer.problem);
        setResult(index > 0 ? merged : null);
        setStage(dryRun || index === 0 ? "choose" : "imported");
        return;
      }
      merged = mergeResult(merged, answer.data, chunk);
      setDone((value) => value + chunk.records);
      setResult(merged);
    }
    setStage(dryRun ? "checked" : "imported");
    announce(t(dryRun ? "orgPeople.importChecked" : "orgPeople.importDone", summaryWords(merged)));
    if (!dryRun) onImported();
  }

  function summaryWords(value: ImportResult) {
    const s = value.summary;
    return {
      created: formatNumber(s.created, 0),
      updated: formatNumber(s.updated, 0),
      unchanged: formatNumber(s.unchanged, 0),
      rejected: formatNumber(s.rejected, 0),
    };
  }

  const busy = stage === "checking" || stage === "importing";
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t("orgPeople.importHeading")}</h2>
      <p>{t("orgPeople.importHelp")}</p>
      <div class="form-group">
        <label class="form-label" for="import-file">
          {t("orgPeople.importFile")}
        </label>
        <span class="form-hint" id="import-file-hint">
          {t("orgPeople.importFileHint")}
        </span>
        <input
          id="import-file"
          type="file"
          class="form-file-input"
          accept=".csv,text/csv"
          aria-describedby="import-file-hint"
          disabled={busy}
          onChange={(event) => void choose(event.currentTarget)}
        />
      </div>
      <div class="op-actions">
        <button type="button" class="button button-secondary" disabled={!file || busy} onClick={() => void run(true)}>
          {t("orgPeople.importDryRun")}
        </button>
        <button
          type="button"
          class="button button-primary"
          disabled={stage !== "checked" || busy}
          onClick={() => void run(false)}
        >
          {t("orgPeople.importRun")}
        </button>
      </div>
      {stage === "choose" && file && !problem && <p class="form-hint">{t("orgPeople.importFirstCheck")}</p>}
      {(busy || result) && (
        <ProgressBar id="import-progress" label={t("orgPeople.importProgress")} done={done} total={total} />
      )}
      {problem && <ProblemMessage problem={problem} />}
      {result && !busy && <ImportOutcome result={result} words={summaryWords(result)} />}
    </section>
  );
}

const OUTCOME_CLASS: Record<ImportLine["outcome"], string> = {
  created: "op-pill op-pill-success",
  updated: "op-pill op-pill-info",
  unchanged: "op-pill",
  rejected: "op-pill op-pill-error",
};

function ImportOutcome({ result, words }: { result: ImportResult; words: Record<string, string> }) {
  const { t } = useI18n();
  return (
    <div class="import-result">
      <p class="alert-text" id="import-summary">
        {t(result.dry_run ? "orgPeople.importChecked" : "orgPeople.importDone", words)}
      </p>
      {result.lines.length === 0 ? (
        <EmptyState>{t("orgPeople.importNoLines")}</EmptyState>
      ) : (
        <Table<ImportLine>
          caption={t(result.dry_run ? "orgPeople.importDryCaption" : "orgPeople.importCaption")}
          rows={result.lines}
          rowKey={(row) => String(row.line)}
          columns={[
            { key: "line", header: t("orgPeople.line"), cell: (row) => row.line, numeric: true },
            { key: "external", header: t("orgPeople.externalId"), cell: (row) => row.external_id ?? "–" },
            {
              key: "outcome",
              header: t("orgPeople.outcome"),
              cell: (row) => <span class={OUTCOME_CLASS[row.outcome]}>{t(`orgPeople.outcomes.${row.outcome}`)}</span>,
            },
            {
              key: "reasons",
              header: t("orgPeople.reasons"),
              cell: (row) =>
                row.errors.length === 0 ? (
                  ""
                ) : (
                  <ul class="nobullet-list">
                    {row.errors.map((error) => (
                      <li key={`${error.field ?? ""}${error.message}`}>
                        {error.field && <strong>{error.field}: </strong>}
                        {error.message}
                      </li>
                    ))}
                  </ul>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}

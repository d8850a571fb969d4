/**
 * GDPR art. 15: everything Praksis holds on a person as one JSON file — the person's own
 * (GET /me/export, on their home page) or, for HR answering a request, anyone's
 * (GET /people/{id}/export, in the HR people list).
 */
import { useState } from "preact/hooks";
import { api, call, type Result } from "../api/client";
import type { Problem } from "../api/problem";
import { useI18n } from "../i18n";
import { saveBlob } from "../lib/files";
import { Confirmation, ProblemMessage } from "./Feedback";


/** "praksis-data-soeren-oestergaard-2026-12-03.json": who and which day, safe in any file system. */
export function exportFilename(name: string, today: Date = new Date()): string {
  const slug = name
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/[øö]/g, "oe")
    .replace(/[åä]/g, "aa")
    .normalize("NFD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `praksis-data-${slug || "person"}-${today.toISOString().slice(0, 10)}.json`;
}

export function myExport(): Promise<Result<Blob>> {
  return call<Blob>(api.GET("/api/v1/me/export", { parseAs: "blob" }));
}

export function personExport(personId: string): Promise<Result<Blob>> {
  return call<Blob>(api.GET("/api/v1/people/{person_id}/export", { params: { path: { person_id: personId } }, parseAs: "blob" }));
}

/** Fetches the export and saves it; returns the file name, or the problem. */
export async function downloadExport(load: () => Promise<Result<Blob>>, name: string): Promise<Result<string>> {
  const result = await load();
  if (result.problem) return result;
  const filename = exportFilename(name);
  saveBlob(new Blob([result.data], { type: "application/json" }), filename);
  return { data: filename };
}

/** The signed-in person's own data, with what it holds said first. */
export function MyDataExport({ name }: { name: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [done, setDone] = useState("");
  async function download() {
    setBusy(true);
    setProblem(undefined);
    const result = await downloadExport(myExport, name);
    setBusy(false);
    if (result.problem) setProblem(result.problem);
    else setDone(t("gdpr.myExported", { file: result.data }));
  }
  return (
    <section aria-labelledby="my-data-heading">
      <h3 id="my-data-heading">{t("gdpr.myHeading")}</h3>
      <p>{t("gdpr.myIntro")}</p>
      {problem && <ProblemMessage problem={problem} />}
      <button type="button" class="button button-secondary" disabled={busy} onClick={() => void download()}>
        {t("gdpr.myExport")}
      </button>
      {done && <Confirmation text={done} />}
    </section>
  );
}

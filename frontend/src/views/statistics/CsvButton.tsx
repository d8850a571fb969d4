import { useState } from "preact/hooks";
import type { Result } from "../../api/client";
import type { Problem } from "../../api/problem";
import { announce } from "../../components/LiveRegion";
import { ProblemMessage } from "../../components/Feedback";
import { useI18n } from "../../i18n";
import { saveBlob } from "./download";

export interface CsvDownload {
  download: () => void;
  busy: boolean;
  problem?: Problem;
}

/** The API's CSV export as a file download; every chart's CSV button and the page's share it. */
export function useCsv(load: () => Promise<Result<Blob>>, filename: string): CsvDownload {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  function download() {
    setBusy(true);
    setProblem(undefined);
    void load().then((result) => {
      setBusy(false);
      if (result.problem) {
        setProblem(result.problem);
        return;
      }
      saveBlob(result.data, filename);
      announce(t("statistics.csvSaved"));
    });
  }
  return { download, busy, problem };
}

/** The page's "all figures as CSV" button (or `label`'s), with progress and a kind error if it
 *  fails. */
export function CsvButton({ csv, label, busyLabel }: { csv: CsvDownload; label?: string; busyLabel?: string }) {
  const { t } = useI18n();
  return (
    <div class="stats-csv">
      <button type="button" class="button button-secondary" disabled={csv.busy} onClick={csv.download}>
        {csv.busy ? (busyLabel ?? t("statistics.csvBusy")) : (label ?? t("statistics.csvAll"))}
      </button>
      {csv.problem && <ProblemMessage problem={csv.problem} />}
    </div>
  );
}

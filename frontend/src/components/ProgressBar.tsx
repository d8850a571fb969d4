import { useI18n } from "../i18n";

/** A labelled progress bar (e.g. a CSV import): native <progress> plus "12 of 40". */
export function ProgressBar({ id, label, done, total }: {
  id: string;
  label: string;
  done: number;
  total: number;
}) {
  const { t, formatNumber } = useI18n();
  return (
    <div class="form-group progress-group">
      <label class="form-label" for={id}>
        {label}
      </label>
      <progress id={id} class="praksis-progress" max={Math.max(total, 1)} value={done} />
      <span class="form-hint" aria-hidden="true">
        {t("common.progress", { done: formatNumber(done, 0), total: formatNumber(total, 0) })}
      </span>
    </div>
  );
}

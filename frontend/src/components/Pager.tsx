/** Previous/next through a cursor-paged list; `cursors` is the stack of pages seen (null: the first). */
import { useI18n } from "../i18n";

export function Pager(props: { cursors: readonly (string | null)[]; next: string | null | undefined; onChange: (cursors: (string | null)[]) => void }) {
  const { t } = useI18n();
  const { cursors, next, onChange } = props;
  return (
    <nav class="op-pager" aria-label={t("orgPeople.paging")}>
      <button type="button" class="button button-secondary" disabled={cursors.length === 1} onClick={() => onChange(cursors.slice(0, -1))}>
        {t("orgPeople.previous")}
      </button>
      <span>{t("orgPeople.pageNumber", { page: String(cursors.length) })}</span>
      <button type="button" class="button button-secondary" disabled={!next} onClick={() => onChange([...cursors, next ?? null])}>
        {t("orgPeople.next")}
      </button>
    </nav>
  );
}

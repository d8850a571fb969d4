import "./people/orgPeople.css";
import "./audit/audit.css";
import { useState } from "preact/hooks";
import { api, call, type Result } from "../../api/client";
import { Async, EmptyState } from "../../components/Feedback";
import { SelectField, TextField } from "../../components/Fields";
import { Page } from "../../components/Page";
import { Pager } from "../../components/Pager";
import { PeoplePicker } from "../../components/PeoplePicker";
import { Table } from "../../components/Table";
import { nameOf, usePeople } from "../../hooks/usePeople";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { CsvButton, useCsv } from "../statistics/CsvButton";
import {
  AUDIT_ACTIONS,
  AUDIT_OBJECTS,
  type AuditEvent,
  type AuditFilters,
  type AuditQuery,
  actionKey,
  auditCsvName,
  auditQuery,
  changeLines,
  datesReversed,
  defaultFilters,
  objectKey,
  valueText,
} from "./audit/logic";

const PAGE_SIZE = 50;

function auditCsv(query: AuditQuery): Promise<Result<Blob>> {
  return call<Blob>(api.GET("/api/v1/audit", { params: { query: { ...query, format: "csv" } }, parseAs: "blob" }));
}

/** The municipality's audit trail (HR): filters the API offers, pages, and the whole selection
 *  as CSV. */
export default function HrAudit() {
  const { t, lang, formatDateTime } = useI18n();
  const [draft, setDraft] = useState<AuditFilters>(() => defaultFilters());
  const [filters, setFilters] = useState<AuditFilters>(draft);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const query = auditQuery(filters);
  const events = useQuery(
    () => call(api.GET("/api/v1/audit", { params: { query: { ...query, limit: PAGE_SIZE, cursor } }, headers: { Accept: "application/json" } })),
    [JSON.stringify(query), cursor],
  );
  const items = events.status === "success" && typeof events.data === "object" ? events.data.items : [];
  const people = usePeople(items.flatMap((event) => (event.actor_person_id ? [event.actor_person_id] : [])));
  const csv = useCsv(() => auditCsv(query), auditCsvName());
  const set = (field: keyof AuditFilters) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const reversed = datesReversed(draft);

  function show(next: AuditFilters) {
    setDraft(next);
    setFilters(next);
    setCursors([null]);
  }

  const actionLabel = (action: string) => {
    const key = actionKey(lang, action);
    return key ? t(key) : action;
  };
  const objectLabel = (objectType: string) => {
    const key = objectKey(lang, objectType);
    return key ? t(key) : objectType;
  };
  const who = (event: AuditEvent) =>
    event.actor_person_id
      ? nameOf(people.data.items, event.actor_person_id)
      : t("audit.integration", { client: event.actor_client ?? "?" });

  return (
    <Page title="audit.title" intro="audit.intro">
      <form
        class="praksis-audit-filters"
        aria-labelledby="audit-filters-heading"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reversed) show(draft);
        }}
      >
        <h2 id="audit-filters-heading">{t("audit.filters")}</h2>
        <SelectField
          id="audit-action"
          label={t("audit.action")}
          placeholder={t("audit.any")}
          options={AUDIT_ACTIONS.map((action) => ({ value: action, label: actionLabel(action) }))}
          value={draft.action}
          onChange={set("action")}
        />
        <SelectField
          id="audit-object-type"
          label={t("audit.objectType")}
          placeholder={t("audit.any")}
          options={AUDIT_OBJECTS.map((objectType) => ({ value: objectType, label: objectLabel(objectType) }))}
          value={draft.objectType}
          onChange={set("objectType")}
        />
        <TextField id="audit-object-id" label={t("audit.objectId")} hint={t("audit.objectIdHint")} value={draft.objectId} onInput={set("objectId")} />
        <PeoplePicker
          name="audit-actor"
          legend={t("audit.actor")}
          hint={t("audit.actorHint")}
          single
          selected={draft.actorId ? [draft.actorId] : []}
          onChange={(chosen) => set("actorId")(chosen[chosen.length - 1] ?? "")}
        />
        <TextField id="audit-from" type="date" label={t("audit.from")} hint={t("audit.fromHint")} value={draft.from} onInput={set("from")} />
        <TextField id="audit-to" type="date" label={t("audit.to")} value={draft.to} onInput={set("to")} error={reversed ? t("audit.badDates") : undefined} />
        <div class="praksis-actions">
          <button type="submit" class="button button-primary">
            {t("audit.apply")}
          </button>
          <button type="button" class="button button-secondary" onClick={() => show(defaultFilters())}>
            {t("audit.reset")}
          </button>
        </div>
      </form>
      <CsvButton csv={csv} label={t("audit.csv")} busyLabel={t("audit.csvBusy")} />
      <Async query={events} lines={8}>
        {(page) =>
          typeof page === "string" ? null : (
            <>
              {page.items.length === 0 ? (
                <EmptyState>{t("audit.noEvents")}</EmptyState>
              ) : (
                <Table<AuditEvent>
                  caption={t("audit.caption")}
                  rows={page.items}
                  rowKey={(row) => row.id}
                  columns={[
                    { key: "when", header: t("audit.when"), cell: (row) => formatDateTime(row.occurred_at) },
                    { key: "who", header: t("audit.who"), cell: who },
                    { key: "what", header: t("audit.what"), cell: (row) => actionLabel(row.action) },
                    {
                      key: "object",
                      header: t("audit.object"),
                      cell: (row) => (
                        <>
                          {objectLabel(row.object_type)} <code class="praksis-audit-id">{row.object_id}</code>{" "}
                          <button
                            type="button"
                            class="button button-tertiary"
                            onClick={() => show({ ...filters, objectId: row.object_id, objectType: row.object_type })}
                          >
                            {t("audit.onlyThis")}
                          </button>
                        </>
                      ),
                    },
                    { key: "changes", header: t("audit.changes"), cell: (row) => <Changes event={row} /> },
                  ]}
                />
              )}
              <Pager cursors={cursors} next={page.next_cursor} onChange={setCursors} />
            </>
          )
        }
      </Async>
    </Page>
  );
}

function Changes({ event }: { event: AuditEvent }) {
  const { t } = useI18n();
  const lines = changeLines(event);
  if (lines.length === 0) return <>{t("audit.none")}</>;
  const notKept = t("audit.notKept");
  return (
    <ul class="nobullet-list praksis-audit-changes">
      {lines.map((line) => (
        <li key={line.field}>
          <span class="weight-semibold">{line.field}</span>:{" "}
          {"before" in line && valueText(line.before, notKept)}
          {"before" in line && "after" in line && " → "}
          {"after" in line && valueText(line.after, notKept)}
        </li>
      ))}
    </ul>
  );
}

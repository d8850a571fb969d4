import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { allPages, api } from "../../api/client";
import { Async, Confirmation, EmptyState } from "../../components/Feedback";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { ProgrammeDetail } from "./programmes/ProgrammeDetail";
import { NewProgramme } from "./programmes/ProgrammeForm";
import { type Programme, StatusTag, kindKey } from "./programmes/shared";

/** Programmes with status, modules and workshops per hold (GET/POST/PATCH /programmes, /workshops). */
export default function HrProgrammes() {
  const { t, lang, formatDate } = useI18n();
  const { query, route } = useLocation();
  const selectedId = query.programme ?? "";
  const [creating, setCreating] = useState(false);
  // outside <Async>: a change reloads the list, which would take a confirmation inside with it
  const [confirmation, setConfirmation] = useState("");
  const programmes = useQuery(
    () => allPages((cursor) => api.GET("/api/v1/programmes", { params: { query: { limit: 200, cursor } } })),
    [lang],
  );
  const open = (id: string) => {
    setConfirmation("");
    route(id ? `/hr/programmes?programme=${id}` : "/hr/programmes");
  };
  const period = (row: Programme) =>
    [row.starts_on, row.ends_on].map((day) => (day ? formatDate(day) : "–")).join(" – ");

  return (
    <Page title="views.hrProgrammes.title" intro="views.hrProgrammes.intro">
      {confirmation && <Confirmation text={confirmation} />}
      <Async query={programmes} lines={6}>
        {(page) => {
          const selected = page.items.find((item) => item.id === selectedId);
          if (selected) {
            return (
              <ProgrammeDetail
                key={selected.id}
                programme={selected}
                onChanged={programmes.reload}
                onConfirmed={setConfirmation}
                onClose={() => open("")}
                onDeleted={(title) => {
                  programmes.reload();
                  open("");
                  setConfirmation(t("deletion.programmeDeleted", { title }));
                }}
              />
            );
          }
          return (
            <>
              <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
                {t("programmesAdmin.new")}
              </button>
              {page.items.length === 0 ? (
                <EmptyState>{t("programmesAdmin.empty")}</EmptyState>
              ) : (
                <Table<Programme>
                  caption={t("programmesAdmin.caption")}
                  rows={page.items}
                  rowKey={(row) => row.id}
                  columns={[
                    {
                      key: "title",
                      header: t("common.titleColumn"),
                      cell: (row) => (
                        <a
                          href={`/hr/programmes?programme=${row.id}`}
                          onClick={(event) => {
                            event.preventDefault();
                            open(row.id);
                          }}
                        >
                          {row.title}
                        </a>
                      ),
                    },
                    { key: "kind", header: t("programmesAdmin.kind"), cell: (row) => t(kindKey(row.kind)) },
                    { key: "period", header: t("programmesAdmin.period"), cell: period },
                    { key: "modules", header: t("programmesAdmin.modules"), cell: (row) => row.modules.length, numeric: true },
                    { key: "status", header: t("common.status"), cell: (row) => <StatusTag status={row.status} /> },
                  ]}
                />
              )}
            </>
          );
        }}
      </Async>
      <Modal id="new-programme" title={t("programmesAdmin.newTitle")} open={creating} onClose={() => setCreating(false)}>
        {creating && (
          <NewProgramme
            onCancel={() => setCreating(false)}
            onSaved={(programme) => {
              setCreating(false);
              announce(t("programmesAdmin.saved", { title: programme.title }));
              programmes.reload();
              open(programme.id);
            }}
          />
        )}
      </Modal>
    </Page>
  );
}

import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { allPages, api, call, type Schemas } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { FormActions, SelectField, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { CohortDetail } from "./cohorts/CohortDetail";

type Cohort = Schemas["CohortRead"];
type Programme = Schemas["ProgrammeRead"];

function NewCohort(props: { programmes: Programme[]; onSaved: (cohort: Cohort) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [programmeId, setProgrammeId] = useState("");
  const [name, setName] = useState("");
  const [capacity, setCapacity] = useState("24");
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const errors = fieldErrors(problem);
  async function submit(event: Event) {
    event.preventDefault();
    const result = await call(
      api.POST("/api/v1/cohorts", {
        body: { programme_id: programmeId, name, capacity: Number(capacity) },
      }),
    );
    if (result.problem) setProblem(result.problem);
    else props.onSaved(result.data);
  }
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <SelectField
        id="cohort-programme"
        label={t("cohortsAdmin.programme")}
        required
        placeholder={t("cohortsAdmin.choose")}
        options={props.programmes.map((programme) => ({ value: programme.id, label: programme.title }))}
        value={programmeId}
        onChange={setProgrammeId}
        error={errors.programme_id}
      />
      <TextField id="cohort-name" label={t("cohortsAdmin.name")} required value={name} onInput={setName} error={errors.name} maxLength={200} />
      <TextField id="cohort-capacity" type="number" min={1} label={t("cohortsAdmin.capacity")} required value={capacity} onInput={setCapacity} error={errors.capacity} />
      <FormActions submit={t("cohortsAdmin.create")} onCancel={props.onCancel} />
    </form>
  );
}

/** Cohorts with learning groups and buddies (GET/POST /cohorts, …/learning-groups, …/buddy-pairs). */
export default function HrCohorts() {
  const { t, lang, formatNumber } = useI18n();
  const { query, route } = useLocation();
  const [creating, setCreating] = useState(false);
  const [deleted, setDeleted] = useState("");
  const cohorts = useQuery(() => allPages((cursor) => api.GET("/api/v1/cohorts", { params: { query: { limit: 200, cursor } } })), [lang]);
  const programmes = useQuery(() => allPages((cursor) => api.GET("/api/v1/programmes", { params: { query: { limit: 200, cursor } } })), [lang]);
  const programmeTitle = (id: string) => programmes.data?.items.find((item) => item.id === id)?.title ?? "";
  const open = (id: string) => route(id ? `/hr/cohorts?cohort=${id}` : "/hr/cohorts");
  return (
    <Page title="views.hrCohorts.title" intro="views.hrCohorts.intro">
      <Async query={cohorts} lines={6}>
        {(page) => {
          const selected = page.items.find((item) => item.id === query.cohort);
          if (selected) {
            const programme = programmes.data?.items.find((item) => item.id === selected.programme_id);
            const close = () => {
              open("");
              cohorts.reload(); // its status or places may have changed in the detail
            };
            const onDeleted = (name: string) => {
              setDeleted(t("deletion.cohortDeleted", { name }));
              close();
            };
            return <CohortDetail key={selected.id} cohort={selected} programme={programme} onClose={close} onDeleted={onDeleted} />;
          }
          return (
            <>
              {deleted && <Confirmation text={deleted} />}
              <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
                {t("cohortsAdmin.new")}
              </button>
              {page.items.length === 0 ? (
                <EmptyState>{t("cohortsAdmin.empty")}</EmptyState>
              ) : (
                <Table<Cohort>
                  caption={t("cohortsAdmin.caption")}
                  rows={page.items}
                  rowKey={(row) => row.id}
                  columns={[
                    {
                      key: "name",
                      header: t("common.name"),
                      cell: (row) => (
                        <a
                          href={`/hr/cohorts?cohort=${row.id}`}
                          onClick={(event) => {
                            event.preventDefault();
                            open(row.id);
                          }}
                        >
                          {row.name}
                        </a>
                      ),
                    },
                    { key: "programme", header: t("cohortsAdmin.programme"), cell: (row) => programmeTitle(row.programme_id) },
                    {
                      key: "places",
                      header: t("cohortsAdmin.placesColumn"),
                      numeric: true,
                      cell: (row) => `${formatNumber(row.approved_count + row.completed_count, 0)} / ${formatNumber(row.capacity, 0)}`,
                    },
                    { key: "waiting", header: t("cohortsAdmin.waitlisted"), numeric: true, cell: (row) => formatNumber(row.waitlisted_count, 0) },
                    { key: "status", header: t("common.status"), cell: (row) => t(`cohortsAdmin.statuses.${row.status}`) },
                  ]}
                />
              )}
            </>
          );
        }}
      </Async>
      <Modal id="new-cohort" title={t("cohortsAdmin.newTitle")} open={creating} onClose={() => setCreating(false)}>
        {creating && (
          <NewCohort
            programmes={programmes.data?.items ?? []}
            onCancel={() => setCreating(false)}
            onSaved={(cohort) => {
              setCreating(false);
              announce(t("cohortsAdmin.created", { name: cohort.name }));
              cohorts.reload();
            }}
          />
        )}
      </Modal>
    </Page>
  );
}

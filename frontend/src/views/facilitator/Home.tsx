import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, EmptyState, ProblemMessage } from "../../components/Feedback";
import { announce } from "../../components/LiveRegion";
import { MeSummary } from "../../components/MeSummary";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { nameOf, usePeople } from "../../hooks/usePeople";
import { WorkshopGuests } from "../events/Guests";
import { EvaluationSummary } from "./EvaluationSummary";

type Workshop = Schemas["WorkshopRead"];
type AttendanceStatus = Schemas["AttendanceStatus"];
const STATUSES: readonly AttendanceStatus[] = ["present", "absent", "excused"];

/** One radio group per participant; saved with PUT /workshops/{id}/attendance. */
function Attendance({ workshop, onClose }: { workshop: Workshop; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const enrolled = useQuery(
    () =>
      call(
        api.GET("/api/v1/enrolments", {
          params: { query: { cohort_id: workshop.cohort_id, status: "approved", limit: 200 } },
        }),
      ),
    [workshop.id],
  );
  const recorded = useQuery(
    () =>
      call(
        api.GET("/api/v1/workshops/{workshop_id}/attendance", {
          params: { path: { workshop_id: workshop.id }, query: { limit: 200 } },
        }),
      ),
    [workshop.id],
  );
  const people = usePeople((enrolled.data?.items ?? []).map((enrolment) => enrolment.person_id));
  const [marks, setMarks] = useState<Record<string, AttendanceStatus>>({});
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (recorded.data) {
      setMarks(Object.fromEntries(recorded.data.items.map((row) => [row.person_id, row.status])));
    }
  }, [recorded.data]);

  async function save(event: Event) {
    event.preventDefault();
    const records = Object.entries(marks).map(([person_id, status]) => ({ person_id, status }));
    if (records.length === 0) return;
    setBusy(true);
    const result = await call(
      api.PUT("/api/v1/workshops/{workshop_id}/attendance", {
        params: { path: { workshop_id: workshop.id } },
        body: { records },
      }),
    );
    setBusy(false);
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    setProblem(undefined);
    announce(t("facilitator.saved", { count: result.data.records.length }));
    recorded.reload();
  }

  return (
    <section aria-labelledby="attendance-heading" class="praksis-panel">
      <h2 id="attendance-heading">{t("facilitator.attendanceFor", { title: workshop.title })}</h2>
      <p>{formatDateTime(workshop.starts_at)} · {workshop.location}</p>
      <button type="button" class="button button-tertiary" onClick={onClose}>
        {t("facilitator.back")}
      </button>
      <Async query={enrolled} lines={8}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("facilitator.noParticipants")}</EmptyState>
          ) : (
            <form onSubmit={save}>
              {problem && <ProblemMessage problem={problem} />}
              <ul class="nobullet-list praksis-attendance" aria-busy={people.loading}>
                {page.items.map((enrolment) => {
                  const name = nameOf(people.data?.items, enrolment.person_id);
                  return (
                    <li key={enrolment.person_id}>
                      <fieldset class="form-group">
                        <legend class="form-label">{name}</legend>
                        {STATUSES.map((status) => {
                          const id = `attendance-${enrolment.person_id}-${status}`;
                          return (
                            <span key={status} class="praksis-radio-inline">
                              <input
                                type="radio"
                                class="form-radio"
                                id={id}
                                name={`attendance-${enrolment.person_id}`}
                                checked={marks[enrolment.person_id] === status}
                                onChange={() => setMarks({ ...marks, [enrolment.person_id]: status })}
                              />
                              <label for={id}>{t(`facilitator.statuses.${status}`)}</label>
                            </span>
                          );
                        })}
                      </fieldset>
                    </li>
                  );
                })}
              </ul>
              <div class="praksis-actions">
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() =>
                    setMarks(Object.fromEntries(page.items.map((item) => [item.person_id, marks[item.person_id] ?? "present"])))
                  }
                >
                  {t("facilitator.allPresent")}
                </button>
                <button type="submit" class="button button-primary" disabled={busy}>
                  {t("facilitator.save")}
                </button>
              </div>
            </form>
          )
        }
      </Async>
      <WorkshopGuests workshopId={workshop.id} editable={workshop.status === "scheduled"} />
    </section>
  );
}

/** The workshops I facilitate, and their attendance (GET /workshops?mine, PUT …/attendance). */
export default function FacilitatorHome() {
  const { t, formatDateTime, lang } = useI18n();
  const { query, route } = useLocation();
  const workshops = useQuery(
    () => call(api.GET("/api/v1/workshops", { params: { query: { mine: true, limit: 200 } } })),
    [lang],
  );
  const open = (id: string, what = "workshop") => route(id ? `/facilitator?${what}=${id}` : "/facilitator");
  const now = Date.now();
  return (
    <Page title="views.facilitatorHome.title" intro="views.facilitatorHome.intro">
      <Async query={workshops} lines={6}>
        {(page) => {
          const selected = page.items.find((item) => item.id === query.workshop);
          if (selected) return <Attendance key={selected.id} workshop={selected} onClose={() => open("")} />;
          const evaluated = page.items.find((item) => item.id === query.evaluation);
          if (evaluated) return <EvaluationSummary key={evaluated.id} workshop={evaluated} onClose={() => open("")} />;
          if (page.items.length === 0) return <EmptyState>{t("facilitator.none")}</EmptyState>;
          return (
            <Table<Workshop>
              caption={t("facilitator.caption")}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { key: "title", header: t("common.titleColumn"), cell: (row) => row.title },
                { key: "when", header: t("common.when"), cell: (row) => formatDateTime(row.starts_at) },
                { key: "where", header: t("workshopsAdmin.location"), cell: (row) => row.location || "–" },
                { key: "status", header: t("common.status"), cell: (row) => t(`workshopsAdmin.statuses.${row.status}`) },
                {
                  key: "attendance",
                  header: t("facilitator.attendance"),
                  cell: (row) =>
                    row.status === "scheduled" ? (
                      <a
                        href={`/facilitator?workshop=${row.id}`}
                        onClick={(event) => {
                          event.preventDefault();
                          open(row.id);
                        }}
                      >
                        {t("facilitator.record")}
                        <span class="sr-only">: {row.title}</span>
                      </a>
                    ) : (
                      "–"
                    ),
                },
                {
                  key: "evaluation",
                  header: t("evaluationSummary.column"),
                  cell: (row) =>
                    row.status === "scheduled" && Date.parse(row.ends_at) < now ? (
                      <a
                        href={`/facilitator?evaluation=${row.id}`}
                        onClick={(event) => {
                          event.preventDefault();
                          open(row.id, "evaluation");
                        }}
                      >
                        {t("evaluationSummary.open")}
                        <span class="sr-only">: {row.title}</span>
                      </a>
                    ) : (
                      t("evaluationSummary.notYet")
                    ),
                },
              ]}
            />
          );
        }}
      </Async>
      <MeSummary />
    </Page>
  );
}

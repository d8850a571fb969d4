/**
 * Workshops per hold of a programme: the plan with times in the municipality's time zone,
 * planning a new one (module, time, place, themes, facilitators) and cancelling one.
 */
import { useState } from "preact/hooks";
import { type Result, api, call, type Schemas } from "../../../api/client";
import { type Problem, fieldErrors } from "../../../api/problem";
import { type EditButton, EditDialog } from "../../../components/EditDialog";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../../components/Feedback";
import { FormActions, SelectField, TextField } from "../../../components/Fields";
import { announce } from "../../../components/LiveRegion";
import { Modal } from "../../../components/Modal";
import { Table } from "../../../components/Table";
import { useQuery } from "../../../hooks/useQuery";
import { timeZone, useI18n } from "../../../i18n";
import { useStore } from "../../../lib/store";
import { nameOf, usePeople } from "../../../hooks/usePeople";
import { type Programme, splitList } from "../programmes/shared";
import { PeoplePicker } from "../../../components/PeoplePicker";
import { wallClock, zonedIso } from "./zonedTime";
import { WorkshopGuests } from "../../events/Guests";

type Cohort = Schemas["CohortRead"];
type Workshop = Schemas["WorkshopRead"];
type WorkshopKind = Schemas["WorkshopKind"];
const WORKSHOP_KINDS: readonly WorkshopKind[] = ["workshop", "leader_sparring", "oplaeg"];
const DEFAULT_ZONE = "Europe/Copenhagen";

interface Draft {
  module_id: string;
  title: string;
  kind: WorkshopKind;
  day: string;
  start: string;
  end: string;
  location: string;
  themes: string;
  facilitator_ids: string[];
}

/** The day with its start and end on the municipality's wall clock as the API's two instants. */
function timesOf(when: { day: string; start: string; end: string }, zone: string, missing: string): Result<{ starts_at: string; ends_at: string }> {
  const starts_at = zonedIso(when.day, when.start, zone);
  const ends_at = zonedIso(when.day, when.end, zone);
  if (starts_at && ends_at) return { data: { starts_at, ends_at } };
  return {
    problem: { type: "about:blank", title: "", status: 422, detail: missing, errors: [{ location: "body.starts_at", message: missing }] },
  };
}

function WorkshopForm(props: {
  programme: Programme;
  cohort: Cohort;
  onSaved: (workshop: Workshop) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const zone = useStore(timeZone) ?? DEFAULT_ZONE;
  const [draft, setDraft] = useState<Draft>({
    module_id: props.programme.modules[0]?.id ?? "",
    title: "",
    kind: "workshop",
    day: "",
    start: "09:00",
    end: "15:00",
    location: "",
    themes: "",
    facilitator_ids: props.cohort.facilitator_ids,
  });
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft({ ...draft, [key]: value });

  async function submit(event: Event) {
    event.preventDefault();
    const times = timesOf(draft, zone, t("workshopsAdmin.timeMissing"));
    if (times.problem) {
      setProblem(times.problem);
      return;
    }
    setBusy(true);
    const result = await call(
      api.POST("/api/v1/workshops", {
        body: {
          module_id: draft.module_id,
          cohort_id: props.cohort.id,
          title: draft.title,
          kind: draft.kind,
          ...times.data,
          location: draft.location,
          themes: splitList(draft.themes),
          facilitator_ids: draft.facilitator_ids,
        },
      }),
    );
    setBusy(false);
    if (result.problem) setProblem(result.problem);
    else props.onSaved(result.data);
  }

  return (
    <form onSubmit={submit} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <SelectField
        id="workshop-module"
        label={t("workshopsAdmin.module")}
        required
        options={props.programme.modules.map((module) => ({ value: module.id, label: module.title }))}
        value={draft.module_id}
        onChange={set("module_id")}
        error={errors.module_id}
      />
      <TextField id="workshop-title" label={t("workshopsAdmin.title")} required value={draft.title} onInput={set("title")} error={errors.title} maxLength={200} />
      <SelectField
        id="workshop-kind"
        label={t("workshopsAdmin.kind")}
        required
        options={WORKSHOP_KINDS.map((kind) => ({ value: kind, label: t(`workshopsAdmin.kinds.${kind}`) }))}
        value={draft.kind}
        onChange={(value) => set("kind")(value as WorkshopKind)}
      />
      <TextField id="workshop-day" type="date" label={t("workshopsAdmin.day")} hint={t("workshopsAdmin.zoneHint", { zone })} required value={draft.day} onInput={set("day")} error={errors.starts_at} />
      <div class="praksis-form-row">
        <TextField id="workshop-start" type="time" label={t("workshopsAdmin.start")} required value={draft.start} onInput={set("start")} />
        <TextField id="workshop-end" type="time" label={t("workshopsAdmin.end")} required value={draft.end} onInput={set("end")} error={errors.ends_at} />
      </div>
      <TextField id="workshop-location" label={t("workshopsAdmin.location")} value={draft.location} onInput={set("location")} error={errors.location} maxLength={300} />
      <TextField id="workshop-themes" label={t("workshopsAdmin.themes")} hint={t("programmesAdmin.themesHint")} value={draft.themes} onInput={set("themes")} error={errors.themes} />
      <PeoplePicker
        name="workshop-facilitators"
        legend={t("workshopsAdmin.facilitators")}
        hint={t("workshopsAdmin.facilitatorsHint")}
        error={errors.facilitator_ids}
        selected={draft.facilitator_ids}
        onChange={set("facilitator_ids")}
      />
      <FormActions submit={t("workshopsAdmin.create")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

type MoveDraft = Pick<Draft, "day" | "start" | "end" | "location" | "module_id">;

/** The workshop as the municipality's wall clock shows it. */
function moveDraft(workshop: Workshop, zone: string): MoveDraft {
  const starts = wallClock(workshop.starts_at, zone);
  return { day: starts.day, start: starts.time, end: wallClock(workshop.ends_at, zone).time, location: workshop.location, module_id: workshop.module_id };
}

/** A new day, time and place for a planned workshop (PATCH; the API raises its calendar sequence). */
function MoveWorkshop({ workshop, programme, ...button }: EditButton<Workshop> & { workshop: Workshop; programme: Programme }) {
  const { t, formatDateTime } = useI18n();
  const zone = useStore(timeZone) ?? DEFAULT_ZONE;
  const path = { workshop_id: workshop.id };
  const id = `move-workshop-${workshop.id}`;
  return (
    <EditDialog
      {...button}
      submit={t("hrEdits.workshopMove")}
      read={() => api.GET("/api/v1/workshops/{workshop_id}", { params: { path } })}
      toDraft={(current) => moveDraft(current, zone)}
      write={(draft, current, header) => {
        const times = timesOf(draft, zone, t("workshopsAdmin.timeMissing"));
        if (times.problem) return { problem: times.problem };
        return api.PATCH("/api/v1/workshops/{workshop_id}", {
          params: { path, header },
          body: { ...times.data, location: draft.location.trim(), ...(draft.module_id !== current.module_id ? { module_id: draft.module_id } : {}) },
        });
      }}
    >
      {(draft, set, errors, current) => {
        const change = (key: keyof MoveDraft) => (value: string) => set({ ...draft, [key]: value });
        return (
          <>
            <p>{t("hrEdits.workshopMoveIntro", { when: formatDateTime(current.starts_at), where: current.location || t("hrEdits.noPlace") })}</p>
            <TextField id={`${id}-day`} type="date" label={t("workshopsAdmin.day")} hint={t("workshopsAdmin.zoneHint", { zone })} required value={draft.day} onInput={change("day")} error={errors.starts_at} />
            <div class="praksis-form-row">
              <TextField id={`${id}-start`} type="time" label={t("workshopsAdmin.start")} required value={draft.start} onInput={change("start")} />
              <TextField id={`${id}-end`} type="time" label={t("workshopsAdmin.end")} required value={draft.end} onInput={change("end")} error={errors.ends_at} />
            </div>
            <TextField id={`${id}-location`} label={t("workshopsAdmin.location")} value={draft.location} onInput={change("location")} error={errors.location} maxLength={300} />
            <SelectField
              id={`${id}-module`}
              label={t("workshopsAdmin.module")}
              required
              options={programme.modules.map((module) => ({ value: module.id, label: module.title }))}
              value={draft.module_id}
              onChange={change("module_id")}
              error={errors.module_id}
            />
          </>
        );
      }}
    </EditDialog>
  );
}

function CancelWorkshop(props: { workshop: Workshop; onDone: () => void; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  async function confirm() {
    const result = await call(
      api.DELETE("/api/v1/workshops/{workshop_id}", {
        params: { path: { workshop_id: props.workshop.id } },
      }),
    );
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    announce(t("workshopsAdmin.cancelled", { title: props.workshop.title }));
    props.onDone();
  }
  return (
    <>
      <p>
        {t("workshopsAdmin.cancelQuestion", {
          title: props.workshop.title,
          when: formatDateTime(props.workshop.starts_at),
        })}
      </p>
      {problem && <ProblemMessage problem={problem} />}
      <div class="praksis-actions">
        <button type="button" class="button button-primary" onClick={() => void confirm()}>
          {t("workshopsAdmin.confirmCancel")}
        </button>
        <button type="button" class="button button-secondary" onClick={props.onClose}>
          {t("workshopsAdmin.keep")}
        </button>
      </div>
    </>
  );
}

function CohortWorkshops({ programme, cohort }: { programme: Programme; cohort: Cohort }) {
  const { t, formatDateTime } = useI18n();
  const workshops = useQuery(
    () => call(api.GET("/api/v1/workshops", { params: { query: { cohort_id: cohort.id, limit: 200 } } })),
    [cohort.id],
  );
  const people = usePeople((workshops.data?.items ?? []).flatMap((workshop) => workshop.facilitator_ids));
  const [planning, setPlanning] = useState(false);
  const [cancelling, setCancelling] = useState<Workshop | undefined>(undefined);
  const [guestsOf, setGuestsOf] = useState<Workshop | undefined>(undefined);
  const [notice, setNotice] = useState("");
  const moduleTitle = (id: string) => programme.modules.find((module) => module.id === id)?.title ?? "";
  return (
    <>
      <button
        type="button"
        class="button button-primary"
        disabled={programme.modules.length === 0}
        onClick={() => setPlanning(true)}
      >
        {t("workshopsAdmin.plan")}
      </button>
      {programme.modules.length === 0 && <p class="form-hint">{t("workshopsAdmin.needsModule")}</p>}
      {notice && <Confirmation text={notice} />}
      <div aria-busy={people.loading}>
        <Async query={workshops} lines={5}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>{t("workshopsAdmin.none")}</EmptyState>
            ) : (
              <Table<Workshop>
                caption={t("workshopsAdmin.caption", { cohort: cohort.name })}
                rows={page.items}
                rowKey={(row) => row.id}
                columns={[
                  { key: "title", header: t("workshopsAdmin.title"), cell: (row) => row.title },
                  { key: "module", header: t("workshopsAdmin.module"), cell: (row) => moduleTitle(row.module_id) },
                  { key: "when", header: t("common.when"), cell: (row) => formatDateTime(row.starts_at) },
                  { key: "where", header: t("workshopsAdmin.location"), cell: (row) => row.location || "–" },
                  {
                    key: "facilitators",
                    header: t("workshopsAdmin.facilitators"),
                    cell: (row) => row.facilitator_ids.map((id) => nameOf(people.data?.items, id)).join(", ") || "–",
                  },
                  { key: "status", header: t("common.status"), cell: (row) => t(`workshopsAdmin.statuses.${row.status}`) },
                  {
                    key: "actions",
                    header: t("workshopsAdmin.actions"),
                    cell: (row) =>
                      row.status === "scheduled" ? (
                        <>
                          <MoveWorkshop
                            id={`move-${row.id}`}
                            label={t("hrEdits.workshopMove")}
                            name={row.title}
                            title={t("hrEdits.workshopMoveTitle", { title: row.title })}
                            workshop={row}
                            programme={programme}
                            onSaved={(saved) => {
                              setNotice(t("hrEdits.workshopMoved", { title: saved.title, when: formatDateTime(saved.starts_at) }));
                              workshops.reload();
                            }}
                          />
                          <button type="button" class="button button-tertiary" onClick={() => setCancelling(row)}>
                            {t("workshopsAdmin.cancel")}
                            <span class="sr-only">: {row.title}</span>
                          </button>
                          <button type="button" class="button button-tertiary" onClick={() => setGuestsOf(row)}>
                            {t("events.addGuest")}
                            <span class="sr-only">: {row.title}</span>
                          </button>
                        </>
                      ) : (
                        "–"
                      ),
                  },
                ]}
              />
            )
          }
        </Async>
      </div>
      <Modal id="plan-workshop" title={t("workshopsAdmin.planTitle", { cohort: cohort.name })} open={planning} onClose={() => setPlanning(false)}>
        {planning && (
          <WorkshopForm
            programme={programme}
            cohort={cohort}
            onCancel={() => setPlanning(false)}
            onSaved={(workshop) => {
              setPlanning(false);
              announce(t("workshopsAdmin.created", { title: workshop.title }));
              workshops.reload();
            }}
          />
        )}
      </Modal>
      <Modal id="workshop-guests" title={guestsOf?.title ?? ""} open={guestsOf !== undefined} onClose={() => setGuestsOf(undefined)}>
        {guestsOf && <WorkshopGuests workshopId={guestsOf.id} editable />}
      </Modal>
      <Modal id="cancel-workshop" title={t("workshopsAdmin.cancelTitle")} open={cancelling !== undefined} onClose={() => setCancelling(undefined)}>
        {cancelling && (
          <CancelWorkshop
            workshop={cancelling}
            onClose={() => setCancelling(undefined)}
            onDone={() => {
              setCancelling(undefined);
              workshops.reload();
            }}
          />
        )}
      </Modal>
    </>
  );
}

export function WorkshopsPanel({ programme }: { programme: Programme }) {
  const { t } = useI18n();
  const cohorts = useQuery(
    () => call(api.GET("/api/v1/cohorts", { params: { query: { programme_id: programme.id, limit: 200 } } })),
    [programme.id],
  );
  const [chosen, setChosen] = useState("");
  return (
    <section aria-labelledby="programme-workshops-heading">
      <h3 id="programme-workshops-heading">{t("workshopsAdmin.heading")}</h3>
      <Async query={cohorts} lines={4}>
        {(page) => {
          const cohort = page.items.find((item) => item.id === chosen) ?? page.items[0];
          if (!cohort) return <EmptyState>{t("workshopsAdmin.noCohorts")}</EmptyState>;
          return (
            <>
              {page.items.length > 1 && (
                <SelectField
                  id="workshops-cohort"
                  label={t("workshopsAdmin.cohort")}
                  required
                  options={page.items.map((item) => ({ value: item.id, label: item.name }))}
                  value={cohort.id}
                  onChange={setChosen}
                />
              )}
              <h4>{t("workshopsAdmin.forCohort", { cohort: cohort.name })}</h4>
              <CohortWorkshops key={cohort.id} programme={programme} cohort={cohort} />
            </>
          );
        }}
      </Async>
    </section>
  );
}

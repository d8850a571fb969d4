/** One programme: its facts and rules, status moves, ordered modules and workshops per hold. */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../../api/client";
import type { Problem } from "../../../api/problem";
import { fieldErrors } from "../../../api/problem";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { type EditButton, EditDialog, PositionField, positionChange } from "../../../components/EditDialog";
import { FactList } from "../../../components/FactList";
import { ProblemMessage } from "../../../components/Feedback";
import { TextArea, TextField } from "../../../components/Fields";
import { announce } from "../../../components/LiveRegion";
import { useI18n } from "../../../i18n";
import { AwardPanel } from "../../growth/Award";
import { type Cancellation, CancelForm } from "../../growth/ReasonForm";
import { InterestPanel } from "../../growth/Interest";
import { EditOrDelete } from "../EditOrDelete";
import { WorkshopsPanel } from "../workshops/WorkshopsPanel";
import { EditProgramme } from "./ProgrammeForm";
import {
  type Programme,
  type ProgrammeStatus,
  StatusTag,
  kindKey,
  splitList,
  statusKey,
  useKerneopgaver,
} from "./shared";

function Facts({ programme }: { programme: Programme }) {
  const { t, formatDate, formatNumber } = useI18n();
  const kerneopgaver = useKerneopgaver();
  const titles = (kerneopgaver.data?.items ?? [])
    .filter((item) => programme.kerneopgave_ids.includes(item.id))
    .map((item) => item.title);
  const rules = programme.rules;
  const size =
    rules.cohort_min_size || rules.cohort_max_size
      ? `${rules.cohort_min_size ?? "–"}–${rules.cohort_max_size ?? "–"}`
      : "–";
  const facts: [string, string][] = [
    [t("programmesAdmin.kind"), t(kindKey(programme.kind))],
    [
      t("programmesAdmin.period"),
      [programme.starts_on, programme.ends_on].map((day) => (day ? formatDate(day) : "–")).join(" – "),
    ],
    [t("programmesAdmin.kerneopgaver"), titles.length > 0 ? titles.join(", ") : t("programmesAdmin.noKerneopgaver")],
    [t("programmesAdmin.grading"), t(`programmesAdmin.gradings.${rules.grading}`)],
    [t("programmesAdmin.cohortSize"), size],
    [t("programmesAdmin.justificationMin"), formatNumber(rules.justification_min_length, 0)],
  ];
  if (programme.offering) facts.push([t("programmesAdmin.offering"), `${programme.offering.title} (${programme.offering.partner.toUpperCase()})`]);
  return (
    <FactList facts={facts} />
  );
}

function StatusMoves(props: {
  programme: Programme;
  onChanged: (p: Programme) => void;
  onConfirmed: (text: string) => void;
}) {
  const { programme, onChanged } = props;
  const { t } = useI18n();
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const moves = programme.allowed_statuses;

  const [cancelling, setCancelling] = useState(false);

  async function patch(status: ProgrammeStatus, cancellation?: Cancellation) {
    return call(
      api.PATCH("/api/v1/programmes/{programme_id}", {
        params: { path: { programme_id: programme.id } },
        body: { status, ...cancellation },
      }),
    );
  }

  async function move(status: ProgrammeStatus) {
    setBusy(true);
    setProblem(undefined);
    const result = await patch(status);
    setBusy(false);
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    announce(t("programmesAdmin.statusChanged", { status: t(statusKey(status)) }));
    onChanged(result.data);
  }

  async function cancel(cancellation: Cancellation) {
    const result = await patch("cancelled", cancellation);
    if (result.problem) return result.problem;
    setCancelling(false);
    const reason = t(`growth.cancellationReasons.${cancellation.cancellation_reason}`);
    props.onConfirmed(t("growth.cancelled", { name: result.data.title, reason }));
    onChanged(result.data);
    return undefined;
  }

  return (
    <section aria-labelledby="programme-status-heading">
      <h3 id="programme-status-heading">{t("programmesAdmin.statusHeading")}</h3>
      <p>
        {t("programmesAdmin.statusNow")} <StatusTag status={programme.status} />
      </p>
      {programme.cancellation_reason && (
        <p>
          {t("growth.cancelledBecause", { reason: t(`growth.cancellationReasons.${programme.cancellation_reason}`) })}
          {programme.cancellation_note && ` – ${programme.cancellation_note}`}
        </p>
      )}
      {moves.length === 0 ? (
        <p>{t("programmesAdmin.statusFinal")}</p>
      ) : cancelling ? (
        <CancelForm
          id="programme-cancel"
          rules={t("growth.cancelProgrammeRules")}
          submit={t("growth.cancelProgramme")}
          send={cancel}
          onCancel={() => setCancelling(false)}
        />
      ) : (
        <div class="praksis-actions">
          {moves.map((status) => (
            <button
              key={status}
              type="button"
              disabled={busy}
              class={status === "cancelled" ? "button button-secondary" : "button button-primary"}
              onClick={() => (status === "cancelled" ? setCancelling(true) : void move(status))}
            >
              {t(`programmesAdmin.moveTo.${status}`)}
            </button>
          ))}
        </div>
      )}
      {problem && <ProblemMessage problem={problem} />}
    </section>
  );
}

type Module = Schemas["ModuleRead"];

/** A module's title, competence goal, themes and place; the others move so positions stay 1…n. */
function ModuleEdit({ module, count, ...button }: EditButton<Module> & { module: Module; count: number }) {
  const { t } = useI18n();
  const path = { programme_id: module.programme_id, module_id: module.id };
  const id = `module-edit-${module.id}`;
  return (
    <EditDialog
      {...button}
      read={() => api.GET("/api/v1/programmes/{programme_id}/modules/{module_id}", { params: { path } })}
      toDraft={(current) => ({ title: current.title, goal: current.competence_goal, themes: current.themes.join(", "), position: String(current.position) })}
      write={(draft, current, header) =>
        api.PATCH("/api/v1/programmes/{programme_id}/modules/{module_id}", {
          params: { path, header },
          body: {
            title: draft.title.trim(),
            competence_goal: draft.goal.trim(),
            themes: splitList(draft.themes),
            ...positionChange(draft.position, current.position),
          },
        })
      }
    >
      {(draft, set, errors) => (
        <>
          <TextField id={`${id}-title`} label={t("programmesAdmin.moduleTitle")} required value={draft.title} onInput={(title) => set({ ...draft, title })} error={errors.title} maxLength={200} />
          <TextArea id={`${id}-goal`} label={t("programmesAdmin.competenceGoal")} rows={3} value={draft.goal} onInput={(goal) => set({ ...draft, goal })} error={errors.competence_goal} />
          <TextField
            id={`${id}-themes`}
            label={t("programmesAdmin.themes")}
            hint={t("programmesAdmin.themesHint")}
            value={draft.themes}
            onInput={(themes) => set({ ...draft, themes })}
            error={errors.themes}
          />
          <PositionField id={`${id}-position`} count={count} value={draft.position} onChange={(position) => set({ ...draft, position })} error={errors.position} />
        </>
      )}
    </EditDialog>
  );
}

function Modules({ programme, onChanged, onConfirmed }: { programme: Programme; onChanged: () => void; onConfirmed: (text: string) => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState("");
  const [goal, setGoal] = useState("");
  const [themes, setThemes] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const errors = fieldErrors(problem);

  async function add(event: Event) {
    event.preventDefault();
    const result = await call(
      api.POST("/api/v1/programmes/{programme_id}/modules", {
        params: { path: { programme_id: programme.id } },
        body: { title, competence_goal: goal, themes: splitList(themes) },
      }),
    );
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    setProblem(undefined);
    setTitle("");
    setGoal("");
    setThemes("");
    announce(t("programmesAdmin.moduleAdded", { title: result.data.title }));
    onChanged();
  }

  return (
    <section aria-labelledby="programme-modules-heading">
      <h3 id="programme-modules-heading">{t("programmesAdmin.modules")}</h3>
      {programme.modules.length === 0 ? (
        <p class="empty-state">{t("programmesAdmin.noModules")}</p>
      ) : (
        <ol class="praksis-modules">
          {programme.modules.map((module) => (
            <li key={module.id}>
              <strong>{module.title}</strong>
              {module.competence_goal && <p>{module.competence_goal}</p>}
              {module.themes.length > 0 && (
                <p class="form-hint">
                  {t("programmesAdmin.themes")}: {module.themes.join(", ")}
                </p>
              )}
              <EditOrDelete
                kind="module"
                id={module.id}
                title={module.title}
                edit={(button) => <ModuleEdit {...button} module={module} count={programme.modules.length} />}
                remove={() =>
                  call(api.DELETE("/api/v1/programmes/{programme_id}/modules/{module_id}", { params: { path: { programme_id: programme.id, module_id: module.id } } }))
                }
                onDone={(text) => {
                  onConfirmed(text);
                  onChanged();
                }}
              />
            </li>
          ))}
        </ol>
      )}
      <details class="praksis-details">
        <summary>{t("programmesAdmin.addModule")}</summary>
        <form onSubmit={add} noValidate>
          {problem && <ProblemMessage problem={problem} />}
          <TextField id="module-title" label={t("programmesAdmin.moduleTitle")} required value={title} onInput={setTitle} error={errors.title} maxLength={200} />
          <TextArea id="module-goal" label={t("programmesAdmin.competenceGoal")} rows={2} value={goal} onInput={setGoal} error={errors.competence_goal} />
          <TextField id="module-themes" label={t("programmesAdmin.themes")} hint={t("programmesAdmin.themesHint")} value={themes} onInput={setThemes} error={errors.themes} />
          <button type="submit" class="button button-primary">
            {t("programmesAdmin.addModule")}
          </button>
        </form>
      </details>
    </section>
  );
}

export function ProgrammeDetail(props: {
  programme: Programme;
  onChanged: () => void;
  onConfirmed: (text: string) => void;
  onClose: () => void;
  onDeleted: (title: string) => void;
}) {
  const { t } = useI18n();
  const [programme, setProgramme] = useState(props.programme);
  const [editing, setEditing] = useState(false);
  const reloadAfter = (next: Programme) => {
    setProgramme(next);
    props.onChanged();
  };
  const refresh = async () => {
    const result = await call(
      api.GET("/api/v1/programmes/{programme_id}", { params: { path: { programme_id: programme.id } } }),
    );
    if (result.data) reloadAfter(result.data);
  };
  return (
    <section aria-labelledby="programme-heading" class="praksis-panel">
      <h2 id="programme-heading">{programme.title}</h2>
      {programme.description && <p>{programme.description}</p>}
      <Facts programme={programme} />
      <div class="praksis-actions">
        <button type="button" class="button button-secondary" onClick={() => setEditing(true)}>
          {t("programmesAdmin.edit")}
        </button>
        <button type="button" class="button button-tertiary" onClick={props.onClose}>
          {t("programmesAdmin.backToList")}
        </button>
        {programme.status === "draft" && (
          <ConfirmDelete
            id="delete-programme"
            label={t("deletion.programme")}
            name={programme.title}
            title={t("deletion.programmeTitle", { title: programme.title })}
            text={[t("deletion.programmeText")]}
            submit={t("deletion.programme")}
            remove={() => call(api.DELETE("/api/v1/programmes/{programme_id}", { params: { path: { programme_id: programme.id } } }))}
            onDeleted={() => props.onDeleted(programme.title)}
          />
        )}
      </div>
      {programme.status !== "draft" && <p>{t("deletion.programmeKept")}</p>}
      <StatusMoves programme={programme} onChanged={reloadAfter} onConfirmed={props.onConfirmed} />
      <Modules programme={programme} onChanged={() => void refresh()} onConfirmed={props.onConfirmed} />
      <AwardPanel programmeId={programme.id} />
      <InterestPanel programmeId={programme.id} />
      <WorkshopsPanel programme={programme} />
      {editing && (
        <EditProgramme
          programmeId={programme.id}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            announce(t("programmesAdmin.saved", { title: saved.title }));
            reloadAfter(saved);
          }}
        />
      )}
    </section>
  );
}

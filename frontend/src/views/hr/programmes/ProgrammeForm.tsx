/** Create a programme (with its modules) or edit one: kind, dates, rules, grading, kerneopgaver. */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../../api/client";
import { ConditionalEdit } from "../../../components/ConditionalEdit";
import { ProblemMessage } from "../../../components/Feedback";
import { CheckboxGroup, FormActions, SelectField, TextArea, TextField } from "../../../components/Fields";
import { useI18n } from "../../../i18n";
import {
  GRADINGS,
  type Grading,
  PROGRAMME_KINDS,
  type Programme,
  type ProgrammeKind,
  kindKey,
  lines,
  loadFrameworks,
  useKerneopgaver,
  useOfferings,
} from "./shared";
import { useQuery } from "../../../hooks/useQuery";
import { useSubmit } from "../../../hooks/useSubmit";

interface Draft {
  title: string;
  kind: ProgrammeKind;
  description: string;
  starts_on: string;
  ends_on: string;
  kerneopgave_ids: string[];
  competence_ids: string[];
  offering_id: string;
  grading: Grading;
  cohort_min_size: string;
  cohort_max_size: string;
  justification_min_length: string;
  modules: string;
}

function draftOf(programme?: Programme): Draft {
  return {
    title: programme?.title ?? "",
    kind: programme?.kind ?? "udviklingsforloeb",
    description: programme?.description ?? "",
    starts_on: programme?.starts_on ?? "",
    ends_on: programme?.ends_on ?? "",
    kerneopgave_ids: programme?.kerneopgave_ids ?? [],
    competence_ids: programme?.competence_ids ?? [],
    offering_id: programme?.offering_id ?? "",
    grading: programme?.rules.grading ?? "none",
    cohort_min_size: String(programme?.rules.cohort_min_size ?? ""),
    cohort_max_size: String(programme?.rules.cohort_max_size ?? ""),
    justification_min_length: String(programme?.rules.justification_min_length ?? 0),
    modules: "",
  };
}

function optionalNumber(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

function rulesOf(draft: Draft): Schemas["ProgrammeRulesUpdate"] {
  return {
    grading: draft.grading,
    cohort_min_size: optionalNumber(draft.cohort_min_size),
    cohort_max_size: optionalNumber(draft.cohort_max_size),
    justification_min_length: optionalNumber(draft.justification_min_length) ?? 0,
  };
}

function creation(draft: Draft): Schemas["ProgrammeCreate"] {
  return {
    title: draft.title,
    kind: draft.kind,
    description: draft.description,
    starts_on: draft.starts_on || null,
    ends_on: draft.ends_on || null,
    kerneopgave_ids: draft.kerneopgave_ids,
    competence_ids: draft.competence_ids,
    ...(draft.offering_id ? { offering_id: draft.offering_id } : {}),
    rules: rulesOf(draft),
    modules: lines(draft.modules).map((title) => ({ title })),
  };
}

function changes(draft: Draft, programme: Programme): Schemas["ProgrammeUpdate"] {
  const editable = programme.status === "draft" || programme.status === "open";
  return {
    title: draft.title,
    kind: draft.kind,
    description: draft.description,
    kerneopgave_ids: draft.kerneopgave_ids,
    competence_ids: draft.competence_ids,
    ...(editable && draft.offering_id && draft.offering_id !== programme.offering_id ? { offering_id: draft.offering_id } : {}),
    ...(draft.starts_on ? { starts_on: draft.starts_on } : {}),
    ...(draft.ends_on ? { ends_on: draft.ends_on } : {}),
    ...(editable ? { rules: rulesOf(draft) } : {}),
  };
}

export function NewProgramme(props: { onSaved: (programme: Programme) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(draftOf());
  const { problem, busy, submit, errors } = useSubmit(() => call(api.POST("/api/v1/programmes", { body: creation(draft) })), props.onSaved);
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <ProgrammeFields draft={draft} setDraft={setDraft} errors={errors} />
      <FormActions submit={t("programmesAdmin.create")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

/** The programme read afresh; saved only if no one changed it meanwhile. */
export function EditProgramme(props: { programmeId: string; onSaved: (programme: Programme) => void; onClose: () => void }) {
  const { t } = useI18n();
  const path = { programme_id: props.programmeId };
  return (
    <ConditionalEdit
      id="edit-programme"
      title={t("programmesAdmin.editTitle")}
      submit={t("common.save")}
      read={() => api.GET("/api/v1/programmes/{programme_id}", { params: { path } })}
      toDraft={draftOf}
      write={(draft, programme, header) => api.PATCH("/api/v1/programmes/{programme_id}", { params: { path, header }, body: changes(draft, programme) })}
      onSaved={props.onSaved}
      onClose={props.onClose}
    >
      {(draft, setDraft, errors, programme) => <ProgrammeFields draft={draft} setDraft={setDraft} errors={errors} programme={programme} />}
    </ConditionalEdit>
  );
}

/** The fields of a new programme, or of `programme` as it was read. */
function ProgrammeFields(props: { draft: Draft; setDraft: (draft: Draft) => void; errors: Record<string, string>; programme?: Programme }) {
  const { t } = useI18n();
  const kerneopgaver = useKerneopgaver();
  const frameworks = useQuery(loadFrameworks, []);
  const offerings = useOfferings();
  const { draft, setDraft, errors } = props;
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const rulesLocked = props.programme !== undefined && !["draft", "open"].includes(props.programme.status);

  return (
    <>
      <TextField id="programme-title" label={t("programmesAdmin.title")} required value={draft.title} onInput={set("title")} error={errors.title} maxLength={200} />
      <SelectField
        id="programme-kind"
        label={t("programmesAdmin.kind")}
        required
        options={PROGRAMME_KINDS.map((kind) => ({ value: kind, label: t(kindKey(kind)) }))}
        value={draft.kind}
        onChange={(value) => set("kind")(value as ProgrammeKind)}
        error={errors.kind}
      />
      <TextArea id="programme-description" label={t("programmesAdmin.description")} rows={3} value={draft.description} onInput={set("description")} error={errors.description} />
      <div class="praksis-form-row">
        <TextField id="programme-starts" type="date" label={t("programmesAdmin.startsOn")} value={draft.starts_on} onInput={set("starts_on")} error={errors.starts_on} />
        <TextField id="programme-ends" type="date" label={t("programmesAdmin.endsOn")} value={draft.ends_on} onInput={set("ends_on")} error={errors.ends_on} />
      </div>
      <CheckboxGroup
        name="programme-kerneopgaver"
        legend={t("programmesAdmin.kerneopgaver")}
        hint={t("programmesAdmin.kerneopgaverHint")}
        error={errors.kerneopgave_ids}
        options={(kerneopgaver.data?.items ?? []).map((item) => ({ value: item.id, label: item.title }))}
        selected={draft.kerneopgave_ids}
        onChange={set("kerneopgave_ids")}
      />
      <fieldset class="form-group">
        <legend class="form-label">{t("programmeGoals.legend")}</legend>
        <p class="form-hint">{t("programmeGoals.hint")}</p>
        {(frameworks.data?.items ?? []).length === 0 && <p>{t("programmeGoals.noFrameworks")}</p>}
        {(frameworks.data?.items ?? []).map((framework) => (
          <CheckboxGroup
            key={framework.id}
            name={`programme-goals-${framework.id}`}
            legend={framework.title}
            options={framework.competences.map((competence) => ({ value: competence.id, label: competence.title }))}
            selected={draft.competence_ids.filter((id) => framework.competences.some((c) => c.id === id))}
            onChange={(chosen) =>
              set("competence_ids")([
                ...draft.competence_ids.filter((id) => !framework.competences.some((c) => c.id === id)),
                ...chosen,
              ])
            }
          />
        ))}
        {errors.competence_ids && <p class="form-error-message">{errors.competence_ids}</p>}
      </fieldset>
      {(offerings.data?.items ?? []).length > 0 && (
        <SelectField
          id="programme-offering"
          label={t("programmesAdmin.offering")}
          hint={rulesLocked ? t("programmeGoals.offeringLocked") : t("programmeGoals.offeringHint")}
          disabled={rulesLocked}
          options={[
            ...(props.programme?.offering_id ? [] : [{ value: "", label: t("programmeGoals.noOffering") }]),
            ...(offerings.data?.items ?? []).map((offering) => ({
              value: offering.id,
              label: `${offering.title} (${offering.partner.toUpperCase()})`,
            })),
          ]}
          value={draft.offering_id}
          onChange={(value) => {
            const offering = offerings.data?.items.find((item) => item.id === value);
            // the offering's grading applies: show it in the rules below rather than override it
            setDraft({ ...draft, offering_id: value, ...(offering ? { grading: offering.grading } : {}) });
          }}
          error={errors.offering_id}
        />
      )}
      <fieldset class="form-group">
        <legend class="form-label">{t("programmesAdmin.rules")}</legend>
        {rulesLocked && <p class="form-hint">{t("programmesAdmin.rulesLocked")}</p>}
        <SelectField
          id="programme-grading"
          label={t("programmesAdmin.grading")}
          required
          disabled={rulesLocked}
          options={GRADINGS.map((grading) => ({ value: grading, label: t(`programmesAdmin.gradings.${grading}`) }))}
          value={draft.grading}
          onChange={(value) => set("grading")(value as Grading)}
          error={errors["rules.grading"]}
        />
        <div class="praksis-form-row">
          <TextField id="programme-min" type="number" min={1} label={t("programmesAdmin.cohortMin")} disabled={rulesLocked} value={draft.cohort_min_size} onInput={set("cohort_min_size")} error={errors["rules.cohort_min_size"]} />
          <TextField id="programme-max" type="number" min={1} label={t("programmesAdmin.cohortMax")} disabled={rulesLocked} value={draft.cohort_max_size} onInput={set("cohort_max_size")} error={errors["rules.cohort_max_size"]} />
        </div>
        <TextField
          id="programme-justification"
          type="number"
          min={0}
          label={t("programmesAdmin.justificationMin")}
          hint={t("programmesAdmin.justificationHint")}
          disabled={rulesLocked}
          value={draft.justification_min_length}
          onInput={set("justification_min_length")}
          error={errors["rules.justification_min_length"]}
        />
      </fieldset>
      {!props.programme && (
        <TextArea
          id="programme-modules"
          label={t("programmesAdmin.modulesAtStart")}
          hint={t("programmesAdmin.modulesHint")}
          rows={3}
          value={draft.modules}
          onInput={set("modules")}
          error={errors.modules}
        />
      )}
    </>
  );
}

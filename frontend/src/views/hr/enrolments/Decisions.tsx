/** The three decisions HR makes on an enrolment, each a small form in the decision dialog. */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../../api/client";
import { type Problem, fieldErrors } from "../../../api/problem";
import { ProblemMessage } from "../../../components/Feedback";
import { FormActions, RadioGroup, SelectField, TextArea } from "../../../components/Fields";
import { useI18n } from "../../../i18n";
import { DANISH_GRADES, NOTE_MAX_LENGTH, cohortChoices, completionBody, gradeLabel } from "./logic";

type Enrolment = Schemas["EnrolmentRead"];
type Cohort = Schemas["CohortRead"];
type Programme = Schemas["ProgrammeRead"];

interface DecisionProps {
  enrolment: Enrolment;
  name: string;
  onCancel: () => void;
  /** The visible confirmation to show once the server agreed. */
  onDone: (confirmation: string) => void;
}

function useSubmit() {
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  async function run<T>(request: Promise<{ data?: T; problem?: Problem }>, onData: (data: T) => void) {
    setBusy(true);
    const result = await request;
    setBusy(false);
    if (result.problem) setProblem(result.problem);
    else if (result.data !== undefined) onData(result.data);
  }
  return { problem, setProblem, busy, run };
}

/** Approve onto one of the programme's open cohorts; a full one puts the person on its waiting list. */
export function ApproveForm(props: DecisionProps & { cohorts: readonly Cohort[] }) {
  const { t, formatNumber } = useI18n();
  const { enrolment, name } = props;
  const choices = cohortChoices(props.cohorts, enrolment.programme_id);
  const [cohortId, setCohortId] = useState(enrolment.cohort_id ?? (choices.length === 1 ? (choices[0]?.cohort.id ?? "") : ""));
  const [note, setNote] = useState("");
  const { problem, busy, run } = useSubmit();
  const errors = fieldErrors(problem);
  const chosen = choices.find((choice) => choice.cohort.id === cohortId);

  if (choices.length === 0) {
    return (
      <>
        <p>{t("enrolmentsAdmin.noCohorts")}</p>
        <a href="/hr/cohorts">{t("nav.cohorts")}</a>
      </>
    );
  }

  function submit(event: Event) {
    event.preventDefault();
    void run(
      call(api.POST("/api/v1/enrolments/{enrolment_id}/approve", { params: { path: { enrolment_id: enrolment.id } }, body: { cohort_id: cohortId, note } })),
      (saved: Enrolment) => {
        const cohort = chosen?.cohort.name ?? "";
        props.onDone(t(saved.status === "waitlisted" ? "enrolmentsAdmin.waitlisted" : "enrolmentsAdmin.approved", { name, cohort }));
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <SelectField
        id="approve-cohort"
        label={t("enrolmentsAdmin.cohort")}
        hint={t("enrolmentsAdmin.cohortHint", { name })}
        required
        placeholder={t("enrolmentsAdmin.choose")}
        options={choices.map(({ cohort, taken, full }) => ({
          value: cohort.id,
          label: full
            ? t("enrolmentsAdmin.cohortOptionFull", { name: cohort.name, waiting: formatNumber(cohort.waitlisted_count, 0) })
            : t("enrolmentsAdmin.cohortOption", { name: cohort.name, taken: formatNumber(taken, 0), capacity: formatNumber(cohort.capacity, 0) }),
        }))}
        value={cohortId}
        onChange={setCohortId}
        error={errors.cohort_id}
      />
      {chosen?.full && <p class="op-rules">{t("enrolmentsAdmin.fullWarning", { name, cohort: chosen.cohort.name })}</p>}
      <TextArea
        id="approve-note"
        label={t("enrolmentsAdmin.note")}
        hint={t("enrolmentsAdmin.noteHint", { max: formatNumber(NOTE_MAX_LENGTH, 0), count: formatNumber(note.length, 0) })}
        value={note}
        onInput={setNote}
        error={errors.note}
        rows={3}
        maxLength={NOTE_MAX_LENGTH}
      />
      {problem && <ProblemMessage problem={problem} />}
      <FormActions
        submit={t(chosen?.full ? "enrolmentsAdmin.submitWaitlist" : "enrolmentsAdmin.submitApprove")}
        busy={busy || !cohortId}
        onCancel={props.onCancel}
      />
    </form>
  );
}

/** Decline with a reason kept on the enrolment (the API takes up to 2,000 characters). */
export function DeclineForm(props: DecisionProps) {
  const { t, formatNumber } = useI18n();
  const { enrolment, name } = props;
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const { problem, busy, run } = useSubmit();
  const errors = fieldErrors(problem);

  function submit(event: Event) {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void run(
      call(api.POST("/api/v1/enrolments/{enrolment_id}/decline", { params: { path: { enrolment_id: enrolment.id } }, body: { note: reason } })),
      () => props.onDone(t("enrolmentsAdmin.declined", { name })),
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextArea
        id="decline-reason"
        label={t("enrolmentsAdmin.reason")}
        hint={t("enrolmentsAdmin.reasonHint", { max: formatNumber(NOTE_MAX_LENGTH, 0), count: formatNumber(reason.length, 0) })}
        value={reason}
        onInput={setReason}
        error={missing ? t("enrolmentsAdmin.reasonRequired") : errors.note}
        required
        rows={4}
        maxLength={NOTE_MAX_LENGTH}
      />
      {problem && <ProblemMessage problem={problem} />}
      <FormActions submit={t("enrolmentsAdmin.submitDecline")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

/** Completion with the result the programme's grading asks for. */
export function CompleteForm(props: DecisionProps & { programme: Programme }) {
  const { t } = useI18n();
  const { enrolment, name, programme } = props;
  const grading = programme.rules.grading;
  const [choice, setChoice] = useState("");
  const [missing, setMissing] = useState(false);
  const { problem, busy, run } = useSubmit();
  const errors = fieldErrors(problem);

  function submit(event: Event) {
    event.preventDefault();
    const body = completionBody(grading, choice);
    if (!body) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void run(
      call(api.POST("/api/v1/enrolments/{enrolment_id}/complete", { params: { path: { enrolment_id: enrolment.id } }, body })),
      (saved: Enrolment) => {
        const values = { name, programme: programme.title };
        if (saved.grade !== null) props.onDone(t("enrolmentsAdmin.completedGrade", { ...values, grade: gradeLabel(saved.grade) }));
        else if (saved.passed !== null) props.onDone(t(saved.passed ? "enrolmentsAdmin.completedPassed" : "enrolmentsAdmin.completedFailed", values));
        else props.onDone(t("enrolmentsAdmin.completed", values));
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      {grading === "danish_7_point" && (
        <RadioGroup
          name="completion-grade"
          legend={t("enrolmentsAdmin.grade")}
          hint={t("enrolmentsAdmin.gradeHint")}
          error={missing ? t("enrolmentsAdmin.gradeRequired") : errors.grade}
          options={DANISH_GRADES.map((grade) => ({ value: String(grade), label: gradeLabel(grade) }))}
          value={choice}
          onChange={setChoice}
        />
      )}
      {grading === "pass_fail" && (
        <RadioGroup
          name="completion-result"
          legend={t("enrolmentsAdmin.result")}
          hint={t("enrolmentsAdmin.resultHint")}
          error={missing ? t("enrolmentsAdmin.resultRequired") : errors.passed}
          options={[
            { value: "passed", label: t("enrolmentsAdmin.passed") },
            { value: "failed", label: t("enrolmentsAdmin.failed") },
          ]}
          value={choice}
          onChange={setChoice}
        />
      )}
      {grading === "none" && <p>{t("enrolmentsAdmin.ungraded", { name })}</p>}
      {problem && <ProblemMessage problem={problem} />}
      <FormActions submit={t("enrolmentsAdmin.submitComplete")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

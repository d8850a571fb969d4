/** The participant rates an ungraded programme's competence goals before and after it. */
import "../hr/people/orgPeople.css";
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, Confirmation, ProblemMessage } from "../../components/Feedback";
import { FormActions } from "../../components/Fields";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { Scale } from "../participant/parts";
import { type Moment, type SelfAssessment, nextMoment, scoresFor } from "./logic";

type Enrolment = Schemas["EnrolmentRead"];
type Item = SelfAssessment["items"][number];

/** For an ungraded programme only (a graded one answers 409: its grades show what was learnt). */
export function SelfAssessmentPanel({ enrolment }: { enrolment: Enrolment }) {
  const { t } = useI18n();
  const [confirmation, setConfirmation] = useState("");
  const query = useQuery(
    () => call(api.GET("/api/v1/enrolments/{enrolment_id}/self-assessment", { params: { path: { enrolment_id: enrolment.id } } })),
    [enrolment.id],
  );
  const headingId = `self-${enrolment.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>{t("growth.selfHeading")}</h4>
      <div class="op-rules">
        <p>{t("growth.selfRules")}</p>
      </div>
      {confirmation && <Confirmation text={confirmation} />}
      <Async query={query} lines={3}>
        {(assessment) => (
          <SelfAssessmentBody
            enrolment={enrolment}
            assessment={assessment}
            onSaved={(moment) => {
              setConfirmation(t("growth.assessmentSaved", { moment: t(`growth.momentWord.${moment}`) }));
              query.reload();
            }}
          />
        )}
      </Async>
    </section>
  );
}

function SelfAssessmentBody(props: { enrolment: Enrolment; assessment: SelfAssessment; onSaved: (moment: Moment) => void }) {
  const { t } = useI18n();
  const { enrolment, assessment } = props;
  if (assessment.items.length === 0) return <p>{t("growth.selfNoGoals")}</p>;
  const moment = nextMoment(enrolment.status, assessment);
  const answered = assessment.items.some((item) => item.before != null);
  return (
    <>
      {answered && <Ratings items={assessment.items} />}
      {moment ? (
        <RateForm enrolmentId={enrolment.id} assessment={assessment} moment={moment} onSaved={props.onSaved} />
      ) : (
        <p>{t(answered ? "growth.selfDone" : "growth.selfNeedsPlace")}</p>
      )}
    </>
  );
}

function Ratings({ items }: { items: readonly Item[] }) {
  const { t, formatNumber } = useI18n();
  const score = (value: number | null) => (value == null ? t("growth.notYet") : formatNumber(value, 0));
  return (
    <Table<Item>
      caption={t("growth.selfCaption")}
      rows={items}
      rowKey={(row) => row.competence_id}
      columns={[
        { key: "goal", header: t("growth.goal"), cell: (row) => row.title },
        { key: "before", header: t("growth.before"), cell: (row) => score(row.before), numeric: true },
        { key: "after", header: t("growth.after"), cell: (row) => score(row.after), numeric: true },
      ]}
    />
  );
}

function RateForm(props: { enrolmentId: string; assessment: SelfAssessment; moment: Moment; onSaved: (moment: Moment) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [checked, setChecked] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const scores = scoresFor(props.assessment, chosen);
  const label = t(props.moment === "before" ? "growth.giveBefore" : "growth.giveAfter");

  async function submit(event: Event) {
    event.preventDefault();
    setChecked(true);
    if (!scores) return;
    const result = await call(
      api.POST("/api/v1/enrolments/{enrolment_id}/self-assessment", {
        params: { path: { enrolment_id: props.enrolmentId } },
        body: { moment: props.moment, scores },
      }),
    );
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    props.onSaved(props.moment);
  }

  if (!open) {
    return (
      <button type="button" class="button button-primary" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {props.assessment.items.map((item) => (
        <Scale
          key={item.competence_id}
          name={`rate-${props.enrolmentId}-${item.competence_id}`}
          legend={t("growth.rateGoal", { goal: item.title })}
          hint={t("growth.scaleHint")}
          value={chosen[item.competence_id] ? String(chosen[item.competence_id]) : ""}
          onChange={(value) => setChosen({ ...chosen, [item.competence_id]: Number(value) })}
          error={checked && !chosen[item.competence_id] ? t("growth.rateEvery") : undefined}
        />
      ))}
      {problem && <ProblemMessage problem={problem} />}
      <FormActions submit={t("growth.sendAssessment")} onCancel={() => setOpen(false)} />
    </form>
  );
}

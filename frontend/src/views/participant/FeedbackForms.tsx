/** The dialogs of the feedback view: feedback on a trial action, a workshop evaluation, a follow-up. */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { api, call, type Result } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { ProblemMessage } from "../../components/Feedback";
import { FormActions, RadioGroup, TextArea } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { useI18n } from "../../i18n";
import type { EvaluationDue, FollowUp } from "./data";
import { type FeedbackKind, ratingOf } from "./logic";
import { Checkbox, Scale } from "./parts";

export interface FeedbackTarget {
  id: string;
  title: string;
  kinds: FeedbackKind[];
}

/** A dialog around one form: submit and cancel in the footer, the problem above the fields. */
function FormDialog(props: {
  id: string;
  title: string;
  submit: string;
  busy: boolean;
  problem?: Problem;
  onSubmit: () => void;
  onClose: () => void;
  children: ComponentChildren;
}) {
  return (
    <Modal
      id={`${props.id}-dialog`}
      title={props.title}
      open
      onClose={props.onClose}
      footer={
        <FormActions submit={props.submit} form={props.id} busy={props.busy} onCancel={props.onClose} />
      }
    >
      <form
        id={props.id}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        {props.problem && <ProblemMessage problem={props.problem} />}
        {props.children}
      </form>
    </Modal>
  );
}

/** Sends a request; on success announces `message` and calls `onSent`, else keeps the problem. */
function useSender(onSent: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  async function send<T>(request: () => Promise<Result<T>>, message: string) {
    setBusy(true);
    setProblem(undefined);
    const result = await request();
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    announce(message);
    await onSent();
  }
  return { busy, problem, setProblem, send };
}

/** Feedback's answers as a form's state: the rating "" when none is chosen. */
export interface FeedbackDraft {
  what_worked: string;
  try_next: string;
  rating: string;
  shared: boolean;
}

/** The answers' fields, for new feedback and for correcting it (`id` prefixes the fields' ids). */
export function FeedbackFields(props: {
  id: string;
  draft: FeedbackDraft;
  set: (draft: FeedbackDraft) => void;
  errors: Record<string, string>;
  /** a leader's own feedback: their team's leader reads it anyway, so there is nothing to share */
  shareable: boolean;
  /** false once a rating is given (the API changes it, never removes it) */
  ratingOptional: boolean;
  ratingHint?: string;
}) {
  const { t } = useI18n();
  const { id, draft, set, errors } = props;
  return (
    <>
      <TextArea
        id={`${id}-what-worked`}
        label={t("participant.feedback.whatWorked")}
        required
        rows={4}
        maxLength={5000}
        value={draft.what_worked}
        onInput={(what_worked) => set({ ...draft, what_worked })}
        error={errors.what_worked}
      />
      <TextArea
        id={`${id}-try-next`}
        label={t("participant.feedback.tryNext")}
        required
        rows={4}
        maxLength={5000}
        value={draft.try_next}
        onInput={(try_next) => set({ ...draft, try_next })}
        error={errors.try_next}
      />
      <Scale
        name={`${id}-rating`}
        legend={t("participant.feedback.rating")}
        hint={props.ratingHint}
        optional={props.ratingOptional ? t("participant.feedback.noRating") : undefined}
        value={draft.rating}
        onChange={(rating) => set({ ...draft, rating })}
        error={errors.rating}
      />
      {props.shareable && (
        <Checkbox
          id={`${id}-shared`}
          label={t("participant.feedback.share")}
          checked={draft.shared}
          onChange={(shared) => set({ ...draft, shared })}
        />
      )}
    </>
  );
}

export function GiveFeedback(props: {
  target: FeedbackTarget;
  onClose: () => void;
  onSent: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { target } = props;
  const [kind, setKind] = useState<FeedbackKind>(target.kinds[0] ?? "colleague");
  const [draft, setDraft] = useState<FeedbackDraft>({ what_worked: "", try_next: "", rating: "", shared: false });
  const { busy, problem, send } = useSender(props.onSent);
  const errors = fieldErrors(problem);
  const rated = ratingOf(draft.rating);
  const submit = () =>
    void send(
      () =>
        call(
          api.POST("/api/v1/feedback", {
            body: {
              trial_action_id: target.id,
              kind,
              what_worked: draft.what_worked.trim(),
              try_next: draft.try_next.trim(),
              shared_with_leader: draft.shared,
              ...(rated !== undefined ? { rating: rated } : {}),
            },
          }),
        ),
      t("participant.feedback.sent"),
    );
  return (
    <FormDialog
      id="give-feedback"
      title={t("participant.feedback.giveTitle", { title: target.title })}
      submit={t("participant.feedback.send")}
      busy={busy}
      problem={problem}
      onSubmit={submit}
      onClose={props.onClose}
    >
      {target.kinds.length > 1 && (
        <RadioGroup
          name="feedback-kind"
          legend={t("participant.feedback.kind")}
          options={target.kinds.map((value) => ({ value, label: t(`participant.kinds.${value}`) }))}
          value={kind}
          onChange={(value) => setKind(value as FeedbackKind)}
        />
      )}
      {/* the owners' leader reads a leader's own feedback anyway */}
      <FeedbackFields id="feedback" draft={draft} set={setDraft} errors={errors} shareable={kind !== "leader"} ratingOptional />
    </FormDialog>
  );
}

const QUESTIONS = ["relevance", "learning", "usefulness"] as const;
type Question = (typeof QUESTIONS)[number];

export function EvaluateWorkshop(props: {
  workshop: EvaluationDue;
  onClose: () => void;
  onSent: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<Record<Question, string>>({
    relevance: "",
    learning: "",
    usefulness: "",
  });
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const { busy, problem, send } = useSender(props.onSent);
  const errors = fieldErrors(problem);
  const submit = () => {
    const [relevance, learning, usefulness] = QUESTIONS.map((question) => ratingOf(answers[question]));
    if (relevance === undefined || learning === undefined || usefulness === undefined) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void send(
      () =>
        call(
          api.POST("/api/v1/feedback/workshop-evaluations", {
            body: { workshop_id: props.workshop.id, relevance, learning, usefulness, comment: comment.trim() },
          }),
        ),
      t("participant.evaluation.sent"),
    );
  };
  return (
    <FormDialog
      id="evaluate-workshop"
      title={t("participant.evaluation.title", { title: props.workshop.title })}
      submit={t("participant.evaluation.send")}
      busy={busy}
      problem={problem}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <p>{t("participant.evaluation.anonymous")}</p>
      {QUESTIONS.map((question) => (
        <Scale
          key={question}
          name={`evaluation-${question}`}
          legend={t(`participant.evaluation.${question}`)}
          hint={t("participant.evaluation.scale")}
          value={answers[question]}
          onChange={(value) => setAnswers((current) => ({ ...current, [question]: value }))}
          error={
            errors[question] ?? (missing && !answers[question] ? t("participant.evaluation.missing") : undefined)
          }
        />
      ))}
      <TextArea
        id="evaluation-comment"
        label={t("participant.evaluation.comment")}
        hint={t("participant.evaluation.commentHint")}
        rows={3}
        maxLength={2000}
        value={comment}
        onInput={setComment}
        error={errors.comment}
      />
    </FormDialog>
  );
}

export function AnswerFollowUp(props: {
  followUp: FollowUp;
  onClose: () => void;
  onSent: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [usage, setUsage] = useState("");
  const [examples, setExamples] = useState("");
  const [missing, setMissing] = useState(false);
  const { busy, problem, send } = useSender(props.onSent);
  const errors = fieldErrors(problem);
  const submit = () => {
    const value = ratingOf(usage);
    if (value === undefined) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void send(
      () =>
        call(
          api.POST("/api/v1/feedback/follow-ups/{follow_up_id}/answer", {
            params: { path: { follow_up_id: props.followUp.id } },
            body: { usage: value, examples: examples.trim() },
          }),
        ),
      t("participant.followUp.sent"),
    );
  };
  return (
    <FormDialog
      id="answer-follow-up"
      title={t("participant.followUp.title", { programme: props.followUp.programme_title })}
      submit={t("participant.followUp.send")}
      busy={busy}
      problem={problem}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Scale
        name="follow-up-usage"
        legend={t("participant.followUp.usage")}
        hint={t("participant.followUp.usageScale")}
        value={usage}
        onChange={setUsage}
        error={errors.usage ?? (missing ? t("participant.followUp.missing") : undefined)}
      />
      <TextArea
        id="follow-up-examples"
        label={t("participant.followUp.examples")}
        rows={4}
        maxLength={5000}
        value={examples}
        onInput={setExamples}
        error={errors.examples}
      />
    </FormDialog>
  );
}

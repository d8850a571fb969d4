/** Small pieces the participant views share: the phase stepper, a check box, 1–5 scales. */
import { useEffect, useState } from "preact/hooks";
import type { Result } from "../../api/client";
import { type Query, useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { me } from "../../auth/session";
import type { FeedbackRead } from "./data";
import { PHASES, type Phase, RATINGS, phaseState } from "./logic";

/** Feedback's answers: what worked, what to try next, the rating when one was given. */
export function FeedbackFacts({ item }: { item: FeedbackRead }) {
  const { t } = useI18n();
  return (
    <dl class="praksis-facts">
      <dt>{t("participant.feedback.whatWorked")}</dt>
      <dd>{item.what_worked}</dd>
      <dt>{t("participant.feedback.tryNext")}</dt>
      <dd>{item.try_next}</dd>
      {item.rating !== null && (
        <>
          <dt>{t("participant.feedback.ratingLabel")}</dt>
          <dd>{t("participant.feedback.ratingValue", { value: item.rating })}</dd>
        </>
      )}
    </dl>
  );
}

/** The signed-in person's id ("" until /me has answered; views render after it has). */
export function useMyId(): string {
  return useStore(me)?.person?.id ?? "";
}

export function PhaseStepper({ phase, label }: { phase: Phase; label: string }) {
  const { t } = useI18n();
  return (
    <ol class="participant-phases" aria-label={label}>
      {PHASES.map((step) => {
        const state = phaseState(step, phase);
        return (
          <li key={step} class={`participant-phase is-${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span class="participant-phase-number" aria-hidden="true">
              {PHASES.indexOf(step) + 1}
            </span>
            <span>{t(`participant.phases.${step}`)}</span>
            {state !== "todo" && (
              <span class="sr-only">
                {" "}
                ({state === "done" ? t("participant.project.phaseDone") : t("participant.project.phaseCurrent")})
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function Checkbox(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div class="form-group-checkbox">
      <input
        type="checkbox"
        class="form-checkbox"
        id={props.id}
        name={props.id}
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

/** A 1–5 scale as radio buttons in a row; `optional` adds "no answer" first. */
export function Scale(props: {
  name: string;
  legend: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  optional?: string;
  error?: string;
}) {
  const { t } = useI18n();
  const options = [
    ...(props.optional !== undefined ? [{ value: "", label: props.optional }] : []),
    ...RATINGS.map((rating) => ({ value: String(rating), label: String(rating) })),
  ];
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  return (
    <fieldset
      class={props.error ? "form-group form-error" : "form-group"}
      aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
    >
      <legend class="form-label">{props.legend}</legend>
      {props.hint && (
        <span class="form-hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span class="form-error-message" id={errorId}>
          {props.error}
        </span>
      )}
      <ul class="nobullet-list participant-scale">
        {options.map((option) => (
          <li key={option.value}>
            <input
              type="radio"
              class="form-radio"
              id={`${props.name}-${option.value || "none"}`}
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              onChange={() => props.onChange(option.value)}
            />
            <label for={`${props.name}-${option.value || "none"}`}>
              {option.value ? (
                <>
                  {option.label}
                  <span class="sr-only"> {t("participant.feedback.ratingValue", { value: option.value })}</span>
                </>
              ) : (
                option.label
              )}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * A query whose data can be refreshed after a change without showing the skeleton again
 * (the first load shows it; a refresh swaps the data in place, so nothing jumps).
 */
export function useRefreshable<T>(
  load: () => Promise<Result<T>>,
  deps: readonly unknown[],
): [Query<T>, () => Promise<void>] {
  const query = useQuery(load, deps);
  const [fresh, setFresh] = useState<{ data: T } | null>(null);
  useEffect(() => setFresh(null), [query.status, query.data]);
  async function refresh() {
    const result = await load();
    if (result.problem) query.reload();
    else setFresh({ data: result.data });
  }
  const current: Query<T> = fresh ? { status: "success", data: fresh.data, reload: query.reload } : query;
  return [current, refresh];
}

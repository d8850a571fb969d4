/** Loading, error and empty states that keep the layout stable. */
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { Problem } from "../api/problem";
import { fieldName, problemHeadingKey } from "../api/problem";
import type { Query } from "../hooks/useQuery";
import { useI18n } from "../i18n";

/** Grey placeholder lines of the height the content will take, announced as busy. */
export function Loading({ lines = 3 }: { lines?: number }) {
  const { t } = useI18n();
  return (
    <div class="skeleton" aria-busy="true">
      <span class="sr-only" role="status">
        {t("common.loading")}
      </span>
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} class="skeleton-line" aria-hidden="true" />
      ))}
    </div>
  );
}

/** A problem+json shown kindly: translated heading, the server's detail, per-field notes. */
export function ProblemMessage({ problem }: { problem: Problem }) {
  const { t } = useI18n();
  const key = problemHeadingKey(problem);
  const heading = key ? t(key) : problem.title;
  return (
    <div class="alert alert-error" role="alert">
      <div class="alert-body">
        <p class="alert-heading">{heading}</p>
        {problem.detail && <p class="alert-text">{problem.detail}</p>}
        {problem.errors && problem.errors.length > 0 && (
          <>
            <p class="alert-text">{t("problems.fieldErrors")}</p>
            <ul class="alert-text">
              {problem.errors.map((error) => (
                <li key={error.location + error.message}>
                  {fieldName(error.location) && <strong>{fieldName(error.location)}: </strong>}
                  {error.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBox({ problem, onRetry }: { problem: Problem; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="error-box">
      <ProblemMessage problem={problem} />
      {onRetry && (
        <button type="button" class="button button-secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/**
 * A visible confirmation after a change. It takes the focus when it appears (or its text
 * changes): the control that made the change is often gone (a decided nomination leaves its
 * list, a dialog closes), so keyboard and screen-reader users land on what happened.
 */
export function Confirmation({ text }: { text: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // after this commit's other effects: a closing <dialog> hands focus back to its opener first
    const timer = setTimeout(() => box.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <div class="alert alert-success praksis-confirmation" tabIndex={-1} ref={box}>
      <div class="alert-body">
        <p class="alert-text">{text}</p>
      </div>
    </div>
  );
}

export function EmptyState({ children }: { children?: ComponentChildren }) {
  const { t } = useI18n();
  return <p class="empty-state">{children ?? t("common.empty")}</p>;
}

/**
 * The three states of a query in one place:
 *   <Async query={programmes} lines={5}>{(data) => <Table … />}</Async>
 */
export function Async<T>({
  query,
  lines,
  children,
}: {
  query: Query<T>;
  lines?: number;
  children: (data: T) => ComponentChildren;
}) {
  if (query.status === "loading") return <Loading lines={lines} />;
  if (query.status === "error") return <ErrorBox problem={query.problem} onRetry={query.reload} />;
  return <>{children(query.data)}</>;
}

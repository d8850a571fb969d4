import { useState } from "preact/hooks";
import { type Problem, fieldErrors } from "../api/problem";

/**
 * A form's submit: busy while `send` runs, its problem (and per-field errors) when refused,
 * `onDone` with the answer when accepted.
 *
 *   const { problem, busy, submit, errors } = useSubmit(() => call(api.POST(…)), (created) => …);
 *   <form onSubmit={(event) => void submit(event)} noValidate>
 */
export function useSubmit<T>(send: () => Promise<{ data?: T; problem?: Problem }>, onDone: (data: T) => void) {
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const result = await send();
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    if (result.data !== undefined) onDone(result.data);
  }
  return { problem, busy, submit, errors: fieldErrors(problem) };
}

/**
 * Choosing people among thousands: the chosen ones are listed (their names fetched by id),
 * and more are found by name or email (GET /people?q=) — never a list of everyone.
 */
import { useEffect, useState } from "preact/hooks";
import { api, call } from "../api/client";
import { type Person, peopleByIds, personLabel } from "../api/people";
import type { Problem } from "../api/problem";
import { useI18n } from "../i18n";
import { ProblemMessage } from "./Feedback";
import { announce } from "./LiveRegion";

const MOST_FOUND = 20;

export function PeoplePicker(props: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** One person only: choosing another replaces the chosen one. */
  single?: boolean;
}) {
  const { t } = useI18n();
  const { name, selected, single } = props;
  const [known, setKnown] = useState<ReadonlyMap<string, Person>>(new Map());
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Person[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const remember = (people: readonly Person[]) =>
    setKnown((current) => new Map([...current, ...people.map((person) => [person.id, person] as const)]));
  const missing = selected.filter((id) => !known.has(id));

  useEffect(() => {
    if (missing.length === 0) return;
    void peopleByIds(missing).then((result) => result.data && remember(result.data.items));
  }, [missing.join(",")]);

  async function search() {
    const text = query.trim();
    if (!text) return;
    setBusy(true);
    setProblem(undefined);
    const result = await call(api.GET("/api/v1/people", { params: { query: { q: text, limit: MOST_FOUND } } }));
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    remember(result.data.items);
    setFound(result.data.items);
    announce(t("peoplePicker.found", { count: result.data.items.length }));
  }

  const choose = (id: string) => props.onChange(single ? [id] : [...selected, id]);
  const drop = (id: string) => props.onChange(selected.filter((item) => item !== id));
  const candidates = (found ?? []).filter((person) => !selected.includes(person.id));
  const type = single ? "radio" : "checkbox";
  const label = (id: string) => {
    const person = known.get(id);
    return person ? personLabel(person) : t("common.loading");
  };

  return (
    <fieldset
      class={props.error ? "form-group form-error" : "form-group"}
      aria-describedby={[props.hint ? `${name}-hint` : "", props.error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined}
    >
      <legend class="form-label">{props.legend}</legend>
      {props.hint && (
        <span class="form-hint" id={`${name}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span class="form-error-message" id={`${name}-error`}>
          {props.error}
        </span>
      )}
      {selected.length === 0 ? (
        <p class="form-hint">{t("peoplePicker.noneChosen")}</p>
      ) : (
        <ul class="nobullet-list">
          {selected.map((id) => (
            <li key={id}>
              <input type={type} class={`form-${type}`} id={`${name}-${id}`} name={name} value={id} checked onChange={() => !single && drop(id)} />
              <label for={`${name}-${id}`}>{label(id)}</label>
            </li>
          ))}
        </ul>
      )}
      <div class="praksis-search">
        <label class="form-label" for={`${name}-query`}>
          {t("peoplePicker.search")}
        </label>
        <span class="form-hint" id={`${name}-query-hint`}>
          {t("peoplePicker.searchHint")}
        </span>
        <div class="praksis-search-row">
          <input
            id={`${name}-query`}
            class="form-input"
            type="search"
            maxLength={200}
            aria-describedby={`${name}-query-hint`}
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault(); // search, do not submit the surrounding form
              void search();
            }}
          />
          <button type="button" class="button button-secondary" disabled={busy} onClick={() => void search()}>
            {t("peoplePicker.find")}
          </button>
        </div>
      </div>
      {problem && <ProblemMessage problem={problem} />}
      {found && candidates.length === 0 && <p>{t("peoplePicker.none")}</p>}
      {candidates.length > 0 && (
        <ul class="nobullet-list" aria-label={t("peoplePicker.results")}>
          {candidates.map((person) => (
            <li key={person.id}>
              <input type={type} class={`form-${type}`} id={`${name}-found-${person.id}`} name={`${name}-found`} value={person.id} checked={false} onChange={() => choose(person.id)} />
              <label for={`${name}-found-${person.id}`}>{personLabel(person)}</label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

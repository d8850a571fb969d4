import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../../api/client";
import type { Problem } from "../../../api/problem";
import { ConditionalEdit } from "../../../components/ConditionalEdit";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../../components/Feedback";
import { FormActions, SelectField, TextField } from "../../../components/Fields";
import { announce } from "../../../components/LiveRegion";
import { Modal } from "../../../components/Modal";
import { Pager } from "../../../components/Pager";
import { Table } from "../../../components/Table";
import { useQuery } from "../../../hooks/useQuery";
import { useSubmit } from "../../../hooks/useSubmit";
import { useI18n } from "../../../i18n";
import { EraseForm, exportPerson } from "./Gdpr";

export type Person = Schemas["PersonRead"];
export type OrgUnit = Schemas["OrgUnitRead"];
const PAGE_SIZE = 25;

export function loadOrgUnits() {
  return allPages((cursor) => api.GET("/api/v1/org-units", { params: { query: { limit: 200, cursor } } }));
}

/** People with search and paging (cursor stack for "previous"), each editable in a modal. */
export function PeopleList({ generation }: { generation: number }) {
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [editing, setEditing] = useState<Person | null>(null);
  const [adding, setAdding] = useState(false);
  const [erasing, setErasing] = useState<Person | null>(null);
  const [done, setDone] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const people = useQuery(
    () => call(api.GET("/api/v1/people", { params: { query: { limit: PAGE_SIZE, q: q || undefined, cursor } } })),
    [q, cursor, generation],
  );
  const units = useQuery(loadOrgUnits, [generation]);
  const unitName = (id: string | null) => units.data?.items.find((unit) => unit.id === id)?.name ?? "–";

  async function download(person: Person) {
    setProblem(null);
    const result = await exportPerson(person);
    if (result.problem) setProblem(result.problem);
    else setDone(t("gdpr.exported", { name: person.name, file: result.file ?? "" }));
  }

  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">{t("orgPeople.peopleHeading")}</h2>
      <p>
        <button type="button" class="button button-secondary" onClick={() => setAdding(true)}>
          {t("personCreate.add")}
        </button>
      </p>
      {done && <Confirmation text={done} />}
      {problem && <ProblemMessage problem={problem} />}
      <form
        role="search"
        class="op-search"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(search.trim());
          setCursors([null]);
        }}
      >
        <TextField id="people-search" label={t("orgPeople.search")} hint={t("orgPeople.searchHint")} value={search} onInput={setSearch} required />
        <button type="submit" class="button button-secondary">
          {t("orgPeople.searchButton")}
        </button>
      </form>
      <Async query={people} lines={8}>
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <EmptyState>{q ? t("orgPeople.noMatch", { q }) : t("orgPeople.noPeople")}</EmptyState>
            ) : (
              <Table<Person>
                caption={t("orgPeople.peopleCaption")}
                rows={page.items}
                rowKey={(row) => row.id}
                columns={[
                  { key: "name", header: t("common.name"), cell: (row) => row.name },
                  { key: "job", header: t("orgPeople.jobTitle"), cell: (row) => row.job_title ?? "–" },
                  { key: "unit", header: t("orgPeople.unit"), cell: (row) => unitName(row.org_unit_id) },
                  { key: "email", header: t("orgPeople.email"), cell: (row) => row.email ?? "–" },
                  {
                    key: "edit",
                    header: t("orgPeople.actions"),
                    cell: (row) => (
                      <div class="op-row-actions">
                        <button type="button" class="button button-tertiary" onClick={() => setEditing(row)}>
                          {t("orgPeople.edit")}
                          <span class="sr-only"> {row.name}</span>
                        </button>
                        <button type="button" class="button button-tertiary" onClick={() => void download(row)}>
                          {t("gdpr.exportPerson")}
                          <span class="sr-only"> {row.name}</span>
                        </button>
                        <button type="button" class="button button-tertiary" onClick={() => setErasing(row)}>
                          {t("gdpr.erase")}
                          <span class="sr-only"> {row.name}</span>
                        </button>
                        <ConfirmDelete
                          id={`delete-person-${row.id}`}
                          label={t("hrEdits.personDelete")}
                          name={row.name}
                          title={t("hrEdits.personDeleteTitle", { name: row.name })}
                          text={[t("hrEdits.personDeleteText"), t("hrEdits.personDeleteErase")]}
                          submit={t("hrEdits.personDelete")}
                          remove={() => call(api.DELETE("/api/v1/people/{person_id}", { params: { path: { person_id: row.id } } }))}
                          onDeleted={() => {
                            setDone(t("hrEdits.personDeleted", { name: row.name }));
                            people.reload();
                          }}
                        />
                      </div>
                    ),
                  },
                ]}
              />
            )}
            <Pager cursors={cursors} next={page.next_cursor} onChange={setCursors} />
          </>
        )}
      </Async>
      {editing && (
        <EditPerson
          key={editing.id}
          id={editing.id}
          units={units.data?.items ?? []}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            announce(t("orgPeople.saved", { name: saved.name }));
            people.reload();
          }}
        />
      )}
      <Modal id="add-person" title={t("personCreate.title")} open={adding} onClose={() => setAdding(false)}>
        {adding && (
          <NewPerson
            units={units.data?.items ?? []}
            onCancel={() => setAdding(false)}
            onSaved={(saved) => {
              setAdding(false);
              setDone(t("personCreate.created", { name: saved.name }));
              people.reload();
            }}
          />
        )}
      </Modal>
      <Modal
        id="erase-person"
        title={t("gdpr.eraseTitle", { name: erasing?.name ?? "" })}
        open={erasing !== null}
        onClose={() => setErasing(null)}
      >
        {erasing && (
          <EraseForm
            key={erasing.id}
            person={erasing}
            onCancel={() => setErasing(null)}
            onErased={(name) => {
              setErasing(null);
              setDone(t("gdpr.erased", { name }));
              people.reload();
            }}
          />
        )}
      </Modal>
    </section>
  );
}

interface PersonDraft {
  name: string;
  email: string;
  job_title: string;
  org_unit_id: string;
  external_id: string;
}

const BLANK: PersonDraft = { name: "", email: "", job_title: "", org_unit_id: "", external_id: "" };

function personDraft(person: Person): PersonDraft {
  return {
    name: person.name,
    email: person.email ?? "",
    job_title: person.job_title ?? "",
    org_unit_id: person.org_unit_id ?? "",
    external_id: person.external_id ?? "",
  };
}

/** Only what changed; an emptied email, job title, unit or external id is left as it was. */
function personChanges(person: Person, draft: PersonDraft): Schemas["PersonUpdate"] {
  const body: Schemas["PersonUpdate"] = {};
  if (draft.name.trim() !== person.name) body.name = draft.name.trim();
  if (draft.email.trim() && draft.email.trim() !== person.email) body.email = draft.email.trim();
  if (draft.job_title.trim() && draft.job_title.trim() !== person.job_title) body.job_title = draft.job_title.trim();
  if (draft.org_unit_id && draft.org_unit_id !== person.org_unit_id) body.org_unit_id = draft.org_unit_id;
  if (draft.external_id.trim() && draft.external_id.trim() !== person.external_id) body.external_id = draft.external_id.trim();
  return body;
}

/** The person read afresh; saved only if no one changed them meanwhile. */
function EditPerson(props: { id: string; units: readonly OrgUnit[]; onClose: () => void; onSaved: (person: Person) => void }) {
  const { t } = useI18n();
  const path = { person_id: props.id };
  return (
    <ConditionalEdit
      id="edit-person"
      title={t("orgPeople.editTitle")}
      submit={t("common.save")}
      read={() => api.GET("/api/v1/people/{person_id}", { params: { path } })}
      toDraft={personDraft}
      write={(draft, person, header) => api.PATCH("/api/v1/people/{person_id}", { params: { path, header }, body: personChanges(person, draft) })}
      onSaved={props.onSaved}
      onClose={props.onClose}
    >
      {(draft, set, errors) => <PersonFields draft={draft} set={set} errors={errors} units={props.units} />}
    </ConditionalEdit>
  );
}

function NewPerson(props: { units: readonly OrgUnit[]; onCancel: () => void; onSaved: (person: Person) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(BLANK);
  const { problem, busy, submit, errors } = useSubmit(() => {
    const body: Schemas["PersonCreate"] = {
      name: draft.name.trim(),
      email: draft.email.trim() || null,
      job_title: draft.job_title.trim() || null,
      org_unit_id: draft.org_unit_id || null,
      external_id: draft.external_id.trim() || null,
    };
    return call(api.POST("/api/v1/people", { body }));
  }, props.onSaved);
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <p class="op-rules">{t("personCreate.rules")}</p>
      <PersonFields draft={draft} set={setDraft} errors={errors} units={props.units} />
      <FormActions submit={t("personCreate.submit")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

function PersonFields(props: { draft: PersonDraft; set: (draft: PersonDraft) => void; errors: Record<string, string>; units: readonly OrgUnit[] }) {
  const { t } = useI18n();
  const { draft, set, errors } = props;
  return (
    <>
      <TextField id="person-name" label={t("common.name")} value={draft.name} onInput={(name) => set({ ...draft, name })} error={errors.name} required maxLength={200} />
      <TextField
        id="person-email"
        type="email"
        label={t("orgPeople.email")}
        value={draft.email}
        onInput={(email) => set({ ...draft, email })}
        error={errors.email}
        autoComplete="off"
      />
      <TextField id="person-job" label={t("orgPeople.jobTitle")} value={draft.job_title} onInput={(job_title) => set({ ...draft, job_title })} error={errors.job_title} />
      <SelectField
        id="person-unit"
        label={t("orgPeople.unit")}
        options={props.units.map((unit) => ({ value: unit.id, label: unit.name }))}
        placeholder={t("orgPeople.noUnit")}
        value={draft.org_unit_id}
        onChange={(org_unit_id) => set({ ...draft, org_unit_id })}
        error={errors.org_unit_id}
      />
      <TextField
        id="person-external"
        label={t("orgPeople.externalId")}
        hint={t("orgPeople.externalIdHint")}
        value={draft.external_id}
        onInput={(external_id) => set({ ...draft, external_id })}
        error={errors.external_id}
      />
    </>
  );
}

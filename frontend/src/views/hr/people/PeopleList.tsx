import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../../api/client";
import type { Problem } from "../../../api/problem";
import { fieldErrors } from "../../../api/problem";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../../components/Feedback";
import { FormActions, SelectField, TextField } from "../../../components/Fields";
import { announce } from "../../../components/LiveRegion";
import { Modal } from "../../../components/Modal";
import { Pager } from "../../../components/Pager";
import { Table } from "../../../components/Table";
import { useQuery } from "../../../hooks/useQuery";
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
      <Modal id="edit-person" title={t("orgPeople.editTitle")} open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <PersonForm
            key={editing.id}
            person={editing}
            units={units.data?.items ?? []}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              announce(t("orgPeople.saved", { name: saved.name }));
              people.reload();
            }}
          />
        )}
      </Modal>
      <Modal id="add-person" title={t("personCreate.title")} open={adding} onClose={() => setAdding(false)}>
        {adding && (
          <PersonForm
            person={null}
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

function PersonForm(props: { person: Person | null; units: readonly OrgUnit[]; onCancel: () => void; onSaved: (p: Person) => void }) {
  const { t } = useI18n();
  const { person } = props;
  const [name, setName] = useState(person?.name ?? "");
  const [email, setEmail] = useState(person?.email ?? "");
  const [jobTitle, setJobTitle] = useState(person?.job_title ?? "");
  const [unitId, setUnitId] = useState(person?.org_unit_id ?? "");
  const [externalId, setExternalId] = useState(person?.external_id ?? "");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = fieldErrors(problem ?? undefined);

  async function save(event: Event) {
    event.preventDefault();
    setSaving(true);
    const result = person ? await update(person) : await create();
    setSaving(false);
    if (result.problem) setProblem(result.problem);
    else props.onSaved(result.data);
  }

  function create() {
    const body: Schemas["PersonCreate"] = {
      name: name.trim(),
      email: email.trim() || null,
      job_title: jobTitle.trim() || null,
      org_unit_id: unitId || null,
      external_id: externalId.trim() || null,
    };
    return call(api.POST("/api/v1/people", { body }));
  }

  function update(person: Person) {
    const body: Schemas["PersonUpdate"] = {};
    if (name.trim() !== person.name) body.name = name.trim();
    if (email.trim() && email.trim() !== person.email) body.email = email.trim();
    if (jobTitle.trim() && jobTitle.trim() !== person.job_title) body.job_title = jobTitle.trim();
    if (unitId && unitId !== person.org_unit_id) body.org_unit_id = unitId;
    if (externalId.trim() && externalId.trim() !== person.external_id) body.external_id = externalId.trim();
    return call(api.PATCH("/api/v1/people/{person_id}", { params: { path: { person_id: person.id } }, body }));
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      {!person && <p class="op-rules">{t("personCreate.rules")}</p>}
      <TextField id="person-name" label={t("common.name")} value={name} onInput={setName} error={errors.name} required maxLength={200} />
      <TextField id="person-email" type="email" label={t("orgPeople.email")} value={email} onInput={setEmail} error={errors.email} autoComplete="off" />
      <TextField id="person-job" label={t("orgPeople.jobTitle")} value={jobTitle} onInput={setJobTitle} error={errors.job_title} />
      <SelectField
        id="person-unit"
        label={t("orgPeople.unit")}
        options={props.units.map((unit) => ({ value: unit.id, label: unit.name }))}
        placeholder={t("orgPeople.noUnit")}
        value={unitId}
        onChange={setUnitId}
        error={errors.org_unit_id}
      />
      <TextField id="person-external" label={t("orgPeople.externalId")} hint={t("orgPeople.externalIdHint")} value={externalId} onInput={setExternalId} error={errors.external_id} />
      <FormActions submit={person ? t("common.save") : t("personCreate.submit")} busy={saving} onCancel={props.onCancel} />
    </form>
  );
}

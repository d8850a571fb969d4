import "./people/orgPeople.css";
import { useState } from "preact/hooks";
import { allPages, api, call, callTagged, ifMatch, type Schemas } from "../../api/client";
import { FOUND_BY_THE_APP, type Problem } from "../../api/problem";
import { ConditionalEdit } from "../../components/ConditionalEdit";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { FormActions, TextArea, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";

type Kerneopgave = Schemas["KerneopgaveRead"];
type Editing = { item: Kerneopgave | null } | null;

function byPosition(items: readonly Kerneopgave[]): Kerneopgave[] {
  return [...items].sort((a, b) => a.position - b.position || a.title.localeCompare(b.title, "da"));
}

function unchangedSinceListed(fresh: Kerneopgave, listed: Kerneopgave): boolean {
  return Date.parse(fresh.updated_at) === Date.parse(listed.updated_at) && fresh.position === listed.position && fresh.active === listed.active;
}

/**
 * A one-click change from the list (move, (de)activate) to the item as the list shows it: read
 * afresh with its ETag; changed since the list was read → nothing is sent (`changedMeanwhile`);
 * else sent with If-Match, so a change in between is refused too (412).
 */
async function patchAsListed(listed: Kerneopgave, body: Schemas["KerneopgaveUpdate"], changedMeanwhile: Problem): Promise<{ problem?: Problem }> {
  const path = { kerneopgave_id: listed.id };
  const fresh = await callTagged(api.GET("/api/v1/kerneopgaver/{kerneopgave_id}", { params: { path } }));
  if (fresh.problem) return fresh;
  if (!unchangedSinceListed(fresh.data, listed)) return { problem: changedMeanwhile };
  return call(api.PATCH("/api/v1/kerneopgaver/{kerneopgave_id}", { params: { path, header: ifMatch(fresh.etag) }, body }));
}

/** The municipality's kerneopgaver with the citizen outcome: create, edit, order, (de)activate. */
export default function HrKerneopgaver() {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Editing>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [deleted, setDeleted] = useState("");
  const list = useQuery(() => allPages((cursor) => api.GET("/api/v1/kerneopgaver", { params: { query: { limit: 200, cursor } } })), []);

  function patch(listed: Kerneopgave, body: Schemas["KerneopgaveUpdate"]) {
    const changedMeanwhile: Problem = { type: FOUND_BY_THE_APP, title: t("kerneopgaverAdmin.changedMeanwhile", { title: listed.title }), status: 412, detail: "" };
    return patchAsListed(listed, body, changedMeanwhile);
  }

  async function apply(results: Promise<{ problem?: Problem }>[], message: string) {
    setProblem(null);
    const failed = (await Promise.all(results)).find((result) => result.problem);
    if (failed?.problem) setProblem(failed.problem);
    else announce(message);
    list.reload();
  }

  function saved(item: Kerneopgave) {
    setEditing(null);
    announce(t("kerneopgaverAdmin.saved", { title: item.title }));
    list.reload();
  }

  /** In use (a programme, competence or project refers to it): the API's 409 said kindly, pointing to deactivating. */
  async function remove(row: Kerneopgave) {
    const result = await call(api.DELETE("/api/v1/kerneopgaver/{kerneopgave_id}", { params: { path: { kerneopgave_id: row.id } } }));
    if (result.problem?.status !== 409) return result;
    return { problem: { ...result.problem, detail: t("hrEdits.kerneopgaveInUse", { title: row.title }) } };
  }

  function move(items: Kerneopgave[], index: number, offset: number) {
    const here = items[index];
    const there = items[index + offset];
    if (!here || !there) return;
    // Positions may tie; give both distinct places so the swap always shows.
    const [a, b] = here.position === there.position ? [there.position + offset, here.position] : [there.position, here.position];
    void apply([patch(here, { position: Math.max(0, a) }), patch(there, { position: Math.max(0, b) })], t("kerneopgaverAdmin.moved", { title: here.title }));
  }

  return (
    <Page title="views.hrKerneopgaver.title" intro="views.hrKerneopgaver.intro">
      <button type="button" class="button button-primary" onClick={() => setEditing({ item: null })}>
        {t("kerneopgaverAdmin.new")}
      </button>
      {problem && <ProblemMessage problem={problem} />}
      {deleted && <Confirmation text={deleted} />}
      <Async query={list} lines={6}>
        {(page) => {
          const items = byPosition(page.items);
          if (items.length === 0) return <EmptyState>{t("kerneopgaverAdmin.empty")}</EmptyState>;
          return (
            <Table<Kerneopgave>
              caption={t("kerneopgaverAdmin.caption")}
              rows={items}
              rowKey={(row) => row.id}
              columns={[
                { key: "order", header: t("kerneopgaverAdmin.order"), cell: (row) => items.indexOf(row) + 1, numeric: true },
                { key: "title", header: t("common.titleColumn"), cell: (row) => row.title },
                { key: "outcome", header: t("kerneopgaverAdmin.citizenOutcome"), cell: (row) => row.citizen_outcome },
                {
                  key: "active",
                  header: t("common.status"),
                  cell: (row) => (
                    <span class={row.active ? "op-pill op-pill-success" : "op-pill"}>{t(row.active ? "kerneopgaverAdmin.active" : "kerneopgaverAdmin.inactive")}</span>
                  ),
                },
                {
                  key: "actions",
                  header: t("kerneopgaverAdmin.actions"),
                  cell: (row) => {
                    const index = items.indexOf(row);
                    return (
                      <span class="op-actions">
                        <button type="button" class="button button-tertiary" onClick={() => setEditing({ item: row })}>
                          {t("kerneopgaverAdmin.edit")}
                          <span class="sr-only"> {row.title}</span>
                        </button>
                        <button type="button" class="button button-tertiary" disabled={index === 0} onClick={() => move(items, index, -1)}>
                          {t("kerneopgaverAdmin.up")}
                          <span class="sr-only"> {row.title}</span>
                        </button>
                        <button type="button" class="button button-tertiary" disabled={index === items.length - 1} onClick={() => move(items, index, 1)}>
                          {t("kerneopgaverAdmin.down")}
                          <span class="sr-only"> {row.title}</span>
                        </button>
                        <button
                          type="button"
                          class="button button-tertiary"
                          onClick={() =>
                            void apply(
                              [patch(row, { active: !row.active })],
                              t(row.active ? "kerneopgaverAdmin.deactivated" : "kerneopgaverAdmin.activated", { title: row.title }),
                            )
                          }
                        >
                          {t(row.active ? "kerneopgaverAdmin.deactivate" : "kerneopgaverAdmin.activate")}
                          <span class="sr-only"> {row.title}</span>
                        </button>
                        <ConfirmDelete
                          id={`delete-kerneopgave-${row.id}`}
                          label={t("hrEdits.kerneopgaveDelete")}
                          name={row.title}
                          title={t("hrEdits.kerneopgaveDeleteTitle", { title: row.title })}
                          text={[t("hrEdits.kerneopgaveDeleteText")]}
                          submit={t("hrEdits.kerneopgaveDelete")}
                          remove={() => remove(row)}
                          onDeleted={() => {
                            setDeleted(t("hrEdits.kerneopgaveDeleted", { title: row.title }));
                            list.reload();
                          }}
                        />
                      </span>
                    );
                  },
                },
              ]}
            />
          );
        }}
      </Async>
      {editing?.item && (
        <EditKerneopgave
          key={editing.item.id}
          id={editing.item.id}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      )}
      <Modal id="new-kerneopgave" title={t("kerneopgaverAdmin.newTitle")} open={editing?.item === null} onClose={() => setEditing(null)}>
        {editing?.item === null && (
          <NewKerneopgave
            nextPosition={Math.max(0, ...(list.data?.items ?? []).map((item) => item.position + 1))}
            onCancel={() => setEditing(null)}
            onSaved={saved}
          />
        )}
      </Modal>
    </Page>
  );
}

type KerneopgaveDraft = Pick<Kerneopgave, "title" | "description" | "citizen_outcome" | "active">;

const BLANK: KerneopgaveDraft = { title: "", description: "", citizen_outcome: "", active: true };

function trimmed(draft: KerneopgaveDraft): KerneopgaveDraft {
  return { ...draft, title: draft.title.trim(), description: draft.description.trim(), citizen_outcome: draft.citizen_outcome.trim() };
}

/** The kerneopgave read afresh; saved only if no one changed it meanwhile. */
function EditKerneopgave(props: { id: string; onClose: () => void; onSaved: (saved: Kerneopgave) => void }) {
  const { t } = useI18n();
  const path = { kerneopgave_id: props.id };
  return (
    <ConditionalEdit
      id="edit-kerneopgave"
      title={t("kerneopgaverAdmin.editTitle")}
      submit={t("common.save")}
      read={() => api.GET("/api/v1/kerneopgaver/{kerneopgave_id}", { params: { path } })}
      toDraft={(item): KerneopgaveDraft => ({ title: item.title, description: item.description, citizen_outcome: item.citizen_outcome, active: item.active })}
      write={(draft, _, header) => api.PATCH("/api/v1/kerneopgaver/{kerneopgave_id}", { params: { path, header }, body: trimmed(draft) })}
      onSaved={props.onSaved}
      onClose={props.onClose}
    >
      {(draft, set, errors) => <KerneopgaveFields draft={draft} set={set} errors={errors} />}
    </ConditionalEdit>
  );
}

function NewKerneopgave(props: { nextPosition: number; onCancel: () => void; onSaved: (created: Kerneopgave) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(BLANK);
  const { problem, busy, submit, errors } = useSubmit(
    () => call(api.POST("/api/v1/kerneopgaver", { body: { ...trimmed(draft), position: props.nextPosition } })),
    props.onSaved,
  );
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <KerneopgaveFields draft={draft} set={setDraft} errors={errors} />
      <FormActions submit={t("common.save")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

function KerneopgaveFields(props: { draft: KerneopgaveDraft; set: (draft: KerneopgaveDraft) => void; errors: Record<string, string> }) {
  const { t } = useI18n();
  const { draft, set, errors } = props;
  return (
    <>
      <TextField
        id="kerneopgave-title"
        label={t("common.titleColumn")}
        value={draft.title}
        onInput={(title) => set({ ...draft, title })}
        error={errors.title}
        required
        maxLength={200}
      />
      <TextArea
        id="kerneopgave-outcome"
        label={t("kerneopgaverAdmin.citizenOutcome")}
        hint={t("kerneopgaverAdmin.citizenOutcomeHint")}
        value={draft.citizen_outcome}
        onInput={(citizen_outcome) => set({ ...draft, citizen_outcome })}
        error={errors.citizen_outcome}
        required
        rows={3}
        maxLength={2000}
      />
      <TextArea
        id="kerneopgave-description"
        label={t("kerneopgaverAdmin.description")}
        value={draft.description}
        onInput={(description) => set({ ...draft, description })}
        error={errors.description}
        rows={4}
        maxLength={5000}
      />
      <div class="form-group">
        <input
          id="kerneopgave-active"
          type="checkbox"
          class="form-checkbox"
          checked={draft.active}
          onChange={(event) => set({ ...draft, active: event.currentTarget.checked })}
        />
        <label for="kerneopgave-active">{t("kerneopgaverAdmin.activeLabel")}</label>
      </div>
    </>
  );
}

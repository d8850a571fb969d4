import "./people/orgPeople.css";
import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { ConditionalEdit } from "../../components/ConditionalEdit";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { FormActions, SelectField, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";
import { PeoplePicker } from "../../components/PeoplePicker";
import { usePeople } from "../../hooks/usePeople";
import { loadOrgUnits, type OrgUnit } from "./people/PeopleList";
import { unitTree, type UnitNode } from "./people/tree";

const KINDS = ["forvaltning", "afdeling", "team"] as const;
type Editing = { unit: OrgUnit | null; parentId: string } | null;

/** The organisation as a tree (forvaltning → afdeling → team) with leaders; create and edit. */
export default function HrOrgUnits() {
  const { t } = useI18n();
  const [generation, setGeneration] = useState(0);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleted, setDeleted] = useState("");
  const units = useQuery(loadOrgUnits, [generation]);
  const people = usePeople((units.data?.items ?? []).flatMap((unit) => unit.leader_ids));
  const nameOf = (id: string) =>
    people.data.items.find((person) => person.id === id)?.name ?? (people.loading ? "…" : t("orgPeople.unknownPerson"));

  function saved(unit: OrgUnit) {
    setEditing(null);
    announce(t("orgPeople.unitSaved", { name: unit.name }));
    setGeneration((value) => value + 1);
  }

  // A render function, not a component: re-rendering keeps the same buttons (and focus).
  function renderNode(node: UnitNode) {
    const { unit } = node;
    return (
      <li key={unit.id}>
        <div class="op-unit">
          <strong>{unit.name}</strong> <span class="op-pill">{t(`orgPeople.kinds.${unit.kind}`)}</span>
          <span class="op-unit-leaders">
            {unit.leader_ids.length === 0
              ? t("orgPeople.noLeaders")
              : t("orgPeople.leaders", { names: unit.leader_ids.map(nameOf).join(", ") })}
          </span>
          <span class="op-actions">
            <button type="button" class="button button-tertiary" onClick={() => setEditing({ unit, parentId: unit.parent_id ?? "" })}>
              {t("orgPeople.edit")}
              <span class="sr-only"> {unit.name}</span>
            </button>
            {unit.kind !== "team" && (
              <button type="button" class="button button-tertiary" onClick={() => setEditing({ unit: null, parentId: unit.id })}>
                {t("orgPeople.addBelow")}
                <span class="sr-only"> {unit.name}</span>
              </button>
            )}
            {node.children.length === 0 && (
              <ConfirmDelete
                id={`delete-unit-${unit.id}`}
                label={t("deletion.unit")}
                name={unit.name}
                title={t("deletion.unitTitle", { name: unit.name })}
                text={[t("deletion.unitText")]}
                submit={t("deletion.unit")}
                remove={() => call(api.DELETE("/api/v1/org-units/{org_unit_id}", { params: { path: { org_unit_id: unit.id } } }))}
                onDeleted={() => {
                  setDeleted(t("deletion.unitDeleted", { name: unit.name }));
                  setGeneration((value) => value + 1);
                }}
              />
            )}
          </span>
        </div>
        {node.children.length > 0 && (
          <ul class="op-tree">
            {node.children.map(renderNode)}
          </ul>
        )}
      </li>
    );
  }

  return (
    <Page title="views.hrOrgUnits.title" intro="views.hrOrgUnits.intro">
      <p>
        <a href="/hr/people">{t("orgPeople.toPeople")}</a>
      </p>
      <button type="button" class="button button-primary" onClick={() => setEditing({ unit: null, parentId: "" })}>
        {t("orgPeople.newUnit")}
      </button>
      {deleted && <Confirmation text={deleted} />}
      <Async query={units} lines={8}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("orgPeople.noUnits")}</EmptyState>
          ) : (
            <ul class="op-tree" aria-label={t("orgPeople.treeLabel")} aria-busy={people.loading}>
              {unitTree(page.items).map(renderNode)}
            </ul>
          )
        }
      </Async>
      {editing?.unit && (
        <EditUnit key={editing.unit.id} id={editing.unit.id} units={units.data?.items ?? []} onClose={() => setEditing(null)} onSaved={saved} />
      )}
      <Modal id="new-org-unit" title={t("orgPeople.newUnit")} open={editing !== null && !editing.unit} onClose={() => setEditing(null)}>
        {editing && !editing.unit && (
          <NewUnit
            key={`new-${editing.parentId}`}
            parentId={editing.parentId}
            units={units.data?.items ?? []}
            onCancel={() => setEditing(null)}
            onSaved={saved}
          />
        )}
      </Modal>
    </Page>
  );
}

type UnitDraft = Pick<OrgUnit, "name" | "kind" | "leader_ids"> & { parent_id: string; external_id: string };

function unitDraft(unit: OrgUnit): UnitDraft {
  return { name: unit.name, kind: unit.kind, parent_id: unit.parent_id ?? "", external_id: unit.external_id ?? "", leader_ids: unit.leader_ids };
}

/** A top unit (forvaltning) has no parent, whatever was chosen before its kind changed. */
function chosenParent(draft: UnitDraft): string | undefined {
  return draft.kind === "forvaltning" ? undefined : draft.parent_id || undefined;
}

/** The unit read afresh; saved only if no one changed it meanwhile. */
function EditUnit(props: { id: string; units: readonly OrgUnit[]; onClose: () => void; onSaved: (unit: OrgUnit) => void }) {
  const { t } = useI18n();
  const path = { org_unit_id: props.id };
  return (
    <ConditionalEdit
      id="edit-org-unit"
      title={t("orgPeople.editUnit")}
      submit={t("common.save")}
      read={() => api.GET("/api/v1/org-units/{org_unit_id}", { params: { path } })}
      toDraft={unitDraft}
      write={(draft, _, header) =>
        api.PATCH("/api/v1/org-units/{org_unit_id}", {
          params: { path, header },
          body: {
            name: draft.name.trim(),
            kind: draft.kind,
            parent_id: chosenParent(draft),
            external_id: draft.external_id.trim() || undefined,
            leader_ids: draft.leader_ids,
          },
        })
      }
      onSaved={props.onSaved}
      onClose={props.onClose}
    >
      {(draft, set, errors) => <UnitFields draft={draft} set={set} errors={errors} parents={parentsFor(props.units, props.id)} />}
    </ConditionalEdit>
  );
}

function NewUnit(props: { parentId: string; units: readonly OrgUnit[]; onCancel: () => void; onSaved: (unit: OrgUnit) => void }) {
  const { t } = useI18n();
  const parent = props.units.find((candidate) => candidate.id === props.parentId);
  const kind: OrgUnit["kind"] = parent ? (parent.kind === "forvaltning" ? "afdeling" : "team") : "forvaltning";
  const [draft, setDraft] = useState<UnitDraft>({ name: "", kind, parent_id: props.parentId, external_id: "", leader_ids: [] });
  const { problem, busy, submit, errors } = useSubmit(
    () =>
      call(
        api.POST("/api/v1/org-units", {
          body: {
            name: draft.name.trim(),
            kind: draft.kind,
            parent_id: chosenParent(draft) ?? null,
            external_id: draft.external_id.trim() || null,
            leader_ids: draft.leader_ids,
          },
        }),
      ),
    props.onSaved,
  );
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <UnitFields draft={draft} set={setDraft} errors={errors} parents={parentsFor(props.units)} />
      <FormActions submit={t("common.save")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

/** The units `unitId` may sit under: not itself, and not a team. */
function parentsFor(units: readonly OrgUnit[], unitId?: string): OrgUnit[] {
  return units.filter((candidate) => candidate.id !== unitId && candidate.kind !== "team");
}

function UnitFields(props: { draft: UnitDraft; set: (draft: UnitDraft) => void; errors: Record<string, string>; parents: readonly OrgUnit[] }) {
  const { t } = useI18n();
  const { draft, set, errors } = props;
  return (
    <>
      <TextField id="unit-name" label={t("common.name")} value={draft.name} onInput={(name) => set({ ...draft, name })} error={errors.name} required maxLength={200} />
      <SelectField
        id="unit-kind"
        label={t("orgPeople.kind")}
        options={KINDS.map((value) => ({ value, label: t(`orgPeople.kinds.${value}`) }))}
        value={draft.kind}
        onChange={(kind) => set({ ...draft, kind: kind as OrgUnit["kind"] })}
        error={errors.kind}
        required
      />
      {draft.kind !== "forvaltning" && (
        <SelectField
          id="unit-parent"
          label={t("orgPeople.parent")}
          options={props.parents.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
          placeholder={t("orgPeople.noParent")}
          value={draft.parent_id}
          onChange={(parent_id) => set({ ...draft, parent_id })}
          error={errors.parent_id}
        />
      )}
      <TextField
        id="unit-external"
        label={t("orgPeople.externalId")}
        hint={t("orgPeople.externalIdHint")}
        value={draft.external_id}
        onInput={(external_id) => set({ ...draft, external_id })}
        error={errors.external_id}
      />
      <PeoplePicker
        name="unit-leaders"
        legend={t("orgPeople.leadersLabel")}
        hint={t("orgPeople.leadersHint")}
        error={errors.leader_ids}
        selected={draft.leader_ids}
        onChange={(leader_ids) => set({ ...draft, leader_ids })}
      />
    </>
  );
}

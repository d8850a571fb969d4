import "./people/orgPeople.css";
import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { fieldErrors } from "../../api/problem";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { FormActions, SelectField, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Modal } from "../../components/Modal";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
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
      <Modal
        id="org-unit"
        title={t(editing?.unit ? "orgPeople.editUnit" : "orgPeople.newUnit")}
        open={editing !== null}
        onClose={() => setEditing(null)}
      >
        {editing && (
          <UnitForm
            key={editing.unit?.id ?? `new-${editing.parentId}`}
            unit={editing.unit}
            parentId={editing.parentId}
            units={units.data?.items ?? []}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              announce(t("orgPeople.unitSaved", { name: saved.name }));
              setGeneration((value) => value + 1);
            }}
          />
        )}
      </Modal>
    </Page>
  );
}

function UnitForm(props: {
  unit: OrgUnit | null;
  parentId: string;
  units: readonly OrgUnit[];
  onCancel: () => void;
  onSaved: (unit: OrgUnit) => void;
}) {
  const { t } = useI18n();
  const { unit } = props;
  const parent = props.units.find((candidate) => candidate.id === props.parentId);
  const [name, setName] = useState(unit?.name ?? "");
  const [kind, setKind] = useState<OrgUnit["kind"]>(unit?.kind ?? (parent ? (parent.kind === "forvaltning" ? "afdeling" : "team") : "forvaltning"));
  const [parentId, setParentId] = useState(props.parentId);
  const [externalId, setExternalId] = useState(unit?.external_id ?? "");
  const [leaderIds, setLeaderIds] = useState<string[]>(unit?.leader_ids ?? []);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = fieldErrors(problem ?? undefined);
  const parents = props.units.filter((candidate) => candidate.id !== unit?.id && candidate.kind !== "team");

  async function save(event: Event) {
    event.preventDefault();
    setSaving(true);
    const external = externalId.trim() || undefined;
    const parent_id = kind === "forvaltning" ? undefined : parentId || undefined;
    const result = unit
      ? await call(
          api.PATCH("/api/v1/org-units/{org_unit_id}", {
            params: { path: { org_unit_id: unit.id } },
            body: { name: name.trim(), kind, parent_id, external_id: external, leader_ids: leaderIds },
          }),
        )
      : await call(
          api.POST("/api/v1/org-units", {
            body: { name: name.trim(), kind, parent_id: parent_id ?? null, external_id: external ?? null, leader_ids: leaderIds },
          }),
        );
    setSaving(false);
    if (result.problem) setProblem(result.problem);
    else props.onSaved(result.data);
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <TextField id="unit-name" label={t("common.name")} value={name} onInput={setName} error={errors.name} required maxLength={200} />
      <SelectField
        id="unit-kind"
        label={t("orgPeople.kind")}
        options={KINDS.map((value) => ({ value, label: t(`orgPeople.kinds.${value}`) }))}
        value={kind}
        onChange={(value) => setKind(value as OrgUnit["kind"])}
        error={errors.kind}
        required
      />
      {kind !== "forvaltning" && (
        <SelectField
          id="unit-parent"
          label={t("orgPeople.parent")}
          options={parents.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
          placeholder={t("orgPeople.noParent")}
          value={parentId}
          onChange={setParentId}
          error={errors.parent_id}
        />
      )}
      <TextField id="unit-external" label={t("orgPeople.externalId")} hint={t("orgPeople.externalIdHint")} value={externalId} onInput={setExternalId} error={errors.external_id} />
      <PeoplePicker
        name="unit-leaders"
        legend={t("orgPeople.leadersLabel")}
        hint={t("orgPeople.leadersHint")}
        error={errors.leader_ids}
        selected={leaderIds}
        onChange={setLeaderIds}
      />
      <FormActions submit={t("common.save")} busy={saving} onCancel={props.onCancel} />
    </form>
  );
}

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../api/client";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ErrorBox, Loading, ProblemMessage } from "../../components/Feedback";
import { FormActions, SelectField, TextArea, TextField } from "../../components/Fields";
import { Page } from "../../components/Page";
import { useConditionalEdit } from "../../hooks/useConditionalEdit";
import { useQuery } from "../../hooks/useQuery";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";
import { partnerStatistics } from "../statistics/download";
import { GRADINGS, PROGRAMME_KINDS } from "../hr/programmes/shared";
import { DESCRIPTION_MAX, type OfferingDraft, municipalityId, newOffering, offeringChanges } from "./offerings";

type Offering = Schemas["OfferingRead"];
type Kind = Schemas["ProgrammeKind"];
type Grading = Schemas["Grading"];

/** What the partner knows of each member: its name and whether it has linked a programme. */
interface MemberFacts {
  names: Map<string, string>;
  linked: Set<string>;
}

async function loadOfferings() {
  const [offerings, statistics] = await Promise.all([
    allPages((cursor) => api.GET("/api/v1/partner-offerings", { params: { query: { limit: 200, cursor } } })),
    partnerStatistics(),
  ]);
  if (offerings.problem) return offerings;
  const facts: MemberFacts = { names: new Map(), linked: new Set() };
  for (const offering of statistics.data?.offerings ?? []) {
    for (const member of offering.municipalities) {
      facts.names.set(member.municipality_id, member.name);
      if (member.programmes > 0) facts.linked.add(`${offering.offering_id}/${member.municipality_id}`);
    }
  }
  return { data: { offerings: offerings.data.items, facts } };
}

/**
 * The partner's offerings: create one (POST), change its description and the municipalities
 * taking part (PATCH /partner-offerings/{id}), delete it while no programme uses it (DELETE).
 */
export default function PartnerOfferings() {
  const { t, lang } = useI18n();
  const query = useQuery(loadOfferings, [lang]);
  const [confirmation, setConfirmation] = useState("");
  const [creating, setCreating] = useState(false);
  const noFacts: MemberFacts = { names: new Map(), linked: new Set() };
  return (
    <Page title="views.partnerOfferings.title" intro="views.partnerOfferings.intro">
      {confirmation && <Confirmation text={confirmation} />}
      {creating ? (
        <section class="praksis-panel" aria-labelledby="new-offering">
          <h2 id="new-offering">{t("partnerOfferings.newHeading")}</h2>
          <NewOffering
            nameOf={(id) => (query.data?.facts ?? noFacts).names.get(id) ?? id}
            onCancel={() => setCreating(false)}
            onSaved={(title) => {
              setCreating(false);
              setConfirmation(t("partnerOfferings.created", { title }));
              query.reload();
            }}
          />
        </section>
      ) : (
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          {t("partnerOfferings.new")}
        </button>
      )}
      <Async query={query} lines={8}>
        {({ offerings, facts }) =>
          offerings.length === 0 ? (
            <EmptyState>{t("partnerOfferings.none")}</EmptyState>
          ) : (
            <ul class="nobullet-list">
              {offerings.map((offering) => (
                <OfferingCard
                  key={offering.id}
                  offering={offering}
                  facts={facts}
                  onSaved={(title) => {
                    setConfirmation(t("partnerOfferings.saved", { title }));
                    query.reload();
                  }}
                  onDeleted={(title) => {
                    setConfirmation(t("partnerOfferings.deleted", { title }));
                    query.reload();
                  }}
                />
              ))}
            </ul>
          )
        }
      </Async>
    </Page>
  );
}

function OfferingCard(props: {
  offering: Offering;
  facts: MemberFacts;
  onSaved: (title: string) => void;
  onDeleted: (title: string) => void;
}) {
  const { t } = useI18n();
  const { offering, facts } = props;
  const [editing, setEditing] = useState(false);
  const headingId = `offering-${offering.id}`;
  const nameOf = (id: string) => (facts.names.has(id) ? `${facts.names.get(id)} (${id})` : id);
  return (
    <li class="praksis-panel">
      <h2 id={headingId}>{offering.title}</h2>
      {editing ? (
        <EditOffering
          offeringId={offering.id}
          nameOf={nameOf}
          isLinked={(id) => facts.linked.has(`${offering.id}/${id}`)}
          onCancel={() => setEditing(false)}
          onSaved={(title) => {
            setEditing(false);
            props.onSaved(title);
          }}
        />
      ) : (
        <>
          <dl class="praksis-facts">
            <dt>{t("partnerOfferings.kind")}</dt>
            <dd>{t(`programmesAdmin.kinds.${offering.kind}`)}</dd>
            <dt>{t("partnerOfferings.grading")}</dt>
            <dd>{t(`programmesAdmin.gradings.${offering.grading}`)}</dd>
            <dt>{t("partnerOfferings.description")}</dt>
            <dd>{offering.description || "–"}</dd>
            <dt>{t("partnerOfferings.members", { count: offering.municipality_ids.length })}</dt>
            <dd>{offering.municipality_ids.map(nameOf).join(", ") || t("partnerOfferings.noMembers")}</dd>
          </dl>
          <div class="praksis-actions">
            <button type="button" class="button button-secondary" onClick={() => setEditing(true)}>
              {t("partnerOfferings.edit")}
              <span class="sr-only">: {offering.title}</span>
            </button>
            <ConfirmDelete
              id={`delete-offering-${offering.id}`}
              label={t("partnerOfferings.delete")}
              name={offering.title}
              title={t("partnerOfferings.deleteTitle", { title: offering.title })}
              text={[t("partnerOfferings.deleteText"), t("partnerOfferings.deleteRule")]}
              submit={t("partnerOfferings.delete")}
              remove={() =>
                call(api.DELETE("/api/v1/partner-offerings/{offering_id}", { params: { path: { offering_id: offering.id } } }))
              }
              onDeleted={() => props.onDeleted(offering.title)}
            />
          </div>
        </>
      )}
    </li>
  );
}

/** The offering read afresh into the card's form; saved only if no one changed it meanwhile. */
function EditOffering(props: {
  offeringId: string;
  nameOf: (id: string) => string;
  isLinked: (id: string) => boolean;
  onCancel: () => void;
  onSaved: (title: string) => void;
}) {
  const { t } = useI18n();
  const path = { offering_id: props.offeringId };
  const edit = useConditionalEdit({
    read: () => api.GET("/api/v1/partner-offerings/{offering_id}", { params: { path } }),
    toDraft: (offering): OfferingDraft => ({ title: offering.title, description: offering.description, members: offering.municipality_ids }),
    write: (draft, offering, header) => api.PATCH("/api/v1/partner-offerings/{offering_id}", { params: { path, header }, body: offeringChanges(offering, draft) }),
    onSaved: (saved) => props.onSaved(saved.title),
  });
  if (edit.loadProblem) return <ErrorBox problem={edit.loadProblem} onRetry={() => void edit.reload()} />;
  if (edit.draft === undefined) return <Loading lines={6} />;
  const id = `offering-form-${props.offeringId}`;
  return (
    <form id={id} onSubmit={(event) => void edit.submit(event)} noValidate>
      {edit.problem && <ProblemMessage problem={edit.problem} />}
      <OfferingFields id={id} draft={edit.draft} set={edit.setDraft} errors={edit.errors} nameOf={props.nameOf} isLinked={props.isLinked} />
      <FormActions submit={t("partnerOfferings.save")} busy={edit.busy} onCancel={props.onCancel} />
    </form>
  );
}

/** A new offering: its kind, grading and minimum too, which are fixed once it exists. */
function NewOffering(props: { nameOf: (id: string) => string; onCancel: () => void; onSaved: (title: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<OfferingDraft>({ title: "", description: "", members: [] });
  const [kind, setKind] = useState<Kind>("udviklingsforloeb");
  const [grading, setGrading] = useState<Grading>("none");
  const [minimum, setMinimum] = useState("");
  const { problem, busy, submit, errors } = useSubmit(
    () => call(api.POST("/api/v1/partner-offerings", { body: newOffering(draft, { kind, grading, minimum }) })),
    (created) => props.onSaved(created.title),
  );
  const id = "offering-form-new";
  return (
    <form id={id} onSubmit={(event) => void submit(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <OfferingFields id={id} draft={draft} set={setDraft} errors={errors} nameOf={props.nameOf} isLinked={() => false}>
        <SelectField
          id={`${id}-kind`}
          label={t("partnerOfferings.kind")}
          required
          options={PROGRAMME_KINDS.map((value) => ({ value, label: t(`programmesAdmin.kinds.${value}`) }))}
          value={kind}
          onChange={(value) => setKind(value as Kind)}
          error={errors.kind}
        />
        <SelectField
          id={`${id}-grading`}
          label={t("partnerOfferings.grading")}
          required
          options={GRADINGS.map((value) => ({ value, label: t(`programmesAdmin.gradings.${value}`) }))}
          value={grading}
          onChange={(value) => setGrading(value as Grading)}
          error={errors.grading}
        />
        <TextField
          id={`${id}-minimum`}
          type="number"
          min={1}
          max={100}
          label={t("partnerOfferings.minimum")}
          hint={t("partnerOfferings.minimumHint")}
          value={minimum}
          onInput={setMinimum}
          error={errors.min_participants_per_org_unit}
        />
      </OfferingFields>
      <FormActions submit={t("partnerOfferings.create")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

/** Title, description, the new offering's `children`, and the member municipalities. */
function OfferingFields(props: {
  id: string;
  draft: OfferingDraft;
  set: (draft: OfferingDraft) => void;
  errors: Record<string, string>;
  nameOf: (id: string) => string;
  isLinked: (id: string) => boolean;
  children?: ComponentChildren;
}) {
  const { t, formatNumber } = useI18n();
  const { id, draft, set, errors } = props;
  const [adding, setAdding] = useState("");
  const [addError, setAddError] = useState("");

  function add() {
    const wanted = municipalityId(adding);
    if (!wanted) return setAddError(t("partnerOfferings.badId"));
    if (draft.members.includes(wanted)) return setAddError(t("partnerOfferings.already", { id: wanted }));
    set({ ...draft, members: [...draft.members, wanted] });
    setAdding("");
    setAddError("");
  }

  // Enter in the "add a municipality" field adds it instead of saving the whole form
  function addOnEnter(event: KeyboardEvent) {
    if (event.key === "Enter" && (event.target as HTMLElement).id === `${id}-add`) {
      event.preventDefault();
      add();
    }
  }

  return (
    <>
      <TextField id={`${id}-title`} label={t("partnerOfferings.title")} required maxLength={200} value={draft.title} onInput={(title) => set({ ...draft, title })} error={errors.title} />
      <TextArea
        id={`${id}-description`}
        label={t("partnerOfferings.description")}
        hint={t("partnerOfferings.descriptionHint", {
          count: formatNumber(draft.description.trim().length, 0),
          max: formatNumber(DESCRIPTION_MAX, 0),
        })}
        rows={6}
        maxLength={DESCRIPTION_MAX}
        value={draft.description}
        onInput={(description) => set({ ...draft, description })}
        error={errors.description}
      />
      {props.children}
      <fieldset class="form-group" onKeyDown={addOnEnter}>
        <legend class="form-label">{t("partnerOfferings.membersLegend")}</legend>
        <ul>
          <li>{t("partnerOfferings.ruleLinked")}</li>
          <li>{t("partnerOfferings.ruleSeen")}</li>
        </ul>
        {errors.municipality_ids && <p class="form-error-message">{errors.municipality_ids}</p>}
        {draft.members.length === 0 ? (
          <p>{t("partnerOfferings.noMembers")}</p>
        ) : (
          <ul class="nobullet-list praksis-members">
            {draft.members.map((member) => (
              <li key={member}>
                {props.nameOf(member)}{" "}
                {props.isLinked(member) ? (
                  <span class="participant-meta">{t("partnerOfferings.linked")}</span>
                ) : (
                  <button type="button" class="function-link" onClick={() => set({ ...draft, members: draft.members.filter((m) => m !== member) })}>
                    {t("partnerOfferings.remove")}
                    <span class="sr-only">: {props.nameOf(member)}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <TextField
          id={`${id}-add`}
          label={t("partnerOfferings.addLabel")}
          hint={t("partnerOfferings.addHint")}
          value={adding}
          onInput={setAdding}
          error={addError || undefined}
        />
        <button type="button" class="button button-secondary" onClick={add}>
          {t("partnerOfferings.add")}
        </button>
      </fieldset>
    </>
  );
}

import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { FormActions, SelectField, TextArea, TextField } from "../../components/Fields";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { partnerStatistics } from "../statistics/download";
import { GRADINGS, PROGRAMME_KINDS } from "../hr/programmes/shared";
import { DESCRIPTION_MAX, municipalityId, newOffering, offeringChanges } from "./offerings";

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
          <OfferingForm
            nameOf={(id) => (query.data?.facts ?? noFacts).names.get(id) ?? id}
            isLinked={() => false}
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
        <OfferingForm
          offering={offering}
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

/** Changes `offering`, or creates a new one (then with its kind, grading and minimum too). */
function OfferingForm(props: {
  offering?: Offering;
  nameOf: (id: string) => string;
  isLinked: (id: string) => boolean;
  onCancel: () => void;
  onSaved: (title: string) => void;
}) {
  const { t, formatNumber } = useI18n();
  const { offering } = props;
  const [title, setTitle] = useState(offering?.title ?? "");
  const [description, setDescription] = useState(offering?.description ?? "");
  const [members, setMembers] = useState<string[]>(offering?.municipality_ids ?? []);
  const [kind, setKind] = useState<Kind>("udviklingsforloeb");
  const [grading, setGrading] = useState<Grading>("none");
  const [minimum, setMinimum] = useState("");
  const [adding, setAdding] = useState("");
  const [addError, setAddError] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const id = `offering-form-${offering?.id ?? "new"}`;

  function add() {
    const wanted = municipalityId(adding);
    if (!wanted) return setAddError(t("partnerOfferings.badId"));
    if (members.includes(wanted)) return setAddError(t("partnerOfferings.already", { id: wanted }));
    setMembers([...members, wanted]);
    setAdding("");
    setAddError("");
  }

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const draft = { title, description, members };
    const result = await call(
      offering
        ? api.PATCH("/api/v1/partner-offerings/{offering_id}", {
            params: { path: { offering_id: offering.id } },
            body: offeringChanges(offering, draft),
          })
        : api.POST("/api/v1/partner-offerings", { body: newOffering(draft, { kind, grading, minimum }) }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    props.onSaved(result.data.title);
  }

  return (
    <form
      id={id}
      onSubmit={(event) => void submit(event)}
      noValidate
      onKeyDown={(event) => {
        // Enter in the "add a municipality" field adds it instead of saving the whole form
        if (event.key === "Enter" && (event.target as HTMLElement).id === `${id}-add`) {
          event.preventDefault();
          add();
        }
      }}
    >
      {problem && <ProblemMessage problem={problem} />}
      <TextField id={`${id}-title`} label={t("partnerOfferings.title")} required maxLength={200} value={title} onInput={setTitle} error={errors.title} />
      <TextArea
        id={`${id}-description`}
        label={t("partnerOfferings.description")}
        hint={t("partnerOfferings.descriptionHint", {
          count: formatNumber(description.trim().length, 0),
          max: formatNumber(DESCRIPTION_MAX, 0),
        })}
        rows={6}
        maxLength={DESCRIPTION_MAX}
        value={description}
        onInput={setDescription}
        error={errors.description}
      />
      {!offering && (
        <>
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
        </>
      )}
      <fieldset class="form-group">
        <legend class="form-label">{t("partnerOfferings.membersLegend")}</legend>
        <ul>
          <li>{t("partnerOfferings.ruleLinked")}</li>
          <li>{t("partnerOfferings.ruleSeen")}</li>
        </ul>
        {errors.municipality_ids && <p class="form-error-message">{errors.municipality_ids}</p>}
        {members.length === 0 ? (
          <p>{t("partnerOfferings.noMembers")}</p>
        ) : (
          <ul class="nobullet-list praksis-members">
            {members.map((member) => (
              <li key={member}>
                {props.nameOf(member)}{" "}
                {props.isLinked(member) ? (
                  <span class="participant-meta">{t("partnerOfferings.linked")}</span>
                ) : (
                  <button type="button" class="function-link" onClick={() => setMembers(members.filter((m) => m !== member))}>
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
      <FormActions submit={offering ? t("partnerOfferings.save") : t("partnerOfferings.create")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

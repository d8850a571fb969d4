/** A hold: its status and start (with the programme's rules for starting), its learning groups
 *  (4–6 participants) and buddy pairs: view them and create new ones. */
import "../people/orgPeople.css";
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../../api/client";
import { type Problem, fieldErrors } from "../../../api/problem";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../../components/Feedback";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { type EditButton, EditDialog } from "../../../components/EditDialog";
import { CheckboxGroup, SelectField, TextField } from "../../../components/Fields";
import { announce } from "../../../components/LiveRegion";
import { useQuery } from "../../../hooks/useQuery";
import { useI18n } from "../../../i18n";
import { nameOf, usePeople } from "../../../hooks/usePeople";
import { type Cancellation, CancelForm } from "../../growth/ReasonForm";
import { nextCohortStatus } from "../enrolments/logic";

type Cohort = Schemas["CohortRead"];
type Group = Schemas["LearningGroupRead"];
type Pair = Schemas["BuddyPairRead"];
type Person = Schemas["PersonRead"];
type Programme = Schemas["ProgrammeRead"];

/** What the programme asks before a cohort starts, shown beside the start button. */
function StartRules({ programme }: { programme: Programme }) {
  const { t, formatNumber } = useI18n();
  const { cohort_min_size: size, min_participants_per_org_unit: perUnit } = programme.rules;
  if (!size && !perUnit) return <p class="form-hint">{t("cohortsAdmin.noStartRules")}</p>;
  return (
    <div class="op-rules" id="cohort-start-rules">
      <h4>{t("cohortsAdmin.startRulesHeading")}</h4>
      <ul>
        {size ? <li>{t("cohortsAdmin.ruleSize", { min: formatNumber(size, 0) })}</li> : null}
        {perUnit ? <li>{t("cohortsAdmin.rulePerUnit", { min: formatNumber(perUnit, 0) })}</li> : null}
      </ul>
    </div>
  );
}

/**
 * The cohort's status and its next move (start, complete) with PATCH /cohorts/{id}. A start
 * the server refuses because departments send too few participants lists them (409 org_units).
 */
function CohortStatusPanel(props: { cohort: Cohort; programme: Programme | undefined; onChanged: (cohort: Cohort) => void }) {
  const { t, formatNumber } = useI18n();
  const { cohort, programme } = props;
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const [cancelling, setCancelling] = useState(false);
  const next = nextCohortStatus(cohort.status);
  const cancellable = cohort.status === "planned" || cohort.status === "running";
  const perUnit = programme?.rules.min_participants_per_org_unit ?? 0;

  async function move(status: "running" | "completed") {
    setBusy(true);
    setProblem(undefined);
    setConfirmation("");
    const result = await call(api.PATCH("/api/v1/cohorts/{cohort_id}", { params: { path: { cohort_id: cohort.id } }, body: { status } }));
    setBusy(false);
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    setConfirmation(t(`cohortsAdmin.moved.${status}`, { name: result.data.name }));
    props.onChanged(result.data);
  }

  async function cancel(cancellation: Cancellation) {
    const result = await call(
      api.PATCH("/api/v1/cohorts/{cohort_id}", { params: { path: { cohort_id: cohort.id } }, body: { status: "cancelled", ...cancellation } }),
    );
    if (result.problem) return result.problem;
    setCancelling(false);
    const reason = t(`growth.cancellationReasons.${cancellation.cancellation_reason}`);
    setConfirmation(t("growth.cancelled", { name: result.data.name, reason }));
    props.onChanged(result.data);
    return undefined;
  }

  return (
    <section aria-labelledby="cohort-status-heading">
      <h3 id="cohort-status-heading">{t("cohortsAdmin.statusHeading")}</h3>
      {confirmation && <Confirmation text={confirmation} />}
      <p>
        {t("cohortsAdmin.statusNow")} <span class="op-pill">{t(`cohortsAdmin.statuses.${cohort.status}`)}</span>
      </p>
      {cohort.cancellation_reason && (
        <p>
          {t("growth.cancelledBecause", { reason: t(`growth.cancellationReasons.${cohort.cancellation_reason}`) })}
          {cohort.cancellation_note && ` – ${cohort.cancellation_note}`}
        </p>
      )}
      {next === "running" && programme && !cancelling && <StartRules programme={programme} />}
      {cancelling ? (
        <CancelForm id="cohort-cancel" rules={t("growth.cancelCohortRules")} submit={t("growth.cancelCohort")} send={cancel} onCancel={() => setCancelling(false)} />
      ) : next ? (
        <div class="praksis-actions">
          <button type="button" class="button button-primary" disabled={busy} onClick={() => void move(next)}>
            {t(`cohortsAdmin.moveTo.${next}`)}
          </button>
          {cancellable && (
            <button type="button" class="button button-secondary" disabled={busy} onClick={() => { setConfirmation(""); setCancelling(true); }}>
              {t("growth.cancelCohort")}
            </button>
          )}
        </div>
      ) : (
        <p>{t("cohortsAdmin.statusFinal", { status: t(`cohortsAdmin.statuses.${cohort.status}`) })}</p>
      )}
      {problem && (
        <div id="cohort-status-problem">
          {problem.org_units ? (
            <div class="alert alert-error" role="alert">
              <div class="alert-body">
                <p class="alert-heading">{t("cohortsAdmin.blockedHeading")}</p>
                <ul class="alert-text praksis-blocking">
                  {problem.org_units.map((unit) => (
                    <li key={unit.id ?? "none"}>
                      {t("cohortsAdmin.blockedUnit", {
                        name: unit.id === null ? t("cohortsAdmin.noUnit") : unit.name,
                        count: formatNumber(unit.count, 0),
                        min: formatNumber(perUnit, 0),
                      })}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          ) : (
            <ProblemMessage problem={problem} />
          )}
        </div>
      )}
    </section>
  );
}

function NewGroup(props: { cohort: Cohort; free: string[]; people: readonly Person[]; onSaved: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [members, setMembers] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const errors = fieldErrors(problem);
  async function submit(event: Event) {
    event.preventDefault();
    const result = await call(
      api.POST("/api/v1/cohorts/{cohort_id}/learning-groups", {
        params: { path: { cohort_id: props.cohort.id } },
        body: { name, member_ids: members },
      }),
    );
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    setProblem(undefined);
    setName("");
    setMembers([]);
    announce(t("cohortsAdmin.groupCreated", { name: result.data.name }));
    props.onSaved();
  }
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <TextField id="group-name" label={t("cohortsAdmin.groupName")} required value={name} onInput={setName} error={errors.name} maxLength={200} />
      {props.free.length === 0 ? (
        <p class="form-hint">{t("cohortsAdmin.noFreeParticipants")}</p>
      ) : (
        <CheckboxGroup
          name="group-members"
          legend={t("cohortsAdmin.members")}
          hint={t("cohortsAdmin.membersHint")}
          error={errors.member_ids}
          options={props.free.map((id) => ({ value: id, label: nameOf(props.people, id) }))}
          selected={members}
          onChange={setMembers}
        />
      )}
      <button type="submit" class="button button-primary">
        {t("cohortsAdmin.createGroup")}
      </button>
    </form>
  );
}

function RenameGroup({ group, ...button }: EditButton<Group> & { group: Group }) {
  const { t } = useI18n();
  const path = { cohort_id: group.cohort_id, group_id: group.id };
  return (
    <EditDialog
      {...button}
      read={() => api.GET("/api/v1/cohorts/{cohort_id}/learning-groups/{group_id}", { params: { path } })}
      toDraft={(current) => ({ name: current.name })}
      write={(draft, _, header) => api.PATCH("/api/v1/cohorts/{cohort_id}/learning-groups/{group_id}", { params: { path, header }, body: { name: draft.name.trim() } })}
    >
      {(draft, set, errors) => (
        <TextField id={`rename-group-${group.id}-name`} label={t("cohortsAdmin.groupName")} required value={draft.name} onInput={(name) => set({ name })} error={errors.name} maxLength={200} />
      )}
    </EditDialog>
  );
}

function NewPair(props: { cohort: Cohort; groups: Group[]; paired: Set<string>; people: readonly Person[]; onSaved: () => void }) {
  const { t } = useI18n();
  const [groupId, setGroupId] = useState(props.groups[0]?.id ?? "");
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const group = props.groups.find((item) => item.id === groupId);
  const options = (group?.member_ids ?? [])
    .filter((id) => !props.paired.has(id))
    .map((id) => ({ value: id, label: nameOf(props.people, id) }));
  async function submit(event: Event) {
    event.preventDefault();
    const result = await call(
      api.POST("/api/v1/cohorts/{cohort_id}/buddy-pairs", {
        params: { path: { cohort_id: props.cohort.id } },
        body: { person_ids: [first, second] },
      }),
    );
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    setProblem(undefined);
    setFirst("");
    setSecond("");
    announce(t("cohortsAdmin.pairCreated"));
    props.onSaved();
  }
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <SelectField
        id="pair-group"
        label={t("cohortsAdmin.group")}
        required
        options={props.groups.map((item) => ({ value: item.id, label: item.name }))}
        value={groupId}
        onChange={(value) => {
          setGroupId(value);
          setFirst("");
          setSecond("");
        }}
      />
      <div class="praksis-form-row">
        <SelectField id="pair-first" label={t("cohortsAdmin.firstBuddy")} required placeholder={t("cohortsAdmin.choose")} options={options} value={first} onChange={setFirst} />
        <SelectField
          id="pair-second"
          label={t("cohortsAdmin.secondBuddy")}
          required
          placeholder={t("cohortsAdmin.choose")}
          options={options.filter((option) => option.value !== first)}
          value={second}
          onChange={setSecond}
        />
      </div>
      {options.length < 2 && <p class="form-hint">{t("cohortsAdmin.noFreeBuddies")}</p>}
      <button type="submit" class="button button-primary">
        {t("cohortsAdmin.createPair")}
      </button>
    </form>
  );
}

export function CohortDetail(props: {
  cohort: Cohort;
  programme: Programme | undefined;
  onClose: () => void;
  onDeleted: (name: string) => void;
}) {
  const { programme, onClose } = props;
  const { t, formatNumber } = useI18n();
  const [cohort, setCohort] = useState(props.cohort);
  const [notice, setNotice] = useState("");
  const groups = useQuery(
    () => call(api.GET("/api/v1/cohorts/{cohort_id}/learning-groups", { params: { path: { cohort_id: cohort.id }, query: { limit: 200 } } })),
    [cohort.id],
  );
  const pairs = useQuery(
    () => call(api.GET("/api/v1/cohorts/{cohort_id}/buddy-pairs", { params: { path: { cohort_id: cohort.id }, query: { limit: 200 } } })),
    [cohort.id],
  );
  const enrolled = useQuery(
    () => call(api.GET("/api/v1/enrolments", { params: { query: { cohort_id: cohort.id, status: "approved", limit: 200 } } })),
    [cohort.id],
  );
  const reload = () => {
    groups.reload();
    pairs.reload();
  };
  const noticeThen = (text: string) => () => {
    setNotice(text);
    reload();
  };
  const cohortPath = { params: { path: { cohort_id: cohort.id } } };
  const people = usePeople([
    ...(groups.data?.items ?? []).flatMap((group) => group.member_ids),
    ...(pairs.data?.items ?? []).flatMap((pair) => pair.person_ids),
    ...(enrolled.data?.items ?? []).map((item) => item.person_id),
  ]);
  const everyone = people.data?.items ?? [];
  const grouped = new Set((groups.data?.items ?? []).flatMap((group) => group.member_ids));
  const paired = new Set((pairs.data?.items ?? []).flatMap((pair) => pair.person_ids));
  const free = (enrolled.data?.items ?? []).map((item) => item.person_id).filter((id) => !grouped.has(id));

  return (
    <section aria-labelledby="cohort-heading" class="praksis-panel" aria-busy={people.loading}>
      <h2 id="cohort-heading">{cohort.name}</h2>
      <p>
        {programme?.title ?? ""} ·{" "}
        {t("cohortsAdmin.places", {
          taken: formatNumber(cohort.approved_count + cohort.completed_count, 0),
          capacity: formatNumber(cohort.capacity, 0),
        })}
      </p>
      <button type="button" class="button button-tertiary" onClick={onClose}>
        {t("cohortsAdmin.backToList")}
      </button>
      {cohort.status === "planned" && (
        <ConfirmDelete
          id="delete-cohort"
          label={t("deletion.cohort")}
          name={cohort.name}
          title={t("deletion.cohortTitle", { name: cohort.name })}
          text={[t("deletion.cohortText")]}
          submit={t("deletion.cohort")}
          remove={() => call(api.DELETE("/api/v1/cohorts/{cohort_id}", cohortPath))}
          onDeleted={() => props.onDeleted(cohort.name)}
        />
      )}
      <CohortStatusPanel cohort={cohort} programme={programme} onChanged={setCohort} />
      <h3>{t("cohortsAdmin.groups")}</h3>
      {notice && <Confirmation text={notice} />}
      <Async query={groups} lines={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("cohortsAdmin.noGroups")}</EmptyState>
          ) : (
            <ul class="praksis-groups">
              {page.items.map((group) => (
                <li key={group.id}>
                  <h4>{group.name}</h4>
                  <p>{group.member_ids.map((id) => nameOf(everyone, id)).join(", ")}</p>
                  <p class="form-hint">
                    {t("cohortsAdmin.buddiesIn")}{" "}
                    {(pairs.data?.items ?? []).some((pair: Pair) => pair.group_id === group.id) ? "" : t("cohortsAdmin.noPairs")}
                  </p>
                  <ul>
                    {(pairs.data?.items ?? [])
                      .filter((pair: Pair) => pair.group_id === group.id)
                      .map((pair) => {
                        const names = pair.person_ids.map((id) => nameOf(everyone, id)).join(" & ");
                        return (
                          <li key={pair.id}>
                            {names}{" "}
                            <ConfirmDelete
                              id={`delete-pair-${pair.id}`}
                              label={t("deletion.pair")}
                              name={names}
                              title={t("deletion.pairTitle", { names })}
                              text={[t("deletion.pairText")]}
                              submit={t("deletion.pair")}
                              remove={() =>
                                call(api.DELETE("/api/v1/cohorts/{cohort_id}/buddy-pairs/{pair_id}", { params: { path: { cohort_id: cohort.id, pair_id: pair.id } } }))
                              }
                              onDeleted={noticeThen(t("deletion.pairDeleted", { names }))}
                            />
                          </li>
                        );
                      })}
                  </ul>
                  <RenameGroup
                    id={`rename-group-${group.id}`}
                    label={t("hrEdits.groupRename")}
                    name={group.name}
                    title={t("hrEdits.groupRenameTitle", { name: group.name })}
                    group={group}
                    onSaved={(saved) => noticeThen(t("hrEdits.groupRenamed", { name: saved.name }))()}
                  />
                  <ConfirmDelete
                    id={`delete-group-${group.id}`}
                    label={t("deletion.group")}
                    name={group.name}
                    title={t("deletion.groupTitle", { name: group.name })}
                    text={[t("deletion.groupText")]}
                    submit={t("deletion.group")}
                    remove={() =>
                      call(api.DELETE("/api/v1/cohorts/{cohort_id}/learning-groups/{group_id}", { params: { path: { cohort_id: cohort.id, group_id: group.id } } }))
                    }
                    onDeleted={noticeThen(t("deletion.groupDeleted", { name: group.name }))}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      <details class="praksis-details">
        <summary>{t("cohortsAdmin.newGroup")}</summary>
        <NewGroup cohort={cohort} free={free} people={everyone} onSaved={reload} />
      </details>
      {(groups.data?.items.length ?? 0) > 0 && (
        <details class="praksis-details">
          <summary>{t("cohortsAdmin.newPair")}</summary>
          <NewPair cohort={cohort} groups={groups.data?.items ?? []} paired={paired} people={everyone} onSaved={reload} />
        </details>
      )}
    </section>
  );
}

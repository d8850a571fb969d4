import "./people/orgPeople.css";
import "./enrolments/enrolments.css";
import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../api/client";
import { Async, Confirmation, EmptyState, Loading } from "../../components/Feedback";
import { SelectField } from "../../components/Fields";
import { FactList } from "../../components/FactList";
import { Modal } from "../../components/Modal";
import { Pager } from "../../components/Pager";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { Tabs } from "../../components/Tabs";
import { nameOf, usePeople } from "../../hooks/usePeople";
import { type Query, useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { ApproveForm, CompleteForm, DeclineForm } from "./enrolments/Decisions";

type Enrolment = Schemas["EnrolmentRead"];
type Programme = Schemas["ProgrammeRead"];
type ListStatus = "nominated" | "waitlisted" | "approved";
type Action = { kind: "approve" | "decline" | "complete"; enrolment: Enrolment; name: string };

const PAGE_SIZE = 20;

/** HR's inbox of nominations: approve onto a cohort (or its waiting list), decline, record completion. */
export default function HrEnrolments() {
  const { t, lang } = useI18n();
  const [generation, setGeneration] = useState(0);
  const [action, setAction] = useState<Action | null>(null);
  const [confirmation, setConfirmation] = useState("");
  const [programmeId, setProgrammeId] = useState("");
  const programmes = useQuery(() => allPages((cursor) => api.GET("/api/v1/programmes", { params: { query: { limit: 200, cursor } } })), [lang]);
  const cohorts = useQuery(() => allPages((cursor) => api.GET("/api/v1/cohorts", { params: { query: { limit: 200, cursor } } })), [lang, generation]);
  const programmeOf = (id: string) => programmes.data?.items.find((item) => item.id === id);
  const cohortName = (id: string | null) => cohorts.data?.items.find((item) => item.id === id)?.name ?? "–";

  function done(text: string) {
    setAction(null);
    setConfirmation(text);
    setGeneration((value) => value + 1);
  }

  const list = (status: ListStatus) => () => (
    <EnrolmentList
      key={programmeId} // another programme starts on its first page
      status={status}
      programmeId={programmeId}
      generation={generation}
      programmes={programmes}
      cohortName={cohortName}
      onAction={(next) => {
        setConfirmation("");
        setAction(next);
      }}
    />
  );
  const programme = action ? programmeOf(action.enrolment.programme_id) : undefined;
  const titles = { approve: "enrolmentsAdmin.approveTitle", decline: "enrolmentsAdmin.declineTitle", complete: "enrolmentsAdmin.completeTitle" } as const;

  return (
    <Page title="views.hrEnrolments.title" intro="views.hrEnrolments.intro">
      {confirmation && <Confirmation text={confirmation} />}
      <SelectField
        id="enrolments-programme"
        label={t("enrolmentsAdmin.programmeFilter")}
        placeholder={t("enrolmentsAdmin.allProgrammes")}
        options={(programmes.data?.items ?? []).map((item) => ({ value: item.id, label: item.title }))}
        value={programmeId}
        onChange={setProgrammeId}
      />
      <Tabs
        id="enrolments"
        label={t("enrolmentsAdmin.tabs")}
        tabs={[
          { id: "nominated", label: t("enrolmentsAdmin.tabNominated"), content: list("nominated") },
          { id: "waitlisted", label: t("enrolmentsAdmin.tabWaitlisted"), content: list("waitlisted") },
          { id: "approved", label: t("enrolmentsAdmin.tabApproved"), content: list("approved") },
        ]}
      />
      <Modal id="enrolment-decision" title={action ? t(titles[action.kind]) : ""} open={action !== null} onClose={() => setAction(null)}>
        {action && programme && (
          <>
            <p class="praksis-decision-whom">{t("enrolmentsAdmin.whom", { name: action.name, programme: programme.title })}</p>
            {action.kind === "approve" &&
              (cohorts.data ? (
                <ApproveForm enrolment={action.enrolment} name={action.name} cohorts={cohorts.data.items} onCancel={() => setAction(null)} onDone={done} />
              ) : (
                <Loading lines={3} />
              ))}
            {action.kind === "decline" && <DeclineForm enrolment={action.enrolment} name={action.name} onCancel={() => setAction(null)} onDone={done} />}
            {action.kind === "complete" && (
              <CompleteForm enrolment={action.enrolment} name={action.name} programme={programme} onCancel={() => setAction(null)} onDone={done} />
            )}
          </>
        )}
      </Modal>
    </Page>
  );
}

function EnrolmentList(props: {
  status: ListStatus;
  programmeId: string;
  generation: number;
  programmes: Query<{ items: Programme[] }>;
  cohortName: (id: string | null) => string;
  onAction: (action: Action) => void;
}) {
  const { t } = useI18n();
  const { status, programmeId, generation } = props;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const enrolments = useQuery(
    () =>
      call(api.GET("/api/v1/enrolments", { params: { query: { status, programme_id: programmeId || undefined, limit: PAGE_SIZE, cursor } } })),
    [status, programmeId, cursor, generation],
  );
  const items = enrolments.data?.items ?? [];
  const people = usePeople(items.flatMap((item) => (item.nominated_by_id ? [item.person_id, item.nominated_by_id] : [item.person_id])));
  const everyone = people.data.items;
  const programmeTitle = (id: string) => props.programmes.data?.items.find((item) => item.id === id)?.title ?? "…";
  const act = (kind: Action["kind"], enrolment: Enrolment) => props.onAction({ kind, enrolment, name: nameOf(everyone, enrolment.person_id) });
  const empty = { nominated: "enrolmentsAdmin.noNominated", waitlisted: "enrolmentsAdmin.noWaitlisted", approved: "enrolmentsAdmin.noApproved" } as const;

  return (
    <div aria-busy={people.loading}>
      <Async query={enrolments} lines={6}>
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <EmptyState>{t(empty[status])}</EmptyState>
            ) : status === "approved" ? (
              <Table<Enrolment>
                caption={t("enrolmentsAdmin.approvedCaption")}
                rows={page.items}
                rowKey={(row) => row.id}
                columns={[
                  { key: "person", header: t("common.name"), cell: (row) => nameOf(everyone, row.person_id) },
                  { key: "programme", header: t("enrolmentsAdmin.programme"), cell: (row) => programmeTitle(row.programme_id) },
                  { key: "cohort", header: t("enrolmentsAdmin.cohort"), cell: (row) => props.cohortName(row.cohort_id) },
                  {
                    key: "complete",
                    header: t("enrolmentsAdmin.completion"),
                    cell: (row) => (
                      <button type="button" class="button button-secondary" onClick={() => act("complete", row)}>
                        {t("enrolmentsAdmin.complete")}
                        <span class="sr-only"> – {nameOf(everyone, row.person_id)}</span>
                      </button>
                    ),
                  },
                ]}
              />
            ) : (
              <ul class="praksis-nominations nobullet-list">
                {page.items.map((enrolment) => (
                  <NominationCard
                    key={enrolment.id}
                    enrolment={enrolment}
                    name={nameOf(everyone, enrolment.person_id)}
                    leader={enrolment.nominated_by_id ? nameOf(everyone, enrolment.nominated_by_id) : "–"}
                    programmeTitle={programmeTitle(enrolment.programme_id)}
                    cohortName={enrolment.cohort_id ? props.cohortName(enrolment.cohort_id) : null}
                    onAct={(kind) => act(kind, enrolment)}
                  />
                ))}
              </ul>
            )}
            {(cursors.length > 1 || page.next_cursor) && (
              <Pager cursors={cursors} next={page.next_cursor} onChange={setCursors} />
            )}
          </>
        )}
      </Async>
    </div>
  );
}

function NominationCard(props: {
  enrolment: Enrolment;
  name: string;
  leader: string;
  programmeTitle: string;
  cohortName: string | null;
  onAct: (kind: "approve" | "decline") => void;
}) {
  const { t, formatDate } = useI18n();
  const { enrolment, name } = props;
  const headingId = `nomination-${enrolment.id}`;
  const facts: [string, string][] = [
    [t("enrolmentsAdmin.programme"), props.programmeTitle],
    [t("enrolmentsAdmin.nominatedBy"), t("enrolmentsAdmin.nominatedByOn", { name: props.leader, date: formatDate(enrolment.created_at) })],
  ];
  if (props.cohortName) facts.push([t("enrolmentsAdmin.waitingFor"), props.cohortName]);
  return (
    <li class="praksis-nomination">
      <h3 id={headingId}>{name}</h3>
      <FactList facts={facts} />
      <h4>{t("enrolmentsAdmin.justification")}</h4>
      <p class="praksis-quote">{enrolment.justification || t("enrolmentsAdmin.notGiven")}</p>
      <h4>{t("enrolmentsAdmin.teamChallenge")}</h4>
      <p class="praksis-quote">{enrolment.team_challenge || t("enrolmentsAdmin.notGiven")}</p>
      <div class="praksis-actions">
        <button type="button" class="button button-primary" onClick={() => props.onAct("approve")}>
          {t("enrolmentsAdmin.approve")}
          <span class="sr-only"> – {name}</span>
        </button>
        <button type="button" class="button button-secondary" onClick={() => props.onAct("decline")}>
          {t("enrolmentsAdmin.decline")}
          <span class="sr-only"> – {name}</span>
        </button>
      </div>
    </li>
  );
}

/**
 * Leader sparring meetings for HR and facilitators: plan one for a programme (its participants'
 * leaders are invited), see who was invited and record whether each came. A record is sent
 * with the status the recorder saw (`expected_status`): if someone else recorded meanwhile the
 * server answers 409 and the list is read again.
 */
import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { ConditionalEdit } from "../../components/ConditionalEdit";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { SelectField, TextArea, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { timeZone, useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { zonedIso } from "../hr/workshops/zonedTime";
import { type MeetingDraft, meetingChanges, meetingDraft } from "./changes";

type Meeting = Schemas["SparringMeetingRead"];
type Invitation = Schemas["SparringInvitationRead"];
type Attendance = Schemas["SparringAttendance"];
const DEFAULT_ZONE = "Europe/Copenhagen";

type TimeAndPlace = Pick<MeetingDraft, "title" | "day" | "start" | "end" | "location">;

/** A meeting's title, day, times (in the municipality's zone) and place, for planning and moving it. */
function MeetingFields<D extends TimeAndPlace>(props: {
  id: string;
  draft: D;
  set: (draft: D) => void;
  errors: Record<string, string>;
  zone: string;
}) {
  const { t } = useI18n();
  const { id, draft, errors } = props;
  const set = (key: keyof TimeAndPlace) => (value: string) => props.set({ ...draft, [key]: value });
  return (
    <>
      <TextField id={`${id}-title`} label={t("events.title")} required value={draft.title} onInput={set("title")} error={errors.title} maxLength={200} />
      <TextField id={`${id}-day`} type="date" label={t("events.day")} hint={t("workshopsAdmin.zoneHint", { zone: props.zone })} required value={draft.day} onInput={set("day")} error={errors.starts_at} />
      <div class="praksis-form-row">
        <TextField id={`${id}-start`} type="time" label={t("events.start")} required value={draft.start} onInput={set("start")} />
        <TextField id={`${id}-end`} type="time" label={t("events.end")} required value={draft.end} onInput={set("end")} error={errors.ends_at} />
      </div>
      <TextField id={`${id}-location`} label={t("events.location")} value={draft.location} onInput={set("location")} error={errors.location} maxLength={300} />
    </>
  );
}

function PlanMeeting({ onPlanned }: { onPlanned: () => void }) {
  const { t } = useI18n();
  const zone = useStore(timeZone) ?? DEFAULT_ZONE;
  const programmes = useQuery(
    () => allPages((cursor) => api.GET("/api/v1/programmes", { params: { query: { limit: 200, cursor } } })),
    [],
  );
  const [draft, setDraft] = useState({ programme_id: "", title: "", day: "", start: "13:00", end: "15:00", location: "" });
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const set = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });

  async function submit(event: Event) {
    event.preventDefault();
    const starts = zonedIso(draft.day, draft.start, zone);
    const ends = zonedIso(draft.day, draft.end, zone);
    if (!starts || !ends) {
      const message = t("workshopsAdmin.timeMissing");
      setProblem({ type: "about:blank", title: "", status: 422, detail: message, errors: [{ location: "body.starts_at", message }] });
      return;
    }
    setBusy(true);
    const result = await call(
      api.POST("/api/v1/sparring-meetings", {
        body: {
          programme_id: draft.programme_id,
          title: draft.title.trim(),
          starts_at: starts,
          ends_at: ends,
          location: draft.location.trim(),
        },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setProblem(undefined);
    announce(t("events.planned", { count: result.data.invited }));
    setDraft({ ...draft, title: "", day: "" });
    onPlanned();
  }

  return (
    <section aria-labelledby="plan-sparring" class="praksis-panel">
      <h2 id="plan-sparring">{t("events.plan")}</h2>
      <form onSubmit={submit} noValidate>
        {problem && <ProblemMessage problem={problem} />}
        <SelectField
          id="sparring-programme"
          label={t("events.programme")}
          required
          placeholder=""
          options={(programmes.data?.items ?? []).map((programme) => ({ value: programme.id, label: programme.title }))}
          value={draft.programme_id}
          onChange={set("programme_id")}
          error={errors.programme_id}
        />
        <MeetingFields id="sparring" draft={draft} set={setDraft} errors={errors} zone={zone} />
        <button type="submit" class="button button-primary" disabled={busy}>
          {t("events.plan")}
        </button>
      </form>
    </section>
  );
}

function Invitations(props: {
  meeting: Meeting;
  onClose: () => void;
  onChanged: () => void;
  /** the meeting was moved: the page confirms it (this view is read again) */
  onMoved: (meeting: Meeting) => void;
}) {
  const { meeting, onClose, onChanged } = props;
  const { t, formatDateTime } = useI18n();
  const invitations = useQuery(
    () =>
      call(
        api.GET("/api/v1/sparring-meetings/{meeting_id}/invitations", {
          params: { path: { meeting_id: meeting.id }, query: { limit: 200 } },
        }),
      ),
    [meeting.id],
  );
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [moving, setMoving] = useState(false);
  const open = meeting.status === "scheduled";

  async function mark(invitation: Invitation, status: Attendance) {
    const result = await call(
      api.PUT("/api/v1/sparring-meetings/{meeting_id}/invitations/{invitation_id}", {
        params: { path: { meeting_id: meeting.id, invitation_id: invitation.id } },
        body: { status, expected_status: invitation.status },
      }),
    );
    setProblem(result.problem);
    if (!result.problem) announce(t("events.recorded", { name: invitation.person_name, status: t(`events.statuses.${status}`) }));
    invitations.reload();
    onChanged();
  }

  async function inviteAgain() {
    const result = await call(
      api.POST("/api/v1/sparring-meetings/{meeting_id}/invite-leaders", { params: { path: { meeting_id: meeting.id } } }),
    );
    setProblem(result.problem);
    if (!result.problem) announce(t("events.invitedAgain", { count: result.data.invited.length }));
    invitations.reload();
    onChanged();
  }

  async function cancel() {
    const result = await call(
      api.DELETE("/api/v1/sparring-meetings/{meeting_id}", { params: { path: { meeting_id: meeting.id } } }),
    );
    setProblem(result.problem);
    if (!result.problem) announce(t("events.cancelled"));
    onChanged();
  }

  return (
    <section aria-labelledby="sparring-invitations" class="praksis-panel">
      <h2 id="sparring-invitations">{t("events.invitationsFor", { title: meeting.title })}</h2>
      <p>
        {formatDateTime(meeting.starts_at)} · {meeting.location || "–"} · {t(`events.meetingStatuses.${meeting.status}`)}
      </p>
      <div class="praksis-actions">
        <button type="button" class="button button-tertiary" onClick={onClose}>
          {t("events.back")}
        </button>
        {open && (
          <>
            <button type="button" class="button button-secondary" onClick={() => setMoving(true)}>
              {t("events.move")}
            </button>
            <button type="button" class="button button-secondary" onClick={() => void inviteAgain()}>
              {t("events.inviteAgain")}
            </button>
            <button type="button" class="button button-secondary" onClick={() => void cancel()}>
              {t("events.cancel")}
            </button>
          </>
        )}
      </div>
      {problem && <ProblemMessage problem={problem} />}
      {moving && (
        <MoveMeeting
          meeting={meeting}
          onClose={() => setMoving(false)}
          onMoved={(moved) => {
            setMoving(false);
            props.onMoved(moved);
          }}
        />
      )}
      <Async query={invitations} lines={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("events.noInvitations")}</EmptyState>
          ) : (
            <Table<Invitation>
              caption={t("events.invitationsFor", { title: meeting.title })}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { key: "name", header: t("events.guestName"), cell: (row) => row.person_name },
                { key: "status", header: t("common.status"), cell: (row) => t(`events.statuses.${row.status}`) },
                {
                  key: "record",
                  header: t("facilitator.attendance"),
                  cell: (row) =>
                    open ? (
                      <span class="praksis-actions">
                        {(["attended", "absent"] as const)
                          .filter((status) => status !== row.status)
                          .map((status) => (
                            <button key={status} type="button" class="button button-tertiary" onClick={() => void mark(row, status)}>
                              {t(`events.statuses.${status}`)}
                              <span class="sr-only">: {row.person_name}</span>
                            </button>
                          ))}
                      </span>
                    ) : (
                      "–"
                    ),
                },
              ]}
            />
          )
        }
      </Async>
    </section>
  );
}

/** A new time, place or title (PATCH, conditional on what the dialog read); the invited get the change. */
function MoveMeeting(props: { meeting: Meeting; onClose: () => void; onMoved: (meeting: Meeting) => void }) {
  const { t } = useI18n();
  const zone = useStore(timeZone) ?? DEFAULT_ZONE;
  const { meeting } = props;
  return (
    <ConditionalEdit
      id="move-sparring-dialog"
      title={t("events.moveTitle", { title: meeting.title })}
      submit={t("common.save")}
      read={() => api.GET("/api/v1/sparring-meetings/{meeting_id}", { params: { path: { meeting_id: meeting.id } } })}
      toDraft={(current) => meetingDraft(current, zone)}
      write={(draft, current, header) => {
        const body = meetingChanges(current, draft, zone);
        if (!body) {
          const message = t("workshopsAdmin.timeMissing");
          return { problem: { type: "about:blank", title: "", status: 422, detail: message, errors: [{ location: "body.starts_at", message }] } };
        }
        return api.PATCH("/api/v1/sparring-meetings/{meeting_id}", { params: { path: { meeting_id: current.id }, header }, body });
      }}
      onSaved={props.onMoved}
      onClose={props.onClose}
    >
      {(draft, set, errors) => (
        <>
          <p>{t("events.moveIntro")}</p>
          <MeetingFields id="move-sparring" draft={draft} set={set} errors={errors} zone={zone} />
          <TextArea
            id="move-sparring-description"
            label={t("events.description")}
            rows={3}
            maxLength={5000}
            value={draft.description}
            onInput={(description) => set({ ...draft, description })}
            error={errors.description}
          />
        </>
      )}
    </ConditionalEdit>
  );
}

/** GET/POST /sparring-meetings and their invitations, for HR and facilitators. */
export default function SparringMeetings() {
  const { t, formatDateTime, lang } = useI18n();
  const meetings = useQuery(() => call(api.GET("/api/v1/sparring-meetings", { params: { query: { limit: 200 } } })), [lang]);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [confirmation, setConfirmation] = useState("");
  return (
    <Page title="events.sparringTitle" intro="events.sparringIntro">
      {confirmation && <Confirmation text={confirmation} />}
      <Async query={meetings} lines={4}>
        {(page) => {
          const meeting = page.items.find((item) => item.id === selected);
          if (meeting) {
            return (
              <Invitations
                key={meeting.id}
                meeting={meeting}
                onClose={() => {
                  setSelected(undefined);
                  setConfirmation("");
                }}
                onChanged={meetings.reload}
                onMoved={(moved) => {
                  setConfirmation(t("events.moved", { title: moved.title }));
                  meetings.reload();
                }}
              />
            );
          }
          return (
            <>
              {page.items.length === 0 ? (
                <EmptyState>{t("events.noMeetings")}</EmptyState>
              ) : (
                <Table<Meeting>
                  caption={t("events.caption")}
                  rows={page.items}
                  rowKey={(row) => row.id}
                  columns={[
                    { key: "title", header: t("events.title"), cell: (row) => row.title },
                    { key: "when", header: t("common.when"), cell: (row) => formatDateTime(row.starts_at) },
                    { key: "status", header: t("common.status"), cell: (row) => t(`events.meetingStatuses.${row.status}`) },
                    { key: "invited", header: t("events.invited"), cell: (row) => String(row.invited) },
                    { key: "attended", header: t("events.attended"), cell: (row) => String(row.attended) },
                    {
                      key: "show",
                      header: t("events.show"),
                      cell: (row) => (
                        <button type="button" class="button button-tertiary" onClick={() => setSelected(row.id)}>
                          {t("events.show")}
                          <span class="sr-only">: {row.title}</span>
                        </button>
                      ),
                    },
                  ]}
                />
              )}
              <PlanMeeting onPlanned={meetings.reload} />
            </>
          );
        }}
      </Async>
    </Page>
  );
}

import { useState } from "preact/hooks";
import { Async, Confirmation, EmptyState } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { mayWithdraw } from "../growth/logic";
import { SelfAssessmentPanel } from "../growth/SelfAssessment";
import { WithdrawEnrolment } from "../growth/Withdraw";
import { CalendarFeed } from "./CalendarFeed";
import { type MyEnrolment, type Workshop, loadMyEnrolments, loadMyWorkshops } from "./data";
import { upcoming } from "./logic";
import { useMyId } from "./parts";
import "./participant.css";

/** My programmes, all my coming workshops and the calendar feed to subscribe to. */
export default function ParticipantProgrammes() {
  const { t, lang } = useI18n();
  const myId = useMyId();
  const workshops = useQuery(() => loadMyWorkshops(new Date()), [lang]);
  return (
    <Page title="views.participantProgrammes.title" intro="views.participantProgrammes.intro">
      <section aria-labelledby="programmes-list">
        <h2 id="programmes-list">{t("participant.programmesHeading")}</h2>
        <ProgrammesTable personId={myId} manage />
      </section>
      <section aria-labelledby="programmes-workshops">
        <h2 id="programmes-workshops">{t("participant.workshopsHeading")}</h2>
        <Async query={workshops} lines={4}>
          {(items) => {
            const coming = upcoming(items, new Date());
            return coming.length === 0 ? (
              <EmptyState>{t("participant.noWorkshops")}</EmptyState>
            ) : (
              <WorkshopList items={coming} />
            );
          }}
        </Async>
      </section>
      <CalendarFeed />
    </Page>
  );
}

/** My enrolments; `manage`: with the self-assessment and withdrawing (the programmes view). */
export function ProgrammesTable({ personId, manage = false }: { personId: string; manage?: boolean }) {
  const { t, lang, formatDate } = useI18n();
  const query = useQuery(() => loadMyEnrolments(personId), [personId, lang]);
  const [confirmation, setConfirmation] = useState("");
  const period = (row: MyEnrolment) => {
    const { starts_on: from, ends_on: to } = row.programme ?? {};
    if (!from || !to) return from ? formatDate(from) : "";
    return t("participant.periodRange", { from: formatDate(from), to: formatDate(to) });
  };
  return (
    <>
    {confirmation && <Confirmation text={confirmation} />}
    <Async query={query} lines={3}>
      {(rows) =>
        rows.length === 0 ? (
          <EmptyState>{t("participant.noProgrammes")}</EmptyState>
        ) : (
          <ul class="participant-list nobullet-list">
            {rows.map((row) => (
              <li key={row.enrolment.id} class="participant-card">
                <h3 class="h4">{row.programme?.title ?? ""}</h3>
                <dl class="praksis-facts">
                  <dt>{t("common.status")}</dt>
                  <dd>{t(`participant.enrolmentStatus.${row.enrolment.status}`)}</dd>
                  {period(row) && (
                    <>
                      <dt>{t("participant.period")}</dt>
                      <dd>{period(row)}</dd>
                    </>
                  )}
                </dl>
                {manage && row.programme?.rules.grading === "none" && ["approved", "completed"].includes(row.enrolment.status) && (
                  <SelfAssessmentPanel enrolment={row.enrolment} />
                )}
                {manage && mayWithdraw(row.enrolment.status) && (
                  <WithdrawEnrolment
                    enrolment={row.enrolment}
                    title={row.programme?.title ?? ""}
                    onWithdrawn={(text) => {
                      setConfirmation(text);
                      query.reload();
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
        )
      }
    </Async>
    </>
  );
}

/** Workshops as a list: title, time, place and themes. */
export function WorkshopList({ items }: { items: readonly Workshop[] }) {
  const { t, formatDateTime } = useI18n();
  return (
    <ul class="participant-list nobullet-list">
      {items.map((workshop) => (
        <li key={workshop.id} class="participant-card">
          <h3 class="h4">{workshop.title}</h3>
          <dl class="praksis-facts">
            <dt>{t("common.when")}</dt>
            <dd>
              <time dateTime={workshop.starts_at}>{formatDateTime(workshop.starts_at)}</time>
            </dd>
            <dt>{t("participant.place")}</dt>
            <dd>{workshop.location || t("participant.noPlace")}</dd>
            {workshop.themes.length > 0 && (
              <>
                <dt>{t("participant.themes")}</dt>
                <dd>{workshop.themes.join(", ")}</dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}

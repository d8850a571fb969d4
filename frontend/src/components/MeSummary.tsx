import { useStore } from "../lib/store";
import { me } from "../auth/session";
import { useI18n } from "../i18n";
import { MyDataExport } from "./DataExport";
import { NotificationSettings } from "./NotificationSettings";

/** Who is signed in, from /me: name, job title, municipality or partner; a person downloads their
 *  data and chooses their e-mails. */
export function MeSummary() {
  const { t } = useI18n();
  const caller = useStore(me);
  if (!caller) return null;
  return (
    <section aria-labelledby="me-heading">
      <h2 id="me-heading">{t("me.heading")}</h2>
      <dl class="praksis-facts">
        {caller.person && (
          <>
            <dt>{t("me.name")}</dt>
            <dd>{caller.person.name}</dd>
          </>
        )}
        {caller.person?.job_title && (
          <>
            <dt>{t("me.jobTitle")}</dt>
            <dd>{caller.person.job_title}</dd>
          </>
        )}
        {caller.municipality && (
          <>
            <dt>{t("me.municipality")}</dt>
            <dd>{caller.municipality.name}</dd>
          </>
        )}
        {caller.partner && (
          <>
            <dt>{t("me.partner")}</dt>
            <dd>{caller.partner.toUpperCase()}</dd>
          </>
        )}
      </dl>
      {caller.person && <MyDataExport name={caller.person.name} />}
      {caller.person && caller.municipality && <NotificationSettings />}
    </section>
  );
}

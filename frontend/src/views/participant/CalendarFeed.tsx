import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { Problem } from "../../api/problem";
import { Async, ProblemMessage } from "../../components/Feedback";
import { announce } from "../../components/LiveRegion";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { absoluteUrl } from "./logic";

/**
 * The secret calendar feed: create, show once (with a copy button), rotate, revoke. The
 * server keeps only a hash, so the URL exists in this component's state and nowhere else.
 */
export function CalendarFeed() {
  const { t, formatDate } = useI18n();
  const status = useQuery(() => call(api.GET("/api/v1/calendar/feed")), []);
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function create() {
    setBusy(true);
    setProblem(undefined);
    const result = await call(api.POST("/api/v1/calendar/feed"));
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setUrl(absoluteUrl(result.data.url, location.origin));
    announce(t("participant.calendar.created"));
    status.reload();
  }

  async function revoke() {
    setBusy(true);
    setProblem(undefined);
    const result = await call(api.DELETE("/api/v1/calendar/feed"));
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setUrl("");
    announce(t("participant.calendar.revoked"));
    status.reload();
  }

  return (
    <section aria-labelledby="calendar" class="participant-card">
      <h2 id="calendar" tabIndex={-1}>
        {t("participant.calendar.heading")}
      </h2>
      <p>{t("participant.calendar.intro")}</p>
      <ul>
        <li>{t("participant.calendar.outlook")}</li>
        <li>{t("participant.calendar.google")}</li>
      </ul>
      <p>{t("participant.calendar.secret")}</p>
      {problem && <ProblemMessage problem={problem} />}
      {url && <FeedUrl url={url} />}
      <Async query={status} lines={2}>
        {(feed) => (
          <>
            {!url && (
              <p>
                {feed.active && feed.created_at
                  ? t("participant.calendar.active", { date: formatDate(feed.created_at) })
                  : t("participant.calendar.none")}
              </p>
            )}
            {feed.active && !url && <p class="form-hint">{t("participant.calendar.hidden")}</p>}
            <div class="participant-actions">
              <button type="button" class="button button-primary" disabled={busy} onClick={() => void create()}>
                {feed.active ? t("participant.calendar.rotate") : t("participant.calendar.create")}
              </button>
              {feed.active && (
                <button type="button" class="button button-secondary" disabled={busy} onClick={() => void revoke()}>
                  {t("participant.calendar.revoke")}
                </button>
              )}
            </div>
          </>
        )}
      </Async>
    </section>
  );
}

function FeedUrl({ url }: { url: string }) {
  const { t } = useI18n();
  const [message, setMessage] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t("participant.calendar.copied"));
    } catch {
      setMessage(t("participant.calendar.copyFailed"));
    }
  }
  return (
    <div class="form-group">
      <label class="form-label" for="calendar-url">
        {t("participant.calendar.url")}
      </label>
      <span class="form-hint" id="calendar-url-hint">
        {t("participant.calendar.urlHint")}
      </span>
      <input
        id="calendar-url"
        class="form-input participant-url"
        readOnly
        value={url}
        aria-describedby="calendar-url-hint"
        onFocus={(event) => event.currentTarget.select()}
      />
      <div class="participant-actions">
        <button type="button" class="button button-secondary" onClick={() => void copy()}>
          {t("participant.calendar.copy")}
        </button>
        <span role="status">{message}</span>
      </div>
    </div>
  );
}

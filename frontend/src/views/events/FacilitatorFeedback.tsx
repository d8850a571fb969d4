/**
 * A facilitator's feedback on the trial actions of the cohorts they facilitate (GET
 * /feedback/to-give, POST /feedback with kind `facilitator`), in the participants' dialog.
 */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { Async, EmptyState } from "../../components/Feedback";
import { Page } from "../../components/Page";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { GiveFeedback, type FeedbackTarget } from "../participant/FeedbackForms";
import "../participant/participant.css";

type ToGive = Schemas["FeedbackToGive"];

export default function FacilitatorFeedback() {
  const { t, lang } = useI18n();
  const toGive = useQuery(() => call(api.GET("/api/v1/feedback/to-give", { params: { query: { limit: 100 } } })), [lang]);
  const [target, setTarget] = useState<FeedbackTarget | undefined>(undefined);
  const open = (item: ToGive) => setTarget({ id: item.trial_action_id, title: item.trial_action_title, kinds: item.kinds });
  return (
    <Page title="events.feedbackTitle" intro="events.feedbackIntro">
      <Async query={toGive} lines={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("events.feedbackNone")}</EmptyState>
          ) : (
            <ul class="participant-list nobullet-list">
              {page.items.map((item) => (
                <li key={item.trial_action_id} class="participant-card">
                  <h2 class="h4">{item.trial_action_title}</h2>
                  <p class="participant-meta">
                    {t("participant.feedback.by", {
                      names: item.owners.map((owner) => owner.name).join(", "),
                      project: item.project_title,
                    })}
                  </p>
                  <p>{item.what_happened}</p>
                  {item.given_by_me > 0 && (
                    <p class="participant-meta">{t("participant.feedback.givenCount", { count: item.given_by_me })}</p>
                  )}
                  <button type="button" class="button button-primary" onClick={() => open(item)}>
                    {t("events.giveFeedback")}
                    <span class="sr-only">: {item.trial_action_title}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      {target && (
        <GiveFeedback
          target={target}
          onClose={() => setTarget(undefined)}
          onSent={async () => {
            setTarget(undefined);
            toGive.reload();
          }}
        />
      )}
    </Page>
  );
}

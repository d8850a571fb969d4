/**
 * Feedback the participant has given (GET /feedback?given=true): the author corrects it
 * (PATCH, conditional on what the dialog read) or deletes it (DELETE, after a confirmation).
 */
import { useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { ConditionalEdit } from "../../components/ConditionalEdit";
import { Async, Confirmation, EmptyState } from "../../components/Feedback";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import type { FeedbackRead } from "./data";
import { ratingOf } from "./logic";
import { type FeedbackDraft, FeedbackFields } from "./FeedbackForms";
import { FeedbackFacts } from "./parts";

const ALL = { limit: 200 } as const;

export function GivenFeedback({ titles, onChanged }: { titles: ReadonlyMap<string, string>; onChanged: () => Promise<void> }) {
  const { t, lang, formatDate } = useI18n();
  const query = useQuery(() => call(api.GET("/api/v1/feedback", { params: { query: { given: true, ...ALL } } })), [lang]);
  const [editing, setEditing] = useState<FeedbackRead | undefined>();
  const [confirmation, setConfirmation] = useState("");
  const titleOf = (item: FeedbackRead) =>
    titles.has(item.trial_action_id)
      ? t("participant.feedback.on", { title: titles.get(item.trial_action_id) ?? "" })
      : t("participant.given.untitled", { date: formatDate(item.created_at) });
  async function changed(text: string) {
    setEditing(undefined);
    setConfirmation(text);
    query.reload();
    await onChanged();
  }
  return (
    <section aria-labelledby="given">
      <h2 id="given">{t("participant.given.heading")}</h2>
      <p>{t("participant.given.intro")}</p>
      {confirmation && <Confirmation text={confirmation} />}
      <Async query={query} lines={3}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("participant.given.none")}</EmptyState>
          ) : (
            <ul class="participant-list nobullet-list">
              {page.items.map((item) => (
                <li key={item.id} class="participant-card">
                  <h3 class="h4">{titleOf(item)}</h3>
                  <p class="participant-meta">
                    {t(`participant.kinds.${item.kind}`)}
                    {" · "}
                    <time dateTime={item.updated_at}>{formatDate(item.updated_at)}</time>
                    {item.shared_with_leader && <> · {t("participant.given.shared")}</>}
                  </p>
                  <FeedbackFacts item={item} />
                  <div class="praksis-actions">
                    <button type="button" class="button button-secondary" onClick={() => setEditing(item)}>
                      {t("participant.given.edit")}
                      <span class="sr-only">: {titleOf(item)}</span>
                    </button>
                    <ConfirmDelete
                      id={`delete-feedback-${item.id}`}
                      label={t("participant.given.delete")}
                      name={titleOf(item)}
                      title={t("participant.given.deleteTitle")}
                      text={[t("participant.given.deleteText")]}
                      submit={t("participant.given.delete")}
                      remove={() =>
                        call(api.DELETE("/api/v1/feedback/{feedback_id}", { params: { path: { feedback_id: item.id } } }))
                      }
                      onDeleted={() => changed(t("participant.given.deleted"))}
                    />
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      {editing && (
        <ConditionalEdit
          id="edit-feedback-dialog"
          title={t("participant.given.editTitle")}
          submit={t("common.save")}
          read={() => api.GET("/api/v1/feedback/{feedback_id}", { params: { path: { feedback_id: editing.id } } })}
          toDraft={(item): FeedbackDraft => ({
            what_worked: item.what_worked,
            try_next: item.try_next,
            rating: item.rating === null ? "" : String(item.rating),
            shared: item.shared_with_leader,
          })}
          write={(draft, item, header) => {
            const rating = ratingOf(draft.rating);
            return api.PATCH("/api/v1/feedback/{feedback_id}", {
              params: { path: { feedback_id: item.id }, header },
              body: {
                what_worked: draft.what_worked.trim(),
                try_next: draft.try_next.trim(),
                // the leader reads a leader's own feedback anyway
                ...(item.kind !== "leader" ? { shared_with_leader: draft.shared } : {}),
                ...(rating !== undefined ? { rating } : {}),
              },
            });
          }}
          onSaved={() => changed(t("participant.given.saved"))}
          onClose={() => setEditing(undefined)}
        >
          {(draft, set, errors, item) => (
            <FeedbackFields
              id="edit-feedback"
              draft={draft}
              set={set}
              errors={errors}
              shareable={item.kind !== "leader"}
              ratingOptional={item.rating === null}
              ratingHint={item.rating !== null ? t("participant.given.ratingStays") : undefined}
            />
          )}
        </ConditionalEdit>
      )}
    </section>
  );
}

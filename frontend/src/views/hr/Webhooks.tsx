import "./people/orgPeople.css";
import "./webhooks.css";
import { useState } from "preact/hooks";
import { allPages, api, call, type Schemas } from "../../api/client";
import type { Problem } from "../../api/problem";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { Async, Confirmation, EmptyState, ProblemMessage } from "../../components/Feedback";
import { CheckboxGroup, FormActions, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { Page } from "../../components/Page";
import { Table } from "../../components/Table";
import { useQuery } from "../../hooks/useQuery";
import { useSubmit } from "../../hooks/useSubmit";
import { type Key, useI18n } from "../../i18n";

type Endpoint = Schemas["EndpointRead"];
type Delivery = Schemas["DeliveryRead"];
type EventType = Schemas["EventType"];

/** Every event an endpoint may subscribe to, in the API's order (a record over its enum). */
const EVENTS: Record<EventType, Key> = {
  "enrolment.decided": "webhooks.events.enrolment_decided",
  "enrolment.completed": "webhooks.events.enrolment_completed",
  "programme.status_changed": "webhooks.events.programme_status_changed",
  "credential.issued": "webhooks.events.credential_issued",
  "credential.revoked": "webhooks.events.credential_revoked",
};
const EVENT_TYPES = Object.keys(EVENTS) as EventType[];
const STATUS: Record<Delivery["status"], Key> = {
  pending: "webhooks.pending",
  delivered: "webhooks.delivered",
  failed: "webhooks.failed",
};

function endpointPath(id: string) {
  return { params: { path: { endpoint_id: id } } };
}

/** The municipality's webhook endpoints (HR): register one (its secret shown once), pause or
 *  resume it, send a test event, and follow each one's deliveries with their last status. */
export default function HrWebhooks() {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [shown, setShown] = useState<Endpoint | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState("");
  const list = useQuery(() => allPages((cursor) => api.GET("/api/v1/webhooks/endpoints", { params: { query: { limit: 200, cursor } } })), []);

  async function act(result: Promise<{ problem?: Problem }>, message: string) {
    setProblem(null);
    const outcome = await result;
    if (outcome.problem) return setProblem(outcome.problem);
    announce(message);
    list.reload();
  }

  return (
    <Page title="views.hrWebhooks.title" intro="views.hrWebhooks.intro">
      {!adding && (
        <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
          {t("webhooks.new")}
        </button>
      )}
      {adding && (
        <RegisterEndpoint
          onCancel={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setSecret({ url: created.url, secret: created.secret });
            list.reload();
          }}
        />
      )}
      {secret && <SecretOnce url={secret.url} secret={secret.secret} />}
      {problem && <ProblemMessage problem={problem} />}
      {done && <Confirmation text={done} />}
      <Async query={list} lines={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("webhooks.empty")}</EmptyState>
          ) : (
            <Table<Endpoint>
              caption={t("webhooks.caption")}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { key: "url", header: t("webhooks.url"), cell: (row) => <span class="praksis-break">{row.url}</span> },
                { key: "description", header: t("webhooks.description"), cell: (row) => row.description },
                { key: "events", header: t("webhooks.eventsColumn"), cell: (row) => row.event_types.map((type) => t(EVENTS[type])).join(", ") },
                {
                  key: "active",
                  header: t("common.status"),
                  cell: (row) => <span class={row.active ? "op-pill op-pill-success" : "op-pill"}>{t(row.active ? "webhooks.active" : "webhooks.paused")}</span>,
                },
                {
                  key: "actions",
                  header: t("webhooks.actions"),
                  cell: (row) => (
                    <span class="op-actions">
                      <button type="button" class="button button-tertiary" onClick={() => setShown(row)}>
                        {t("webhooks.showDeliveries")}
                        <span class="sr-only"> {row.url}</span>
                      </button>
                      <button
                        type="button"
                        class="button button-tertiary"
                        onClick={() => void act(call(api.POST("/api/v1/webhooks/endpoints/{endpoint_id}/test", endpointPath(row.id))), t("webhooks.testSent", { url: row.url })).then(() => setShown(row))}
                      >
                        {t("webhooks.sendTest")}
                        <span class="sr-only"> {row.url}</span>
                      </button>
                      <button
                        type="button"
                        class="button button-tertiary"
                        onClick={() =>
                          void act(
                            call(api.PATCH("/api/v1/webhooks/endpoints/{endpoint_id}", { ...endpointPath(row.id), body: { active: !row.active } })),
                            t(row.active ? "webhooks.pausedNow" : "webhooks.resumedNow", { url: row.url }),
                          )
                        }
                      >
                        {t(row.active ? "webhooks.pause" : "webhooks.resume")}
                        <span class="sr-only"> {row.url}</span>
                      </button>
                      <ConfirmDelete
                        id={`delete-webhook-${row.id}`}
                        label={t("webhooks.delete")}
                        name={row.url}
                        title={t("webhooks.deleteTitle", { url: row.url })}
                        text={[t("webhooks.deleteText")]}
                        submit={t("webhooks.delete")}
                        remove={() => call(api.DELETE("/api/v1/webhooks/endpoints/{endpoint_id}", endpointPath(row.id)))}
                        onDeleted={() => {
                          if (shown?.id === row.id) setShown(null);
                          setDone(t("webhooks.deleted", { url: row.url }));
                          list.reload();
                        }}
                      />
                    </span>
                  ),
                },
              ]}
            />
          )
        }
      </Async>
      {shown && <Deliveries key={shown.id} endpoint={shown} />}
    </Page>
  );
}

function RegisterEndpoint(props: { onCancel: () => void; onCreated: (created: Schemas["EndpointWithSecret"]) => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<EventType[]>([]);
  const { problem, busy, submit, errors } = useSubmit(
    () => call(api.POST("/api/v1/webhooks/endpoints", { body: { url: url.trim(), description, event_types: events } })),
    props.onCreated,
  );
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <h2 class="h3">{t("webhooks.new")}</h2>
      {problem && <ProblemMessage problem={problem} />}
      <TextField id="webhook-url" label={t("webhooks.url")} hint={t("webhooks.urlHint")} type="url" required value={url} onInput={setUrl} error={errors.url} maxLength={2000} />
      <TextField id="webhook-description" label={t("webhooks.description")} value={description} onInput={setDescription} error={errors.description} maxLength={500} />
      <CheckboxGroup<EventType>
        name="webhook-events"
        legend={t("webhooks.eventsLegend")}
        error={errors.event_types}
        options={EVENT_TYPES.map((value) => ({ value, label: t(EVENTS[value]) }))}
        selected={events}
        onChange={setEvents}
      />
      <FormActions submit={t("webhooks.register")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

/** The new endpoint's signing secret, which the API shows this once. */
function SecretOnce(props: { url: string; secret: string }) {
  const { t } = useI18n();
  return (
    <div class="alert alert-warning praksis-webhook-secret" role="status">
      <div class="alert-body">
        <p class="alert-heading">{t("webhooks.secretHeading", { url: props.url })}</p>
        <p class="alert-text">{t("webhooks.secretText")}</p>
        <p class="alert-text">
          <code>{props.secret}</code>
        </p>
      </div>
    </div>
  );
}

function Deliveries({ endpoint }: { endpoint: Endpoint }) {
  const { t, formatDateTime } = useI18n();
  const [problem, setProblem] = useState<Problem | null>(null);
  const deliveries = useQuery(
    () => call(api.GET("/api/v1/webhooks/endpoints/{endpoint_id}/deliveries", { params: { path: { endpoint_id: endpoint.id }, query: { limit: 200 } } })),
    [endpoint.id],
  );
  const when = (value: string | null | undefined) => (value ? formatDateTime(value) : "–");
  async function retry(row: Delivery) {
    setProblem(null);
    const path = { endpoint_id: endpoint.id, delivery_id: row.id };
    const result = await call(api.POST("/api/v1/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/retry", { params: { path } }));
    if (result.problem) return setProblem(result.problem);
    announce(t("webhooks.retried"));
    deliveries.reload();
  }
  const eventName = (type: string) => (type in EVENTS ? t(EVENTS[type as EventType]) : t("webhooks.events.test"));
  return (
    <section aria-labelledby="webhook-deliveries">
      <h2 class="h3" id="webhook-deliveries">
        {t("webhooks.deliveriesHeading", { url: endpoint.url })}
      </h2>
      <button type="button" class="button button-secondary" onClick={deliveries.reload}>
        {t("webhooks.refresh")}
      </button>
      {problem && <ProblemMessage problem={problem} />}
      <Async query={deliveries} lines={3}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("webhooks.noDeliveries")}</EmptyState>
          ) : (
            <Table<Delivery>
              caption={t("webhooks.deliveriesCaption")}
              captionHidden
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { key: "created", header: t("webhooks.created"), cell: (row) => when(row.created_at) },
                { key: "event", header: t("webhooks.event"), cell: (row) => eventName(row.event_type) },
                { key: "status", header: t("common.status"), cell: (row) => <span class={row.status === "delivered" ? "op-pill op-pill-success" : "op-pill"}>{t(STATUS[row.status])}</span> },
                { key: "attempts", header: t("webhooks.attempts"), cell: (row) => row.attempts, numeric: true },
                { key: "last", header: t("webhooks.lastAnswer"), cell: (row) => row.last_error ?? (row.last_status_code ? String(row.last_status_code) : "–") },
                { key: "next", header: t("webhooks.nextAttempt"), cell: (row) => when(row.next_attempt_at) },
                {
                  key: "delivered",
                  header: t("webhooks.deliveredAt"),
                  cell: (row) =>
                    row.status === "failed" ? (
                      <button type="button" class="button button-tertiary" onClick={() => void retry(row)}>
                        {t("webhooks.retry")}
                      </button>
                    ) : (
                      when(row.delivered_at)
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

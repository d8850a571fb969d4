/**
 * A workshop's guests: external facilitators and speakers, named without an account
 * (GET/POST/PATCH/DELETE /workshops/{id}/guests). HR and the workshop's facilitators edit them;
 * a correction is conditional on what its dialog read (If-Match).
 */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { ConditionalEdit } from "../../components/ConditionalEdit";
import { Async, EmptyState, ProblemMessage } from "../../components/Feedback";
import { SelectField, TextField } from "../../components/Fields";
import { announce } from "../../components/LiveRegion";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { type GuestDraft, guestChanges } from "./changes";

type Contribution = Schemas["GuestContribution"];
type Guest = Schemas["GuestRead"];
const CONTRIBUTIONS: readonly Contribution[] = ["speaker", "facilitator"];

export function WorkshopGuests({ workshopId, editable }: { workshopId: string; editable: boolean }) {
  const { t } = useI18n();
  const guests = useQuery(
    () =>
      call(
        api.GET("/api/v1/workshops/{workshop_id}/guests", {
          params: { path: { workshop_id: workshopId }, query: { limit: 100 } },
        }),
      ),
    [workshopId],
  );
  const [name, setName] = useState("");
  const [organisation, setOrganisation] = useState("");
  const [role, setRole] = useState("");
  const [contribution, setContribution] = useState<Contribution>("speaker");
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Guest | undefined>();
  const errors = fieldErrors(problem);
  const contributions = CONTRIBUTIONS.map((value) => ({ value, label: t(`events.contributions.${value}`) }));

  async function add(event: Event) {
    event.preventDefault();
    setBusy(true);
    const result = await call(
      api.POST("/api/v1/workshops/{workshop_id}/guests", {
        params: { path: { workshop_id: workshopId } },
        body: { name: name.trim(), organisation: organisation.trim(), role: role.trim(), contribution },
      }),
    );
    setBusy(false);
    if (result.problem) return setProblem(result.problem);
    setProblem(undefined);
    announce(t("events.guestAdded", { name: result.data.name }));
    setName("");
    setOrganisation("");
    setRole("");
    guests.reload();
  }

  async function remove(guestId: string) {
    const result = await call(
      api.DELETE("/api/v1/workshops/{workshop_id}/guests/{guest_id}", {
        params: { path: { workshop_id: workshopId, guest_id: guestId } },
      }),
    );
    if (result.problem) return setProblem(result.problem);
    announce(t("events.guestRemoved"));
    guests.reload();
  }

  return (
    <section aria-labelledby={`guests-${workshopId}`} class="praksis-panel">
      <h3 id={`guests-${workshopId}`}>{t("events.guestsHeading")}</h3>
      <Async query={guests} lines={2}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t("events.guestsNone")}</EmptyState>
          ) : (
            <ul class="nobullet-list">
              {page.items.map((guest) => (
                <li key={guest.id}>
                  <strong>{guest.name}</strong>
                  {[guest.role, guest.organisation].filter(Boolean).map((text) => `, ${text}`).join("")}
                  {" · "}
                  {t(`events.contributions.${guest.contribution}`)}
                  {editable && (
                    <>
                      {" "}
                      <button type="button" class="button button-tertiary" onClick={() => setEditing(guest)}>
                        {t("events.editGuest")}
                        <span class="sr-only">: {guest.name}</span>
                      </button>
                      <button type="button" class="button button-tertiary" onClick={() => void remove(guest.id)}>
                        {t("events.removeGuest")}
                        <span class="sr-only">: {guest.name}</span>
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      {editable && (
        <form onSubmit={add} noValidate>
          {problem && <ProblemMessage problem={problem} />}
          <TextField id={`guest-name-${workshopId}`} label={t("events.guestName")} required value={name} onInput={setName} error={errors.name} maxLength={200} />
          <TextField id={`guest-organisation-${workshopId}`} label={t("events.guestOrganisation")} value={organisation} onInput={setOrganisation} error={errors.organisation} maxLength={200} />
          <TextField id={`guest-role-${workshopId}`} label={t("events.guestRole")} hint={t("events.guestRoleHint")} value={role} onInput={setRole} error={errors.role} maxLength={200} />
          <SelectField
            id={`guest-contribution-${workshopId}`}
            label={t("events.guestContribution")}
            options={contributions}
            value={contribution}
            onChange={(value) => setContribution(value as Contribution)}
          />
          <button type="submit" class="button button-secondary" disabled={busy}>
            {t("events.addGuest")}
          </button>
        </form>
      )}
      {editing && (
        <ConditionalEdit
          id={`edit-guest-dialog-${workshopId}`}
          title={t("events.editGuestTitle", { name: editing.name })}
          submit={t("common.save")}
          read={() =>
            api.GET("/api/v1/workshops/{workshop_id}/guests/{guest_id}", {
              params: { path: { workshop_id: workshopId, guest_id: editing.id } },
            })
          }
          toDraft={(guest): GuestDraft => ({ name: guest.name, organisation: guest.organisation, role: guest.role, contribution: guest.contribution })}
          write={(draft, guest, header) =>
            api.PATCH("/api/v1/workshops/{workshop_id}/guests/{guest_id}", {
              params: { path: { workshop_id: workshopId, guest_id: guest.id }, header },
              body: guestChanges(guest, draft),
            })
          }
          onSaved={(guest) => {
            setEditing(undefined);
            announce(t("events.guestSaved", { name: guest.name }));
            guests.reload();
          }}
          onClose={() => setEditing(undefined)}
        >
          {(draft, set, editErrors) => (
            <>
              <TextField id={`edit-guest-name-${workshopId}`} label={t("events.guestName")} required value={draft.name} onInput={(name) => set({ ...draft, name })} error={editErrors.name} maxLength={200} />
              <TextField id={`edit-guest-organisation-${workshopId}`} label={t("events.guestOrganisation")} value={draft.organisation} onInput={(organisation) => set({ ...draft, organisation })} error={editErrors.organisation} maxLength={200} />
              <TextField id={`edit-guest-role-${workshopId}`} label={t("events.guestRole")} hint={t("events.guestRoleHint")} value={draft.role} onInput={(role) => set({ ...draft, role })} error={editErrors.role} maxLength={200} />
              <SelectField
                id={`edit-guest-contribution-${workshopId}`}
                label={t("events.guestContribution")}
                options={contributions}
                value={draft.contribution}
                onChange={(value) => set({ ...draft, contribution: value as Contribution })}
                error={editErrors.contribution}
              />
            </>
          )}
        </ConditionalEdit>
      )}
    </section>
  );
}

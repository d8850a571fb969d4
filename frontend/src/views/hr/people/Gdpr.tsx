/**
 * HR answers a person's GDPR request: export (art. 15) and erasure (art. 17). Erasure shows
 * what it removes, clears and keeps (docs/privacy.md) and when it is refused before asking,
 * and asks for an explicit "cannot be undone" before sending.
 */
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../../api/client";
import type { Problem } from "../../../api/problem";
import { downloadExport, personExport } from "../../../components/DataExport";
import { ProblemMessage } from "../../../components/Feedback";
import { CheckboxGroup, FormActions } from "../../../components/Fields";
import { useI18n } from "../../../i18n";

type Person = Schemas["PersonRead"];

/** Downloads the person's data; the caller shows the confirmation or the problem. */
export async function exportPerson(person: Person): Promise<{ file?: string; problem?: Problem }> {
  const result = await downloadExport(() => personExport(person.id), person.name);
  return result.problem ? { problem: result.problem } : { file: result.data };
}

export function EraseForm(props: { person: Person; onCancel: () => void; onErased: (name: string) => void }) {
  const { t } = useI18n();
  const { person } = props;
  const [understood, setUnderstood] = useState<"yes"[]>([]);
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (understood.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    const result = await call(api.POST("/api/v1/people/{person_id}/erase", { params: { path: { person_id: person.id } } }));
    setBusy(false);
    if (result.problem) setProblem(result.problem);
    else props.onErased(person.name);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <p>
        <strong>{t("gdpr.eraseIntro", { name: person.name })}</strong>
      </p>
      <ul>
        <li>{t("gdpr.eraseRemoved")}</li>
        <li>{t("gdpr.eraseCleared")}</li>
        <li>{t("gdpr.eraseKept")}</li>
        <li>{t("gdpr.eraseAudit")}</li>
      </ul>
      <p class="op-rules">{t("gdpr.eraseRefused")}</p>
      <p>{t("gdpr.eraseExportFirst")}</p>
      <CheckboxGroup
        name="erase-understood"
        legend={t("gdpr.eraseConfirmLegend")}
        error={missing ? t("gdpr.eraseUnderstandRequired") : undefined}
        options={[{ value: "yes", label: t("gdpr.eraseUnderstand", { name: person.name }) }]}
        selected={understood}
        onChange={setUnderstood}
      />
      {problem && <ProblemMessage problem={problem} />}
      <FormActions submit={t("gdpr.eraseSubmit")} busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

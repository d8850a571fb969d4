/** HR defines (or removes) the credential completing a programme awards: PUT/DELETE …/award. */
import "../hr/people/orgPeople.css";
import { useState } from "preact/hooks";
import { api, call, type Result } from "../../api/client";
import { type Problem, fieldErrors } from "../../api/problem";
import { FactList } from "../../components/FactList";
import { Async, Confirmation, ProblemMessage } from "../../components/Feedback";
import { FormActions, TextArea, TextField } from "../../components/Fields";
import { useQuery } from "../../hooks/useQuery";
import { useI18n } from "../../i18n";
import { type Award, type AwardForm, awardBody, awardForm, parseEcts, validUrl } from "./logic";

/** The award, or null when the programme awards nothing (the API's 404). */
async function loadAward(programmeId: string): Promise<Result<Award | null>> {
  const result = await call(
    api.GET("/api/v1/programmes/{programme_id}/award", { params: { path: { programme_id: programmeId } } }),
  );
  return result.problem?.status === 404 ? { data: null } : result;
}

export function AwardPanel({ programmeId }: { programmeId: string }) {
  const { t } = useI18n();
  const query = useQuery(() => loadAward(programmeId), [programmeId]);
  const [editing, setEditing] = useState(false);
  const [confirmation, setConfirmation] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [removing, setRemoving] = useState(false);

  async function remove() {
    const result = await call(
      api.DELETE("/api/v1/programmes/{programme_id}/award", { params: { path: { programme_id: programmeId } } }),
    );
    setRemoving(false);
    setProblem(result.problem);
    if (result.problem) return;
    setConfirmation(t("growth.awardRemoved"));
    query.reload();
  }

  return (
    <section aria-labelledby="award-heading">
      <h3 id="award-heading">{t("growth.awardHeading")}</h3>
      <div class="op-rules">
        <p>{t("growth.awardRules")}</p>
      </div>
      {confirmation && <Confirmation text={confirmation} />}
      <Async query={query} lines={3}>
        {(award) =>
          editing ? (
            <AwardEditor
              programmeId={programmeId}
              award={award}
              onCancel={() => setEditing(false)}
              onSaved={(saved) => {
                setEditing(false);
                setConfirmation(t("growth.awardSaved", { title: saved.title }));
                query.reload();
              }}
            />
          ) : (
            <>
              {award ? <AwardFacts award={award} /> : <p>{t("growth.noAward")}</p>}
              <div class="praksis-actions">
                <button type="button" class="button button-secondary" onClick={() => { setConfirmation(""); setEditing(true); }}>
                  {t(award ? "growth.editAward" : "growth.defineAward")}
                </button>
                {award && !removing && (
                  <button type="button" class="button button-tertiary" onClick={() => setRemoving(true)}>
                    {t("growth.removeAward")}
                  </button>
                )}
              </div>
              {removing && (
                <div class="alert alert-warning" role="alert">
                  <div class="alert-body">
                    <p class="alert-text">{t("growth.removeAwardConfirm")}</p>
                    <div class="praksis-actions">
                      <button type="button" class="button button-primary" onClick={() => void remove()}>
                        {t("growth.confirmRemove")}
                      </button>
                      <button type="button" class="button button-secondary" onClick={() => setRemoving(false)}>
                        {t("common.cancel")}
                      </button>
                    </div>
                  </div>
                </div>
              )}
              {problem && <ProblemMessage problem={problem} />}
            </>
          )
        }
      </Async>
    </section>
  );
}

function AwardFacts({ award }: { award: Award }) {
  const { t, formatNumber } = useI18n();
  const facts: [string, string][] = [
    [t("growth.awardTitle"), award.title],
    [t("growth.provider"), award.provider_url ? `${award.provider} (${award.provider_url})` : award.provider],
  ];
  if (award.ects != null) facts.push([t("growth.ects"), formatNumber(award.ects, 1)]);
  if (award.description) facts.push([t("growth.awardDescription"), award.description]);
  if (award.criteria) facts.push([t("growth.criteria"), award.criteria]);
  return <FactList facts={facts} />;
}

function AwardEditor(props: { programmeId: string; award: Award | null; onCancel: () => void; onSaved: (award: Award) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<AwardForm>(awardForm(props.award));
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const [checked, setChecked] = useState(false);
  const server = fieldErrors(problem);
  const local: Record<string, string | undefined> = {
    title: form.title.trim() ? undefined : t("growth.awardTitleRequired"),
    provider: form.provider.trim() ? undefined : t("growth.providerRequired"),
    provider_url: validUrl(form.providerUrl) ? undefined : t("growth.providerUrlInvalid"),
    ects: parseEcts(form.ects) === undefined ? t("growth.ectsInvalid") : undefined,
  };
  const error = (field: string) => (checked ? local[field] : undefined) ?? server[field];
  const set = (field: keyof AwardForm) => (value: string) => setForm({ ...form, [field]: value });

  async function submit(event: Event) {
    event.preventDefault();
    setChecked(true);
    if (Object.values(local).some(Boolean)) return;
    const result = await call(
      api.PUT("/api/v1/programmes/{programme_id}/award", {
        params: { path: { programme_id: props.programmeId } },
        body: awardBody(form),
      }),
    );
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    props.onSaved(result.data);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <TextField id="award-title" label={t("growth.awardTitle")} hint={t("growth.awardTitleHint")} required maxLength={200} value={form.title} onInput={set("title")} error={error("title")} />
      <TextField id="award-provider" label={t("growth.provider")} hint={t("growth.providerHint")} required maxLength={200} value={form.provider} onInput={set("provider")} error={error("provider")} />
      <TextField id="award-provider-url" type="url" label={t("growth.providerUrl")} hint={t("growth.providerUrlHint")} maxLength={500} value={form.providerUrl} onInput={set("providerUrl")} error={error("provider_url")} />
      <TextField id="award-ects" label={t("growth.ects")} hint={t("growth.ectsHint")} value={form.ects} onInput={set("ects")} error={error("ects")} />
      <TextArea id="award-description" label={t("growth.awardDescription")} rows={3} maxLength={5000} value={form.description} onInput={set("description")} error={error("description")} />
      <TextArea id="award-criteria" label={t("growth.criteria")} hint={t("growth.criteriaHint")} rows={3} maxLength={5000} value={form.criteria} onInput={set("criteria")} error={error("criteria")} />
      <FormActions submit={t("growth.saveAward")} onCancel={props.onCancel} />
    </form>
  );
}

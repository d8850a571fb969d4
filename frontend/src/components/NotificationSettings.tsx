/**
 * The signed-in person's own e-mail choice (GET/PUT /me/notification-settings): the language
 * of their e-mails (the municipality's unless they choose) and whether they get each one at
 * once, one digest a day, or none.
 */
import { useEffect, useState } from "preact/hooks";
import { api, call, type Schemas } from "../api/client";
import type { Problem } from "../api/problem";
import { useI18n } from "../i18n";
import { Confirmation, ProblemMessage } from "./Feedback";
import { FormActions, RadioGroup, SelectField } from "./Fields";

type Settings = Schemas["NotificationSettingsRead"];
type Delivery = Settings["delivery"];
type Language = NonNullable<Settings["language"]>;

const DELIVERIES: readonly Delivery[] = ["immediate", "digest", "none"];
const LANGUAGES: readonly Language[] = ["da", "en", "nb"];
const MUNICIPALITY_LANGUAGE = "";

export function NotificationSettings() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [language, setLanguage] = useState(MUNICIPALITY_LANGUAGE);
  const [delivery, setDelivery] = useState<Delivery>("immediate");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [saved, setSaved] = useState("");

  function show(read: Settings) {
    setSettings(read);
    setLanguage(read.language ?? MUNICIPALITY_LANGUAGE);
    setDelivery(read.delivery);
  }

  useEffect(() => {
    void call<Settings>(api.GET("/api/v1/me/notification-settings")).then((result) => {
      if (result.problem) setProblem(result.problem);
      else show(result.data);
    });
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSaved("");
    const result = await call<Settings>(
      api.PUT("/api/v1/me/notification-settings", {
        body: { language: (language || null) as Language | null, delivery },
      }),
    );
    setBusy(false);
    if (result.problem) setProblem(result.problem);
    else {
      show(result.data);
      setSaved(t("notificationSettings.saved"));
    }
  }

  return (
    <section aria-labelledby="notification-settings-heading">
      <h3 id="notification-settings-heading">{t("notificationSettings.heading")}</h3>
      <p>{t("notificationSettings.intro")}</p>
      {problem && <ProblemMessage problem={problem} />}
      {settings && (
        <form onSubmit={(event) => void save(event)} noValidate>
          <SelectField
            id="notification-language"
            label={t("notificationSettings.language")}
            options={[
              { value: MUNICIPALITY_LANGUAGE, label: t("notificationSettings.municipalityLanguage") },
              ...LANGUAGES.map((value) => ({ value, label: t(`notificationSettings.languages.${value}`) })),
            ]}
            value={language}
            onChange={setLanguage}
          />
          <RadioGroup
            name="notification-delivery"
            legend={t("notificationSettings.delivery")}
            options={DELIVERIES.map((value) => ({ value, label: t(`notificationSettings.deliveries.${value}`) }))}
            value={delivery}
            onChange={(value) => setDelivery(value as Delivery)}
          />
          <FormActions submit={t("notificationSettings.save")} busy={busy} />
        </form>
      )}
      {saved && <Confirmation text={saved} />}
    </section>
  );
}

import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, call } from "../api/client";
import { type Problem, fieldErrors } from "../api/problem";
import type { components } from "../api/schema";
import { type AuthConfig, authConfig, devSignIn } from "../auth/signIn";
import { ROLE_PRIORITY, rolesOf, signOutReason } from "../auth/session";
import { Async, ProblemMessage } from "../components/Feedback";
import { RadioGroup, SelectField } from "../components/Fields";
import { Page } from "../components/Page";
import { useQuery } from "../hooks/useQuery";
import { useI18n } from "../i18n";
import { useStore } from "../lib/store";
import { ROLE_HOME } from "../routes";

export default function SignIn() {
  const { t } = useI18n();
  const reason = useStore(signOutReason);
  const config = useQuery(authConfig, []);
  return (
    <Page title="signIn.title" intro="signIn.intro">
      {reason && (
        <div class="alert alert-info" role="status">
          <p class="alert-text">
            {t(reason === "expired" ? "signIn.expired" : "signIn.signedOut")}
          </p>
        </div>
      )}
      <Async query={config} lines={6}>
        {(settings) => <Methods settings={settings} />}
      </Async>
    </Page>
  );
}

function Methods({ settings }: { settings: AuthConfig }) {
  const { t } = useI18n();
  if (!settings.oidc && !settings.dev_sign_in) return <p>{t("signIn.noMethod")}</p>;
  return (
    <>
      {settings.oidc && <OidcButton oidc={settings.oidc} />}
      {settings.dev_sign_in && <DevSignInForm />}
    </>
  );
}

function OidcButton({ oidc }: { oidc: NonNullable<AuthConfig["oidc"]> }) {
  const { t } = useI18n();
  async function start() {
    const { beginOidcSignIn } = await import("../auth/oidc");
    await beginOidcSignIn(oidc);
  }
  return (
    <p>
      <button type="button" class="button button-primary" onClick={() => void start()}>
        {t("signIn.withOidc")}
      </button>
    </p>
  );
}

function DevSignInForm() {
  const { t } = useI18n();
  const options = useQuery(() => call(api.GET("/api/v1/dev/sign-in/options")), []);
  return (
    <section aria-labelledby="dev-heading">
      <h2 id="dev-heading">{t("signIn.devHeading")}</h2>
      <p>{t("signIn.devIntro")}</p>
      <Async query={options} lines={8}>
        {(data) => <DevForm options={data} />}
      </Async>
    </section>
  );
}

type Options = components["schemas"]["DevSignInOptions"];
type DevRole = components["schemas"]["DevPerson"]["roles"][number];

function DevForm({ options }: { options: Options }) {
  const { t } = useI18n();
  const { route } = useLocation();
  const [kind, setKind] = useState<"municipal" | "partner">("municipal");
  const [municipalityId, setMunicipalityId] = useState("");
  const [personId, setPersonId] = useState("");
  const [role, setRole] = useState("");
  const [partner, setPartner] = useState("");
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);

  const municipality = options.municipalities.find((m) => m.id === municipalityId);
  const person = municipality?.people.find((p) => p.id === personId);
  const errors = fieldErrors(problem);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    const body =
      kind === "partner"
        ? { role: "partner" as const, partner }
        : { role: role as DevRole, municipality_id: municipalityId, person_id: personId };
    const result = await devSignIn(body);
    setBusy(false);
    if (result.problem) {
      setProblem(result.problem);
      return;
    }
    const first = rolesOf(result.data)[0] ?? "participant";
    route(ROLE_HOME[first]);
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {problem && <ProblemMessage problem={problem} />}
      <RadioGroup
        name="kind"
        legend={t("signIn.kind")}
        value={kind}
        onChange={(value) => setKind(value === "partner" ? "partner" : "municipal")}
        options={[
          { value: "municipal", label: t("signIn.kindMunicipal") },
          { value: "partner", label: t("signIn.kindPartner") },
        ]}
      />
      {kind === "municipal" ? (
        <>
          <SelectField
            id="municipality"
            label={t("signIn.municipality")}
            required
            value={municipalityId}
            placeholder={t("signIn.choose")}
            error={errors.municipality_id}
            options={options.municipalities.map((m) => ({ value: m.id, label: m.name }))}
            onChange={(value) => {
              setMunicipalityId(value);
              setPersonId("");
              setRole("");
            }}
          />
          <SelectField
            id="person"
            label={t("signIn.person")}
            required
            disabled={!municipality}
            value={personId}
            placeholder={t("signIn.choose")}
            error={errors.person_id}
            options={(municipality?.people ?? []).map((p) => ({
              value: p.id,
              label: [p.name, p.job_title, p.org_unit].filter(Boolean).join(" · "),
            }))}
            onChange={(value) => {
              setPersonId(value);
              const chosen = municipality?.people.find((p) => p.id === value);
              setRole(preferredRole(chosen?.roles ?? []));
            }}
          />
          <SelectField
            id="role"
            label={t("signIn.role")}
            required
            disabled={!person}
            value={role}
            placeholder={t("signIn.choose")}
            error={errors.role}
            options={(person?.roles ?? []).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            onChange={setRole}
          />
        </>
      ) : (
        <SelectField
          id="partner"
          label={t("signIn.partner")}
          required
          value={partner}
          placeholder={t("signIn.choose")}
          error={errors.partner}
          options={options.partners.map((p) => ({ value: p.slug, label: p.name }))}
          onChange={setPartner}
        />
      )}
      <button type="submit" class="button button-primary" disabled={busy}>
        {t("signIn.submit")}
      </button>
    </form>
  );
}

/** The role a person most likely signs in with: HR before leader before participant. */
function preferredRole(roles: readonly DevRole[]): string {
  return ROLE_PRIORITY.find((role) => (roles as readonly string[]).includes(role)) ?? "";
}

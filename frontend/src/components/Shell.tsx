/** The page frame: skip link, DKFDS header with the caller and language, navigation, footer. */
import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { me, rolesOf, session } from "../auth/session";
import { signOut } from "../auth/signIn";
import { LANGUAGES, type Lang, isLang, setLanguage, useI18n } from "../i18n";
import { useStore } from "../lib/store";
import { viewsFor } from "../routes";
import { LiveRegion } from "./LiveRegion";

export function Shell({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <>
      <a class="skipnav" href="#main-content">
        {t("app.skipToContent")}
      </a>
      <header class="header praksis-header">
        <div class="portal-info">
          <div class="portal-info-inner container praksis-header-inner">
            <a href="/" class="praksis-brand">
              <span class="praksis-name">{t("app.name")}</span>
              <span class="praksis-tagline">{t("app.tagline")}</span>
            </a>
            <Caller />
            <LanguageSwitcher />
          </div>
        </div>
        <Navigation />
      </header>
      <main id="main-content" class="container page-container praksis-main" tabIndex={-1}>
        {children}
      </main>
      <footer>
        <div class="footer praksis-footer">
          <div class="container">
            <p>{t("app.footer")}</p>
            <ul class="praksis-footer-links">
              <li>
                <a class="function-link" href="/accessibility">
                  {t("app.accessibilityLink")}
                </a>
              </li>
              <li>
                <a class="function-link" href="/docs" target="_self">
                  {t("app.apiDocs")}
                </a>
              </li>
            </ul>
          </div>
        </div>
      </footer>
      <LiveRegion />
    </>
  );
}

function Caller() {
  const { t } = useI18n();
  const caller = useStore(me);
  const current = useStore(session);
  const { route } = useLocation();
  if (!current || !caller) return <div class="praksis-caller" />;
  const roles = rolesOf(caller);
  const name = caller.person?.name ?? caller.partner?.toUpperCase() ?? caller.subject;
  async function leave() {
    await signOut();
    route("/sign-in");
  }
  return (
    <div class="praksis-caller">
      <p class="praksis-caller-name">{t("app.signedInAs", { name })}</p>
      <p class="praksis-caller-details">
        {caller.municipality && (
          <span>
            <span class="sr-only">{t("app.municipality")}: </span>
            {caller.municipality.name}
            {" · "}
          </span>
        )}
        <span>
          <span class="sr-only">{t("app.role")}: </span>
          {roles.map((role) => t(`roles.${role}`)).join(", ")}
        </span>
      </p>
      <button type="button" class="button button-secondary" onClick={() => void leave()}>
        {t("app.signOut")}
      </button>
    </div>
  );
}

function LanguageSwitcher() {
  const { t, lang } = useI18n();
  return (
    <div class="praksis-language">
      <label class="form-label" for="language">
        {t("app.language")}
      </label>
      <select
        id="language"
        class="form-select"
        value={lang}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLang(value)) setLanguage(value);
        }}
      >
        {LANGUAGES.map((code: Lang) => (
          <option key={code} value={code} lang={code}>
            {t(`languages.${code}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Navigation() {
  const { t } = useI18n();
  const caller = useStore(me);
  const { path } = useLocation();
  const roles = rolesOf(caller);
  const views = viewsFor(roles);
  if (views.length === 0) return null;
  const several = roles.length > 1;
  return (
    <nav class="navigation-menu" aria-label={t("app.mainNav")}>
      <div class="navigation-menu-inner container">
        <ul class="mainmenu praksis-nav">
          {views.map((view) => (
            <li key={view.path}>
              <a
                class="nav-link"
                href={view.path}
                aria-current={path === view.path ? "page" : undefined}
              >
                <span>
                  {several && view.nav === "nav.home" ? `${t(`roles.${view.role}`)}: ` : ""}
                  {t(view.nav)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

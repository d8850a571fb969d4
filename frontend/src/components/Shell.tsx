/** The page frame: skip link, DKFDS header with the caller and language, navigation, footer. */
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
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

/** The id the menu button's `aria-controls` points at. */
export const MAIN_MENU_ID = "main-menu";

/**
 * The main navigation. Below 992 px the list is a disclosure behind a menu button (WCAG
 * 1.4.10: the menu reflows instead of disappearing): the button says with `aria-expanded`
 * whether the list shows, Escape closes it and returns focus to the button, and following a
 * link closes it. From 992 px the list always shows and the button is hidden (styles.css).
 */
function Navigation() {
  const { t } = useI18n();
  const caller = useStore(me);
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [path]);
  const roles = rolesOf(caller);
  const views = viewsFor(roles);
  if (views.length === 0) return null;
  const several = roles.length > 1;
  function closeOnEscape(event: KeyboardEvent) {
    if (event.key !== "Escape" || !open) return;
    event.preventDefault();
    setOpen(false);
    button.current?.focus();
  }
  return (
    <nav class="navigation-menu praksis-navigation" aria-label={t("app.mainNav")} onKeyDown={closeOnEscape}>
      <div class="navigation-menu-inner container">
        <button
          ref={button}
          type="button"
          class="button button-secondary praksis-menu-button"
          aria-expanded={open ? "true" : "false"}
          aria-controls={MAIN_MENU_ID}
          onClick={() => setOpen(!open)}
        >
          <svg class="praksis-menu-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            {open ? (
              <path d="M6 6l12 12M18 6L6 18" />
            ) : (
              <path d="M4 7h16M4 12h16M4 17h16" />
            )}
          </svg>
          {t("app.menu")}
        </button>
        <ul id={MAIN_MENU_ID} class={open ? "mainmenu praksis-nav is-open" : "mainmenu praksis-nav"}>
          {views.map((view) => (
            <li key={view.path}>
              <a
                class="nav-link"
                href={view.path}
                aria-current={path === view.path ? "page" : undefined}
                onClick={() => setOpen(false)}
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

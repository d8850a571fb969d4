// Helpers every e2e flow uses: pages per language, sign-in, axe and screenshots.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
export const LANGS = ["da", "en", "nb"];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core run in the page itself: injected once per document, then `axe.run` on the whole
 * document (the app has no frames). @axe-core/playwright's builder injected the source and
 * finished every run in a new blank page, ~600 ms a check against ~70 ms here.
 * `contrast: false` leaves out the colour-contrast rule, which costs 4–7 times all the other
 * rules together (it computes every text node's colours); see `Context.check` for when.
 * Returns the violations and how long axe ran in the page (ms).
 */
export async function axeRun(page, { contrast = true } = {}) {
  const loaded = await page.evaluate(() => typeof window.axe?.run === "function");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ([tags, withContrast]) => {
      const started = performance.now();
      const rules = withContrast ? {} : { "color-contrast": { enabled: false } };
      const results = await window.axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
        rules,
      });
      return {
        ms: performance.now() - started,
        violations: results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target })),
        })),
      };
    },
    [AXE_TAGS, contrast],
  );
}

export async function axeViolations(page) {
  return (await axeRun(page)).violations;
}

/** The sign-in form's role labels (da, en, nb) and the roles they stand for; where each lands. */
const ROLE_OF_LABEL = {
  Deltager: "participant",
  Participant: "participant",
  Deltaker: "participant",
  Leder: "leader",
  Leader: "leader",
  Facilitator: "facilitator",
  Fasilitator: "facilitator",
  HR: "hr_admin",
};
const ROLE_HOME = { participant: "/participant", leader: "/leader", facilitator: "/facilitator", hr_admin: "/hr", partner: "/partner" };

export class Context {
  constructor({
    browser,
    baseUrl,
    artifacts,
    startServer,
    visited = [],
    axeTally = { runs: 0, contrast: 0, ms: 0 },
    contrastChecked = new Map(),
  }) {
    this.browser = browser;
    /** Another `praksis serve` for a flow that needs other settings (see run.mjs). */
    this.startServer = startServer;
    this.baseUrl = baseUrl;
    this.artifacts = artifacts;
    /** Views checked with axe (the run counts them). */
    this.visited = visited;
    /** axe runs, how many of them with colour contrast, and their time in the page. */
    this.axeTally = axeTally;
    /** `view@width` → the languages it was checked in with colour contrast (lanes share it). */
    this.contrastChecked = contrastChecked;
    /** This lane's browser contexts, closed after each flow (`closePages`). */
    this.openContexts = [];
    mkdirSync(artifacts, { recursive: true });
  }

  /** A page in a fresh browser context (its own storage) with the language chosen. */
  async newPage(lang = "da", baseUrl = this.baseUrl) {
    const context = await this.browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    this.openContexts.push(context);
    await context.addInitScript((chosen) => {
      if (!window.localStorage.getItem("praksis.lang")) {
        window.localStorage.setItem("praksis.lang", chosen);
      }
    }, lang);
    const page = await context.newPage();
    page.lang = lang;
    page.baseUrl = baseUrl;
    return page;
  }

  /** Closes every page this lane opened (after each flow). */
  async closePages() {
    const open = this.openContexts.splice(0);
    for (const context of open) await context.close();
  }

  /** Waits until no skeleton is showing, so axe and screenshots see the finished view. */
  async settled(page) {
    await page.waitForSelector("main h1");
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, {
      timeout: 15_000,
    });
  }

  /**
   * Checks the current view: axe (WCAG 2.1 A + AA) with zero violations allowed, then a
   * full-page screenshot `<name>-<lang>.png`. Colour contrast depends on colours and text
   * size, not on the language: a view already checked with it at this width in another
   * language runs every other rule (the same language again, e.g. a view's later state under
   * the same name, gets contrast too).
   */
  async check(page, name) {
    await this.settled(page);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== page.lang) throw new Error(`${name}: <html lang> is ${lang}, not ${page.lang}`);
    const view = `${name}@${page.viewportSize()?.width}`;
    const checkedIn = this.contrastChecked.get(view) ?? new Set();
    const contrast = checkedIn.size === 0 || checkedIn.has(page.lang);
    const { violations, ms } = await axeRun(page, { contrast });
    if (contrast) this.contrastChecked.set(view, checkedIn.add(page.lang));
    this.axeTally.runs += 1;
    this.axeTally.contrast += contrast ? 1 : 0;
    this.axeTally.ms += ms;
    if (process.env.E2E_SCREENSHOTS !== "none") {
      await page.screenshot({ path: join(this.artifacts, `${name}-${page.lang}.png`), fullPage: process.env.E2E_SCREENSHOTS !== "viewport" });
    }
    this.visited.push(`${name}-${page.lang}`);
    if (violations.length > 0) {
      const lines = violations.map(
        (v) => `  ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`,
      );
      throw new Error(`${name} (${page.lang}): axe found violations\n${lines.join("\n")}`);
    }
  }

  async goto(page, path) {
    await page.goto(path);
    await this.settled(page);
  }

  /**
   * Development sign-in as the form would do it, without the form: { municipality, person,
   * role } or { partner }, each matched as the form's options are (by their start). The token
   * goes where the SPA keeps a dev session (sessionStorage of the tab), then the role's home
   * opens. Only 00-shell's flow exercises the form itself (`signInWithForm`); the rest saves
   * the sign-in page's load and choices, about a second each.
   */
  async signIn(page, who) {
    const body = await this.devSignInBody(page, who);
    const response = await page.request.post("/api/v1/dev/sign-in", { data: body });
    if (!response.ok()) throw new Error(`dev sign-in ${JSON.stringify(who)}: ${response.status()} ${await response.text()}`);
    const { access_token: token, expires_in: seconds } = await response.json();
    if (!page.url().startsWith(this.baseOf(page))) await page.goto("/healthz");
    await page.evaluate(
      ([key, value]) => window.sessionStorage.setItem(key, value),
      ["praksis.devSession", JSON.stringify({ token, expiresAt: Date.now() + seconds * 1000, method: "dev" })],
    );
    await this.goto(page, ROLE_HOME[body.role]);
  }

  baseOf(page) {
    return new URL("/", page.baseUrl ?? this.baseUrl).href;
  }

  async devSignInBody(page, who) {
    this.signInOptions ??= new Map();
    const base = this.baseOf(page);
    if (!this.signInOptions.has(base)) {
      const options = await page.request.get("/api/v1/dev/sign-in/options");
      this.signInOptions.set(base, await options.json());
    }
    const options = this.signInOptions.get(base);
    if (who.partner) {
      const partner = options.partners.find((item) => item.name.startsWith(who.partner));
      expect(partner, `a partner named ${who.partner}`);
      return { role: "partner", partner: partner.slug };
    }
    const municipality = options.municipalities.find((item) => item.name.startsWith(who.municipality));
    const person = municipality?.people.find((item) => item.name.startsWith(who.person));
    const role = ROLE_OF_LABEL[who.role];
    expect(person && role && person.roles.includes(role), `${who.person} of ${who.municipality} as ${who.role}`);
    return { role, municipality_id: municipality.id, person_id: person.id };
  }

  /** Development sign-in through the form: { municipality, person, role } or { partner }. */
  async signInWithForm(page, who) {
    await this.goto(page, "/sign-in");
    await page.waitForSelector("form");
    if (who.partner) {
      await page.check("#kind-partner");
      await selectByText(page, "#partner", who.partner);
    } else {
      await selectByText(page, "#municipality", who.municipality);
      await selectByText(page, "#person", who.person);
      await selectByText(page, "#role", who.role);
    }
    await page.click('form button[type="submit"]');
    await page.waitForFunction(() => location.pathname !== "/sign-in", null, { timeout: 15_000 });
    await this.settled(page);
  }
}

/** Chooses the option whose visible text starts with `text`. */
export async function selectByText(page, selector, text) {
  await page.waitForFunction(
    ([sel, wanted]) =>
      [...(document.querySelector(sel)?.options ?? [])].some((o) => o.text.startsWith(wanted)),
    [selector, text],
    { timeout: 15_000 },
  );
  const value = await page.$eval(
    selector,
    (select, wanted) => [...select.options].find((o) => o.text.startsWith(wanted)).value,
    text,
  );
  await page.selectOption(selector, value);
}

/** Waits for the view whose <h1> says `title` (lazy views replace the old one a bit later). */
export async function waitForHeading(page, title) {
  await page.waitForFunction(
    (wanted) => document.querySelector("main h1")?.textContent?.trim() === wanted,
    title,
    { timeout: 15_000 },
  );
}

/** Calls the API from the page with the signed-in (development) session's token. */
export async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ([m, p, b]) => {
      const token = JSON.parse(sessionStorage.getItem("praksis.devSession")).token;
      const response = await fetch(p, {
        method: m,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    [method, path, body],
  );
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export async function text(page, selector) {
  return (await page.textContent(selector))?.trim() ?? "";
}

// The participant (issue 6): Søren Østergaard from Hedensted's demo hold signs in, logs a
// trial action on his project and tells how it went, gives buddy feedback on his buddy Line
// Bækgaard's done trial action, evaluates a workshop anonymously, and creates and revokes his
// calendar link. Every participant view passes axe in da, en and nb, and fits 375 px.
import { LANGS, expect, text, waitForHeading } from "../lib.mjs";

const SOREN = { municipality: "Hedensted", person: "Søren Østergaard", role: "Deltager" };
const PARTICIPANT = { da: "Deltager", en: "Participant", nb: "Deltaker" };
const VIEWS = [
  { path: "/participant", name: "participant-home" },
  { path: "/participant/programmes", name: "participant-programmes" },
  { path: "/participant/project", name: "participant-project" },
  { path: "/participant/feedback", name: "participant-feedback" },
];

/** A GET on the API with the page's own dev token (to check what the UI did, not to do it). */
async function apiGet(page, path) {
  return page.evaluate(async (url) => {
    const { token } = JSON.parse(sessionStorage.getItem("praksis.devSession") ?? "{}");
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: response.ok ? await response.json() : null };
  }, path);
}

async function openView(ctx, page, path) {
  await page.click(`nav a[href='${path}']`);
  await page.waitForFunction((wanted) => location.pathname === wanted, path);
  await ctx.settled(page);
}

async function fitsOnAPhone(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 375, `${name} is ${width}px wide at 375px`);
}

export const flows = [
  {
    name: "participant logs a trial action, tells how it went, and gives buddy feedback",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, SOREN);
      await waitForHeading(page, "Din forside");
      await ctx.settled(page); // the lazy view's own requests start after its heading
      const home = await text(page, "main");
      for (const wanted of ["Det kan du gøre nu", "Mine forløb", "Næste workshops"]) {
        expect(home.includes(wanted), `home shows ${wanted}`);
      }
      expect(home.includes("Optaget"), "home shows the approved enrolment");

      // --- log a trial action on his project
      await openView(ctx, page, "/participant/project");
      await waitForHeading(page, "Mit aktionslæringsprojekt");
      const projects = (await apiGet(page, "/api/v1/action-learning-projects?mine=true")).body.items;
      expect(projects.length === 1, `Søren has one project, not ${projects.length}`);
      const project = projects[0];
      expect((await text(page, "main article h2")) === project.title, "the project's title");
      expect(
        (await text(page, "main [aria-current='step']")).includes(
          { designe: "Designe", afproeve: "Afprøve" }[project.phase],
        ),
        "the stepper shows the current phase",
      );
      await page.click("article button:has-text('Log en afprøvningshandling')");
      const title = `Borgeren leder husmødet ${Date.now()}`;
      const form = "form.participant-card";
      await page.fill(`${form} input[id$='-title']`, title);
      await page.fill(`${form} textarea[id$='-plan']`, "Borgerne sætter dagsordenen; jeg lytter og noterer.");
      await page.check(`${form} input[id$='-with-citizens']`);
      await page.check(`${form} input[id$='-with-colleagues']`);
      await page.fill(`${form} input[type='date']`, "2026-12-10");
      await page.selectOption(`${form} select[id$='-module']`, { index: 2 });
      await ctx.check(page, "participant-log-trial-action");
      await page.click(`${form} button[type='submit']`);
      const card = page.locator("li.participant-card", { hasText: title });
      await card.waitFor();
      expect((await card.textContent()).includes("Planlagt"), "the new action is planned");

      // --- tell how it went: done, with what happened and a reflection
      await card.locator("button", { hasText: "Fortæl hvordan det gik" }).click();
      await page.waitForSelector("dialog[open]");
      await page.fill("dialog[open] textarea[id$='-what']", "To borgere ledte mødet, og flere tog ordet.");
      await page.fill("dialog[open] textarea[id$='-reflection']", "Jeg skal holde mig mere tilbage.");
      await ctx.check(page, "participant-record-outcome");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open]", { state: "detached" });
      await page.waitForFunction(
        (wanted) =>
          [...document.querySelectorAll("li.participant-card")].some(
            (li) => li.textContent.includes(wanted) && li.textContent.includes("Udført"),
          ),
        title,
      );
      const actions = (
        await apiGet(page, `/api/v1/action-learning-projects/${project.id}/trial-actions?limit=200`)
      ).body.items;
      const logged = actions.find((action) => action.title === title);
      expect(logged, "the trial action is stored");
      expect(logged.status === "done", `stored as ${logged.status}`);
      expect(logged.planned_for === "2026-12-10", `planned for ${logged.planned_for}`);
      expect(logged.with_whom.join() === "citizens,colleagues", `with ${logged.with_whom}`);
      expect(logged.module_id, "linked to a module");
      expect(logged.what_happened.startsWith("To borgere"), "what happened is stored");
      await ctx.check(page, "participant-project");

      // --- ask a colleague outside the hold for feedback on it; twice is refused kindly
      const done = page.locator("li.participant-card", { hasText: title });
      for (const attempt of ["first", "again"]) {
        await done.locator("button", { hasText: "Bed en kollega om feedback" }).click();
        await page.waitForSelector("dialog[open]");
        await page.fill("dialog[open] input[type='search']", "Birgitte");
        await page.keyboard.press("Enter"); // searches; does not send the invitation
        await page.click("dialog[open] ul[aria-label] label:has-text('Birgitte Ærø')");
        await page.waitForSelector("dialog[open] input[type='radio']:checked");
        if (attempt === "first") await ctx.check(page, "participant-invite-colleague");
        await page.click("dialog[open] .modal-footer button[type='submit']");
        if (attempt === "first") {
          await page.waitForSelector("dialog[open]", { state: "detached" });
        } else {
          await page.waitForSelector("dialog[open] [role='alert']");
          const refusal = await text(page, "dialog[open] [role='alert']");
          expect(refusal.includes("already invited"), `the second invitation: ${refusal}`);
          await page.click("dialog[open] .modal-footer button.button-secondary");
        }
      }

      // --- buddy feedback on Line's done trial action
      await openView(ctx, page, "/participant/feedback");
      await waitForHeading(page, "Feedback og evalueringer");
      const lines = page.locator("#give ~ ul li.participant-card", { hasText: "Line Bækgaard" });
      expect((await lines.count()) >= 1, "Line's done trial action is listed to give feedback on");
      const lineAction = lines.first();
      const before = (await apiGet(page, "/api/v1/feedback?given=true&limit=200")).body.items.length;
      await lineAction.locator("button").click();
      await page.waitForSelector("dialog[open]");
      expect(await page.isChecked("#feedback-kind-buddy"), "buddy is the suggested kind");
      const worked = `Du lod borgeren selv formulere målet (${Date.now()}).`;
      await page.fill("#feedback-what-worked", worked);
      await page.fill("#feedback-try-next", "Aftal en konkret opfølgning, inden samtalen slutter.");
      await page.check("#feedback-rating-5");
      await ctx.check(page, "participant-give-feedback");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open]", { state: "detached" });
      const given = (await apiGet(page, "/api/v1/feedback?given=true&limit=200")).body.items;
      expect(given.length === before + 1, `one more feedback given (${before} → ${given.length})`);
      const mine = given.find((item) => item.what_worked === worked);
      expect(mine?.kind === "buddy" && mine.rating === 5, `stored as ${JSON.stringify(mine)}`);
      await page.waitForFunction(() =>
        [...document.querySelectorAll("#give ~ ul li")].some(
          (li) => li.textContent.includes("Line Bækgaard") && /feedback på den [2-9]/.test(li.textContent),
        ),
      );
      const received = await text(page, "section[aria-labelledby='received']");
      expect(received.includes("Fra Line Bækgaard (Makker)"), "feedback received from the buddy");
      await ctx.check(page, "participant-feedback");
    },
  },
  {
    name: "participant evaluates a workshop anonymously and manages the calendar link",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, SOREN);
      await openView(ctx, page, "/participant/feedback");
      const due = (await apiGet(page, "/api/v1/feedback/workshop-evaluations/due")).body.items;
      const shown = page.locator("#evaluations ~ ul li.participant-card");
      expect((await shown.count()) === due.length, `${due.length} evaluations due are shown`);
      expect(
        (await text(page, "section[aria-labelledby='evaluations']")).includes("Din evaluering er anonym"),
        "the view says evaluations are anonymous",
      );
      expect(due.length > 0, "Søren attended a workshop he has not evaluated (demo data)");
      {
        await shown.first().locator("button").click();
        await page.waitForSelector("dialog[open]");
        await page.click("dialog[open] button[type='submit']"); // nothing chosen: told kindly
        await page.waitForSelector("dialog[open] .form-error-message");
        for (const question of ["relevance", "learning", "usefulness"]) {
          await page.check(`#evaluation-${question}-4`);
        }
        await ctx.check(page, "participant-evaluate-workshop");
        await page.click("dialog[open] button[type='submit']");
        await page.waitForSelector("dialog[open]", { state: "detached" });
        const after = (await apiGet(page, "/api/v1/feedback/workshop-evaluations/due")).body.items;
        expect(after.length === due.length - 1, `evaluations due ${due.length} → ${after.length}`);
        await page.waitForFunction(
          (count) => document.querySelectorAll("#evaluations ~ ul li.participant-card").length === count,
          after.length,
        );
      }

      await openView(ctx, page, "/participant/programmes");
      await page.click("button:has-text('Opret kalenderlink')");
      await page.waitForSelector("#calendar-url");
      const url = await page.inputValue("#calendar-url");
      expect(/\/api\/v1\/calendar\/.+\.ics$/.test(url), `feed URL ${url}`);
      const feed = await page.request.get(url);
      expect(feed.status() === 200, `feed answers ${feed.status()}`);
      expect((await feed.text()).includes("BEGIN:VCALENDAR"), "feed is an iCalendar file");
      await ctx.check(page, "participant-calendar");
      await page.click("button:has-text('Luk kalenderlinket')");
      await page.waitForFunction(() => document.querySelector("main")?.textContent?.includes("Du har ikke noget kalenderlink."));
      expect((await page.request.get(url)).status() === 404, "a revoked feed answers 404");
    },
  },
  {
    name: "every participant view passes axe in da, en and nb and fits a 375 px phone",
    async run(ctx) {
      for (const lang of LANGS) {
        const page = await ctx.newPage(lang);
        await ctx.signIn(page, { ...SOREN, role: PARTICIPANT[lang] });
        for (const view of VIEWS) {
          if (view.path !== "/participant") await openView(ctx, page, view.path);
          if (lang === "da" && view.name !== "participant-home") continue; // checked in the flows above
          await ctx.check(page, view.name);
        }
        await page.setViewportSize({ width: 375, height: 800 });
        for (const view of VIEWS) {
          await ctx.goto(page, view.path);
          await fitsOnAPhone(page, `${view.name} (${lang})`);
          if (lang === "da") await ctx.check(page, `${view.name}-375px`);
        }
      }
    },
  },
];

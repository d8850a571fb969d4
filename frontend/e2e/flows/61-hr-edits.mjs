// Issue 17's HR edits: Mette Højgaard (HR, Hedensted) edits and deletes a competence framework
// and its competences, edits, moves and deletes programme modules, moves a workshop, renames a
// learning group, deletes a kerneopgave and a person — and sees the API's refusals (409) kindly
// where something is still in use. The edits are conditional (If-Match): a framework changed
// meanwhile through the API is not overwritten (412), the dialog shows it as it is now; so is
// a kerneopgave. Every dialog state is checked with axe; the workshop dialog also at 360 px.
import { apiCall, expect, selectByText, text } from "../lib.mjs";
import { expectNoHorizontalScroll } from "./10-mobile.mjs";

const FRAMEWORK = "Fagprofil (e2e)";
const ELSEWHERE = "Rettet i en anden fane (e2e).";
const PROGRAMME = "Forløb med moduler (e2e)";
const WORKSHOP = "Workshop der flyttes (e2e)";
const KERNEOPGAVE = "Kerneopgave der slettes (e2e)";
const PERSON = "Person der slettes (e2e)";

async function created(page, path, body) {
  const response = await apiCall(page, "POST", path, body);
  expect(response.status === 201, `POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Opens the dialog behind `opener` and waits until it shows. */
async function open(page, opener) {
  await page.click(opener);
  await page.waitForSelector("dialog[open] form");
}

async function submitFor(page, confirmation) {
  await page.click("dialog[open] button[type='submit']");
  await page.waitForSelector(`.praksis-confirmation:has-text("${confirmation}")`, { timeout: 15_000 });
}

/** Sends the open dialog, expects the API's refusal inside it, checks it and cancels. */
async function refused(ctx, page, name, wanted) {
  await page.click("dialog[open] button[type='submit']");
  await page.waitForSelector("dialog[open] .alert-error", { timeout: 15_000 });
  const alert = await text(page, "dialog[open] .alert-error");
  expect(alert.includes(wanted), `${name}: ${alert}`);
  await ctx.check(page, name);
  await page.click("dialog[open] button:has-text('Annuller')");
  await page.waitForFunction(() => !document.querySelector("dialog[open]"));
}

/** Waits until the texts of `selector` are `wanted`, in that order (a list reloads after a change). */
async function inOrder(page, selector, wanted) {
  await page.waitForFunction(
    ([sel, texts]) => JSON.stringify([...document.querySelectorAll(sel)].map((item) => item.textContent)) === JSON.stringify(texts),
    [selector, wanted],
    { timeout: 15_000 },
  );
}

async function search(page, q) {
  const answered = page.waitForResponse((response) => response.url().includes("/api/v1/people?") && new URL(response.url()).searchParams.get("q") === q);
  await page.fill("#people-search", q);
  await page.press("#people-search", "Enter");
  await answered;
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

export const flows = [
  {
    name: "HR edits and deletes competence frameworks and competences",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      const framework = await created(page, "/api/v1/competences", {
        title: FRAMEWORK,
        source: "Teknologisk Institut",
        competences: ["Kompetence A (e2e)", "Kompetence B (e2e)", "Kompetence C (e2e)"].map((title) => ({ title })),
      });
      const [first] = framework.competences;
      const kerneopgaver = await apiCall(page, "GET", "/api/v1/kerneopgaver?active=true");
      const aiming = await created(page, "/api/v1/programmes", {
        title: "Forløb med mål (e2e)",
        kind: "kursus",
        kerneopgave_ids: [kerneopgaver.body.items[0].id],
        competence_ids: [first.id],
      });

      await ctx.goto(page, "/hr/competences");
      await open(page, `button:has-text("Ret fagprofilen: ${FRAMEWORK}")`);
      await ctx.check(page, "hr-edit-framework");
      await page.fill("dialog[open] input[id$='-title']", "Fagprofil rettet (e2e)");
      await page.fill("dialog[open] textarea[id$='-description']", "Rettet i e2e.");
      // meanwhile the framework is changed elsewhere: the save is refused (412), nothing is lost silently
      const elsewhere = await apiCall(page, "PATCH", `/api/v1/competences/${framework.id}`, { description: ELSEWHERE });
      expect(elsewhere.status === 200, `changed elsewhere: ${JSON.stringify(elsewhere.body)}`);
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open] .alert-error:has-text('Nogen har ændret det')", { timeout: 15_000 });
      await page.waitForFunction((wanted) => document.querySelector("dialog[open] textarea[id$='-description']")?.value === wanted, ELSEWHERE);
      expect((await page.inputValue("dialog[open] input[id$='-title']")) === FRAMEWORK, "the form shows the framework as it is now");
      await ctx.check(page, "hr-edit-framework-changed-meanwhile");
      await page.fill("dialog[open] input[id$='-title']", "Fagprofil rettet (e2e)");
      await page.fill("dialog[open] textarea[id$='-description']", "Rettet i e2e.");
      await submitFor(page, "Fagprofilen “Fagprofil rettet (e2e)” er gemt.");
      const saved = await apiCall(page, "GET", `/api/v1/competences/${framework.id}`);
      expect(saved.body.description === "Rettet i e2e.", `saved on the second try: ${JSON.stringify(saved.body)}`);

      await open(page, `button:has-text("Ret: Kompetence C (e2e)")`);
      await ctx.check(page, "hr-edit-competence");
      await page.fill("dialog[open] input[id$='-title']", "Kompetence C flyttet (e2e)");
      await page.selectOption("dialog[open] select[id$='-position']", "1");
      await submitFor(page, "Kompetencen “Kompetence C flyttet (e2e)” er gemt.");
      const card = "li.praksis-panel:has(h2:text-is('Fagprofil rettet (e2e)'))";
      await page.waitForSelector(`${card} ol > li:first-child:has-text("Kompetence C flyttet (e2e)")`);

      await open(page, `button:has-text("Slet: Kompetence B (e2e)")`);
      await ctx.check(page, "hr-delete-competence");
      await submitFor(page, "Kompetencen “Kompetence B (e2e)” er slettet.");
      await page.waitForFunction(
        (wanted) => {
          const panel = [...document.querySelectorAll("li.praksis-panel")].find((item) => item.querySelector("h2")?.textContent === "Fagprofil rettet (e2e)");
          return JSON.stringify([...(panel?.querySelectorAll("ol > li > strong") ?? [])].map((item) => item.textContent)) === JSON.stringify(wanted);
        },
        ["Kompetence C flyttet (e2e)", "Kompetence A (e2e)"],
        { timeout: 15_000 },
      );

      // a programme aims at Kompetence A: the API refuses, the dialog says why
      await open(page, `button:has-text("Slet fagprofilen: Fagprofil rettet (e2e)")`);
      await refused(ctx, page, "hr-delete-framework-refused", "Det er i konflikt");
      const gone = await apiCall(page, "DELETE", `/api/v1/programmes/${aiming.id}`);
      expect(gone.status === 204, `programme deleted: ${gone.status}`);
      await open(page, `button:has-text("Slet fagprofilen: Fagprofil rettet (e2e)")`);
      await submitFor(page, "Fagprofilen “Fagprofil rettet (e2e)” er slettet.");
      await ctx.check(page, "hr-framework-deleted");
    },
  },
  {
    name: "HR edits, moves and deletes modules, moves a workshop and renames a learning group",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      const kerneopgaver = await apiCall(page, "GET", "/api/v1/kerneopgaver?active=true");
      const programme = await created(page, "/api/v1/programmes", {
        title: PROGRAMME,
        kind: "udviklingsforloeb",
        kerneopgave_ids: [kerneopgaver.body.items[0].id],
        modules: ["Modul 1 (e2e)", "Modul 2 (e2e)", "Modul 3 (e2e)"].map((title) => ({ title })),
      });
      const cohort = await created(page, "/api/v1/cohorts", { programme_id: programme.id, name: "Hold med workshop (e2e)", capacity: 12 });
      const workshop = await created(page, "/api/v1/workshops", {
        module_id: programme.modules[0].id,
        cohort_id: cohort.id,
        title: WORKSHOP,
        starts_at: "2027-03-10T09:00:00+01:00",
        ends_at: "2027-03-10T15:00:00+01:00",
        location: "Hedensted Rådhus",
      });

      await ctx.goto(page, `/hr/programmes?programme=${programme.id}`);
      await open(page, `button:has-text("Ret modulet: Modul 3 (e2e)")`);
      await ctx.check(page, "hr-edit-module");
      await page.fill("dialog[open] input[id$='-title']", "Modul 3 flyttet (e2e)");
      await page.fill("dialog[open] textarea[id$='-goal']", "Deltagerne kan facilitere en borgersamtale.");
      await page.selectOption("dialog[open] select[id$='-position']", "1");
      await submitFor(page, "Modulet “Modul 3 flyttet (e2e)” er gemt.");
      await page.waitForSelector(".praksis-modules > li:first-child:has-text('Modul 3 flyttet (e2e)')");

      // Modul 1 has a workshop: refused
      await open(page, `button:has-text("Slet modulet: Modul 1 (e2e)")`);
      await refused(ctx, page, "hr-delete-module-refused", "Det er i konflikt");
      await open(page, `button:has-text("Slet modulet: Modul 2 (e2e)")`);
      await ctx.check(page, "hr-delete-module");
      await submitFor(page, "Modulet “Modul 2 (e2e)” er slettet.");
      await inOrder(page, ".praksis-modules > li > strong", ["Modul 3 flyttet (e2e)", "Modul 1 (e2e)"]);

      await page.waitForSelector(`button:has-text("Flyt: ${WORKSHOP}")`);
      await open(page, `button:has-text("Flyt: ${WORKSHOP}")`);
      const day = await page.inputValue("dialog[open] input[type='date']");
      const times = await page.$$eval("dialog[open] input[type='time']", (inputs) => inputs.map((input) => input.value));
      expect(day === "2027-03-10" && times.join() === "09:00,15:00", `the form starts from the workshop: ${day} ${times}`);
      await ctx.check(page, "hr-move-workshop");
      await page.setViewportSize({ width: 360, height: 740 });
      await expectNoHorizontalScroll(page, "move workshop dialog at 360 px");
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.fill("dialog[open] input[type='date']", "2027-03-17");
      await page.fill("dialog[open] input[id$='-start']", "10:00");
      await page.fill("dialog[open] input[id$='-end']", "14:00");
      await page.fill("dialog[open] input[id$='-location']", "Løsning Hallen, mødelokale 2");
      await selectByText(page, "dialog[open] select[id$='-module']", "Modul 3 flyttet (e2e)");
      await submitFor(page, `Workshoppen “${WORKSHOP}” er flyttet til`);
      const moved = await apiCall(page, "GET", `/api/v1/workshops/${workshop.id}`);
      expect(
        Date.parse(moved.body.starts_at) === Date.parse("2027-03-17T09:00:00Z") &&
          moved.body.location === "Løsning Hallen, mødelokale 2" &&
          moved.body.module_id === programme.modules[2].id,
        `moved: ${JSON.stringify(moved.body)}`,
      );
      await ctx.check(page, "hr-workshop-moved");
      // its workshop moved on, Modul 1 can go
      await open(page, `button:has-text("Slet modulet: Modul 1 (e2e)")`);
      await submitFor(page, "Modulet “Modul 1 (e2e)” er slettet.");
      await inOrder(page, ".praksis-modules > li > strong", ["Modul 3 flyttet (e2e)"]);

      const cohorts = await apiCall(page, "GET", "/api/v1/cohorts?limit=200");
      const hold = cohorts.body.items.find((item) => item.name === "Hold 1");
      const groups = await apiCall(page, "GET", `/api/v1/cohorts/${hold.id}/learning-groups`);
      const group = groups.body.items.find((item) => item.name === "Læringsgruppe 4");
      await ctx.goto(page, `/hr/cohorts?cohort=${hold.id}`);
      // cancelled, the dialog gives the focus back to the button that opened it
      await open(page, `button:has-text("Omdøb: Læringsgruppe 4")`);
      await page.click("dialog[open] button:has-text('Annuller')");
      await page.waitForFunction(() => !document.querySelector("dialog[open]"));
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      expect(focused === "Omdøb: Læringsgruppe 4", `focus back on the button: ${focused}`);
      await open(page, `button:has-text("Omdøb: Læringsgruppe 4")`);
      await ctx.check(page, "hr-rename-group");
      await page.fill("dialog[open] input[id$='-name']", "Læringsgruppe 4 – Stjernerne");
      await submitFor(page, "Læringsgruppen hedder nu “Læringsgruppe 4 – Stjernerne”.");
      await page.waitForSelector("h4:text-is('Læringsgruppe 4 – Stjernerne')");
      // back as the demo has it, for the flows after this one
      const back = await apiCall(page, "PATCH", `/api/v1/cohorts/${hold.id}/learning-groups/${group.id}`, { name: "Læringsgruppe 4" });
      expect(back.status === 200, `renamed back: ${back.status}`);
    },
  },
  {
    name: "HR edits a kerneopgave changed meanwhile (412) and a person, deletes both; one in use is refused kindly",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      const doomed = await created(page, "/api/v1/kerneopgaver", { title: KERNEOPGAVE, citizen_outcome: "Borgeren mærker ingen forskel (e2e)." });
      const programmes = await apiCall(page, "GET", "/api/v1/programmes?limit=200");
      const used = programmes.body.items.find((item) => item.kerneopgave_ids.length > 0).kerneopgave_ids[0];
      const kerneopgave = await apiCall(page, "GET", `/api/v1/kerneopgaver/${used}`);
      const inUse = kerneopgave.body.title;
      const person = await created(page, "/api/v1/people", { name: PERSON });

      await ctx.goto(page, "/hr/kerneopgaver");
      // its edit is conditional too: changed meanwhile through the API, the save is refused (412)
      await open(page, `main tr:has-text("${KERNEOPGAVE}") button:has-text("Ret ${KERNEOPGAVE}")`);
      await page.fill("dialog[open] #kerneopgave-outcome", "Borgeren mærker en forskel (e2e).");
      const elsewhere = await apiCall(page, "PATCH", `/api/v1/kerneopgaver/${doomed.id}`, { citizen_outcome: ELSEWHERE });
      expect(elsewhere.status === 200, `changed elsewhere: ${JSON.stringify(elsewhere.body)}`);
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open] .alert-error:has-text('Nogen har ændret det')", { timeout: 15_000 });
      await page.waitForFunction((wanted) => document.querySelector("dialog[open] #kerneopgave-outcome")?.value === wanted, ELSEWHERE);
      await ctx.check(page, "hr-edit-kerneopgave-changed-meanwhile");
      await page.fill("dialog[open] #kerneopgave-outcome", "Borgeren mærker en forskel (e2e).");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForFunction(() => !document.querySelector("dialog[open]"));
      const saved = await apiCall(page, "GET", `/api/v1/kerneopgaver/${doomed.id}`);
      expect(saved.body.citizen_outcome === "Borgeren mærker en forskel (e2e).", `saved on the second try: ${JSON.stringify(saved.body)}`);
      await page.waitForSelector(`main tr:has-text("Borgeren mærker en forskel (e2e).")`);
      // a one-click change from the list is conditional too: changed meanwhile, nothing is sent
      const meanwhile = await apiCall(page, "PATCH", `/api/v1/kerneopgaver/${doomed.id}`, { description: "Ændret imens (e2e)." });
      expect(meanwhile.status === 200, `changed elsewhere: ${JSON.stringify(meanwhile.body)}`);
      await page.click(`main tr:has-text("${KERNEOPGAVE}") button:has-text("Deaktivér")`);
      await page.waitForSelector(`main .alert-error:has-text("Nogen har ændret ${KERNEOPGAVE}")`);
      await ctx.check(page, "hr-kerneopgaver-changed-meanwhile");
      const still = await apiCall(page, "GET", `/api/v1/kerneopgaver/${doomed.id}`);
      expect(still.body.active === true, `not deactivated from the stale list: ${JSON.stringify(still.body)}`);
      // the list was read again, so the second click goes through
      await page.click(`main tr:has-text("${KERNEOPGAVE}") button:has-text("Deaktivér")`);
      await page.waitForSelector(`main tr:has-text("${KERNEOPGAVE}") .op-pill:text-is("Inaktiv")`);
      await open(page, `main tr:has-text("${inUse}") button:has-text("Slet: ${inUse}")`);
      await refused(ctx, page, "hr-delete-kerneopgave-in-use", `“${inUse}” er i brug og kan ikke slettes. Deaktivér den i stedet`);
      await open(page, `button:has-text("Slet: ${KERNEOPGAVE}")`);
      await ctx.check(page, "hr-delete-kerneopgave");
      await submitFor(page, `Kerneopgaven “${KERNEOPGAVE}” er slettet.`);
      await page.waitForFunction((title) => !document.querySelector("main table")?.textContent?.includes(title), KERNEOPGAVE);

      await ctx.goto(page, "/hr/people");
      await search(page, "Søren");
      await open(page, `main tr:has-text("Søren Østergaard") button:has-text("Slet personen")`);
      await refused(ctx, page, "hr-delete-person-refused", "erase their personal data instead");
      await search(page, "slettes");
      // the edit dialog starts from the person read afresh and saves with If-Match
      await open(page, `button:has-text("Ret ${PERSON}")`);
      expect((await page.inputValue("dialog[open] #person-name")) === PERSON, "the form starts from the person");
      await page.fill("dialog[open] #person-job", "Vikar (e2e)");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector(`main tr:has-text("${PERSON}"):has-text("Vikar (e2e)")`, { timeout: 15_000 });
      const edited = await apiCall(page, "GET", `/api/v1/people/${person.id}`);
      expect(edited.body.job_title === "Vikar (e2e)", `edited: ${JSON.stringify(edited.body)}`);
      await open(page, `button:has-text("Slet personen: ${PERSON}")`);
      const dialog = await text(page, "dialog[open]");
      expect(dialog.includes("Slet persondata") && dialog.includes("kan ikke fortrydes"), `the rules first: ${dialog}`);
      await ctx.check(page, "hr-delete-person");
      await submitFor(page, `${PERSON} er slettet.`);
      await page.waitForSelector(`main tr:has-text("${PERSON}")`, { state: "detached" });
      await ctx.check(page, "hr-person-deleted");
    },
  },
];

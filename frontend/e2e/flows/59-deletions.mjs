// Issue 17's remaining operations in the app: Line Bækgaard accepts Søren Østergaard's
// invitation to co-own a project; Søren deletes a planned trial action and then a project
// (each after a confirmation dialog); Jens Kjærsgaard withdraws a team member's enrolment with
// a reason; Mette Højgaard deletes a draft programme, a planned hold and an org unit. Every
// dialog and view it visits is checked with axe.
import { apiCall, expect, selectByText, waitForHeading } from "../lib.mjs";

const SHARED = "Fælles projekt (e2e)";
const DOOMED = "Projekt der slettes (e2e)";
const TRIAL = "Afprøvning der slettes (e2e)";

async function confirmIn(page, opener, confirmation) {
  await page.click(opener);
  await page.waitForSelector("dialog[open]");
  await page.click("dialog[open] button[type='submit']");
  await page.waitForSelector(`.praksis-confirmation:has-text("${confirmation}")`, { timeout: 15_000 });
}

async function prepareProjects(page) {
  const me = await apiCall(page, "GET", "/api/v1/me");
  const line = await apiCall(page, "GET", "/api/v1/people?q=Line");
  const kerneopgaver = await apiCall(page, "GET", "/api/v1/kerneopgaver?active=true");
  const lineId = line.body.items.find((person) => person.name.startsWith("Line"))?.id;
  expect(lineId, "Line is found");
  const kerneopgave_id = kerneopgaver.body.items[0].id;
  const shared = await apiCall(page, "POST", "/api/v1/action-learning-projects", { title: SHARED, kerneopgave_id, owner_ids: [me.body.person.id, lineId] });
  expect(shared.status === 201, `shared project: ${JSON.stringify(shared.body)}`);
  const doomed = await apiCall(page, "POST", "/api/v1/action-learning-projects", { title: DOOMED, kerneopgave_id });
  expect(doomed.status === 201, `project: ${JSON.stringify(doomed.body)}`);
  const trial = await apiCall(page, "POST", `/api/v1/action-learning-projects/${doomed.body.id}/trial-actions`, { title: TRIAL });
  expect(trial.status === 201, `trial action: ${JSON.stringify(trial.body)}`);
}

const WITHDRAWN_FROM = "Forløb der trækkes tilbage fra (e2e)";

/**
 * HR opens a programme of the flow's own, and Jens nominates a team member other than Søren
 * and Line (whose demo places, buddy pair and learning group later flows use), so the
 * withdrawal takes nothing from another flow.
 */
async function nominateSomeoneElse(ctx, page) {
  const hr = await ctx.newPage("da");
  await ctx.signIn(hr, { municipality: "Hedensted", person: "Mette", role: "HR" });
  const kerneopgaver = await apiCall(hr, "GET", "/api/v1/kerneopgaver?active=true");
  const programme = await apiCall(hr, "POST", "/api/v1/programmes", {
    title: WITHDRAWN_FROM,
    kind: "udviklingsforloeb",
    kerneopgave_ids: [kerneopgaver.body.items[0].id],
    rules: { justification_required: false },
  });
  expect(programme.status === 201, `programme: ${JSON.stringify(programme.body)}`);
  const opened = await apiCall(hr, "PATCH", `/api/v1/programmes/${programme.body.id}`, { status: "open" });
  expect(opened.status === 200, `opened: ${JSON.stringify(opened.body)}`);
  await hr.context().close();
  const team = await apiCall(page, "GET", "/api/v1/people?in_my_team=true&limit=200");
  const person = team.body.items.find((member) => !/^(Søren|Line|Jens)/.test(member.name));
  expect(person, `Jens has a team member to nominate: ${JSON.stringify(team.body)}`);
  const nominated = await apiCall(page, "POST", "/api/v1/enrolments", { programme_id: programme.body.id, person_id: person.id });
  expect(nominated.status === 201, `nominated: ${JSON.stringify(nominated.body)}`);
  return person;
}

export const flows = [
  {
    name: "A participant deletes a trial action and a project; a colleague accepts co-ownership",
    async run(ctx) {
      const soren = await ctx.newPage("da");
      await ctx.signIn(soren, { municipality: "Hedensted", person: "Søren", role: "Deltager" });
      await prepareProjects(soren);

      const line = await ctx.newPage("da");
      await ctx.signIn(line, { municipality: "Hedensted", person: "Line", role: "Deltager" });
      await ctx.goto(line, "/participant/project");
      await waitForHeading(line, "Mit aktionslæringsprojekt");
      await line.waitForSelector("#project-invitations");
      await ctx.check(line, "participant-invitation");
      await line.click(`button:has-text("Bliv medejer: ${SHARED}")`);
      await line.waitForSelector(`.praksis-confirmation:has-text("Du er nu medejer af “${SHARED}”")`);
      await line.waitForSelector(`article h2:has-text("${SHARED}")`);

      await ctx.goto(soren, "/participant/project");
      await waitForHeading(soren, "Mit aktionslæringsprojekt");
      await soren.click(`button:has-text("Slet afprøvningen: ${TRIAL}")`);
      await soren.waitForSelector("dialog[open]");
      await ctx.check(soren, "participant-delete-trial-action");
      await soren.click("dialog[open] button[type='submit']");
      await soren.waitForSelector(`.praksis-confirmation:has-text("Afprøvningen “${TRIAL}” er slettet")`);
      await confirmIn(soren, `button:has-text("Slet projektet: ${DOOMED}")`, `Projektet “${DOOMED}” er slettet`);
      await soren.waitForFunction((title) => ![...document.querySelectorAll("article h2")].some((h) => h.textContent === title), DOOMED);
      await ctx.settled(soren); // the projects reload: read the page once they are back
      const confirmations = await soren.$$eval(".praksis-confirmation", (boxes) => boxes.map((box) => box.textContent));
      expect(confirmations.some((text) => text.includes(DOOMED)), `the confirmation stays once the project is gone: ${JSON.stringify(confirmations)}`);
      await ctx.check(soren, "participant-project-deleted");
    },
  },
  {
    name: "A leader withdraws a team member's enrolment with a reason",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Jens", role: "Leder" });
      const person = await nominateSomeoneElse(ctx, page);
      await ctx.goto(page, "/leader/nominations");
      await waitForHeading(page, "Nomineringer");
      await page.click(`main table tr:has-text("${person.name}"):has-text("${WITHDRAWN_FROM}") button:has-text('Træk tilbage')`);
      await page.waitForSelector("dialog[open] #withdraw-reason");
      await ctx.check(page, "leader-withdraw");
      await selectByText(page, "dialog[open] #withdraw-reason", "Tidspres");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector(".praksis-confirmation:has-text('er trukket tilbage fra')");
      await ctx.check(page, "leader-withdrawn");
    },
  },
  {
    name: "HR deletes a draft programme, a planned hold and an org unit (edited first)",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      const kerneopgaver = await apiCall(page, "GET", "/api/v1/kerneopgaver?active=true");
      const draft = { kind: "udviklingsforloeb", kerneopgave_ids: [kerneopgaver.body.items[0].id] };
      const programme = await apiCall(page, "POST", "/api/v1/programmes", { ...draft, title: "Kladde der slettes (e2e)" });
      const holder = await apiCall(page, "POST", "/api/v1/programmes", { ...draft, title: "Forløb med hold (e2e)" });
      const cohort = await apiCall(page, "POST", "/api/v1/cohorts", { programme_id: holder.body.id, name: "Hold der slettes (e2e)", capacity: 10 });
      expect(cohort.status === 201, `cohort: ${JSON.stringify(cohort.body)}`);
      const units = await apiCall(page, "GET", "/api/v1/org-units?limit=200");
      const top = units.body.items.find((unit) => unit.kind === "forvaltning");
      const unit = await apiCall(page, "POST", "/api/v1/org-units", { name: "Enhed der slettes (e2e)", kind: "afdeling", parent_id: top.id });
      expect(unit.status === 201, `unit: ${JSON.stringify(unit.body)}`);

      await ctx.goto(page, `/hr/programmes?programme=${programme.body.id}`);
      await page.click("button:has-text('Slet forløbet')");
      await page.waitForSelector("dialog[open]");
      await ctx.check(page, "hr-delete-programme");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector(".praksis-confirmation:has-text('Forløbet “Kladde der slettes (e2e)” er slettet')");

      await ctx.goto(page, `/hr/cohorts?cohort=${cohort.body.id}`);
      await confirmIn(page, "button:has-text('Slet holdet')", "Holdet “Hold der slettes (e2e)” er slettet");

      await ctx.goto(page, "/hr/org-units");
      // its edit dialog starts from the unit read afresh and saves with If-Match
      await page.click("button:has-text('Ret Enhed der slettes (e2e)')");
      await page.waitForSelector("dialog[open] #unit-name");
      expect((await page.inputValue("dialog[open] #unit-parent")) === top.id, "the form starts from the unit");
      await page.fill("dialog[open] #unit-external", "E2E-ENHED");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForFunction(() => !document.querySelector("dialog[open]"));
      const edited = await apiCall(page, "GET", `/api/v1/org-units/${unit.body.id}`);
      expect(edited.body.external_id === "E2E-ENHED", `edited: ${JSON.stringify(edited.body)}`);
      await confirmIn(page, ".op-unit:has-text('Enhed der slettes (e2e)') button:has-text('Slet enheden')", "Enheden “Enhed der slettes (e2e)” er slettet");
      await ctx.check(page, "hr-org-unit-deleted");
    },
  },
];


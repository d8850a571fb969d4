// Issue 18's remaining screens: HR defines the credential Hedensted's programme awards (the
// rules shown first, refused without a title and with 7,3 ECTS, saved, then removed) and sees
// its interest; Søren Østergaard rates the programme's competence goals before it (refused
// until every goal is rated), and "after" is offered next; he asks for a place on an open
// programme and takes the request back; HR cancels that programme's hold and then the
// programme, each refused without a reason first. axe on each state; en and nb.
import { apiCall, expect, selectByText, text, waitForHeading } from "../lib.mjs";

const PROGRAMME = "Kultur- og kompetenceudviklingsforløb: Bæredygtig Velfærd";
const OPEN = "Rehabilitering i hjemmeplejen (e2e aflysning)";
const CARD = `li.participant-card:has(h3:has-text("${PROGRAMME}"))`;

/** The demo's Hedensted programme is ungraded but has no competence goals: HR gives it two. */
async function giveGoals(page) {
  const framework = await apiCall(page, "POST", "/api/v1/competences", {
    title: "Fagprofil: Bæredygtig Velfærd (e2e)",
    competences: [{ title: "Samskabelse med borgere og pårørende" }, { title: "Den svære samtale" }],
  });
  expect(framework.status === 201, `framework created: ${JSON.stringify(framework)}`);
  const list = await apiCall(page, "GET", "/api/v1/programmes?limit=200");
  const programme = list.body.items.find((item) => item.title === PROGRAMME);
  const ids = framework.body.competences.map((competence) => competence.id);
  const patched = await apiCall(page, "PATCH", `/api/v1/programmes/${programme.id}`, { competence_ids: ids });
  expect(patched.status === 200, `goals linked: ${JSON.stringify(patched)}`);
}

export const flows = [
  {
    name: "HR defines and removes a programme's credential and sees its interest",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await giveGoals(page);
      await page.click("nav a[href='/hr/programmes']");
      await waitForHeading(page, "Forløb og workshops");
      await page.click(`a:has-text("${PROGRAMME}")`);
      await page.waitForSelector("#award-heading");
      await ctx.settled(page);
      const award = await text(page, "section[aria-labelledby='award-heading']");
      expect(award.includes("ECTS i halve point"), `the rules come first: ${award}`);
      expect(award.includes("giver ikke noget bevis endnu"), `no award yet: ${award}`);
      const interest = await text(page, "section[aria-labelledby='interest-heading']");
      expect(interest.includes("aldrig hvem"), `interest rules: ${interest}`);
      await ctx.check(page, "hr-programme-award");

      await page.click("button:has-text('Fastlæg beviset')");
      await page.fill("#award-ects", "7,3");
      await page.click("button:has-text('Gem beviset')");
      await page.waitForSelector("#award-title-error");
      expect((await text(page, "#award-ects-error")).includes("halve point"), "7,3 ECTS refused before sending");
      await ctx.check(page, "hr-programme-award-refused");
      await page.fill("#award-title", "Praktiker i Bæredygtig Velfærd");
      await page.fill("#award-provider", "Hedensted Kommune og VIA University College");
      await page.fill("#award-provider-url", "https://www.via.dk");
      await page.fill("#award-ects", "7,5");
      await page.fill("#award-criteria", "Gennemført forløb med mindst ét afprøvet handlingsforsøg.");
      await page.click("button:has-text('Gem beviset')");
      await page.waitForSelector(".praksis-confirmation:has-text('Praktiker i Bæredygtig Velfærd')");
      expect(await page.evaluate(() => document.activeElement?.classList.contains("praksis-confirmation")), "the confirmation takes the focus");
      await ctx.settled(page); // the section reloads the award it saved
      const saved = await text(page, "section[aria-labelledby='award-heading']");
      expect(saved.includes("7,5") && saved.includes("VIA University College"), `the award is shown: ${saved}`);
      await ctx.check(page, "hr-programme-award-saved");

      await page.click("button:has-text('Fjern beviset')");
      await page.click("button:has-text('Ja, fjern beviset')");
      await page.waitForSelector(".praksis-confirmation:has-text('Beviset er fjernet')");
      await page.waitForSelector("button:has-text('Fastlæg beviset')");

      for (const lang of ["en", "nb"]) {
        const other = await ctx.newPage(lang);
        await ctx.signIn(other, { municipality: "Hedensted", person: "Mette", role: "HR" });
        await other.click("nav a[href='/hr/programmes']");
        await other.click(`a:has-text("${PROGRAMME}")`);
        await other.waitForSelector("#award-heading");
        await ctx.check(other, "hr-programme-award");
      }
    },
  },
  {
    name: "a participant rates the competence goals before the programme; after is offered next",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Søren Østergaard", role: "Deltager" });
      await page.click("nav a[href='/participant/programmes']");
      await waitForHeading(page, "Mine forløb");
      await page.waitForSelector(`${CARD} button:has-text('Giv førvurderingen')`);
      await ctx.settled(page);
      const card = await text(page, CARD);
      expect(card.includes("én gang før forløbet og én gang efter"), `the rules come first: ${card}`);
      expect(card.includes("Meld mig fra"), `withdrawing is offered: ${card}`);
      await ctx.check(page, "participant-self-assessment");

      await page.click(`${CARD} button:has-text('Giv førvurderingen')`);
      await page.click(`${CARD} button:has-text('Send vurderingen')`);
      await page.waitForSelector(`${CARD} .form-error-message:has-text('Vurdér alle kompetencemål')`);
      await ctx.check(page, "participant-self-assessment-refused");
      const radios = await page.$$(`${CARD} form input[type='radio'][value='2']`);
      expect(radios.length === 2, `one scale per goal: ${radios.length}`);
      for (const radio of radios) await radio.check();
      await page.click(`${CARD} button:has-text('Send vurderingen')`);
      await page.waitForSelector(`${CARD} .praksis-confirmation:has-text('Din førvurdering er gemt')`);
      await page.waitForSelector(`${CARD} button:has-text('Giv eftervurderingen')`);
      const table = await text(page, `${CARD} table`);
      expect(table.includes("Den svære samtale") && table.includes("2"), `the before ratings are shown: ${table}`);
      await ctx.check(page, "participant-self-assessment-before");

      await page.click(`${CARD} button:has-text('Meld mig fra')`);
      await page.waitForSelector(`${CARD} select[id$='-reason']`);
      const withdraw = await text(page, CARD);
      expect(withdraw.includes("går din plads til den første på ventelisten"), `withdrawal rules first: ${withdraw}`);
      await ctx.check(page, "participant-withdraw-form");
      await page.click(`${CARD} button:has-text('Annuller')`);

      for (const [lang, role] of [["en", "Participant"], ["nb", "Deltaker"]]) {
        const other = await ctx.newPage(lang);
        await ctx.signIn(other, { municipality: "Hedensted", person: "Søren Østergaard", role });
        await other.click("nav a[href='/participant/programmes']");
        await other.waitForSelector(`${CARD} table`);
        await ctx.check(other, "participant-self-assessment");
      }
    },
  },
  {
    name: "a participant takes back a request; HR cancels a hold and a programme with a reason",
    async run(ctx) {
      const hr = await ctx.newPage("da");
      await ctx.signIn(hr, { municipality: "Hedensted", person: "Mette", role: "HR" });
      const kerneopgaver = await apiCall(hr, "GET", "/api/v1/kerneopgaver?active=true");
      const programme = await apiCall(hr, "POST", "/api/v1/programmes", {
        title: OPEN,
        kind: "udviklingsforloeb",
        kerneopgave_ids: [kerneopgaver.body.items[0].id],
      });
      expect(programme.status === 201, `programme created: ${JSON.stringify(programme.body)}`);
      const opened = await apiCall(hr, "PATCH", `/api/v1/programmes/${programme.body.id}`, { status: "open" });
      expect(opened.status === 200, `programme opened: ${JSON.stringify(opened.body)}`);
      const cohort = await apiCall(hr, "POST", "/api/v1/cohorts", { programme_id: programme.body.id, name: "Hold R (e2e)", capacity: 12 });
      expect(cohort.status === 201, `cohort created: ${JSON.stringify(cohort.body)}`);

      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Søren Østergaard", role: "Deltager" });
      await page.click("nav a[href='/participant/catalogue']");
      await waitForHeading(page, "Katalog over forløb");
      const entry = `li.participant-card:has(h2:has-text("${OPEN}"))`;
      await page.fill(`${entry} textarea`, "Jeg vil gerne lære at tilrettelægge rehabilitering sammen med borgeren.");
      await page.click(`${entry} button:has-text('Bed om en plads')`);
      await page.waitForSelector(`${entry} button:has-text('Træk anmodningen tilbage')`);
      expect((await text(page, entry)).includes("Din leder har ikke svaret endnu"), "the rule before taking it back");
      await ctx.check(page, "catalogue-request-pending");
      await page.click(`${entry} button:has-text('Træk anmodningen tilbage')`);
      await page.waitForSelector(".praksis-confirmation:has-text('er trukket tilbage')");
      await page.waitForSelector(`${entry} dd:has-text('Trukket tilbage')`);
      await ctx.check(page, "catalogue-request-withdrawn");

      await ctx.goto(hr, `/hr/cohorts?cohort=${cohort.body.id}`);
      await hr.click("button:has-text('Aflys holdet')");
      await hr.waitForSelector("#cohort-cancel-reason");
      expect((await text(hr, "main")).includes("kan det ikke genstartes"), "the cohort rule first");
      await hr.click("form button[type='submit']:has-text('Aflys holdet')");
      await hr.waitForSelector("#cohort-cancel-reason-error");
      await ctx.check(hr, "hr-cohort-cancel-refused");
      await selectByText(hr, "#cohort-cancel-reason", "For få deltagere");
      await hr.fill("#cohort-cancel-note", "Kun én tilmeldt før fristen.");
      await hr.click("form button[type='submit']:has-text('Aflys holdet')");
      await hr.waitForSelector(".praksis-confirmation:has-text('er aflyst (For få deltagere)')");
      await hr.waitForSelector("p:has-text('Aflyst: For få deltagere')");
      await ctx.check(hr, "hr-cohort-cancelled");

      await ctx.goto(hr, `/hr/programmes?programme=${programme.body.id}`);
      await hr.click("button:has-text('Aflys forløbet')");
      await hr.waitForSelector("#programme-cancel-reason");
      await ctx.check(hr, "hr-programme-cancel-form");
      await selectByText(hr, "#programme-cancel-reason", "For lidt interesse");
      await hr.click("form button[type='submit']:has-text('Aflys forløbet')");
      await hr.waitForSelector(".praksis-confirmation:has-text('er aflyst (For lidt interesse)')");
      const status = await text(hr, "section[aria-labelledby='programme-status-heading']");
      expect(status.includes("Aflyst: For lidt interesse"), `the reason is shown: ${status}`);
      await ctx.check(hr, "hr-programme-cancelled");
    },
  },
];

// HR takes nominations from the inbox to a started cohort and a grade (issue 17): Mette Højgaard
// (HR, Hedensted) approves Søren Østergaard onto a new cohort, declines Birgitte Ærø with a
// reason (refused without one), is refused the cohort's start because Søren's department sends
// only one participant (the department is named), approves Line Bækgaard, puts Jens
// Kjærsgaard on the full cohort's waiting list, starts the cohort, and records 10 for Søren on
// the 7-point scale — and 02 for Line at 360 × 740. axe on every view and dialog; each view
// also at 360 × 740 without a horizontal scroll. Runs after 50 (it adds enrolments).
import { apiCall, expect, text, waitForHeading } from "../lib.mjs";
import { expectNoHorizontalScroll } from "./10-mobile.mjs";

const PROGRAMME = "Borgernær praksis (e2e HR)";
const COHORT = "Hold A (e2e)";
const JUSTIFICATION = "Teamet skal gøre borgerens egne mål til omdrejningspunkt; forløbet giver metoden til det.";
const REASON = "Forløbet passer bedre til Birgittes kolleger i år; vi ser på det igen til næste hold.";
const NOMINEES = ["Søren Østergaard", "Line Bækgaard", "Jens Kjærsgaard", "Birgitte Ærø"];
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

/** An open programme graded on the 7-point scale that needs 2 per department, a cohort of 2
 *  places, and HR's nominations of the four (HR may nominate anyone). */
async function prepare(page) {
  const kerneopgaver = await apiCall(page, "GET", "/api/v1/kerneopgaver?active=true");
  const programme = await apiCall(page, "POST", "/api/v1/programmes", {
    title: PROGRAMME,
    kind: "udviklingsforloeb",
    kerneopgave_ids: [kerneopgaver.body.items[0].id],
    rules: { justification_required: true, justification_min_length: 40, min_participants_per_org_unit: 2, grading: "danish_7_point" },
  });
  expect(programme.status === 201, `programme created: ${JSON.stringify(programme.body)}`);
  const opened = await apiCall(page, "PATCH", `/api/v1/programmes/${programme.body.id}`, { status: "open" });
  expect(opened.status === 200, `programme opened: ${JSON.stringify(opened.body)}`);
  const cohort = await apiCall(page, "POST", "/api/v1/cohorts", { programme_id: programme.body.id, name: COHORT, capacity: 2 });
  expect(cohort.status === 201, `cohort created: ${JSON.stringify(cohort.body)}`);
  for (const name of NOMINEES) {
    const found = await apiCall(page, "GET", `/api/v1/people?q=${encodeURIComponent(name)}&limit=5`);
    const person = found.body.items.find((item) => item.name === name);
    expect(person, `${name} is in Hedensted`);
    const nominated = await apiCall(page, "POST", "/api/v1/enrolments", {
      programme_id: programme.body.id,
      person_id: person.id,
      justification: JUSTIFICATION,
      team_challenge: "Borgerens egne mål i centrum",
    });
    expect(nominated.status === 201, `${name} nominated: ${JSON.stringify(nominated.body)}`);
  }
}

const card = (name) => `li.praksis-nomination:has(h3:text-is("${name}")):has-text("${PROGRAMME}")`;

/** The view (or dialog) at 360 × 740: no sideways scroll, axe 0; then back to the desktop. */
async function checkPhone(ctx, page, name) {
  await page.setViewportSize(PHONE);
  await ctx.settled(page);
  await expectNoHorizontalScroll(page, `${name} at 360 px`);
  await ctx.check(page, `${name}-360`);
  await page.setViewportSize(DESKTOP);
}

async function expectConfirmation(page, wanted) {
  await page.waitForFunction(
    (expected) => document.querySelector(".praksis-confirmation")?.textContent?.includes(expected),
    wanted,
    { timeout: 15_000 },
  );
  await page.waitForFunction(() => document.activeElement?.classList.contains("praksis-confirmation"), null, { timeout: 5_000 });
  expect(await page.isVisible(".praksis-confirmation"), "the confirmation is visible");
}

async function openEnrolments(ctx, page) {
  await page.goto("/hr/enrolments");
  await waitForHeading(page, "Tilmeldinger");
  await ctx.settled(page);
  await chooseProgramme(page);
}

/** Only this programme's enrolments (the demo's other cohorts fill the first pages). */
async function chooseProgramme(page) {
  await page.waitForFunction((title) => [...document.querySelectorAll("#enrolments-programme option")].some((o) => o.text === title), PROGRAMME);
  const value = await page.$eval("#enrolments-programme", (select, title) => [...select.options].find((o) => o.text === title).value, PROGRAMME);
  await page.selectOption("#enrolments-programme", value);
}

async function approve(ctx, page, name, { expectFull = false, screenshot } = {}) {
  await page.waitForSelector(card(name));
  await page.click(`${card(name)} button:has-text("Godkend")`);
  await page.waitForSelector("dialog[open] #approve-cohort");
  const value = await page.$eval("#approve-cohort", (select, wanted) => [...select.options].find((o) => o.text.startsWith(wanted))?.value, COHORT);
  expect(value, `the dialog offers ${COHORT}`);
  await page.selectOption("#approve-cohort", value);
  const option = await page.$eval("#approve-cohort", (select) => select.selectedOptions[0].text);
  const submit = await text(page, "dialog[open] button[type='submit']");
  if (expectFull) {
    expect(option.includes("fuldt (0 på venteliste)"), `the full cohort says so before approving: ${option}`);
    expect(submit === "Sæt på venteliste", `the button says what will happen: ${submit}`);
    expect((await text(page, "dialog[open]")).includes("kommer på venteliste"), "the waiting list is explained");
  } else {
    expect(option.includes("pladser besat"), `the places are shown: ${option}`);
    expect(submit === "Godkend på holdet", `approve button: ${submit}`);
  }
  if (screenshot) {
    await ctx.check(page, screenshot);
    await checkPhone(ctx, page, screenshot);
  }
  await page.click("dialog[open] button[type='submit']");
}

async function startCohort(page) {
  await page.goto("/hr/cohorts");
  await waitForHeading(page, "Hold, læringsgrupper og buddies");
  await page.click(`a:text-is("${COHORT}")`);
  await page.waitForSelector("#cohort-status-heading");
  await page.click("button:has-text('Start holdet')");
}

export const flows = [
  {
    name: "HR approves, declines and waitlists nominations, starts the cohort and records grades",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await prepare(page);

      await page.click("nav a[href='/hr/enrolments']");
      await waitForHeading(page, "Tilmeldinger");
      await ctx.settled(page);
      await chooseProgramme(page);
      await page.waitForSelector(card("Søren Østergaard"));
      const soren = await text(page, card("Søren Østergaard"));
      expect(soren.includes(JUSTIFICATION) && soren.includes("Borgerens egne mål i centrum"), `justification and challenge shown: ${soren}`);
      expect(soren.includes("Mette Højgaard"), `who nominated: ${soren}`);
      await ctx.check(page, "hr-enrolments");
      await checkPhone(ctx, page, "hr-enrolments");

      // approve Søren onto the cohort
      await approve(ctx, page, "Søren Østergaard", { screenshot: "hr-enrolment-approve" });
      await expectConfirmation(page, `Søren Østergaard er godkendt på ${COHORT}.`);
      await page.waitForSelector(card("Søren Østergaard"), { state: "detached" });
      await ctx.check(page, "hr-enrolment-approved");

      // decline Birgitte: refused at the field without a reason, then declined with one
      await page.click(`${card("Birgitte Ærø")} button:has-text("Afvis")`);
      await page.waitForSelector("dialog[open] #decline-reason");
      expect((await text(page, "#decline-reason-hint")).includes("Højst 2.000 tegn"), "the length rule is shown up front");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("#decline-reason-error");
      expect((await text(page, "#decline-reason-error")).includes("Skriv en begrundelse"), "the reason is asked for");
      await ctx.check(page, "hr-enrolment-decline-refused");
      await page.fill("#decline-reason", REASON);
      expect((await text(page, "#decline-reason-hint")).includes(`– ${REASON.length} brugt`), `the count follows: ${await text(page, "#decline-reason-hint")}`);
      await page.click("dialog[open] button[type='submit']");
      await expectConfirmation(page, "Nomineringen af Birgitte Ærø er afvist.");
      await page.waitForSelector(card("Birgitte Ærø"), { state: "detached" });

      // the start is refused: Søren's department sends only one participant
      await startCohort(page);
      await page.waitForSelector("#cohort-status-problem");
      const refused = await text(page, "#cohort-status-problem");
      expect(refused.includes("Holdet kan ikke starte endnu – disse afdelinger har for få deltagere:") && /: 1 \(mindst 2\)/.test(refused), `blocking departments listed: ${refused}`);
      expect((await text(page, "#cohort-start-rules")).includes("mindst 2 deltagere"), "the rule is shown before starting");
      await ctx.check(page, "hr-cohort-start-refused");
      await checkPhone(ctx, page, "hr-cohort-start-refused");

      // Line fills the second place; the cohort is then full and Jens goes on its waiting list
      await openEnrolments(ctx, page);
      await approve(ctx, page, "Line Bækgaard");
      await expectConfirmation(page, `Line Bækgaard er godkendt på ${COHORT}.`);
      await page.waitForSelector(card("Line Bækgaard"), { state: "detached" });
      await approve(ctx, page, "Jens Kjærsgaard", { expectFull: true, screenshot: "hr-enrolment-waitlist" });
      await expectConfirmation(page, `${COHORT} er fuldt: Jens Kjærsgaard står nu på holdets venteliste.`);
      await page.click("#enrolments-tab-waitlisted");
      // the cohort's name arrives after the card (one lookup for the page's cohorts)
      await page.waitForSelector(`${card("Jens Kjærsgaard")}:has-text("${COHORT}")`);
      expect((await text(page, card("Jens Kjærsgaard"))).includes(`Venter på plads på${COHORT}`), "the waiting list names the cohort");
      await ctx.check(page, "hr-enrolments-waitlisted");

      // now two from the department: the cohort starts
      await startCohort(page);
      await expectConfirmation(page, `${COHORT} er startet.`);
      expect((await text(page, "main")).includes("I gang"), "the cohort is running");
      await ctx.check(page, "hr-cohort-started");

      // grades: 10 for Søren (refused without a choice first)
      await openEnrolments(ctx, page);
      await page.click("#enrolments-tab-approved");
      const row = `tbody tr:has(td:text-is("Søren Østergaard")):has-text("${PROGRAMME}")`;
      await page.waitForSelector(row);
      await ctx.check(page, "hr-enrolments-approved");
      await page.click(`${row} button`);
      await page.waitForSelector("dialog[open] #completion-grade-12");
      expect((await text(page, "#completion-grade-hint")).includes("02 eller derover er bestået"), "the scale's pass mark is shown");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("#completion-grade-error");
      await ctx.check(page, "hr-enrolment-grade-refused");
      await page.check("#completion-grade-10");
      await page.click("dialog[open] button[type='submit']");
      await expectConfirmation(page, `Søren Østergaard har gennemført ${PROGRAMME} med karakteren 10.`);
      await page.waitForSelector(row, { state: "detached" });

      // and 02 for Line on a phone
      await page.setViewportSize(PHONE);
      const lineRow = `tbody tr:has(td:text-is("Line Bækgaard")):has-text("${PROGRAMME}")`;
      await page.waitForSelector(lineRow);
      await page.click(`${lineRow} button`);
      await page.waitForSelector("dialog[open] #completion-grade-2");
      await expectNoHorizontalScroll(page, "grade dialog at 360 px");
      await ctx.check(page, "hr-enrolment-grade-360");
      await page.check("#completion-grade-2");
      await page.click("dialog[open] button[type='submit']");
      await expectConfirmation(page, `Line Bækgaard har gennemført ${PROGRAMME} med karakteren 02.`);
      await expectNoHorizontalScroll(page, "graded at 360 px");
      await ctx.check(page, "hr-enrolment-graded-360");
    },
  },
  {
    name: "HR's enrolments read in English and bokmål",
    async run(ctx) {
      for (const [lang, title, tab] of [
        ["en", "Enrolments", "Waiting list"],
        ["nb", "Påmeldinger", "På venteliste"],
      ]) {
        const page = await ctx.newPage(lang);
        await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
        await page.click("nav a[href='/hr/enrolments']");
        await waitForHeading(page, title);
        await ctx.settled(page);
        await ctx.check(page, "hr-enrolments");
        await page.click(`[role='tab']:has-text("${tab}")`);
        await ctx.settled(page);
        await ctx.check(page, "hr-enrolments-waitlisted");
        await page.context().close();
      }
    },
  },
];

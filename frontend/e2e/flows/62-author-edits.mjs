// Issues 17 and 18: the authors' edits in the app, each a conditional change (If-Match) from
// a dialog that reads its item afresh. Søren Østergaard corrects feedback he gave — after a
// change made meanwhile elsewhere (412: the dialog shows what it is now) — and deletes it; he
// and his leader Jens Kjærsgaard edit a development goal; the partner KL creates and deletes
// an offering, editing it in its card after a change made meanwhile (412: the form shows it
// as it is now), and the pilot a municipality uses is refused (409); Mette Højgaard (HR) moves a
// sparring meeting; the facilitator Birgitte Ærø corrects a workshop guest. Every dialog state
// is checked with axe, the feedback dialog also at 360 px.
import { apiCall, expect, selectByText, text, waitForHeading } from "../lib.mjs";
import { expectNoHorizontalScroll } from "./10-mobile.mjs";

const WORKED = "Du spurgte borgeren om egne mål først (e2e).";
const CORRECTED = "Du spurgte borgeren om egne mål, før du foreslog noget (e2e).";
const ELSEWHERE = "Rettet i en anden fane (e2e).";
const GOAL = "Lede netværksmøder med pårørende (e2e)";
const OFFERING = "Ny leder i kommunen (e2e)";
const PILOT = "Fremtidens teknik- og miljømedarbejder";
const MEETING = "Ledersparring om hjemmebesøg (e2e)";
const GUEST = "Anne Holm (e2e)";

async function expectConfirmation(page, wanted) {
  await page.waitForSelector(`.praksis-confirmation:has-text("${wanted}")`, { timeout: 15_000 });
}

/** Opens the edit dialog with `opener` and waits until it has read its item (the form shows). */
async function openEdit(page, opener, field) {
  await page.click(opener);
  await page.waitForSelector(`dialog[open] ${field}`);
}

export const flows = [
  {
    name: "a participant corrects feedback they gave (after a change made meanwhile) and deletes it",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Søren", role: "Deltager" });
      // his buddy Line Bækgaard carries out a trial action of her own (the demo's are taken by
      // other flows), so he has one to give feedback on
      const line = await ctx.newPage("da");
      await ctx.signIn(line, { municipality: "Hedensted", person: "Line", role: "Deltager" });
      // her own project in the cohort they share as buddies, not one she co-owns with Søren
      // (another flow makes her co-owner of his) nor one other flows gave her outside the cohort
      const soren = (await apiCall(page, "GET", "/api/v1/me")).body.person.id;
      const his = await apiCall(page, "GET", "/api/v1/action-learning-projects?mine=true&limit=200");
      const sharedCohorts = new Set(his.body.items.map((project) => project.cohort_id).filter(Boolean));
      const projects = await apiCall(line, "GET", "/api/v1/action-learning-projects?mine=true&limit=200");
      const hers = projects.body.items?.find((project) => !project.owner_ids.includes(soren) && sharedCohorts.has(project.cohort_id));
      expect(hers, `Line has a project without Søren in a cohort they share: ${JSON.stringify(projects.body)}`);
      const action = await apiCall(line, "POST", `/api/v1/action-learning-projects/${hers.id}/trial-actions`, {
        title: "Hjemmebesøg med borgerens egne mål først (e2e)",
        what_happened: "Borgeren satte selv målene for besøget.",
        status: "done",
      });
      expect(action.status === 201, `Line's trial action: ${JSON.stringify(action.body)}`);
      const toGive = await apiCall(page, "GET", "/api/v1/feedback/to-give?limit=200");
      const target = toGive.body.items.find((item) => item.trial_action_id === action.body.id);
      expect(target, `Søren can give feedback on Line's trial action on ${JSON.stringify(hers)}: ${JSON.stringify(toGive.body)}`);
      const given = await apiCall(page, "POST", "/api/v1/feedback", {
        trial_action_id: target.trial_action_id,
        kind: target.kinds[0],
        what_worked: WORKED,
        try_next: "Skriv aftalen ned sammen med borgeren.",
        shared_with_leader: false,
      });
      expect(given.status === 201, `feedback: ${JSON.stringify(given.body)}`);

      await ctx.goto(page, "/participant/feedback");
      await waitForHeading(page, "Feedback og evalueringer");
      const card = `section[aria-labelledby='given'] li:has-text("${WORKED}")`;
      await page.waitForSelector(card);
      await ctx.check(page, "author-given-feedback");

      await openEdit(page, `${card} button:has-text("Ret feedback")`, "#edit-feedback-what-worked");
      expect((await page.inputValue("dialog[open] #edit-feedback-what-worked")) === WORKED, "the dialog starts from the feedback");
      await ctx.check(page, "author-edit-feedback");
      await page.fill("dialog[open] #edit-feedback-what-worked", CORRECTED);
      await page.check("dialog[open] #edit-feedback-rating-4");
      // meanwhile the same feedback is changed elsewhere: the save is refused (412), nothing is lost silently
      const elsewhere = await apiCall(page, "PATCH", `/api/v1/feedback/${given.body.id}`, { what_worked: ELSEWHERE });
      expect(elsewhere.status === 200, `changed elsewhere: ${JSON.stringify(elsewhere.body)}`);
      await page.click("dialog[open] .modal-footer button[type='submit']");
      await page.waitForSelector("dialog[open] .alert-error:has-text('Nogen har ændret det')");
      await page.waitForFunction(
        (wanted) => document.querySelector("dialog[open] #edit-feedback-what-worked")?.value === wanted,
        ELSEWHERE,
      );
      expect(!(await page.isChecked("dialog[open] #edit-feedback-rating-4")), "the form shows the feedback as it is now");
      await ctx.check(page, "author-edit-feedback-changed-meanwhile");
      await page.fill("dialog[open] #edit-feedback-what-worked", CORRECTED);
      await page.check("dialog[open] #edit-feedback-rating-4");

      await page.setViewportSize({ width: 360, height: 800 });
      await expectNoHorizontalScroll(page, "the feedback dialog at 360 px");
      await ctx.check(page, "author-edit-feedback-360px");
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.click("dialog[open] .modal-footer button[type='submit']");
      await expectConfirmation(page, "Din feedback er rettet.");
      const corrected = `section[aria-labelledby='given'] li:has-text("${CORRECTED}")`;
      await page.waitForSelector(corrected);
      expect((await text(page, corrected)).includes("4 af 5"), "the rating is saved");

      await page.click(`${corrected} button:has-text("Slet feedback")`);
      await page.waitForSelector("dialog[open]:has-text('Slet din feedback?')");
      await ctx.check(page, "author-delete-feedback");
      await page.click("dialog[open] button[type='submit']");
      await expectConfirmation(page, "Din feedback er slettet.");
      await page.waitForSelector(corrected, { state: "detached" });
      const gone = await apiCall(page, "GET", `/api/v1/feedback/${given.body.id}`);
      expect(gone.status === 404, `deleted: ${gone.status}`);
    },
  },
  {
    name: "a participant and their leader edit a development goal's text and review day",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Søren", role: "Deltager" });
      const goal = await apiCall(page, "POST", "/api/v1/development-goals", { title: "Netværksmøder (e2e)", description: "", review_on: "2027-03-15" });
      expect(goal.status === 201, `goal: ${JSON.stringify(goal.body)}`);
      await ctx.goto(page, "/participant/development");
      await waitForHeading(page, "Min udvikling");
      await openEdit(page, "button:has-text('Ret målet: Netværksmøder (e2e)')", "#edit-goal-title");
      await ctx.check(page, "author-edit-goal");
      await page.fill("dialog[open] #edit-goal-title", GOAL);
      await page.fill("dialog[open] #edit-goal-description", "Sammen med sygeplejersken i distriktet.");
      await page.click("dialog[open] .modal-footer button[type='submit']");
      await expectConfirmation(page, `Målet »${GOAL}« er rettet.`);
      await page.waitForSelector(`h3:has-text('${GOAL}')`);

      const leader = await ctx.newPage("da");
      await ctx.signIn(leader, { municipality: "Hedensted", person: "Jens", role: "Leder" });
      await ctx.goto(leader, "/leader/development");
      await waitForHeading(leader, "Teamets udvikling");
      await selectByText(leader, "#development-member", "Søren Østergaard");
      const before = await text(leader, `li:has(h3:has-text('${GOAL}'))`);
      await openEdit(leader, `button:has-text('Ret målet: ${GOAL}')`, "#edit-goal-review");
      await leader.fill("dialog[open] #edit-goal-review", "2027-05-03");
      await ctx.check(leader, "leader-edit-goal");
      await leader.click("dialog[open] .modal-footer button[type='submit']");
      await expectConfirmation(leader, `Målet »${GOAL}« er rettet.`);
      // the plan is read again in place: the new day shows where "15. marts 2027" stood
      await leader.waitForSelector(`li:has(h3:has-text('${GOAL}')) dd:has-text("3. maj 2027")`);
      expect(before.includes("15. marts 2027"), `the review day before: ${before}`);
      const read = await apiCall(leader, "GET", `/api/v1/development-goals/${goal.body.id}`);
      expect(read.body.review_on === "2027-05-03" && read.body.title === GOAL, `saved: ${JSON.stringify(read.body)}`);
    },
  },
  {
    name: "the partner KL creates an offering, edits it after a change made meanwhile, and deletes it; the pilot a municipality uses is refused",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { partner: "KL" });
      await ctx.goto(page, "/partner/offerings");
      await waitForHeading(page, "Jeres tilbud");
      await page.click("button:has-text('Opret et tilbud')");
      await page.waitForSelector("#offering-form-new-title");
      await page.fill("#offering-form-new-title", OFFERING);
      await page.fill("#offering-form-new-description", "Fire moduler for nye ledere i kommunerne.");
      await selectByText(page, "#offering-form-new-kind", "Kursus");
      await page.fill("#offering-form-new-minimum", "2");
      await page.fill("#offering-form-new-add", "dk-0766");
      await page.click("section:has(#new-offering) button:has-text('Tilføj')");
      await ctx.check(page, "partner-new-offering");
      await page.click("section:has(#new-offering) button[type='submit']");
      await expectConfirmation(page, `Tilbuddet »${OFFERING}« er oprettet.`);
      const card = `li.praksis-panel:has(h2:has-text("${OFFERING}"))`;
      await page.waitForSelector(card);
      expect((await text(page, card)).includes("dk-0766"), "Hedensted takes part");

      // the card's form starts from the offering read afresh; changed meanwhile elsewhere, the
      // save is refused (412) and the form shows it as it is now; the second save goes through
      await page.click(`${card} button:has-text('Redigér tilbuddet')`);
      const form = `${card} form[id^='offering-form-']`;
      await page.waitForSelector(`${form} textarea[id$='-description']`);
      const offeringId = (await page.getAttribute(form, "id")).replace("offering-form-", "");
      await page.fill(`${form} textarea[id$='-description']`, "Fire moduler og et netværk (e2e).");
      const elsewhere = await apiCall(page, "PATCH", `/api/v1/partner-offerings/${offeringId}`, { description: ELSEWHERE });
      expect(elsewhere.status === 200, `changed elsewhere: ${JSON.stringify(elsewhere.body)}`);
      await page.click(`${form} button[type='submit']`);
      await page.waitForSelector(`${form} .alert-error:has-text('Nogen har ændret det')`, { timeout: 15_000 });
      await page.waitForFunction(
        ([selector, wanted]) => document.querySelector(selector)?.value === wanted,
        [`#offering-form-${offeringId}-description`, ELSEWHERE],
      );
      await ctx.check(page, "partner-edit-offering-changed-meanwhile");
      await page.fill(`${form} textarea[id$='-description']`, "Fire moduler og et netværk (e2e).");
      await page.click(`${form} button[type='submit']`);
      await expectConfirmation(page, `Tilbuddet »${OFFERING}« er gemt.`);
      const saved = await apiCall(page, "GET", `/api/v1/partner-offerings/${offeringId}`);
      expect(saved.body.description === "Fire moduler og et netværk (e2e).", `saved on the second try: ${JSON.stringify(saved.body)}`);

      // KL's pilot is linked by Middelfart's programme (demo data): the dialog keeps the refusal
      await page.click(`button:has-text("Slet tilbuddet: ${PILOT}")`);
      await page.waitForSelector("dialog[open]");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open] .alert-error");
      await ctx.check(page, "partner-delete-offering-refused");
      await page.click("dialog[open] button:has-text('Annuller')");

      await page.click(`button:has-text("Slet tilbuddet: ${OFFERING}")`);
      await page.waitForSelector(`dialog[open]:has-text("Slet »${OFFERING}«?")`);
      await ctx.check(page, "partner-delete-offering");
      await page.click("dialog[open] button[type='submit']");
      await expectConfirmation(page, `Tilbuddet »${OFFERING}« er slettet.`);
      await page.waitForSelector(card, { state: "detached" });
      await page.waitForSelector(`h2:has-text("${PILOT}")`);
    },
  },
  {
    name: "HR moves a sparring meeting to a new day and place",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      // planned through the form first (demo data has no sparring meeting)
      await ctx.goto(page, "/hr/sparring");
      await page.waitForSelector("#sparring-programme option:nth-child(2)", { state: "attached" });
      const programme = await page.$eval("#sparring-programme option:nth-child(2)", (option) => option.value);
      await page.selectOption("#sparring-programme", programme);
      await page.fill("#sparring-title", MEETING);
      await page.fill("#sparring-day", "2027-02-10");
      await page.fill("#sparring-location", "Rådhuset, mødelokale 2");
      await page.click("#plan-sparring ~ form button[type='submit']");
      await page.waitForSelector(`tbody tr:has-text("${MEETING}")`);
      const meetings = await apiCall(page, "GET", "/api/v1/sparring-meetings?limit=200");
      const meeting = meetings.body.items.find((item) => item.title === MEETING);
      expect(meeting, "the planned meeting is listed");
      await page.click(`button:has-text("Vis ledere: ${MEETING}")`);
      await openEdit(page, "button:has-text('Flyt eller ret mødet')", "#move-sparring-day");
      expect((await page.inputValue("dialog[open] #move-sparring-start")) === "13:00", "the form shows the municipality's wall clock");
      await ctx.check(page, "hr-move-sparring");
      await page.fill("dialog[open] #move-sparring-day", "2027-02-17");
      await page.fill("dialog[open] #move-sparring-start", "09:00");
      await page.fill("dialog[open] #move-sparring-end", "11:00");
      await page.fill("dialog[open] #move-sparring-location", "Juelsminde Bibliotek");
      await page.click("dialog[open] .modal-footer button[type='submit']");
      await expectConfirmation(page, `Sparringsmødet »${MEETING}« er ændret.`);
      expect((await text(page, "#sparring-invitations ~ p")).includes("Juelsminde Bibliotek"), "the new place shows");
      await ctx.check(page, "hr-sparring-moved");
      const read = await apiCall(page, "GET", `/api/v1/sparring-meetings/${meeting.id}`);
      expect(read.body.starts_at.startsWith("2027-02-17T09:00") && read.body.sequence === 1, `moved: ${JSON.stringify(read.body)}`);
    },
  },
  {
    name: "the facilitator corrects a workshop guest",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Birgitte", role: "Facilitator" });
      await waitForHeading(page, "Facilitatorens forside");
      await page.click("tbody tr:has-text('Forandringsledelse') a");
      await page.waitForSelector("#attendance-heading");
      await ctx.settled(page);
      const guests = "section[aria-labelledby^='guests-']";
      const form = `${guests} form`;
      await page.fill(`${form} input[id^='guest-name-']`, GUEST);
      await page.fill(`${form} input[id^='guest-role-']`, "konsulent");
      await page.click(`${form} button[type='submit']`);
      const row = `${guests} li:has-text("${GUEST}")`;
      await page.waitForSelector(row);

      await openEdit(page, `${row} button:has-text('Ret')`, "input[id^='edit-guest-organisation-']");
      await ctx.check(page, "facilitator-edit-guest");
      await page.fill("dialog[open] input[id^='edit-guest-organisation-']", "VIA University College");
      await page.selectOption("dialog[open] select[id^='edit-guest-contribution-']", "facilitator");
      await page.click("dialog[open] .modal-footer button[type='submit']");
      await page.waitForSelector(`${row}:has-text("VIA University College"):has-text("Facilitator")`);
      await ctx.check(page, "facilitator-guest-corrected");
    },
  },
];

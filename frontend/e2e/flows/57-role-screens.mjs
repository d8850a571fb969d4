// The rest of issue 17's role screens, one flow each, each also at 360 × 740 with no sideways
// scroll and axe 0 on every view and dialog it visits: the leader Jens Kjærsgaard sees that Ida
// Åkjær lags and why, reads Søren
// Østergaard's trial action and gives leader feedback; the facilitator Birgitte Ærø reads
// "Forandringsledelse"'s evaluation summary (suppressed until released, shown from 5 answers)
// and releases it; Søren completes his project with its outcome (refused without one); the
// partner KL edits its offering (a malformed municipality id refused before sending, a member
// added and one removed). Runs after 20 (Søren's project) and 55.
import { expect, text, waitForHeading } from "../lib.mjs";
import { expectNoHorizontalScroll } from "./10-mobile.mjs";

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const PROJECT = "Foreningerne som medskabere"; // Søren Østergaard's project in the demo
const TRIAL_ACTION = "Samtale om borgerens egne mål"; // done, in module 1

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
    (expected) => [...document.querySelectorAll(".praksis-confirmation")].some((box) => box.textContent.includes(expected)),
    wanted,
    { timeout: 15_000 },
  );
  await page.waitForFunction(() => document.activeElement?.classList.contains("praksis-confirmation"), null, { timeout: 5_000 });
}

export const flows = [
  {
    name: "a leader reads a team member's trial action and gives leader feedback",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Jens", role: "Leder" });
      await page.click("nav a[href='/leader/practice']");
      await waitForHeading(page, "Teamets praksis");
      await ctx.settled(page);
      // the demo's Ida Åkjær has carried out no trial action yet: she is on the follow-up list
      const lagging = "section:has(#lagging-heading)";
      await page.waitForSelector(`${lagging} li:has-text('Ida Åkjær')`);
      expect((await text(page, lagging)).includes("Har ingen udførte prøvehandlinger endnu."), "the reason is given");
      expect(!(await text(page, lagging)).includes("Søren Østergaard"), "Søren is under way");
      await page.click(`${lagging} a:has-text('Gå til Ida Åkjærs projekt')`);
      await page.waitForFunction(() => document.activeElement?.tagName === "H3", null, { timeout: 5_000 });
      expect((await text(page, "main")).includes("Du kan give feedback som leder på en udført prøvehandling"), "the rule comes first");
      await ctx.check(page, "leader-practice");

      const card = `li.participant-card:has(h3:has-text('${PROJECT}'))`;
      await page.click(`${card} button:has-text('Læs prøvehandlingerne')`);
      const action = `${card} li.participant-card:has(h4:has-text('${TRIAL_ACTION}'))`;
      await page.waitForSelector(`${action} dt:has-text('Hvad skete der')`);
      await ctx.settled(page);
      await page.click(`${action} button:has-text('Giv feedback som leder')`);
      await page.waitForSelector("dialog[open] #feedback-what-worked");
      expect(!(await page.isVisible("dialog[open] #feedback-shared")), "no 'share with leader' for the leader's own feedback");
      await ctx.check(page, "leader-feedback-dialog");
      await page.fill("#feedback-what-worked", "Du lod borgeren sætte målet – det er præcis det, vi vil.");
      await page.fill("#feedback-try-next", "Tag en kollega med som observatør næste gang.");
      await page.click("dialog[open] button[type='submit']");
      await expectConfirmation(page, `Din feedback på »${TRIAL_ACTION}« er sendt til Søren Østergaard.`);
      await page.waitForSelector(`${action} summary:has-text('Feedback du kan læse')`);
      await page.click(`${action} summary:has-text('Feedback du kan læse')`);
      expect((await text(page, action)).includes("Tag en kollega med som observatør"), "the leader reads their feedback back");
      await checkPhone(ctx, page, "leader-practice-feedback");

      // the team's transfer follow-ups section is there (Hedensted's hold has not ended)
      expect((await text(page, "main")).includes("Teamets transferopfølgning"), "follow-ups section");
    },
  },
  {
    name: "a facilitator reads a workshop's evaluation summary and releases it",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Birgitte", role: "Facilitator" });
      await waitForHeading(page, "Facilitatorens forside");
      await page.waitForSelector("tbody tr:has-text('Forandringsledelse')");
      await page.click("tbody tr:has-text('Forandringsledelse') a:has-text('Se evalueringen')");
      await page.waitForSelector("#evaluation-heading");
      await ctx.settled(page);
      const before = await text(page, "main");
      const answers = Number(/(\d+) deltagere har evalueret/.exec(before)?.[1]);
      expect(answers >= 5, `at least 5 answered Forandringsledelse: ${answers}`);
      expect(before.includes("kun, når mindst 5 har svaret"), "the 5-answer rule is shown");
      expect(before.includes("ikke frigivet endnu") && !before.includes("Gennemsnit"), "no results before release");
      await ctx.check(page, "facilitator-evaluation");
      await page.click("button:has-text('Frigiv resultaterne')");
      await page.click("button:has-text('Ja, frigiv resultaterne')");
      await expectConfirmation(page, "Resultaterne for »Forandringsledelse« er frigivet.");
      await page.waitForSelector("caption:has-text('Gennemsnit (1–5)')");
      const after = await text(page, "main");
      expect(after.includes("Hvor relevant var det for dit arbejde?") && after.includes("Frigivet"), "results after release");
      await ctx.check(page, "facilitator-evaluation-released");
      await checkPhone(ctx, page, "facilitator-evaluation-released");
      // a workshop still to come has no evaluation yet
      await page.click("button:has-text('Tilbage til mine workshops')");
      await page.waitForSelector("tbody tr:has-text('Designe') td:has-text('Efter workshoppen')");
    },
  },
  {
    name: "a participant completes their project with its outcome",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Søren", role: "Deltager" });
      await ctx.goto(page, "/participant/project");
      await waitForHeading(page, "Mit aktionslæringsprojekt");
      const card = `article:has(h2:has-text('${PROJECT}'))`;
      await page.click(`${card} button:has-text('Afslut projektet')`);
      await page.waitForSelector(`${card} form h3:has-text('Afslut projektet med dets resultat')`);
      expect((await text(page, card)).includes("Det skal udfyldes for at afslutte"), "the rule comes first");
      await ctx.check(page, "participant-complete-project");
      await page.click(`${card} form button[type='submit']`);
      await page.waitForSelector(`${card} .form-error-message, ${card} [aria-invalid='true']`);
      const outcome = "Tre foreninger driver nu selv spisefællesskabet for ensomme ældre; kommunen deltager som partner.";
      await page.fill(`${card} textarea[id$='-outcome']`, outcome);
      await checkPhone(ctx, page, "participant-complete-project");
      await page.click(`${card} form button[type='submit']`);
      await expectConfirmation(page, `Projektet »${PROJECT}« er afsluttet med sit resultat.`);
      await page.waitForSelector(`${card} dd:has-text('Afsluttet')`);
      expect((await text(page, card)).includes(outcome), "the outcome is shown with the project");
      await checkPhone(ctx, page, "participant-project-completed");
    },
  },
  {
    name: "a partner edits an offering's description and member municipalities",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { partner: "KL" });
      await page.click("nav a[href='/partner/offerings']");
      await waitForHeading(page, "Jeres tilbud");
      await ctx.settled(page);
      await ctx.check(page, "partner-offerings");
      await page.click("button:has-text('Redigér tilbuddet')");
      const form = "form[id^='offering-form-']";
      await page.waitForSelector(form);
      const shown = await text(page, form);
      expect(shown.includes("kan ikke fjernes") && shown.includes("Middelfart"), "a member with a linked programme can't be removed");
      await page.fill(`${form} textarea[id$='-description']`, "Pilot med fokus på partnerskaber, kommunikation og samskabelse – nu også for Hedensted.");
      await page.fill(`${form} input[id$='-add']`, "0766");
      await page.click(`${form} button:has-text('Tilføj')`);
      await page.waitForSelector(`${form} .form-error-message:has-text('dk eller no')`);
      await page.fill(`${form} input[id$='-add']`, "DK-0766");
      await page.press(`${form} input[id$='-add']`, "Enter");
      await page.waitForSelector(`${form} li:has-text('dk-0766')`);
      await page.click(`${form} li:has-text('Varde') button:has-text('Fjern')`);
      await checkPhone(ctx, page, "partner-offering-form");
      await page.click(`${form} button[type='submit']`);
      await expectConfirmation(page, "Tilbuddet »Fremtidens teknik- og miljømedarbejder« er gemt.");
      await page.waitForFunction(() => !document.querySelector("form[id^='offering-form-']") && !document.querySelector('[aria-busy="true"]'), null, { timeout: 15_000 });
      const saved = await text(page, "main");
      expect(saved.includes("nu også for Hedensted") && saved.includes("dk-0766"), "description and new member saved");
      expect(!saved.includes("Varde"), "Varde removed");
      await checkPhone(ctx, page, "partner-offerings-saved");
    },
  },
];

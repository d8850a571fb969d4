// HR's programmes: the list, Hedensted's programme with its modules, planning a workshop for
// Hold 1 in the municipality's time zone and cancelling it; a new draft programme, and the
// 409 shown kindly when it is opened without a kerneopgave; then its description edited.
import { expect, text, waitForHeading } from "../lib.mjs";
import { checkMobile } from "./40-statistics.mjs";

const PROGRAMME = "Kultur- og kompetenceudviklingsforløb: Bæredygtig Velfærd";
const WORKSHOP = "Workshop 5: Samskabelse med pårørende (e2e)";

async function rowText(page, title) {
  return page.evaluate((wanted) => {
    const row = [...document.querySelectorAll("tbody tr")].find((tr) => tr.textContent.includes(wanted));
    return row?.textContent ?? "";
  }, title);
}

export const flows = [
  {
    name: "HR creates a workshop in the demo cohort and cancels it",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await page.click("nav a[href='/hr/programmes']");
      await waitForHeading(page, "Forløb og workshops");
      await ctx.settled(page);
      expect((await rowText(page, PROGRAMME)).includes("I gang"), "the programme is running");
      await ctx.check(page, "hr-programmes");

      await page.click(`a:has-text("${PROGRAMME}")`);
      await page.waitForSelector("#programme-heading");
      await page.waitForSelector("text=Workshops for Hold 1");
      await ctx.settled(page);
      const detail = await text(page, "main");
      expect(detail.includes("Modul 2: Samskabelse"), "modules in order");
      expect(detail.includes("Afslut forløbet"), "a running programme can be completed");
      await ctx.check(page, "hr-programme");

      await page.click("button:has-text('Planlæg workshop')");
      await page.waitForSelector("dialog[open] #workshop-title");
      const moduleValue = await page.$eval("#workshop-module", (select) =>
        [...select.options].find((o) => o.text.startsWith("Modul 2")).value,
      );
      await page.selectOption("#workshop-module", moduleValue);
      await page.fill("#workshop-title", WORKSHOP);
      await page.fill("#workshop-day", "2027-02-10");
      await page.fill("#workshop-start", "09:30");
      await page.fill("#workshop-end", "15:00");
      await page.fill("#workshop-location", "Hedensted Rådhus, Niels Espes Vej 8");
      await page.fill("#workshop-themes", "Samskabelse, Den svære samtale");
      expect(await page.isChecked("dialog[open] input[name='workshop-facilitators']:checked"), "facilitator preselected");
      // a second facilitator, found by name among all the municipality's people
      await page.fill("dialog[open] #workshop-facilitators-query", "brøndum");
      await page.click("dialog[open] button:has-text('Søg')");
      await page.click("dialog[open] ul[aria-label] label:has-text('Camilla Brøndum')");
      await page.waitForSelector("dialog[open] input[name='workshop-facilitators'] + label:has-text('Camilla Brøndum')");
      await ctx.check(page, "hr-workshop-form");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForFunction(() => !document.querySelector("dialog[open]"), null, { timeout: 15_000 });
      await page.waitForFunction((wanted) => document.querySelector("main")?.textContent?.includes(wanted), WORKSHOP, {
        timeout: 15_000,
      });
      await ctx.settled(page);
      await page.waitForFunction(
        (wanted) => [...document.querySelectorAll("tbody tr")].some((tr) => tr.textContent.includes(wanted) && tr.textContent.includes("Camilla Brøndum")),
        WORKSHOP,
        { timeout: 15_000 },
      );
      const row = await rowText(page, WORKSHOP);
      // 09:30 in Hedensted (Europe/Copenhagen), shown in Danish as "10. feb. 2027 09.30".
      expect(/10\. feb\. 2027.*09[.:]30/.test(row), `time in the municipality's zone: ${row}`);
      expect(row.includes("Planlagt") && row.includes("Birgitte Ærø"), `scheduled with facilitator: ${row}`);
      expect(row.includes("Camilla Brøndum"), `with the facilitator found by search: ${row}`);

      await page.click(`tbody tr:has-text("${WORKSHOP}") button:has-text('Aflys')`);
      await page.waitForSelector("dialog[open] button:has-text('Ja, aflys workshoppen')");
      await page.click("dialog[open] button:has-text('Ja, aflys workshoppen')");
      await page.waitForFunction(
        (wanted) =>
          [...document.querySelectorAll("tbody tr")].some(
            (tr) => tr.textContent.includes(wanted) && tr.textContent.includes("Aflyst"),
          ),
        WORKSHOP,
        { timeout: 15_000 },
      );
      await ctx.settled(page);
      await ctx.check(page, "hr-programme-workshop-cancelled");
      await checkMobile(ctx, page, "hr-programme");
    },
  },
  {
    name: "HR creates a draft programme; opening it without a kerneopgave shows the 409 kindly; HR edits it",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await ctx.goto(page, "/hr/programmes");
      await waitForHeading(page, "Forløb og workshops");
      await page.click("button:has-text('Opret forløb')");
      await page.waitForSelector("dialog[open] #programme-title");
      // An empty title is refused by the API and shown next to the field.
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open] #programme-title[aria-invalid='true']");
      await ctx.check(page, "hr-programme-form-error");
      await page.fill("#programme-title", "Temadag om samskabelse (e2e)");
      await page.selectOption("#programme-kind", "temadag");
      await page.fill("#programme-modules", "Formiddag: Samskabelse\nEftermiddag: Afprøvning");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("#programme-heading:has-text('Temadag om samskabelse (e2e)')");
      await ctx.settled(page);
      const detail = await text(page, "main");
      expect(detail.includes("Kladde") && detail.includes("Eftermiddag: Afprøvning"), "draft with modules");
      await page.click("button:has-text('Åbn for nominering')");
      await page.waitForSelector("main [role='alert']");
      const alert = await text(page, "main [role='alert']");
      expect(alert.includes("Det er i konflikt"), `409 heading in Danish: ${alert}`);
      expect(detail.includes("Kladde"), "still a draft");
      await ctx.check(page, "hr-programme-409");

      // the edit dialog starts from the programme read afresh and saves with If-Match
      await page.click("button:has-text('Ret forløbet')");
      await page.waitForSelector("dialog[open] #programme-title");
      expect((await page.inputValue("dialog[open] #programme-title")) === "Temadag om samskabelse (e2e)", "the form starts from the programme");
      await page.fill("dialog[open] #programme-description", "En dag om samskabelse med borgerne (e2e).");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("#programme-heading + p:has-text('En dag om samskabelse med borgerne (e2e).')");
    },
  },
];

// HR's cohorts: Hedensted's Hold 1 with its four learning groups and buddy pairs, and a new
// hold created on the same programme.
import { expect, text, waitForHeading } from "../lib.mjs";

export const flows = [
  {
    name: "HR views Hold 1's learning groups and buddies and creates a new hold",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await page.click("nav a[href='/hr/cohorts']");
      await waitForHeading(page, "Hold, læringsgrupper og buddies");
      await ctx.settled(page);
      await page.waitForSelector("tbody tr:has-text('Hold 1')");
      await ctx.check(page, "hr-cohorts");

      await page.click("a:has-text('Hold 1')");
      await page.waitForSelector("#cohort-heading");
      await page.waitForSelector("text=Læringsgruppe 4");
      await ctx.settled(page);
      // names come with the people list, which may arrive after the groups ("…" until then)
      await page.waitForSelector("li:has-text('Søren Østergaard & Line Bækgaard')");
      const detail = await text(page, "main");
      expect(detail.includes("22 af 24 pladser besat"), `places: ${detail.slice(0, 300)}`);
      for (const group of ["Læringsgruppe 1", "Læringsgruppe 2", "Læringsgruppe 3", "Læringsgruppe 4"]) {
        expect(detail.includes(group), `${group} shown`);
      }
      expect(detail.includes("Søren Østergaard & Line Bækgaard"), "the demo buddies as a pair");
      await page.click("summary:has-text('Opret læringsgruppe')");
      expect((await text(page, "main")).includes("allerede i en læringsgruppe"), "no free participants");
      await ctx.check(page, "hr-cohort");

      await page.click("button:has-text('Tilbage til alle hold')");
      await page.waitForSelector("button:has-text('Opret hold')");
      await page.click("button:has-text('Opret hold')");
      await page.waitForSelector("dialog[open] #cohort-programme");
      await page.waitForFunction(() => document.querySelectorAll("#cohort-programme option").length > 1);
      const value = await page.$eval("#cohort-programme", (select) =>
        [...select.options].find((o) => o.text.startsWith("Kultur- og kompetenceudviklingsforløb")).value,
      );
      await page.selectOption("#cohort-programme", value);
      await page.fill("#cohort-name", "Hold 2 (e2e)");
      await page.fill("#cohort-capacity", "22");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("tbody tr:has-text('Hold 2 (e2e)')", { timeout: 15_000 });
      const row = await text(page, "tbody tr:has-text('Hold 2 (e2e)')");
      expect(row.includes("Planlagt") && row.includes("0 / 22"), `new hold row: ${row}`);
      await ctx.check(page, "hr-cohorts-created");
    },
  },
];

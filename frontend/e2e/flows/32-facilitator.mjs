// The facilitator's workshops and recording attendance with PUT /workshops/{id}/attendance.
import { expect, text, waitForHeading } from "../lib.mjs";

export const flows = [
  {
    name: "the facilitator records attendance at a Hold 1 workshop",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Birgitte", role: "Facilitator" });
      expect(new URL(page.url()).pathname === "/facilitator", `lands on ${page.url()}`);
      await waitForHeading(page, "Facilitatorens forside");
      await page.waitForSelector("tbody tr:has-text('Forandringsledelse')");
      await ctx.settled(page);
      await ctx.check(page, "facilitator-home");

      await page.click("tbody tr:has-text('Forandringsledelse') a");
      await page.waitForSelector("#attendance-heading");
      await page.waitForSelector("legend:has-text('Søren Østergaard')");
      await ctx.settled(page);
      await page.click("fieldset:has(legend:has-text('Søren Østergaard')) label:has-text('Afbud')");
      await page.click("button:has-text('Markér resten som mødt')");
      await ctx.check(page, "facilitator-attendance");
      await page.click("button:has-text('Gem fremmøde')");
      await page.waitForFunction(
        () => document.querySelector(".sr-only[aria-live]")?.textContent?.includes("Fremmøde er gemt"),
        null,
        { timeout: 15_000 },
      );
      // Read back from the API after a reload: the record stuck.
      await page.reload();
      await page.waitForSelector("legend:has-text('Søren Østergaard')");
      await ctx.settled(page);
      await page.waitForFunction(() => {
        const set = [...document.querySelectorAll("fieldset")].find((f) => f.textContent.includes("Søren Østergaard"));
        return set?.querySelector("input:checked + label")?.textContent === "Afbud";
      }, null, { timeout: 15_000 });
      expect((await text(page, "main")).includes("Fremmøde: Forandringsledelse"), "heading");
    },
  },
];

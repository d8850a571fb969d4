// Issue 19, webhooks: Mette Højgaard (HR, Hedensted) registers the intranet's endpoint — an
// address inside the network is refused on its field first — sees the secret once, sends a
// test message and finds it among the endpoint's deliveries; then pauses the endpoint. axe on
// each state, and at 360 × 740 without a horizontal scroll.
import { expect, text, waitForHeading } from "../lib.mjs";
import { expectNoHorizontalScroll } from "./10-mobile.mjs";

const URL = "https://intranet.hedensted.dk/hooks/praksis-e2e";
const ROW = `main table tr:has-text("${URL}")`;

export const flows = [
  {
    name: "HR registers a webhook endpoint, sees its secret once and follows a test delivery",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await page.click("nav a[href='/hr/webhooks']");
      await waitForHeading(page, "Webhooks");
      await ctx.settled(page);
      await ctx.check(page, "hr-webhooks");

      await page.click("button:has-text('Registrér endpoint')");
      await page.fill("#webhook-url", "https://10.0.0.5/hooks");
      await page.check("#webhook-events-credential\\.issued");
      await page.click("form button[type='submit']");
      await page.waitForSelector("#webhook-url-error");
      const refused = await text(page, "#webhook-url-error");
      expect(refused.includes("private"), `the field says why: ${refused}`);
      await ctx.check(page, "hr-webhooks-refused");

      await page.fill("#webhook-url", URL);
      await page.fill("#webhook-description", "Intranettets nyheder (e2e)");
      await page.check("#webhook-events-enrolment\\.decided");
      await page.click("form button[type='submit']");
      await page.waitForSelector(".praksis-webhook-secret code");
      const secret = await text(page, ".praksis-webhook-secret code");
      expect(secret.startsWith("whsec_"), `the secret is shown once: ${secret}`);
      await page.waitForSelector(ROW);
      const row = await text(page, ROW);
      expect(row.includes("Bevis udstedt") && row.includes("Tilmelding afgjort") && row.includes("Aktiv"), `the endpoint: ${row}`);
      await ctx.check(page, "hr-webhooks-registered");

      await page.click(`${ROW} button:has-text('Send testbesked')`);
      await page.waitForSelector("section h2:has-text('Leverancer til')");
      await page.waitForSelector("section table tr:has-text('Testbesked')");
      await ctx.settled(page);
      await ctx.check(page, "hr-webhooks-deliveries");

      await page.click(`${ROW} button:has-text('Sæt på pause')`);
      await page.waitForSelector(`${ROW}:has-text('Sat på pause')`);
      await page.reload();
      await waitForHeading(page, "Webhooks");
      await page.waitForSelector(ROW);
      expect(!(await page.$(".praksis-webhook-secret")), "the secret is not shown again");

      await page.setViewportSize({ width: 360, height: 740 });
      await ctx.settled(page);
      await expectNoHorizontalScroll(page, "hr-webhooks at 360 px");
      await ctx.check(page, "hr-webhooks-360");
    },
  },
];

// Issue 18's last gap: Horsens' HR (Anne Løvgren) finds one of the 21 borgerservice
// specialists on the development page, sees the credential, and revokes it: refused without a
// reason first, then revoked with one, confirmed, and shown as revoked; the holder sees it
// revoked in Min udvikling. axe on each state.
import { apiCall, expect, text, waitForHeading } from "../lib.mjs";

const REASON = "Udstedt ved en fejl: den afsluttende prøve var ikke bestået.";

/** A credential of the demo's specialists and its holder's name (HR reads them via the API). */
async function aCredential(page) {
  const credentials = await apiCall(page, "GET", "/api/v1/credentials?limit=50");
  expect(credentials.status === 200, `credentials: ${JSON.stringify(credentials)}`);
  const standing = credentials.body.items.filter((item) => !item.revoked_at);
  expect(standing.length > 0, "the demo's specialists hold credentials");
  const credential = standing[standing.length - 1];
  const holder = await apiCall(page, "GET", `/api/v1/people/${credential.person_id}`);
  return { credential, holder: holder.body };
}

export const flows = [
  {
    name: "HR revokes a credential with a reason and it shows as revoked",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Horsens", person: "Anne", role: "HR" });
      const { credential, holder } = await aCredential(page);
      await page.click("nav a[href='/hr/development']");
      await waitForHeading(page, "Udvikling og beviser");
      await ctx.settled(page);
      await ctx.check(page, "hr-development");

      await page.fill("#development-person-query", holder.name);
      await page.press("#development-person-query", "Enter");
      await page.check(`#development-person-found-${holder.id}`);
      const card = `li.participant-card:has(h3:has-text("${credential.title}"))`;
      await page.waitForSelector(card);
      await page.click(`${card} button:has-text('Tilbagekald beviset')`);
      const dialog = "dialog[open]";
      await page.waitForSelector(`${dialog} #revoke-${credential.id}-reason`);
      await page.click(`${dialog} button[type='submit']`);
      await page.waitForSelector(`#revoke-${credential.id}-reason-error`);
      expect((await text(page, `#revoke-${credential.id}-reason-error`)).includes("Skriv en begrundelse"), "refused without a reason");
      await ctx.check(page, "hr-credential-revoke-refused");

      await page.fill(`#revoke-${credential.id}-reason`, REASON);
      await page.click(`${dialog} button[type='submit']`);
      await page.waitForSelector(`.praksis-confirmation:has-text('er tilbagekaldt')`);
      await page.waitForSelector(`${card} .op-pill:has-text('Tilbagekaldt')`);
      const shown = await text(page, card);
      expect(shown.includes(REASON), `the reason is shown: ${shown}`);
      expect((await page.$(`${card} button:has-text('Tilbagekald beviset')`)) === null, "a revoked credential is not revoked again");
      await ctx.check(page, "hr-credential-revoked");

      const mine = await ctx.newPage("da");
      await ctx.signIn(mine, { municipality: "Horsens", person: holder.name, role: "Deltager" });
      await mine.click("nav a[href='/participant/development']");
      await waitForHeading(mine, "Min udvikling");
      await mine.waitForSelector(`${card} .op-pill:has-text('Tilbagekaldt')`);
      await ctx.settled(mine);
      await ctx.check(mine, "participant-credential-revoked");
    },
  },
];

// E-mail notifications (issue 19): Søren Østergaard (participant, Hedensted) opens his home
// page, sees that e-mails come at once in the municipality's language, chooses English and
// one e-mail a day, saves, and finds his choice again after a reload; then chooses no e-mails.
// axe on the form.
import { expect, waitForHeading } from "../lib.mjs";

async function save(page) {
  const saved = page.waitForResponse(
    (response) => response.url().endsWith("/api/v1/me/notification-settings") && response.request().method() === "PUT",
  );
  await page.click("button:has-text('Gem e-mailindstillinger')");
  expect((await saved).status() === 200, "the choice is saved");
  await page.waitForSelector(".praksis-confirmation:has-text('Dine e-mailindstillinger er gemt.')");
}

export const flows = [
  {
    name: "A participant chooses the language and delivery of their e-mails",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Søren", role: "Deltager" });
      await waitForHeading(page, "Din forside");
      await page.waitForSelector("#notification-language");
      expect((await page.inputValue("#notification-language")) === "", "the municipality's language by default");
      expect(await page.isChecked("#notification-delivery-immediate"), "at once by default");
      await ctx.check(page, "participant-notification-settings");

      await page.selectOption("#notification-language", "en");
      await page.check("#notification-delivery-digest");
      await save(page);

      await page.reload();
      await waitForHeading(page, "Din forside");
      await page.waitForSelector("#notification-language");
      expect((await page.inputValue("#notification-language")) === "en", "English was kept");
      expect(await page.isChecked("#notification-delivery-digest"), "the digest was kept");

      await page.check("#notification-delivery-none");
      await save(page);
    },
  },
];

// GDPR in the app (issue 17): Mette Højgaard (HR, Hedensted) adds a person by hand (refused
// without a name first), downloads that person's data, is told what erasure does before she
// erases, is refused without ticking "cannot be undone" and refused for Jens Kjærsgaard, who
// still leads a unit, then erases the new person, who leaves the search. Søren Østergaard
// downloads his own data from his home page. axe on each view and dialog (and at 360 × 740).
import { readFileSync } from "node:fs";
import { expect, text, waitForHeading } from "../lib.mjs";
import { expectNoHorizontalScroll } from "./10-mobile.mjs";

const NAME = "Åse Sletbjerg (e2e)";

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.click(selector)]);
  return { name: file.suggestedFilename(), body: JSON.parse(readFileSync(await file.path(), "utf8")) };
}

/** Searches by pressing Enter in the field (no click that a late layout shift could move); a
 * new search waits for the list's answer to it (the same search again only re-renders). */
async function search(page, q) {
  await page.fill("#people-search", q);
  const changed = page.peopleQuery !== q;
  page.peopleQuery = q;
  const answered = changed
    ? page.waitForResponse((response) => response.url().includes("/api/v1/people?") && new URL(response.url()).searchParams.get("q") === q)
    : Promise.resolve();
  await page.press("#people-search", "Enter");
  await answered;
  await page.waitForFunction(
    (wanted) => [...document.querySelectorAll("main table tbody tr, main .empty-state")].some((n) => n.textContent.includes(wanted) || n.classList.contains("empty-state")),
    q,
    { timeout: 15_000 },
  );
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

async function openErase(page, name) {
  await page.click(`main tr:has-text("${name}") button:has-text("Slet persondata")`);
  await page.waitForSelector("#erase-person-title", { state: "visible" });
}

export const flows = [
  {
    name: "HR adds a person, exports their data and erases them; a leader's erasure is refused",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await ctx.goto(page, "/hr/people");
      await waitForHeading(page, "Medarbejdere");

      await page.click("button:has-text('Tilføj en person')");
      await page.waitForSelector("#add-person-title", { state: "visible" });
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open] [role='alert']");
      await ctx.check(page, "hr-person-add-refused");
      await page.fill("#person-name", NAME);
      await page.fill("#person-job", "Pædagog");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector(`.praksis-confirmation:has-text("${NAME} er tilføjet")`);

      await search(page, "Sletbjerg");
      const exported = await download(page, `main tr:has-text("${NAME}") button:has-text("Hent data")`);
      expect(exported.name.startsWith("praksis-data-aase-sletbjerg-e2e-") && exported.name.endsWith(".json"), `file name: ${exported.name}`);
      expect(JSON.stringify(exported.body).includes(NAME), "the export holds the person");
      const confirmation = await text(page, ".praksis-confirmation");
      expect(confirmation.includes(exported.name), `confirmation names the file: ${confirmation}`);

      await openErase(page, NAME);
      const dialog = await text(page, "dialog[open]");
      expect(dialog.includes("kan ikke fortrydes") && dialog.includes("leder en enhed"), `rules first: ${dialog.slice(0, 200)}`);
      await ctx.check(page, "hr-person-erase");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open] .form-error");
      await page.setViewportSize({ width: 360, height: 740 });
      await expectNoHorizontalScroll(page, "erase dialog at 360 px");
      await ctx.check(page, "hr-person-erase-360");
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.check("dialog[open] input[name='erase-understood']");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector(`.praksis-confirmation:has-text("Persondata om ${NAME} er slettet")`);
      await search(page, "Sletbjerg");
      const rows = await page.$$eval("main table tbody tr", (found) => found.length);
      expect(rows === 0, `the erased person left the search (${rows} rows)`);

      await search(page, "Kjærsgaard");
      await openErase(page, "Jens Kjærsgaard");
      await page.check("dialog[open] input[name='erase-understood']");
      await page.click("dialog[open] button[type='submit']");
      await page.waitForSelector("dialog[open] [role='alert']");
      await ctx.check(page, "hr-person-erase-refused");
    },
  },
  {
    name: "A participant downloads their own data from their home page",
    async run(ctx) {
      for (const [lang, role, title, button] of [
        ["da", "Deltager", "Din forside", "Hent mine data"],
        ["en", "Participant", "Your home page", "Download my data"],
      ]) {
        const page = await ctx.newPage(lang);
        await ctx.signIn(page, { municipality: "Hedensted", person: "Søren", role });
        await waitForHeading(page, title);
        const mine = await download(page, `button:has-text("${button}")`);
        expect(JSON.stringify(mine.body).includes("Søren Østergaard"), "my export holds me");
        await page.waitForSelector(".praksis-confirmation");
        await ctx.check(page, "participant-my-data");
      }
    },
  },
];

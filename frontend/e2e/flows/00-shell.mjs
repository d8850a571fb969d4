// The foundation: sign-in page and accessibility statement in every language, the dev
// sign-in landing on the participant home, the language switcher and signing out.
import { LANGS, axeViolations, expect, text, waitForHeading } from "../lib.mjs";

const SIGN_IN_TITLE = { da: "Log ind", en: "Sign in", nb: "Logg inn" };
const STATEMENT_TITLE = {
  da: "Tilgængelighedserklæring",
  en: "Accessibility statement",
  nb: "Tilgjengelighetserklæring",
};

export const flows = [
  {
    name: "the axe check fails on a planted violation (an image without a text alternative, a nameless button)",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.goto(page, "/sign-in");
      await page.evaluate(() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", '<img src="/favicon.svg"><button type="button"></button>');
      });
      const found = (await axeViolations(page)).map((violation) => violation.id);
      expect(found.includes("image-alt") && found.includes("button-name"), `axe caught both: ${found}`);
    },
  },
  {
    name: "sign-in page and accessibility statement in da, en and nb pass axe",
    async run(ctx) {
      for (const lang of LANGS) {
        const page = await ctx.newPage(lang);
        await ctx.goto(page, "/sign-in");
        await page.waitForSelector("#municipality");
        expect((await text(page, "main h1")) === SIGN_IN_TITLE[lang], `sign-in h1 in ${lang}`);
        expect((await page.title()).startsWith(SIGN_IN_TITLE[lang]), `document.title in ${lang}`);
        await ctx.check(page, "sign-in");
        await page.click("footer a[href='/accessibility']");
        await waitForHeading(page, STATEMENT_TITLE[lang]);
        await ctx.settled(page);
        expect(await page.evaluate(() => document.activeElement?.tagName === "H1"), "h1 focused");
        await ctx.check(page, "accessibility");
      }
    },
  },
  {
    name: "dev sign-in as a participant lands on the participant home",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signInWithForm(page, {
        municipality: "Hedensted",
        person: "Søren Østergaard",
        role: "Deltager",
      });
      expect(new URL(page.url()).pathname === "/participant", `landed on ${page.url()}`);
      await waitForHeading(page, "Din forside");
      const header = await text(page, "header");
      for (const wanted of ["Søren Østergaard", "Hedensted", "Deltager"]) {
        expect(header.includes(wanted), `header shows ${wanted}: ${header}`);
      }
      await ctx.check(page, "participant-home");
      await page.click("nav a[href='/participant/programmes']");
      await waitForHeading(page, "Mine forløb");
      await ctx.settled(page);
      expect(await page.evaluate(() => document.activeElement?.tagName === "H1"), "h1 focused");
      await ctx.check(page, "participant-programmes");
      // A reload keeps the dev session (sessionStorage) and the deep link.
      await page.reload();
      await waitForHeading(page, "Mine forløb");
    },
  },
  {
    name: "the language switcher changes texts and <html lang>, and signing out is kind",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      expect(new URL(page.url()).pathname === "/hr", `HR lands on ${page.url()}`);
      await page.selectOption("#language", "nb");
      await page.waitForFunction(() => document.documentElement.lang === "nb");
      page.lang = "nb";
      await waitForHeading(page, "HR-forside");
      await ctx.check(page, "hr-home");
      await page.click("header button:has-text('Logg ut')");
      await page.waitForFunction(() => location.pathname === "/sign-in");
      await ctx.settled(page);
      expect((await text(page, "main")).includes("Du er logget ut."), "signed-out message");
    },
  },
];

// Statistics: HR opens the municipality's statistics (charts, tables, filters, the API's CSV),
// a leader sees their own units, and the partner KL opens its anonymous statistics.
import { readFileSync } from "node:fs";
import { LANGS, expect, text, waitForHeading } from "../lib.mjs";

/** At 375 px wide the page must not scroll sideways (tables scroll inside their own box). */
export async function checkMobile(ctx, page, name) {
  await page.setViewportSize({ width: 375, height: 800 });
  await ctx.settled(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 375, `${name}: the page is ${width} px wide at 375 px`);
  await ctx.check(page, `${name}-mobile`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const HR_TITLE = { da: "Statistik", en: "Statistics", nb: "Statistikk" };
const PARTNER_TITLE = {
  da: "Statistik på tværs af kommuner",
  en: "Statistics across municipalities",
  nb: "Statistikk på tvers av kommuner",
};

/** Clicks the page's CSV button and returns the downloaded file's text. */
async function downloadCsv(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15_000 }),
    page.click(".stats-csv button"),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), body: readFileSync(path, "utf8") };
}

export const flows = [
  {
    name: "HR opens the municipality statistics: charts with tables, a filter and the API's CSV",
    async run(ctx) {
      for (const lang of LANGS) {
        const page = await ctx.newPage(lang);
        await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
        await page.click("nav a[href='/hr/statistics']");
        await waitForHeading(page, HR_TITLE[lang]);
        await page.waitForSelector("#chart-funnel-caption");
        await ctx.settled(page);
        // Every chart has its figures as a table: the funnel's 22 approved places are there.
        const funnel = await text(page, "#chart-funnel-table");
        expect(funnel.includes("22"), `funnel table shows 22 approved: ${funnel}`);
        expect(await page.$("#chart-org-unit-caption"), "completion/attendance per org unit chart");
        expect(await page.$("#chart-kerneopgave-caption"), "per kerneopgave chart");
        expect(await page.$("#chart-reaction-caption"), "Kirkpatrick level 1 chart");
        expect(await page.$("#chart-grades-caption"), "grade distribution chart");
        expect(await page.$("#chart-ratings-over-time-caption"), "ratings over time chart");
        await ctx.check(page, "hr-statistics");
        if (lang !== "da") continue;
        // The table can be shown; the Kirkpatrick averages come from 25 anonymous answers.
        await page.click("button[aria-controls='chart-reaction-table']");
        const reaction = await text(page, "#chart-reaction-table");
        expect(/Relevans4,3/.test(reaction), `level 1 averages in Danish format: ${reaction}`);
        // Over time: a row per month the demo's workshops were held, in Danish month names.
        await page.click("button[aria-controls='chart-ratings-over-time-table']");
        const months = await text(page, "#chart-ratings-over-time-table");
        expect(/(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\.? 20\d\d/.test(months), `months: ${months}`);
        // Filter on one org unit: the funnel follows the API's answer.
        await page.selectOption("#filter-org-unit", { label: "Ældre og Sundhed" });
        await page.click(".stats-filters button[type='submit']");
        await page.waitForFunction(
          () => !document.querySelector("#chart-funnel-table")?.textContent?.includes("22"),
          null,
          { timeout: 15_000 },
        );
        await ctx.settled(page);
        const filtered = await text(page, "#chart-funnel-table");
        expect(filtered.includes("6"), `filtered funnel shows the unit's 6: ${filtered}`);
        await ctx.check(page, "hr-statistics-filtered");
        const csv = await downloadCsv(page);
        expect(csv.name.startsWith("praksis-statistik-") && csv.name.endsWith(".csv"), csv.name);
        expect(csv.body.replace(/^\ufeff/, "").startsWith("section;key;label;measure;value"), "API CSV");
        expect(csv.body.includes("Ældre og Sundhed"), "CSV honours the filter");
        expect(!csv.body.includes("Børn og Familie"), "CSV leaves other units out");
        await checkMobile(ctx, page, "hr-statistics");
      }
    },
  },
  {
    name: "a leader sees the statistics of their own units",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Jens", role: "Leder" });
      await page.click("nav a[href='/leader/statistics']");
      await waitForHeading(page, "Statistik for mine enheder");
      await ctx.settled(page);
      // Jens leads Ældre og Sundhed: the API scopes the figures to its 6 people, not all 22.
      await page.waitForSelector("#chart-funnel-caption");
      const funnel = await text(page, "#chart-funnel-table");
      expect(funnel.includes("Godkendt6") && !funnel.includes("22"), `leader's funnel: ${funnel}`);
      await ctx.check(page, "leader-statistics");
    },
  },
  {
    name: "the partner KL opens its anonymous statistics across municipalities",
    async run(ctx) {
      for (const lang of LANGS) {
        const page = await ctx.newPage(lang);
        await ctx.signIn(page, { partner: "KL" });
        await page.click("nav a[href='/partner/statistics']");
        await waitForHeading(page, PARTNER_TITLE[lang]);
        await ctx.settled(page);
        const main = await text(page, "main");
        expect(main.includes("Fremtidens teknik- og miljømedarbejder"), "KL's pilot offering");
        expect(main.includes("Middelfart"), "Middelfart's row");
        expect(!main.includes("@"), "no e-mail addresses or people");
        await ctx.check(page, "partner-statistics");
        if (lang !== "da") continue;
        const csv = await downloadCsv(page);
        expect(csv.body.replace(/^\ufeff/, "").startsWith("offering_id;offering;"), "partner CSV");
        await checkMobile(ctx, page, "partner-statistics");
      }
    },
  },
];

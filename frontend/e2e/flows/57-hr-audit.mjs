// HR reads the audit trail (issue 16): Mette Højgaard (HR, Hedensted) creates a unit through
// the API, then finds its creation on /hr/audit by action, narrows to that one object with
// "Kun dette objekt", and sees the changed fields. axe on the view (Danish, and English for the
// labels), and at 360 × 740 without a horizontal scroll.
import { apiCall, expect, selectByText, text, waitForHeading } from "../lib.mjs";
import { expectNoHorizontalScroll } from "./10-mobile.mjs";

const UNIT = "Afdeling for revisionsspor (e2e)";
const ROW = `tr:has-text("${UNIT}")`;

async function createUnit(page) {
  const units = await apiCall(page, "GET", "/api/v1/org-units?limit=200");
  const top = units.body.items.find((unit) => unit.kind === "forvaltning");
  expect(top, "Hedensted has a forvaltning");
  const created = await apiCall(page, "POST", "/api/v1/org-units", { name: UNIT, kind: "afdeling", parent_id: top.id });
  expect(created.status === 201, `unit created: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

export const flows = [
  {
    name: "HR finds a change in the audit trail by action and object",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      const unitId = await createUnit(page);

      await page.click("nav a[href='/hr/audit']");
      await waitForHeading(page, "Revisionsspor");
      await ctx.settled(page);
      await ctx.check(page, "hr-audit");

      await selectByText(page, "#audit-action", "Enhed oprettet");
      // the filtered answer first: the unfiltered list shows the same row, names and all
      const filtered = page.waitForResponse(
        (response) => response.url().includes("/api/v1/audit?") && new URL(response.url()).searchParams.get("action") === "org_unit.created",
      );
      await page.click("form.praksis-audit-filters button[type='submit']");
      await filtered;
      // the actor's name arrives after the row (one lookup for the page's people)
      await page.waitForSelector(`${ROW}:has-text("Mette Højgaard")`);
      const row = await text(page, ROW);
      expect(row.includes("Enhed oprettet") && row.includes("Mette Højgaard"), `action and who: ${row}`);
      expect(row.includes(unitId), `the unit's id: ${row}`);
      await ctx.check(page, "hr-audit-filtered");

      await page.click(`${ROW} button:has-text("Kun dette objekt")`);
      await page.waitForFunction((id) => document.querySelector("#audit-object-id")?.value === id, unitId);
      await ctx.settled(page);
      const rows = await page.$$eval("main table tbody tr", (found) => found.length);
      expect(rows === 1, `one event for the unit, not ${rows}`);

      await page.setViewportSize({ width: 360, height: 740 });
      await ctx.settled(page);
      await expectNoHorizontalScroll(page, "hr-audit at 360 px");
      await ctx.check(page, "hr-audit-360");
    },
  },
  {
    name: "The audit trail in English",
    async run(ctx) {
      const page = await ctx.newPage("en");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Mette", role: "HR" });
      await page.goto("/hr/audit");
      await waitForHeading(page, "Audit trail");
      await ctx.check(page, "hr-audit");
      const options = await page.$$eval("#audit-action option", (found) => found.map((o) => o.text));
      expect(options.includes("Unit created") && options[0] === "All", `English labels: ${options.slice(0, 3)}`);
    },
  },
];

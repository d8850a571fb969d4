// Min udvikling: a participant proposes a development goal for the annual conversation (MUS)
// and their leader sees it in the team's development view; both views pass axe.
import { expect, selectByText, text, waitForHeading } from "../lib.mjs";

const GOAL = "Facilitere borgermøder i Fritid & Fællesskab";

export const flows = [
  {
    name: "a participant proposes a goal for MUS and the leader's team view shows the plan",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.signIn(page, { municipality: "Hedensted", person: "Søren Østergaard", role: "Deltager" });
      await page.click("nav a[href='/participant/development']");
      await waitForHeading(page, "Min udvikling");
      await ctx.settled(page);
      await ctx.check(page, "participant-development");
      await page.fill("#goal-title", GOAL);
      await page.fill("#goal-review", "2027-03-15");
      await page.click("button:has-text('Foreslå målet')");
      await page.waitForSelector(`h3:has-text('${GOAL}')`);
      const goals = await text(page, "section[aria-labelledby='development-goals']");
      expect(goals.includes("Foreslået"), `the goal is proposed: ${goals}`);
      expect(goals.includes("Næste opfølgning (MUS)"), `the next MUS is shown: ${goals}`);
      await ctx.check(page, "participant-development-goal");

      const leader = await ctx.newPage("da");
      await ctx.signIn(leader, { municipality: "Hedensted", person: "Jens", role: "Leder" });
      await leader.click("nav a[href='/leader/development']");
      await waitForHeading(leader, "Teamets udvikling");
      await ctx.settled(leader);
      await ctx.check(leader, "leader-development");
      // Jens leads Søren's afdeling (demo data): he agrees to the goal Søren proposed
      await selectByText(leader, "#development-member", "Søren Østergaard");
      await leader.waitForSelector(`h3:has-text('${GOAL}')`);
      await leader.click("button:has-text('Aftal målet')");
      await leader.waitForSelector("dd:has-text('Aftalt')");
      await ctx.check(leader, "leader-development-agreed");
    },
  },
];

// Keyboard only (WCAG 2.1.1, 2.4.1, 2.4.7): the skip link comes first and moves focus to the
// content, the dev sign-in is done with Tab, arrow keys and Enter, the main navigation is
// reached and followed the same way, and every element that takes focus on the way shows a
// visible focus indicator.
import { expect, waitForHeading } from "../lib.mjs";

/** Whether the focused element draws a focus indicator (an outline or a box shadow). */
async function focusIsVisible(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== "none";
  });
}

async function describeFocus(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    return `${element?.tagName.toLowerCase()}#${element?.id} "${element?.textContent?.trim().slice(0, 40)}"`;
  });
}

/** Presses Tab (or Shift+Tab) until `selector` has focus, checking the focus indicator at
 *  every stop. */
async function tabTo(page, selector, key = "Tab", most = 60) {
  for (let step = 0; step < most; step++) {
    await page.keyboard.press(key);
    if (await page.evaluate(() => document.activeElement === document.body)) break;
    expect(await focusIsVisible(page), `no visible focus on ${await describeFocus(page)}`);
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted), selector)) return;
  }
  throw new Error(`${selector} not reached with ${key}`);
}

async function waitForOption(page, selector, text) {
  await page.waitForFunction(
    ([sel, wanted]) =>
      [...(document.querySelector(sel)?.options ?? [])].some((o) => o.text.startsWith(wanted)),
    [selector, text],
    { timeout: 15_000 },
  );
}

/** Moves a focused <select> with the arrow key until its chosen option starts with `text`. */
async function arrowToOption(page, text) {
  for (let step = 0; step < 200; step++) {
    const chosen = await page.evaluate(
      () => document.activeElement?.selectedOptions?.[0]?.text ?? "",
    );
    if (chosen.startsWith(text)) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`option ${text} not reached with the arrow key`);
}

export const flows = [
  {
    name: "keyboard only: skip link, dev sign-in and navigation with visible focus",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await ctx.goto(page, "/sign-in");
      await page.waitForSelector("#municipality option:nth-child(2)", { state: "attached" });

      await page.keyboard.press("Tab");
      expect(
        (await page.evaluate(() => document.activeElement?.textContent?.trim())) ===
          "Gå til sideindhold",
        "the skip link is the first stop",
      );
      expect(await focusIsVisible(page), "the skip link shows its focus");
      await page.keyboard.press("Enter");
      expect(
        await page.evaluate(() => Boolean(document.activeElement?.closest("main"))),
        "the skip link moves focus into the content",
      );

      await tabTo(page, "#municipality");
      await arrowToOption(page, "Hedensted");
      await waitForOption(page, "#person", "Søren Østergaard");
      await tabTo(page, "#person");
      await arrowToOption(page, "Søren Østergaard");
      await waitForOption(page, "#role", "Deltager");
      await tabTo(page, "#role");
      await arrowToOption(page, "Deltager");
      await tabTo(page, "form button[type='submit']");
      await page.keyboard.press("Enter");
      await waitForHeading(page, "Din forside");
      await ctx.settled(page);

      // the new view focuses its heading; the navigation is before it
      await tabTo(page, "nav a[href='/participant/project']", "Shift+Tab");
      await page.keyboard.press("Enter");
      await waitForHeading(page, "Mit aktionslæringsprojekt");
    },
  },
];

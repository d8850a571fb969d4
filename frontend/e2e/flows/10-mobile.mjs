// Phones (issue 17, WCAG 1.4.10 reflow): at 320 × 640 and 360 × 740 every view each demo role
// can reach — found from its own navigation — fits the width without a horizontal scroll and
// passes axe (at 320 px), and so do the public pages. The main navigation is a menu button (disclosure):
// it opens and closes with the keyboard, Escape returns focus to it, following a link closes it.
import { expect, waitForHeading } from "../lib.mjs";

export const PHONES = [
  { width: 320, height: 640 },
  { width: 360, height: 740 },
];

const ROLES = [
  { name: "participant", who: { municipality: "Hedensted", person: "Søren Østergaard", role: "Deltager" } },
  { name: "leader", who: { municipality: "Hedensted", person: "Jens", role: "Leder" } },
  { name: "facilitator", who: { municipality: "Hedensted", person: "Birgitte", role: "Facilitator" } },
  { name: "hr", who: { municipality: "Hedensted", person: "Mette", role: "HR" } },
  { name: "partner", who: { partner: "KL" } },
];

const MENU_BUTTON = "button[aria-controls='main-menu']";

/** Fails when the page scrolls sideways, naming the elements that stick out. */
export async function expectNoHorizontalScroll(page, name) {
  const result = await page.evaluate(() => {
    const root = document.documentElement;
    const limit = root.clientWidth;
    const sticksOut = (element) => element.getBoundingClientRect().right > limit + 0.5;
    /** Inside a box that scrolls or clips, an element can be wider without widening the page. */
    const contained = (element) => {
      for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
        if (getComputedStyle(box).overflowX !== "visible" && !sticksOut(box)) return true;
      }
      return false;
    };
    const culprits = [...document.body.querySelectorAll("*")]
      .filter((element) => sticksOut(element) && !contained(element))
      .filter((element) => ![...element.children].some(sticksOut))
      .slice(0, 5)
      .map((element) => {
        const classes = element.getAttribute("class") ? `.${element.getAttribute("class").trim().split(/\s+/).join(".")}` : "";
        return `${element.tagName.toLowerCase()}${classes} (right ${Math.round(element.getBoundingClientRect().right)})`;
      });
    return { scrollWidth: root.scrollWidth, clientWidth: limit, culprits };
  });
  expect(
    result.scrollWidth <= result.clientWidth,
    `${name}: ${result.scrollWidth} px wide in a ${result.clientWidth} px viewport; sticking out: ${result.culprits.join(", ")}`,
  );
}

async function menuState(page) {
  return page.evaluate((selector) => {
    const button = document.querySelector(selector);
    const list = document.getElementById(button?.getAttribute("aria-controls") ?? "");
    return {
      expanded: button?.getAttribute("aria-expanded"),
      listShown: Boolean(list && list.getClientRects().length > 0),
      buttonShown: Boolean(button && button.getClientRects().length > 0),
      focusOnButton: document.activeElement === button,
      focusInList: Boolean(list?.contains(document.activeElement)),
    };
  }, MENU_BUTTON);
}

/** Fails when any chart text renders smaller than 12 CSS pixels (after the SVG's scaling). */
export async function expectReadableCharts(page, name) {
  await page.waitForTimeout(100); // one ResizeObserver round after a viewport change
  const sizes = await page.$$eval(".chart-plot svg text", (texts) =>
    texts.map((text) => {
      const svg = text.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return { text: text.textContent, px: parseFloat(getComputedStyle(text).fontSize) * scale };
    }),
  );
  const small = sizes.filter((size) => size.px < 12);
  expect(
    small.length === 0,
    `${name}: chart text under 12 px: ${small.slice(0, 3).map((s) => `"${s.text}" ${s.px.toFixed(1)} px`).join(", ")}`,
  );
  return sizes.length;
}

/** Reflow and chart text at every phone width; axe (and the screenshot) at the narrowest,
 * where a phone layout's problems show first — the same view at 360 px adds nothing axe sees. */
async function checkAt(ctx, page, name, size) {
  await ctx.settled(page);
  await expectNoHorizontalScroll(page, `${name} at ${size.width} px`);
  await expectReadableCharts(page, `${name} at ${size.width} px`);
  if (size === PHONES[0]) await ctx.check(page, `${name}-${size.width}px`);
}

export const flows = [
  {
    name: "phones: sign-in and accessibility statement fit 320 and 360 px and pass axe",
    async run(ctx) {
      const page = await ctx.newPage("da");
      for (const size of PHONES) {
        await page.setViewportSize(size);
        await ctx.goto(page, "/sign-in");
        await page.waitForSelector("#municipality option:nth-child(2)", { state: "attached" });
        await checkAt(ctx, page, "sign-in", size);
        await ctx.goto(page, "/accessibility");
        await checkAt(ctx, page, "accessibility", size);
      }
    },
  },
  ...ROLES.map((role) => ({
    name: `phones: every ${role.name} view fits 320 and 360 px and passes axe`,
    async run(ctx) {
      const page = await ctx.newPage("da");
      await page.setViewportSize(PHONES[0]);
      await ctx.signIn(page, role.who);
      const paths = await page.$$eval("#main-menu a", (links) => links.map((link) => link.getAttribute("href")));
      expect(paths.length > 0, `${role.name} has views in the navigation`);
      for (const size of PHONES) {
        await page.setViewportSize(size);
        for (const path of paths) {
          await ctx.goto(page, path);
          await checkAt(ctx, page, `${role.name}${path.replaceAll("/", "-")}`, size);
        }
      }
    },
  })),
  {
    name: "chart text is at least 12 px at 320, 360, 768 and 1280 px (HR and partner statistics)",
    async run(ctx) {
      for (const [who, path] of [[ROLES[3].who, "/hr/statistics"], [ROLES[4].who, "/partner/statistics"]]) {
        const page = await ctx.newPage("da");
        await ctx.signIn(page, who);
        await ctx.goto(page, path);
        await page.waitForSelector(".chart-plot svg text");
        for (const width of [1280, 768, 360, 320]) {
          await page.setViewportSize({ width, height: 900 });
          const count = await expectReadableCharts(page, `${path} at ${width} px`);
          expect(count > 0, `${path} shows chart text`);
        }
      }
    },
  },
  {
    name: "phones: the menu button opens and closes the navigation with the keyboard",
    async run(ctx) {
      const page = await ctx.newPage("da");
      await page.setViewportSize(PHONES[1]);
      await ctx.signIn(page, ROLES[3].who);
      await waitForHeading(page, "HR-forside");

      let state = await menuState(page);
      expect(state.buttonShown && state.expanded === "false" && !state.listShown, `closed at first: ${JSON.stringify(state)}`);
      const name = await page.$eval(MENU_BUTTON, (button) => button.textContent?.trim());
      expect(name === "Menu", `the button is called Menu, not ${name}`);

      // Tab from the heading backwards reaches the menu button before anything in the content.
      await page.focus("main h1");
      await page.keyboard.press("Shift+Tab");
      expect((await menuState(page)).focusOnButton, "Shift+Tab from the heading lands on the menu button");

      await page.keyboard.press("Enter");
      state = await menuState(page);
      expect(state.expanded === "true" && state.listShown, `Enter opens the menu: ${JSON.stringify(state)}`);
      await page.keyboard.press("Tab");
      expect((await menuState(page)).focusInList, "Tab moves into the open menu");
      await ctx.check(page, "hr-menu-open-360px");

      await page.keyboard.press("Escape");
      state = await menuState(page);
      expect(
        state.expanded === "false" && !state.listShown && state.focusOnButton,
        `Escape closes the menu and returns focus to the button: ${JSON.stringify(state)}`,
      );

      await page.keyboard.press("Space");
      expect((await menuState(page)).expanded === "true", "Space opens the menu");
      await page.keyboard.press("Space");
      expect((await menuState(page)).expanded === "false", "Space closes it again");

      await page.keyboard.press("Enter");
      for (let step = 0; step < 20; step++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(() => document.activeElement?.getAttribute("href") === "/hr/cohorts")) break;
      }
      await page.keyboard.press("Enter");
      await waitForHeading(page, "Hold, læringsgrupper og buddies");
      await ctx.settled(page);
      state = await menuState(page);
      expect(state.expanded === "false" && !state.listShown, `following a link closes the menu: ${JSON.stringify(state)}`);
      expect(await page.evaluate(() => document.activeElement?.tagName === "H1"), "the new view's heading has focus");

      // From 992 px the list always shows and the button is gone.
      await page.setViewportSize({ width: 1280, height: 900 });
      state = await menuState(page);
      expect(!state.buttonShown && state.listShown, `desktop shows the list, not the button: ${JSON.stringify(state)}`);
    },
  },
];

// End-to-end tests: real `praksis serve`s on fresh SQLite databases with the demo data,
// Debian's Chromium, every flow in e2e/flows/*.mjs, axe on every view, screenshots in
// test-artifacts/. Ends with "N passed, N failed" and exits non-zero on any failure.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { Context } from "./lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const repo = resolve(frontend, "..");
const praksis = join(repo, ".venv", "bin", "praksis");
// Debian's `chromium-headless-shell`: the same source and version as its `chromium`, built as
// Chromium's headless shell (what Playwright itself runs headless), without the full
// browser's window UI; the whole e2e run took ~19 % less CPU (260 -> 211 s) than with
// `/usr/bin/chromium --headless`. CHROMIUM=/usr/bin/chromium runs the full browser.
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium-headless-shell";
const only = process.argv.slice(2);
// Flows run in lanes, each on its own server (a copy of the seeded database) and its own pages,
// taking the next file as they finish one: on two cores two lanes overlap one flow's waiting
// (server, rendering) with the other's work. E2E_LANES=1 runs them one after another.
const LANES = Math.max(1, Number(process.env.E2E_LANES ?? 2));

/**
 * With CHROMIUM=/usr/bin/chromium: Chromium's new headless mode builds each window's browser
 * UI, and every new context is a window: two omnibox-popup WebUI renderers preloaded per
 * context (`chrome://omnibox-popup.top-chrome/`, plain and AI mode), never shown here, took
 * ~20 % of the e2e run's CPU.
 * Chromium honours only the last `--disable-features`, so this one repeats Playwright's own
 * list, read from the installed playwright-core, and adds the popups' features.
 */
function disabledFeatures() {
  const bundle = readFileSync(join(frontend, "node_modules", "playwright-core", "lib", "coreBundle.js"), "utf8");
  const declared = /disabledFeatures = \[([\s\S]*?)\]\.filter/.exec(bundle);
  if (!declared) throw new Error("playwright-core's disabledFeatures list not found: update e2e/run.mjs");
  const code = declared[1].replace(/\/\/.*$/gm, "");
  const playwrights = [...code.matchAll(/"([A-Za-z0-9]+)"/g)].map((match) => match[1]);
  return [...playwrights, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"].join(",");
}

/** Says so if a Chromium upgrade renamed the features and the popups are back. */
async function warnOfBrowserUi(browser) {
  const context = await browser.newContext();
  await context.newPage();
  const session = await browser.newBrowserCDPSession();
  const { targetInfos } = await session.send("Target.getTargets");
  await session.detach();
  await context.close();
  const ui = targetInfos.filter((target) => target.type === "browser_ui").map((target) => target.url);
  if (ui.length > 0) console.log(`warning: browser UI preloaded per context again (see disabledFeatures): ${ui.join(", ")}`);
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(url, server) {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (server.exitCode !== null) throw new Error(`praksis serve exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

/** The first server's database as `migrate` and `seed-demo` left it, for the servers after it. */
let pristine;

/**
 * `praksis serve` on its own fresh SQLite database with the demo data; `extraEnv` overrides.
 * The first server migrates and seeds (~10 s of CPU); later ones start from a copy of that.
 */
async function startServer(extraEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), "praksis-e2e-"));
  const database = join(dir, "praksis.sqlite3");
  const env = {
    ...process.env,
    PRAKSIS_ENVIRONMENT: "development",
    PRAKSIS_DATABASE_URL: `sqlite:///${database}`,
    PRAKSIS_DEV_SIGN_IN: "true",
    PRAKSIS_JWT_SECRET: randomBytes(32).toString("hex"),
    PRAKSIS_FRONTEND_DIST: join(frontend, "dist"),
    ...extraEnv,
  };
  if (pristine) {
    copyFileSync(pristine, database);
  } else {
    execFileSync(praksis, ["migrate"], { env, stdio: ["ignore", "ignore", "inherit"] });
    execFileSync(praksis, ["seed-demo"], { env, stdio: ["ignore", "ignore", "inherit"] });
    if (existsSync(`${database}-wal`)) throw new Error("seed-demo left a write-ahead log: copy it too");
    pristine = join(mkdtempSync(join(tmpdir(), "praksis-e2e-pristine-")), "praksis.sqlite3");
    copyFileSync(database, pristine);
  }
  const port = await freePort();
  const server = spawn(praksis, ["serve", "--host", "127.0.0.1", "--port", String(port)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  server.stderr.on("data", (chunk) => {
    log = (log + chunk).slice(-20_000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(`${baseUrl}/healthz`, server);
  return {
    baseUrl,
    log: () => log,
    stop() {
      server.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function loadFlows() {
  const folder = join(here, "flows");
  const files = readdirSync(folder).filter((name) => name.endsWith(".mjs")).sort();
  const flows = [];
  for (const file of files) {
    const module = await import(pathToFileURL(join(folder, file)).href);
    for (const flow of module.flows ?? []) flows.push({ file, ...flow });
  }
  return flows.filter((flow) => only.length === 0 || only.some((o) => flow.name.includes(o)));
}

/** Flows of one file stay together and in order, on one lane. */
function byFile(flows) {
  const files = new Map();
  for (const flow of flows) files.set(flow.file, [...(files.get(flow.file) ?? []), flow]);
  return [...files.values()];
}

async function main() {
  if (!existsSync(join(frontend, "dist", "index.html"))) {
    throw new Error("frontend/dist is missing: run `npm run build` first");
  }
  const queue = byFile(await loadFlows());
  const servers = [await startServer()];
  while (servers.length < Math.min(LANES, queue.length)) servers.push(await startServer());
  let browser;
  let passed = 0;
  let failed = 0;
  const visited = [];
  const axeTally = { runs: 0, contrast: 0, ms: 0 };
  const contrastChecked = new Map();
  const skipped = [];
  const failedLanes = new Set();

  async function lane(server) {
    const context = new Context({
      browser,
      baseUrl: server.baseUrl,
      artifacts: join(repo, "test-artifacts", "screenshots"),
      startServer,
      visited,
      axeTally,
      contrastChecked,
    });
    for (let file = queue.shift(); file; file = queue.shift()) {
      for (const flow of file) {
        if (flow.quarantined) {
          skipped.push(flow.name);
          console.log(`SKIP  ${flow.name} [${flow.file}] — quarantined: ${flow.quarantined}`);
          continue;
        }
        const started = Date.now();
        try {
          await flow.run(context);
          passed++;
          console.log(`ok    ${flow.name} (${Date.now() - started} ms)`);
        } catch (error) {
          failed++;
          failedLanes.add(server);
          console.log(`FAIL  ${flow.name} [${flow.file}]\n${error?.stack ?? error}`);
        } finally {
          await context.closePages();
        }
      }
    }
  }

  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        `--disable-features=${disabledFeatures()}`,
      ],
    });
    await warnOfBrowserUi(browser);
    await Promise.all(servers.map(lane));
  } finally {
    await browser?.close();
    for (const server of failedLanes) console.log(`--- server log (tail) ---\n${server.log().slice(-4000)}`);
    for (const server of servers) server.stop();
    if (pristine) rmSync(dirname(pristine), { recursive: true, force: true });
  }
  const shots = process.env.E2E_SCREENSHOTS === "none" ? "no screenshots (E2E_SCREENSHOTS=none)" : "screenshots in test-artifacts/screenshots/";
  console.log(
    `views checked with axe: ${visited.length} (${axeTally.contrast} with colour contrast; ` +
      `${(axeTally.ms / 1000).toFixed(1)} s in axe); ${shots}; ${servers.length} lane(s)`,
  );
  console.log(`${passed} passed, ${failed} failed, ${skipped.length} quarantined`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
});

// What a first visit costs: opens a URL in Debian's Chromium (headless shell) with an empty
// cache and sums the bytes on the wire (Chrome's encodedDataLength: headers plus the body as
// sent, compressed or not) per kind of resource, next to the bodies' decoded sizes.
//   node scripts/transfer-size.mjs http://127.0.0.1:8000/
import { chromium } from "playwright-core";

const url = process.argv[2] ?? "http://127.0.0.1:8000/";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium-headless-shell",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const requests = new Map();
  cdp.on("Network.responseReceived", ({ requestId, type, response }) => {
    requests.set(requestId, { type, url: response.url, encoding: response.headers["content-encoding"] ?? "", wire: 0, body: 0 });
  });
  cdp.on("Network.dataReceived", ({ requestId, dataLength }) => {
    const request = requests.get(requestId);
    if (request) request.body += dataLength;
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId);
    if (request) request.wire = encodedDataLength;
  });
  await page.goto(url, { waitUntil: "networkidle" });
  const byType = new Map();
  for (const request of requests.values()) {
    const sum = byType.get(request.type) ?? { count: 0, wire: 0, body: 0 };
    byType.set(request.type, { count: sum.count + 1, wire: sum.wire + request.wire, body: sum.body + request.body });
  }
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
  console.log(`${url} (landed on ${page.url()})`);
  console.log(`${"kind".padEnd(12)} ${"files".padStart(5)} ${"on the wire".padStart(11)} ${"decoded".padStart(9)}`);
  let wire = 0;
  let body = 0;
  for (const [type, sum] of [...byType].sort((a, b) => b[1].wire - a[1].wire)) {
    console.log(`${type.padEnd(12)} ${String(sum.count).padStart(5)} ${kb(sum.wire).padStart(11)} ${kb(sum.body)}`);
    wire += sum.wire;
    body += sum.body;
  }
  console.log(`${"total".padEnd(12)} ${String(requests.size).padStart(5)} ${kb(wire).padStart(11)} ${kb(body)}`);
  const plain = [...requests.values()].filter((r) => ["Script", "Stylesheet", "Document"].includes(r.type) && !r.encoding);
  if (plain.length > 0) console.log(`sent uncompressed: ${plain.map((r) => r.url).join(", ")}`);
} finally {
  await browser.close();
}

// The initial JavaScript budget: every <script src> and <link rel=modulepreload> that
// dist/index.html loads, gzipped, must stay within 150 KB.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 150 * 1024;
const dist = "dist";
const html = readFileSync(join(dist, "index.html"), "utf8");
const tags = [
  ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
];
const files = [...new Set(tags.map((match) => match[1]))];
let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file.replace(/^\//, "")))).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} KB gz  ${file}`);
}
const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB gz  initial JS total (${verdict} 150 KB)`);
if (files.length === 0 || total > BUDGET_BYTES) process.exit(1);

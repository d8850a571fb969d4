import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { precompress } from "./precompress.mjs";

const dirs = [];
function distWith(files) {
  const dir = mkdtempSync(join(tmpdir(), "precompress-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const script = "export const greeting = 'Goddag';\n".repeat(100);

describe("precompress", () => {
  it("writes brotli and gzip twins that decode to the original, also in subfolders", () => {
    const dir = distWith({ "index.html": `<!doctype html>${"<p>Praksis</p>".repeat(50)}`, "assets/index-abc.js": script });
    precompress(dir);
    const original = readFileSync(join(dir, "assets/index-abc.js"));
    expect(brotliDecompressSync(readFileSync(join(dir, "assets/index-abc.js.br")))).toEqual(original);
    expect(gunzipSync(readFileSync(join(dir, "assets/index-abc.js.gz")))).toEqual(original);
    expect(existsSync(join(dir, "index.html.br"))).toBe(true);
    expect(existsSync(join(dir, "index.html.gz"))).toBe(true);
  });

  it("leaves fonts, tiny files and files that would not shrink alone", () => {
    const dir = distWith({
      "assets/font.woff2": script,
      "assets/tiny.js": "export {};\n",
      "assets/noise.svg": randomBytes(4096),
    });
    const written = precompress(dir).map((entry) => entry.path);
    expect(written.some((path) => path.includes("font.woff2"))).toBe(false);
    expect(written.some((path) => path.includes("tiny.js"))).toBe(false);
    expect(written.some((path) => path.includes("noise.svg"))).toBe(false);
  });

  it("does not compress its own twins when run twice", () => {
    const dir = distWith({ "assets/index-abc.js": script });
    precompress(dir);
    const second = precompress(dir).map((entry) => entry.path);
    expect(second.every((path) => !/\.(br|gz)\.(br|gz)$/.test(path))).toBe(true);
  });
});

// Precompression at build time: next to every compressible file in dist/ goes `x.br` (brotli,
// quality 11) and `x.gz` (gzip, level 9), each only when it is smaller. `praksis serve` sends
// the twin the browser accepts (backend/praksis/kit/static.py), so no request compresses.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Text formats; fonts in woff/woff2 and images in png/jpg are compressed already. */
export const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".svg", ".json", ".txt", ".map", ".ttf", ".eot", ".ico", ".xml", ".webmanifest"]);
/** Below this the headers outweigh any saving. */
export const MIN_BYTES = 256;

export const ENCODERS = {
  ".br": (data) =>
    brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  ".gz": (data) => gzipSync(data, { level: 9 }),
};

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Writes the twins of every compressible file under `dir`; returns what it wrote. */
export function precompress(dir) {
  const written = [];
  for (const path of [...filesUnder(dir)]) {
    if (!COMPRESSIBLE.has(extname(path).toLowerCase())) continue;
    if (statSync(path).size < MIN_BYTES) continue;
    const data = readFileSync(path);
    for (const [suffix, encode] of Object.entries(ENCODERS)) {
      const encoded = encode(data);
      if (encoded.length >= data.length) continue;
      writeFileSync(path + suffix, encoded);
      written.push({ path: path + suffix, original: data.length, encoded: encoded.length });
    }
  }
  return written;
}

/** The Vite plugin: precompress dist/ once the bundle is written. */
export function precompressPlugin() {
  let outDir = "dist";
  return {
    name: "praksis-precompress",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      precompress(outDir);
    },
  };
}

import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";
import { precompressPlugin } from "./scripts/precompress.mjs";

const dkfdsCss = fileURLToPath(
  new URL("./node_modules/dkfds/dist/css/dkfds.min.css", import.meta.url),
);

export default defineConfig({
  plugins: [preact(), precompressPlugin()],
  resolve: {
    // Vite 8 refuses a deep import outside the package's "exports": alias the file instead.
    alias: { "dkfds-css": dkfdsCss },
  },
  build: {
    outDir: "dist",
    // Keeps DKFDS's icons as files instead of inlining them into the CSS (50 KB gz → 32).
    assetsInlineLimit: 0,
    target: "es2022",
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8000" },
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "scripts/**/*.test.mjs"],
    environment: "node",
  },
});

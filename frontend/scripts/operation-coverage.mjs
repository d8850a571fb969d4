// Which OpenAPI operations the SPA's typed client calls (issue 17, item 3). Every operation a
// person uses must be reachable in the app: `uncovered()` lists those neither called from
// src/ nor exempted in ./operations-not-in-app.mjs. Run by vitest (operation-coverage.test.mjs).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** "METHOD /path" for every operation in openapi.json. */
export function operationsIn(openapi) {
  const found = [];
  for (const [path, item] of Object.entries(openapi.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method.toLowerCase()]) found.push(`${method} ${path}`);
    }
  }
  return found.sort();
}

// api.GET("/api/v1/…", …): the method and the literal path (the typed client accepts only the
// schema's literal paths, so every call has one).
const CALL = /\bapi\s*\.\s*(GET|POST|PUT|PATCH|DELETE)\s*\(\s*["'`]([^"'`]+)["'`]/g;

/** "METHOD /path" for every typed-client call in the given source text. */
export function callsIn(source) {
  return [...source.matchAll(CALL)].map((match) => `${match[1]} ${match[2]}`);
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const isSource = /\.(ts|tsx)$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name);
    return isSource ? [path] : [];
  });
}

/** Every operation called somewhere under `srcDir` (tests and type declarations excluded). */
export function calledOperations(srcDir) {
  return new Set(sourceFiles(srcDir).flatMap((file) => callsIn(readFileSync(file, "utf8"))));
}

/**
 * The verdict: operations nobody calls and nobody exempted; exemptions that are called after
 * all or no longer exist (so the list stays short and true); calls of operations that the
 * schema doesn't have.
 */
export function coverage(operations, called, exempt) {
  const known = new Set(operations);
  return {
    uncovered: operations.filter((op) => !called.has(op) && !exempt.has(op)),
    exemptButCalled: [...exempt.keys()].filter((op) => called.has(op)).sort(),
    exemptButGone: [...exempt.keys()].filter((op) => !known.has(op)).sort(),
    unknownCalls: [...called].filter((op) => !known.has(op)).sort(),
  };
}

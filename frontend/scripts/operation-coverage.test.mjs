import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { callsIn, calledOperations, coverage, operationsIn } from "./operation-coverage.mjs";
import { NOT_IN_APP } from "./operations-not-in-app.mjs";

const openapi = JSON.parse(readFileSync(new URL("../../openapi/openapi.json", import.meta.url), "utf8"));
const src = fileURLToPath(new URL("../src", import.meta.url));

function listed(title, ops, advice) {
  return ops.length === 0 ? "" : `${title} (${ops.length}):\n${ops.map((op) => `  ${op}`).join("\n")}\n${advice}\n`;
}

describe("every API operation a person uses is reachable in the app", () => {
  const result = coverage(operationsIn(openapi), calledOperations(src), NOT_IN_APP);

  it("has no operation that is neither called by the typed client nor exempted", () => {
    const message = listed(
      "OpenAPI operations the SPA never calls",
      result.uncovered,
      "Call each from a screen (api.METHOD(\"/api/v1/…\") in frontend/src), or — only when no person " +
        "uses it (an integration, a probe, a scheduler) — add it with its reason to " +
        "frontend/scripts/operations-not-in-app.mjs.",
    );
    expect(message, message).toBe("");
  });

  it("keeps the exemption list short and true", () => {
    const message =
      listed("Exempted but called from src/ now: remove from operations-not-in-app.mjs", result.exemptButCalled, "") +
      listed("Exempted but not in openapi.json: remove from operations-not-in-app.mjs", result.exemptButGone, "");
    expect(message, message).toBe("");
  });

  it("calls only operations the schema has", () => {
    const message = listed("Calls of operations missing from openapi.json", result.unknownCalls, "Run `npm run api`.");
    expect(message, message).toBe("");
  });
});

describe("the scanner", () => {
  it("finds calls over line breaks and in every method", () => {
    const source = `api.GET("/api/v1/a", {}); api\n  .PATCH(\n  "/api/v1/a/{id}", { body });\nother.GET("/x")`;
    expect(callsIn(source)).toEqual(["GET /api/v1/a", "PATCH /api/v1/a/{id}"]);
  });

  it("reports what is uncovered, exempt but called, and exempt but gone", () => {
    const result = coverage(
      ["GET /a", "POST /a", "GET /b"],
      new Set(["GET /a", "GET /b", "GET /zz"]),
      new Map([["GET /b", "why"], ["DELETE /gone", "why"]]),
    );
    expect(result).toEqual({
      uncovered: ["POST /a"],
      exemptButCalled: ["GET /b"],
      exemptButGone: ["DELETE /gone"],
      unknownCalls: ["GET /zz"],
    });
  });
});

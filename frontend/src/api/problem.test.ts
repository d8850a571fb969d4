import { describe, expect, it } from "vitest";
import { fieldErrors, fieldName, networkProblem, problemHeadingKey, toProblem } from "./problem";

describe("problem mapping", () => {
  const body = {
    type: "urn:praksis:problem:invalid-input",
    title: "Invalid input",
    status: 422,
    detail: "2 fields are not valid.",
    errors: [
      { location: "body.justification", message: "must not be blank" },
      { location: "body.person_id", message: "not a UUID" },
      { location: "body.person_id", message: "required" },
      { nonsense: true },
    ],
  };

  it("keeps title, detail and well-formed field errors of a problem+json body", () => {
    const problem = toProblem(422, body);
    expect(problem.title).toBe("Invalid input");
    expect(problem.detail).toBe("2 fields are not valid.");
    expect(problem.errors).toHaveLength(3);
  });

  it("makes a problem of a body that is not problem+json", () => {
    expect(toProblem(502, "<html>Bad gateway</html>")).toEqual({
      type: "about:blank",
      title: "HTTP 502",
      status: 502,
      detail: "",
    });
  });

  it("groups messages by field for forms", () => {
    expect(fieldErrors(toProblem(422, body))).toEqual({
      justification: "must not be blank",
      person_id: "not a UUID required",
    });
    expect(fieldErrors(undefined)).toEqual({});
    expect(fieldName("query.limit")).toBe("limit");
    expect(fieldName("body")).toBe("");
  });

  it("translates known statuses and the network, not unknown 4xx", () => {
    expect(problemHeadingKey(toProblem(404, {}))).toBe("problems.404");
    expect(problemHeadingKey(toProblem(504, {}))).toBe("problems.500");
    expect(problemHeadingKey(toProblem(418, {}))).toBeUndefined();
    expect(problemHeadingKey(networkProblem(new TypeError("Failed to fetch")))).toBe(
      "problems.network",
    );
  });

  it("keeps the departments a refused cohort start lists, dropping malformed ones", () => {
    const problem = toProblem(409, {
      title: "Conflict",
      detail: "too few from: Byg og Plan (1)",
      org_units: [
        { id: "0193", name: "Byg og Plan", count: 1 },
        { id: null, name: "no unit", count: 1 },
        { id: 7, name: "broken", count: "1" },
      ],
    });
    expect(problem.org_units).toEqual([
      { id: "0193", name: "Byg og Plan", count: 1 },
      { id: null, name: "no unit", count: 1 },
    ]);
    expect(toProblem(409, { org_units: [] }).org_units).toBeUndefined();
  });
});

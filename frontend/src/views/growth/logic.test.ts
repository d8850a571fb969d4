import { describe, expect, it } from "vitest";
import { type SelfAssessment, awardBody, awardForm, mayWithdraw, nextMoment, parseEcts, scoresFor, validUrl } from "./logic";

const assessment = (before: (number | null)[], after: (number | null)[]): SelfAssessment => ({
  enrolment_id: "e",
  items: before.map((score, index) => ({ competence_id: `c${index}`, title: `Mål ${index}`, before: score, after: after[index] ?? null })),
});

describe("parseEcts", () => {
  it("reads Danish and English decimals in half points", () => {
    expect(parseEcts("7,5")).toBe(7.5);
    expect(parseEcts("10")).toBe(10);
    expect(parseEcts(" ")).toBeNull();
  });
  it("refuses what the API refuses", () => {
    expect(parseEcts("7,3")).toBeUndefined();
    expect(parseEcts("301")).toBeUndefined();
    expect(parseEcts("-1")).toBeUndefined();
    expect(parseEcts("ti")).toBeUndefined();
  });
});

describe("award form", () => {
  it("round-trips an award and trims what it sends", () => {
    const form = awardForm({
      programme_id: "p",
      title: "Specialist i borgerkontakt",
      provider: "COK",
      provider_url: null,
      ects: 7.5,
      description: "",
      criteria: "",
      updated_at: "2026-12-01T09:00:00Z",
    });
    expect(form.ects).toBe("7,5");
    expect(awardBody({ ...form, title: " Specialist i borgerkontakt ", providerUrl: " " })).toEqual({
      title: "Specialist i borgerkontakt",
      provider: "COK",
      provider_url: null,
      ects: 7.5,
      description: "",
      criteria: "",
    });
  });
  it("accepts only http(s) addresses", () => {
    expect(validUrl("https://www.cok.dk")).toBe(true);
    expect(validUrl("")).toBe(true);
    expect(validUrl("cok.dk")).toBe(false);
    expect(validUrl("javascript:alert(1)")).toBe(false);
  });
});

describe("nextMoment", () => {
  it("asks before first, then after, then nothing", () => {
    expect(nextMoment("approved", assessment([null, null], []))).toBe("before");
    expect(nextMoment("approved", assessment([3, 2], []))).toBe("after");
    expect(nextMoment("completed", assessment([3, 2], [4, 4]))).toBeNull();
  });
  it("needs a place and competence goals", () => {
    expect(nextMoment("nominated", assessment([null], []))).toBeNull();
    expect(nextMoment("withdrawn", assessment([null], []))).toBeNull();
    expect(nextMoment("approved", assessment([], []))).toBeNull();
  });
});

describe("scoresFor", () => {
  it("sends one score per goal only when every goal is rated", () => {
    const two = assessment([null, null], []);
    expect(scoresFor(two, { c0: 3 })).toBeNull();
    expect(scoresFor(two, { c0: 3, c1: 5 })).toEqual([
      { competence_id: "c0", score: 3 },
      { competence_id: "c1", score: 5 },
    ]);
  });
});

describe("mayWithdraw", () => {
  it("is open until the programme is completed or left", () => {
    expect(mayWithdraw("nominated")).toBe(true);
    expect(mayWithdraw("waitlisted")).toBe(true);
    expect(mayWithdraw("approved")).toBe(true);
    expect(mayWithdraw("completed")).toBe(false);
    expect(mayWithdraw("declined")).toBe(false);
  });
});

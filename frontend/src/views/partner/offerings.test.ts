import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { municipalityId, newOffering, offeringChanges } from "./offerings";

const offering = {
  id: "o",
  partner: "kl",
  title: "Fremtidens teknik- og miljømedarbejder",
  description: "Pilot",
  kind: "kompetencegivende_uddannelse",
  min_participants_per_org_unit: 2,
  grading: "pass_fail",
  municipality_ids: ["dk-0320", "dk-0410"],
  created_at: "",
  updated_at: "",
} as Schemas["OfferingRead"];

describe("municipalityId", () => {
  it("accepts the API's pattern, tidied, and nothing else", () => {
    expect(municipalityId(" DK-0766 ")).toBe("dk-0766");
    expect(municipalityId("no-0301")).toBe("no-0301");
    expect(municipalityId("se-0180")).toBeUndefined();
    expect(municipalityId("dk-766")).toBeUndefined();
  });
});

describe("offeringChanges", () => {
  it("sends only what changed; the member order does not count as a change", () => {
    expect(offeringChanges(offering, { title: offering.title, description: "Pilot", members: ["dk-0410", "dk-0320"] })).toEqual({});
    expect(offeringChanges(offering, { title: " Ny titel ", description: "Pilot ", members: ["dk-0320"] })).toEqual({
      title: "Ny titel",
      municipality_ids: ["dk-0320"],
    });
  });
});

describe("newOffering", () => {
  const draft = { title: " Ny leder i KL-regi ", description: " Fire moduler ", members: ["dk-0766"] };
  it("trims the texts and sends the minimum per org unit only when given", () => {
    expect(newOffering(draft, { kind: "kursus", grading: "none", minimum: "" })).toEqual({
      title: "Ny leder i KL-regi",
      description: "Fire moduler",
      kind: "kursus",
      grading: "none",
      municipality_ids: ["dk-0766"],
      min_participants_per_org_unit: null,
    });
    expect(newOffering(draft, { kind: "kursus", grading: "pass_fail", minimum: "2" }).min_participants_per_org_unit).toBe(2);
  });
});

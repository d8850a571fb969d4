import { describe, expect, it } from "vitest";
import { type CatalogueEntry, mayAsk } from "./data";

function entry(overrides: Partial<CatalogueEntry>): CatalogueEntry {
  return {
    programme_id: "p",
    title: "Specialist i borgerkontakt",
    description: "",
    kind: "kompetencegivende_uddannelse",
    status: "open",
    target_group: "",
    eligible_org_unit_ids: [],
    eligible: true,
    starts_on: null,
    ends_on: null,
    justification_required: true,
    seats_left: 21,
    cohorts: [],
    interest_registered: false,
    interest_count: null,
    my_enrolment_status: null,
    my_request_status: null,
    ...overrides,
  };
}

describe("mayAsk", () => {
  it("lets an eligible person ask for a place on an open programme once", () => {
    expect(mayAsk(entry({}))).toBe(true);
    expect(mayAsk(entry({ my_request_status: "pending" }))).toBe(false);
    expect(mayAsk(entry({ my_request_status: "declined" }))).toBe(true);
    expect(mayAsk(entry({ my_enrolment_status: "nominated" }))).toBe(false);
  });

  it("offers only interest in a draft, and nothing outside the target group", () => {
    expect(mayAsk(entry({ status: "draft" }))).toBe(false);
    expect(mayAsk(entry({ eligible: false }))).toBe(false);
  });
});

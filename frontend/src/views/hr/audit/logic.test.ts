import { describe, expect, it } from "vitest";
import { LANGUAGES, translate } from "../../../i18n";
import { AUDIT_ACTIONS, AUDIT_OBJECTS, actionKey, auditQuery, changeLines, datesReversed, defaultFilters, objectKey, startOfDay, valueText } from "./logic";

describe("labels", () => {
  it.each(LANGUAGES)("every action and object type has a %s label", (lang) => {
    for (const action of AUDIT_ACTIONS) {
      const key = actionKey(lang, action);
      expect(key, action).toBeDefined();
      expect(translate(lang, key!)).not.toBe(key);
    }
    for (const objectType of AUDIT_OBJECTS) expect(objectKey(lang, objectType), objectType).toBeDefined();
  });

  it("leaves an action the dictionary does not know unlabelled (shown by its code)", () => {
    expect(actionKey("da", "report.generated")).toBeUndefined();
  });
});

describe("changes", () => {
  it("lists after's fields, then those only before, each with what it was and became", () => {
    const lines = changeLines({ before: { status: "nominated", gone: 1 }, after: { status: "approved", note: "Ok" } });
    expect(lines).toEqual([
      { field: "status", before: "nominated", after: "approved" },
      { field: "note", after: "Ok" },
      { field: "gone", before: 1 },
    ]);
  });

  it("shows values plainly and the marker of a value not kept in the reader's words", () => {
    expect(valueText("(not kept)", "(ikke gemt)")).toBe("(ikke gemt)");
    expect(valueText(["a", "b"], "")).toBe("a, b");
    expect(valueText([], "")).toBe("–");
    expect(valueText(null, "")).toBe("–");
    expect(valueText(10, "")).toBe("10");
  });
});

describe("filters", () => {
  it("sends only what is chosen, days as local midnights with the last day included", () => {
    const query = auditQuery({ action: "enrolment.approved", objectType: "", objectId: " x ", actorId: "", from: "2026-12-01", to: "2026-12-02" });
    expect(query).toEqual({
      action: "enrolment.approved",
      object_id: "x",
      from: new Date(2026, 11, 1).toISOString(),
      to: new Date(2026, 11, 3).toISOString(),
    });
    expect(startOfDay("2026-12-31", 1)).toBe(new Date(2027, 0, 1).toISOString());
  });

  it("starts with the last 30 days and notices a reversed range", () => {
    const filters = defaultFilters(new Date(2026, 11, 15, 10));
    expect(filters.from).toBe("2026-11-15");
    expect(filters.to).toBe("");
    expect(datesReversed({ ...filters, to: "2026-11-14" })).toBe(true);
    expect(datesReversed({ ...filters, to: "2026-11-15" })).toBe(false);
  });
});

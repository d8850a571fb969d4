import { afterEach, describe, expect, it } from "vitest";
import { language } from "../i18n";
import { displayName, personLabel } from "./people";

const erased = { name: "Tidligere medarbejder", erased_at: "2026-12-01T10:00:00Z" };

describe("an erased person", () => {
  afterEach(() => language.set("da"));

  it("is a former employee in the reader's language, never the API's marker", () => {
    expect(displayName({ name: "Anne", erased_at: null })).toBe("Anne");
    language.set("en");
    expect(displayName(erased)).toBe("Former employee");
    language.set("nb");
    expect(displayName(erased)).toBe("Tidligere medarbeider");
    expect(personLabel({ ...erased, job_title: null } as Parameters<typeof personLabel>[0])).toBe("Tidligere medarbeider");
  });
});

import { describe, expect, it } from "vitest";
import {
  DICTIONARIES,
  LANGUAGES,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  interpolate,
  translate,
} from ".";

function leaves(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    leaves(value, prefix ? `${prefix}.${key}` : key),
  );
}

describe("dictionaries", () => {
  const danish = leaves(DICTIONARIES.da).sort();

  it.each(LANGUAGES)("%s has exactly the Danish keys, none empty", (lang) => {
    const dict = DICTIONARIES[lang];
    expect(leaves(dict).sort()).toEqual(danish);
    for (const key of danish) expect(translate(lang, key as never).trim()).not.toBe("");
  });

  it.each(["en", "nb"] as const)("%s keeps every {placeholder} of the Danish text", (lang) => {
    for (const key of danish) {
      const wanted = translate("da", key as never).match(/\{\w+\}/g)?.sort() ?? [];
      const got = translate(lang, key as never).match(/\{\w+\}/g)?.sort() ?? [];
      expect(got, `${lang}: ${key}`).toEqual(wanted);
    }
  });

  it("translates per language and fills placeholders", () => {
    expect(translate("da", "app.signOut")).toBe("Log ud");
    expect(translate("en", "app.signOut")).toBe("Sign out");
    expect(translate("nb", "app.signOut")).toBe("Logg ut");
    expect(translate("en", "app.signedInAs", { name: "Søren" })).toBe("Signed in as Søren");
    expect(interpolate("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});

describe("formatters", () => {
  it("uses a non-breaking space as the Norwegian thousands separator", () => {
    expect(formatNumber("nb", 1234)).toBe("1\u00a0234");
    expect(formatNumber("da", 1234.5)).toBe("1.234,5");
    expect(formatNumber("en", 1234.5)).toBe("1,234.5");
  });

  it("formats percentages of a fraction in each locale", () => {
    expect(formatPercent("da", 0.425)).toBe("42,5\u00a0%");
    expect(formatPercent("en", 0.425)).toBe("42.5%");
    expect(formatPercent("nb", 0.425)).toBe("42,5\u00a0%");
  });

  it("formats dates in the municipality's time zone", () => {
    // 23:30 UTC on 31 December is already 1 January in Copenhagen and Oslo.
    const instant = "2026-12-31T23:30:00Z";
    expect(formatDate("da", instant, "Europe/Copenhagen")).toBe("1. januar 2027");
    expect(formatDate("en", instant, "UTC")).toBe("31 December 2026");
    expect(formatDate("nb", instant, "Europe/Oslo")).toBe("1. januar 2027");
    expect(formatDateTime("da", "2026-06-01T08:00:00Z", "Europe/Copenhagen")).toContain("10.00");
  });
});

/**
 * Languages, the typed `t()` and locale-aware formatting.
 *
 * `Dict = typeof da`: a key missing from en.ts or nb.ts is a compile error, and `t()` only
 * accepts keys that exist. Danish is the default; the choice is kept in localStorage.
 */
import { type Dict, da } from "./da";
import { en } from "./en";
import { nb } from "./nb";
import { createStore, useStore } from "../lib/store";

export type Lang = "da" | "en" | "nb";
export const LANGUAGES: readonly Lang[] = ["da", "en", "nb"];
export const DICTIONARIES: Record<Lang, Dict> = { da, en, nb };
export const LOCALES: Record<Lang, string> = { da: "da-DK", en: "en-GB", nb: "nb-NO" };
const STORAGE_KEY = "praksis.lang";

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every text key, as a dotted path: "app.signOut", "views.hrHome.title", "problems.404". */
export type Key = Leaves<Dict>;
export type Vars = Record<string, string | number>;

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

function storedLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLang(stored) ? stored : "da";
  } catch {
    return "da";
  }
}

export const language = createStore<Lang>(storedLang());

export function setLanguage(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode may refuse storage; the choice still holds for this visit.
  }
  if (typeof document !== "undefined") document.documentElement.lang = lang;
  language.set(lang);
}

export function lookup(dict: Dict, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function translate(lang: Lang, key: Key, vars?: Vars): string {
  return interpolate(lookup(DICTIONARIES[lang], key) ?? key, vars);
}

// --- formatting -------------------------------------------------------------------------

type DateInput = string | number | Date;

function asDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

export function formatDate(lang: Lang, value: DateInput, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeZone }).format(
    asDate(value),
  );
}

export function formatDateTime(lang: Lang, value: DateInput, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(asDate(value));
}

/** "2026-11" → "nov. 2026" in Danish: a calendar month as written, whatever the time zone. */
export function formatMonth(lang: Lang, month: string): string {
  const [year, number] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALES[lang], {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1)));
}

export function formatNumber(lang: Lang, value: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits }).format(value);
}

/** `ratio` is a fraction: 0.425 → "42,5 %" in Danish. */
export function formatPercent(lang: Lang, ratio: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: "percent", maximumFractionDigits }).format(
    ratio,
  );
}

export interface I18n {
  lang: Lang;
  t: (key: Key, vars?: Vars) => string;
  formatDate: (value: DateInput) => string;
  formatDateTime: (value: DateInput) => string;
  formatMonth: (month: string) => string;
  formatNumber: (value: number, maximumFractionDigits?: number) => string;
  formatPercent: (ratio: number, maximumFractionDigits?: number) => string;
}

/** `timeZone` is the municipality's (from /me), so a workshop shows its local time. */
export function i18nFor(lang: Lang, timeZone?: string): I18n {
  return {
    lang,
    t: (key, vars) => translate(lang, key, vars),
    formatDate: (value) => formatDate(lang, value, timeZone),
    formatDateTime: (value) => formatDateTime(lang, value, timeZone),
    formatMonth: (month) => formatMonth(lang, month),
    formatNumber: (value, digits) => formatNumber(lang, value, digits),
    formatPercent: (ratio, digits) => formatPercent(lang, ratio, digits),
  };
}

export const timeZone = createStore<string | undefined>(undefined);

/** The current language's helpers; re-renders when the language or time zone changes. */
export function useI18n(): I18n {
  const lang = useStore(language);
  const zone = useStore(timeZone);
  return i18nFor(lang, zone);
}

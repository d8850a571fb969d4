/**
 * Who is signed in: the bearer token, when it expires, and what /me says about the caller.
 *
 * OIDC tokens live in memory only (oidc-client-ts renews them silently before expiry). The
 * development token is also kept in sessionStorage so a reload keeps the demo signed in; it
 * lives one hour, only in this tab, and the dev sign-in never exists in production.
 */
import { createStore } from "../lib/store";
import type { components } from "../api/schema";

export type Me = components["schemas"]["MeRead"];
export type Role = "participant" | "leader" | "facilitator" | "hr_admin" | "partner";
export const ROLE_PRIORITY: readonly Role[] = [
  "hr_admin",
  "leader",
  "facilitator",
  "participant",
  "partner",
];

export interface Session {
  token: string;
  expiresAt: number;
  method: "dev" | "oidc";
}

/** Why the person is on the sign-in page, for a kind message there. */
export type SignOutReason = "expired" | "signed-out";

const DEV_TOKEN_KEY = "praksis.devSession";
const EXPIRY_MARGIN_MS = 5_000;

export const session = createStore<Session | null>(restoreDevSession());
export const me = createStore<Me | null>(null);
export const signOutReason = createStore<SignOutReason | null>(null);
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

function restoreDevSession(): Session | null {
  const raw = storage()?.getItem(DEV_TOKEN_KEY);
  if (!raw) return null;
  try {
    const saved = JSON.parse(raw) as Session;
    return saved.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

export function currentToken(): string | undefined {
  return session.get()?.token;
}

export function startSession(token: string, expiresInSeconds: number, method: Session["method"]) {
  const next: Session = { token, expiresAt: Date.now() + expiresInSeconds * 1000, method };
  if (method === "dev") storage()?.setItem(DEV_TOKEN_KEY, JSON.stringify(next));
  signOutReason.set(null);
  session.set(next);
  scheduleExpiry(next);
}

export function scheduleExpiry(current: Session | null = session.get()): void {
  clearTimeout(expiryTimer);
  if (!current) return;
  const remaining = current.expiresAt - Date.now() - EXPIRY_MARGIN_MS;
  expiryTimer = setTimeout(expireSession, Math.max(0, Math.min(remaining, 2_147_000_000)));
}

export function endSession(reason: SignOutReason): void {
  clearTimeout(expiryTimer);
  storage()?.removeItem(DEV_TOKEN_KEY);
  me.set(null);
  session.set(null);
  signOutReason.set(reason);
}

/** The token ran out (or the API said 401): back to sign-in with a kind message. */
export function expireSession(): void {
  if (session.get()) endSession("expired");
}

export function rolesOf(caller: Me | null): Role[] {
  const held = new Set(caller?.roles ?? []);
  return ROLE_PRIORITY.filter((role) => held.has(role));
}

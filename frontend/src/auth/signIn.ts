/** Signing in and out, and loading /me for the signed-in caller. */
import { api, call, type Result } from "../api/client";
import type { components } from "../api/schema";
import { timeZone } from "../i18n";
import { endSession, me, type Me, session, startSession } from "./session";

export type AuthConfig = components["schemas"]["AuthConfig"];
export type DevSignIn = components["schemas"]["DevSignIn"];

let config: Promise<Result<AuthConfig>> | undefined;

export function authConfig(): Promise<Result<AuthConfig>> {
  config ??= call(api.GET("/api/v1/auth/config"));
  return config;
}

export async function loadMe(): Promise<Result<Me>> {
  const result = await call(api.GET("/api/v1/me"));
  if (result.data) {
    me.set(result.data);
    timeZone.set(result.data.municipality?.time_zone ?? undefined);
  }
  return result;
}

export async function devSignIn(body: DevSignIn): Promise<Result<Me>> {
  const result = await call(api.POST("/api/v1/dev/sign-in", { body }));
  if (result.problem) return result;
  startSession(result.data.access_token, result.data.expires_in, "dev");
  return loadMe();
}

export async function signOut(): Promise<void> {
  const current = session.get();
  const settings = await authConfig();
  if (current?.method === "oidc" && settings.data?.oidc) {
    const { oidcSignOut } = await import("./oidc");
    await oidcSignOut(settings.data.oidc);
    return;
  }
  endSession("signed-out");
}

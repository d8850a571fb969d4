/**
 * OIDC Authorization Code + PKCE with oidc-client-ts, loaded only when an issuer is
 * configured (it is 17 KB gz that the dev sign-in never needs).
 */
import type { UserManager } from "oidc-client-ts";
import { CALLBACK_PATH } from "../routes";
import { startSession, endSession, scheduleExpiry, session } from "./session";

export interface OidcConfig {
  issuer: string;
  client_id: string;
  scope: string;
}

let manager: Promise<UserManager> | undefined;

async function createManager(config: OidcConfig): Promise<UserManager> {
  const { UserManager, WebStorageStateStore, InMemoryWebStorage } = await import("oidc-client-ts");
  const origin = window.location.origin;
  const users = new UserManager({
    authority: config.issuer,
    client_id: config.client_id,
    scope: config.scope,
    redirect_uri: origin + CALLBACK_PATH,
    post_logout_redirect_uri: origin + "/sign-in",
    response_type: "code",
    automaticSilentRenew: true,
    // Tokens stay in memory; only the short-lived state/PKCE verifier survives the redirect.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
  users.events.addUserLoaded((user) => {
    if (user.access_token) startSession(user.access_token, user.expires_in ?? 300, "oidc");
  });
  users.events.addAccessTokenExpired(() => endSession("expired"));
  users.events.addSilentRenewError(() => scheduleExpiry(session.get()));
  return users;
}

export function oidcManager(config: OidcConfig): Promise<UserManager> {
  manager ??= createManager(config);
  return manager;
}

export async function beginOidcSignIn(config: OidcConfig): Promise<void> {
  await (await oidcManager(config)).signinRedirect();
}

/** Completes the redirect. Returns false when the state is gone (a reload of the callback
 *  URL): the caller then starts a fresh sign-in instead of showing an error. */
export async function completeOidcSignIn(config: OidcConfig): Promise<boolean> {
  const users = await oidcManager(config);
  try {
    const user = await users.signinCallback();
    // Remove ?code=&state= from the address bar, or a reload replays a used state.
    window.history.replaceState(null, "", "/");
    if (user?.access_token) startSession(user.access_token, user.expires_in ?? 300, "oidc");
    return true;
  } catch (error) {
    window.history.replaceState(null, "", "/");
    if (error instanceof Error && /No matching state/i.test(error.message)) {
      await users.signinRedirect();
      return true;
    }
    return false;
  }
}

export async function oidcSignOut(config: OidcConfig): Promise<void> {
  const users = await oidcManager(config);
  await users.removeUser();
  endSession("signed-out");
}

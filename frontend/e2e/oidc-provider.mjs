// A small OpenID Connect provider for the e2e test of the SPA's Authorization Code + PKCE
// sign-in: discovery, an authorize endpoint that signs in one fixed person at once (a real
// provider would ask for credentials there), a token endpoint that insists on the PKCE
// verifier (S256) and single-use codes, and the JWKS that Praksis verifies RS256 tokens with.
// It records what it was asked, so the test can check the SPA's side of the protocol.
import { createHash, generateKeyPairSync, randomBytes, createSign } from "node:crypto";
import { createServer } from "node:http";

const base64url = (data) => Buffer.from(data).toString("base64url");

function signJwt(privateKey, kid, claims) {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

async function formBody(request) {
  let body = "";
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

function send(response, status, body, headers = {}) {
  response.writeHead(status, {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type, Authorization",
    "Cache-Control": "no-store",
    ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    ...headers,
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * Starts the provider on a free port of 127.0.0.1.
 * @param {{clientId: string, audience: string, subject: string, claims: object}} options
 */
export async function startOidcProvider({ clientId, audience, subject, claims }) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const codes = new Map();
  const seen = { authorize: [], token: [], issued: [] };
  let issuer = "";

  function tokens(grant) {
    const now = Math.floor(Date.now() / 1000);
    const common = { iss: issuer, sub: subject, iat: now, nbf: now, exp: now + 600 };
    return {
      token_type: "Bearer",
      expires_in: 600,
      access_token: signJwt(privateKey, kid, { ...common, aud: audience, ...claims }),
      id_token: signJwt(privateKey, kid, { ...common, aud: clientId, nonce: grant.nonce }),
      scope: grant.scope,
    };
  }

  function authorize(url, response) {
    const query = Object.fromEntries(url.searchParams);
    seen.authorize.push(query);
    if (query.client_id !== clientId || query.response_type !== "code") {
      return send(response, 400, { error: "unauthorized_client" });
    }
    if (query.code_challenge_method !== "S256" || !query.code_challenge) {
      return send(response, 400, { error: "invalid_request", error_description: "PKCE S256" });
    }
    const code = randomBytes(24).toString("base64url");
    codes.set(code, { ...query });
    const back = new URL(query.redirect_uri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", query.state);
    send(response, 302, undefined, { Location: back.href });
  }

  async function token(request, response) {
    const form = await formBody(request);
    seen.token.push(Object.fromEntries(form));
    const grant = codes.get(form.get("code") ?? "");
    codes.delete(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      form.get("grant_type") !== "authorization_code" ||
      !grant ||
      form.get("client_id") !== clientId ||
      form.get("redirect_uri") !== grant.redirect_uri ||
      challenge !== grant.code_challenge
    ) {
      return send(response, 400, { error: "invalid_grant" });
    }
    const issued = tokens(grant);
    seen.issued.push(issued.access_token);
    send(response, 200, issued);
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url, issuer);
    if (request.method === "OPTIONS") return send(response, 204);
    if (url.pathname === "/.well-known/openid-configuration") {
      return send(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        grant_types_supported: ["authorization_code"],
      });
    }
    if (url.pathname === "/jwks") {
      const jwk = publicKey.export({ format: "jwk" });
      return send(response, 200, { keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] });
    }
    if (url.pathname === "/authorize" && request.method === "GET") return authorize(url, response);
    if (url.pathname === "/token" && request.method === "POST") return void token(request, response);
    send(response, 404, { error: "not_found" });
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  issuer = `http://127.0.0.1:${server.address().port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    seen,
    stop: () => new Promise((done) => server.close(done)),
  };
}

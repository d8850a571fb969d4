// OIDC sign-in (issue 6): with an issuer configured, the SPA signs in with Authorization Code
// + PKCE (S256) against a provider run by the test, Praksis verifies the RS256 access token
// against that provider's JWKS, and the person lands on their home. The dev sign-in is off
// there, the token stays in memory (not in web storage), and the sign-in page passes axe.
import { expect, text } from "../lib.mjs";
import { startOidcProvider } from "../oidc-provider.mjs";

const CLIENT_ID = "praksis-spa";
const AUDIENCE = "praksis-api";

export const flows = [
  {
    name: "OIDC sign-in with Authorization Code + PKCE lands HR on its home",
    async run(ctx) {
      const provider = await startOidcProvider({
        clientId: CLIENT_ID,
        audience: AUDIENCE,
        subject: "hedensted-hr",
        claims: { tenant: "dk-0766", roles: ["hr_admin"], name: "Mette Højgaard" },
      });
      let server;
      try {
        server = await ctx.startServer({
          PRAKSIS_DEV_SIGN_IN: "false",
          PRAKSIS_OIDC_ISSUER: provider.issuer,
          PRAKSIS_OIDC_AUDIENCE: AUDIENCE,
          PRAKSIS_OIDC_JWKS_URL: provider.jwksUrl,
          PRAKSIS_OIDC_ALGORITHMS: '["RS256"]',
          PRAKSIS_OIDC_CLIENT_ID: CLIENT_ID,
        });
        const page = await ctx.newPage("da", server.baseUrl);
        await ctx.goto(page, "/sign-in");
        const button = "main button:has-text('Log ind med kommunens login')";
        await page.waitForSelector(button);
        expect((await page.$("#municipality")) === null, "no dev sign-in when it is off");
        await ctx.check(page, "sign-in-oidc");

        await page.click(button);
        await page.waitForFunction(() => location.pathname === "/hr", null, { timeout: 15_000 });
        await ctx.settled(page);
        const body = await text(page, "body");
        expect(body.includes("Mette Højgaard"), "the signed-in person's name is shown");
        expect(!new URL(page.url()).search.includes("code="), "the code is gone from the address");

        const [asked] = provider.seen.authorize;
        expect(asked?.code_challenge_method === "S256", "the SPA sent an S256 code challenge");
        expect(asked?.redirect_uri === `${server.baseUrl}/auth/callback`, "callback redirect");
        const [exchanged] = provider.seen.token;
        expect(Boolean(exchanged?.code_verifier), "the SPA sent its PKCE verifier");
        const [token] = provider.seen.issued;
        const stored = await page.evaluate(() =>
          [localStorage, sessionStorage].flatMap((store) =>
            Object.keys(store).map((key) => store.getItem(key) ?? ""),
          ),
        );
        expect(!stored.some((value) => value.includes(token)), "the token is not in storage");
      } finally {
        server?.stop();
        await provider.stop();
      }
    },
  },
];

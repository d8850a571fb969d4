import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { authConfig, loadMe } from "../auth/signIn";
import { rolesOf } from "../auth/session";
import { Loading } from "../components/Feedback";
import { Page } from "../components/Page";
import { useI18n } from "../i18n";
import { ROLE_HOME } from "../routes";

/** Where the identity provider sends the browser back with ?code=&state=. */
export default function OidcCallback() {
  const { t } = useI18n();
  const { route } = useLocation();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    void (async () => {
      const settings = await authConfig();
      const oidc = settings.data?.oidc;
      if (!oidc) return setFailed(true);
      const { completeOidcSignIn } = await import("../auth/oidc");
      if (!(await completeOidcSignIn(oidc))) return setFailed(true);
      const caller = await loadMe();
      if (caller.problem) return setFailed(true);
      route(ROLE_HOME[rolesOf(caller.data)[0] ?? "participant"], true);
    })();
  }, []);

  return (
    <Page title="signIn.title">
      {failed ? (
        <p>
          {t("signIn.callbackFailed")} <a href="/sign-in">{t("signIn.title")}</a>
        </p>
      ) : (
        <>
          <p>{t("signIn.callback")}</p>
          <Loading lines={1} />
        </>
      )}
    </Page>
  );
}

import type { ComponentType } from "preact";
import { useEffect } from "preact/hooks";
import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from "preact-iso";
import { loadMe } from "./auth/signIn";
import { type Role, me, rolesOf, session } from "./auth/session";
import { Loading } from "./components/Feedback";
import { Shell } from "./components/Shell";
import { useStore } from "./lib/store";
import { CALLBACK_PATH, ROLE_HOME, VIEWS } from "./routes";
import NotFound from "./views/NotFound";
import SignIn from "./views/SignIn";

const Accessibility = lazy(() => import("./views/Accessibility"));
const OidcCallback = lazy(() => import("./views/OidcCallback"));

/** Loads /me whenever a session starts (a restored dev token, a fresh sign-in). */
function useCaller() {
  const current = useStore(session);
  const caller = useStore(me);
  useEffect(() => {
    if (current && !caller) void loadMe();
  }, [current, caller]);
  return { current, caller };
}

/** A view for one role: signed-out callers go to sign-in, other roles get "not found". */
function Protected({ view, role }: { view: ComponentType; role: Role }) {
  const { current, caller } = useCaller();
  const { route } = useLocation();
  useEffect(() => {
    if (!current) route("/sign-in", true);
  }, [current]);
  if (!current || !caller) return <Loading lines={6} />;
  if (!rolesOf(caller).includes(role)) return <NotFound />;
  const View = view;
  return <View />;
}

function Home() {
  const { current, caller } = useCaller();
  const { route } = useLocation();
  useEffect(() => {
    if (!current) route("/sign-in", true);
    else if (caller) route(ROLE_HOME[rolesOf(caller)[0] ?? "participant"], true);
  }, [current, caller]);
  return <Loading lines={6} />;
}

/** Open without a session; the OIDC callback is where a session begins. */
const PUBLIC_PATHS = new Set(["/sign-in", "/accessibility", CALLBACK_PATH]);

/** When a session ends (expiry, 401, sign-out) the person lands on the sign-in page. */
function SessionWatcher() {
  const current = useStore(session);
  const { route, path } = useLocation();
  useEffect(() => {
    if (!current && !PUBLIC_PATHS.has(path)) route("/sign-in");
  }, [current]);
  return null;
}

export function App() {
  return (
    <LocationProvider>
      <SessionWatcher />
      <Shell>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={Home} />
            <Route path="/sign-in" component={SignIn} />
            <Route path="/accessibility" component={Accessibility} />
            <Route path={CALLBACK_PATH} component={OidcCallback} />
            {VIEWS.map((entry) => (
              <Route
                key={entry.path}
                path={entry.path}
                component={Protected}
                view={entry.component}
                role={entry.role}
              />
            ))}
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </Shell>
    </LocationProvider>
  );
}

/**
 * The route table: one file per view under views/<role>/, loaded on demand. The navigation is
 * built from this table for the roles the signed-in person holds.
 */
import type { ComponentType } from "preact";
import { lazy } from "preact-iso";
import type { Key } from "./i18n";
import type { Role } from "./auth/session";

export interface ViewRoute {
  path: string;
  role: Role;
  nav: Key;
  component: ComponentType;
}

/** Where the OIDC provider sends the browser back with the authorization code. */
export const CALLBACK_PATH = "/auth/callback";

export const ROLE_HOME: Record<Role, string> = {
  participant: "/participant",
  leader: "/leader",
  facilitator: "/facilitator",
  hr_admin: "/hr",
  partner: "/partner",
};

export const VIEWS: readonly ViewRoute[] = [
  {
    path: "/participant",
    role: "participant",
    nav: "nav.home",
    component: lazy(() => import("./views/participant/Home")),
  },
  {
    path: "/participant/programmes",
    role: "participant",
    nav: "nav.programmes",
    component: lazy(() => import("./views/participant/Programmes")),
  },
  {
    path: "/participant/catalogue",
    role: "participant",
    nav: "waysIn.navCatalogue",
    component: lazy(() => import("./views/waysin/Catalogue")),
  },
  {
    path: "/participant/project",
    role: "participant",
    nav: "nav.project",
    component: lazy(() => import("./views/participant/Project")),
  },
  {
    path: "/participant/feedback",
    role: "participant",
    nav: "nav.feedback",
    component: lazy(() => import("./views/participant/Feedback")),
  },
  {
    path: "/participant/development",
    role: "participant",
    nav: "development.navMine",
    component: lazy(() => import("./views/participant/Development")),
  },
  {
    path: "/leader",
    role: "leader",
    nav: "nav.home",
    component: lazy(() => import("./views/leader/Home")),
  },
  {
    path: "/leader/nominations",
    role: "leader",
    nav: "nav.nominations",
    component: lazy(() => import("./views/leader/Nominations")),
  },
  {
    path: "/leader/requests",
    role: "leader",
    nav: "waysIn.navRequests",
    component: lazy(() => import("./views/waysin/Requests")),
  },
  {
    path: "/leader/team",
    role: "leader",
    nav: "nav.team",
    component: lazy(() => import("./views/leader/Team")),
  },
  {
    path: "/leader/development",
    role: "leader",
    nav: "development.navTeam",
    component: lazy(() => import("./views/leader/TeamDevelopment")),
  },
  {
    path: "/leader/practice",
    role: "leader",
    nav: "nav.teamPractice",
    component: lazy(() => import("./views/leader/Practice")),
  },
  {
    path: "/leader/statistics",
    role: "leader",
    nav: "nav.statistics",
    component: lazy(() => import("./views/statistics/LeaderStatistics")),
  },
  {
    path: "/facilitator",
    role: "facilitator",
    nav: "nav.workshops",
    component: lazy(() => import("./views/facilitator/Home")),
  },
  // issue 18: leader sparring meetings, facilitator feedback
  {
    path: "/leader/sparring",
    role: "leader",
    nav: "events.navSparring",
    component: lazy(() => import("./views/events/MySparring")),
  },
  {
    path: "/facilitator/sparring",
    role: "facilitator",
    nav: "events.navSparring",
    component: lazy(() => import("./views/events/Sparring")),
  },
  {
    path: "/facilitator/feedback",
    role: "facilitator",
    nav: "events.navFeedback",
    component: lazy(() => import("./views/events/FacilitatorFeedback")),
  },
  { path: "/hr", role: "hr_admin", nav: "nav.home", component: lazy(() => import("./views/hr/Home")) },
  {
    path: "/hr/kerneopgaver",
    role: "hr_admin",
    nav: "nav.kerneopgaver",
    component: lazy(() => import("./views/hr/Kerneopgaver")),
  },
  {
    path: "/hr/people",
    role: "hr_admin",
    nav: "nav.people",
    component: lazy(() => import("./views/hr/People")),
  },
  {
    path: "/hr/org-units",
    role: "hr_admin",
    nav: "nav.orgUnits",
    component: lazy(() => import("./views/hr/OrgUnits")),
  },
  {
    path: "/hr/competences",
    role: "hr_admin",
    nav: "nav.competences",
    component: lazy(() => import("./views/hr/Competences")),
  },
  {
    path: "/hr/programmes",
    role: "hr_admin",
    nav: "nav.hrProgrammes",
    component: lazy(() => import("./views/hr/Programmes")),
  },
  {
    path: "/hr/enrolments",
    role: "hr_admin",
    nav: "nav.enrolments",
    component: lazy(() => import("./views/hr/Enrolments")),
  },
  {
    path: "/hr/cohorts",
    role: "hr_admin",
    nav: "nav.cohorts",
    component: lazy(() => import("./views/hr/Cohorts")),
  },
  {
    path: "/hr/sparring",
    role: "hr_admin",
    nav: "events.navSparring",
    component: lazy(() => import("./views/events/Sparring")),
  },
  {
    path: "/hr/statistics",
    role: "hr_admin",
    nav: "nav.statistics",
    component: lazy(() => import("./views/hr/Statistics")),
  },
  {
    path: "/hr/development",
    role: "hr_admin",
    nav: "development.navHr",
    component: lazy(() => import("./views/hr/Development")),
  },
  {
    path: "/hr/webhooks",
    role: "hr_admin",
    nav: "webhooks.nav",
    component: lazy(() => import("./views/hr/Webhooks")),
  },
  {
    path: "/hr/audit",
    role: "hr_admin",
    nav: "nav.audit",
    component: lazy(() => import("./views/hr/Audit")),
  },
  {
    path: "/partner",
    role: "partner",
    nav: "nav.home",
    component: lazy(() => import("./views/partner/Home")),
  },
  {
    path: "/partner/offerings",
    role: "partner",
    nav: "nav.offerings",
    component: lazy(() => import("./views/partner/Offerings")),
  },
  {
    path: "/partner/statistics",
    role: "partner",
    nav: "nav.statistics",
    component: lazy(() => import("./views/partner/Statistics")),
  },
];

export function viewsFor(roles: readonly Role[]): ViewRoute[] {
  return VIEWS.filter((view) => roles.includes(view.role));
}

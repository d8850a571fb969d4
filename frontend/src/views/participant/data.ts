/** The participant views' requests, each one typed call (or a few in parallel). */
import { api, call, type Result, type Schemas } from "../../api/client";

export type Enrolment = Schemas["EnrolmentRead"];
export type Programme = Schemas["ProgrammeRead"];
export type Workshop = Schemas["WorkshopRead"];
export type Project = Schemas["ProjectRead"];
export type TrialAction = Schemas["TrialActionRead"];
export type FeedbackRead = Schemas["FeedbackRead"];
export type FeedbackToGive = Schemas["FeedbackToGive"];
export type Invitation = Schemas["InvitationRead"];
export type EvaluationDue = Schemas["WorkshopEvaluationDue"];
export type FollowUp = Schemas["FollowUpRead"];
export type Kerneopgave = Schemas["KerneopgaveRead"];

const ALL = { limit: 200 } as const;

export interface MyEnrolment {
  enrolment: Enrolment;
  programme?: Programme;
}

/** My own enrolments (a leader also sees their team's: filter on me) with their programmes. */
export async function loadMyEnrolments(personId: string): Promise<Result<MyEnrolment[]>> {
  const enrolments = await call(
    api.GET("/api/v1/enrolments", { params: { query: { person_id: personId, ...ALL } } }),
  );
  if (enrolments.problem) return enrolments;
  const ids = [...new Set(enrolments.data.items.map((item) => item.programme_id))];
  const programmes = await Promise.all(
    ids.map((id) =>
      call(api.GET("/api/v1/programmes/{programme_id}", { params: { path: { programme_id: id } } })),
    ),
  );
  const byId = new Map<string, Programme>();
  for (const result of programmes) if (result.data) byId.set(result.data.id, result.data);
  return {
    data: enrolments.data.items.map((enrolment) => ({
      enrolment,
      programme: byId.get(enrolment.programme_id),
    })),
  };
}

/** My workshops (those of my cohorts), soonest first from now on. */
export async function loadMyWorkshops(now: Date): Promise<Result<Workshop[]>> {
  const result = await call(
    api.GET("/api/v1/workshops", {
      params: { query: { mine: true, from: now.toISOString(), status: "scheduled", ...ALL } },
    }),
  );
  return result.problem ? result : { data: result.data.items };
}

export interface ToDo {
  toGive: FeedbackToGive[];
  evaluations: EvaluationDue[];
  followUps: FollowUp[];
  invitations: Invitation[];
}

/** Everything waiting for the participant: feedback to give, evaluations, follow-ups. */
export async function loadToDo(): Promise<Result<ToDo>> {
  const [toGive, evaluations, followUps, invitations] = await Promise.all([
    call(api.GET("/api/v1/feedback/to-give", { params: { query: ALL } })),
    call(api.GET("/api/v1/feedback/workshop-evaluations/due", { params: { query: ALL } })),
    call(api.GET("/api/v1/feedback/follow-ups", { params: { query: ALL } })),
    call(api.GET("/api/v1/feedback/invitations", { params: { query: ALL } })),
  ]);
  if (toGive.problem) return toGive;
  if (evaluations.problem) return evaluations;
  if (followUps.problem) return followUps;
  if (invitations.problem) return invitations;
  return {
    data: {
      toGive: toGive.data.items,
      evaluations: evaluations.data.items,
      followUps: followUps.data.items,
      invitations: invitations.data.items,
    },
  };
}

export interface ProjectBundle {
  project: Project;
  actions: TrialAction[];
  modules: Schemas["ModuleRead"][];
}

export interface MyProjects {
  projects: ProjectBundle[];
  kerneopgaver: Kerneopgave[];
  received: FeedbackRead[];
}

async function loadModules(cohortId: string | null): Promise<Schemas["ModuleRead"][]> {
  if (!cohortId) return [];
  const cohort = await call(
    api.GET("/api/v1/cohorts/{cohort_id}", { params: { path: { cohort_id: cohortId } } }),
  );
  if (!cohort.data) return [];
  const programme = await call(
    api.GET("/api/v1/programmes/{programme_id}", {
      params: { path: { programme_id: cohort.data.programme_id } },
    }),
  );
  return programme.data?.modules ?? [];
}

async function loadBundle(project: Project): Promise<Result<ProjectBundle>> {
  const [actions, modules] = await Promise.all([
    call(
      api.GET("/api/v1/action-learning-projects/{project_id}/trial-actions", {
        params: { path: { project_id: project.id }, query: ALL },
      }),
    ),
    loadModules(project.cohort_id),
  ]);
  if (actions.problem) return actions;
  return { data: { project, actions: actions.data.items, modules } };
}

/** My projects with their trial actions and modules, the kerneopgaver, feedback received. */
export async function loadMyProjects(): Promise<Result<MyProjects>> {
  const [projects, kerneopgaver, received] = await Promise.all([
    call(api.GET("/api/v1/action-learning-projects", { params: { query: { mine: true, ...ALL } } })),
    call(api.GET("/api/v1/kerneopgaver", { params: { query: ALL } })),
    call(api.GET("/api/v1/feedback", { params: { query: { received: true, ...ALL } } })),
  ]);
  if (projects.problem) return projects;
  if (kerneopgaver.problem) return kerneopgaver;
  if (received.problem) return received;
  const bundles = await Promise.all(projects.data.items.map(loadBundle));
  const failed = bundles.find((bundle) => bundle.problem);
  if (failed?.problem) return { problem: failed.problem };
  return {
    data: {
      projects: bundles.flatMap((bundle) => (bundle.data ? [bundle.data] : [])),
      kerneopgaver: kerneopgaver.data.items,
      received: received.data.items,
    },
  };
}

/** Names of people by id (people are readable in one's own municipality). */
export async function loadNames(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const people = await Promise.all(
    unique.map((id) =>
      call(api.GET("/api/v1/people/{person_id}", { params: { path: { person_id: id } } })),
    ),
  );
  const names = new Map<string, string>();
  for (const person of people) if (person.data) names.set(person.data.id, person.data.name);
  return names;
}

export interface CohortChoice {
  id: string;
  label: string;
}

/** The cohorts I am in (approved or completed), named "programme – cohort". */
export async function loadMyCohorts(personId: string): Promise<Result<CohortChoice[]>> {
  const enrolments = await loadMyEnrolments(personId);
  if (enrolments.problem) return enrolments;
  const taking = enrolments.data.filter(
    (row) => row.enrolment.cohort_id && ["approved", "completed"].includes(row.enrolment.status),
  );
  const cohorts = await Promise.all(
    taking.map(async (row) => {
      const id = row.enrolment.cohort_id ?? "";
      const cohort = await call(
        api.GET("/api/v1/cohorts/{cohort_id}", { params: { path: { cohort_id: id } } }),
      );
      const name = cohort.data?.name ?? "";
      return { id, label: [row.programme?.title, name].filter(Boolean).join(" – ") };
    }),
  );
  return { data: cohorts };
}

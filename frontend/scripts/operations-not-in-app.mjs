// OpenAPI operations the SPA does not call, each with its reason (see operation-coverage.mjs).
// Add an operation here only when no person uses it through the app; the coverage test fails
// when an entry is called after all or leaves openapi.json, so the lists stay short and true.
// New routes (issue 18 and others): call them from a screen, or add them to the right list.

/** Used by machines, never by a person in the app. */
const INTEGRATION_ONLY = {
  "GET /healthz": "liveness probe (load balancer, orchestrator)",
  "GET /readyz": "readiness probe",
  "GET /api/v1/calendar/{token}.ics": "fetched by the person's calendar program through the secret link the app hands out",
  "POST /api/v1/people/bulk": "the municipality's HR-system sync (integration scope); people come through CSV import in the app",
  "POST /api/v1/feedback/follow-ups/issue": "`praksis worker` issues follow-ups; reading them issues the caller's (and a leader's team's) too",
  "GET /api/v1/issuers/{municipality_id}": "a credential verifier's: the issuer profile a badge names (no account)",
  "GET /api/v1/issuers/{municipality_id}/status-list": "a credential verifier's: the status list a badge's credentialStatus names (no account)",
  "GET /api/v1/issuers/{municipality_id}/status-list/signed": "a credential verifier's: the status list as a VC-JWT (no account)",
  "GET /api/v1/credential-keys": "a credential verifier's: the key set the signed badges and status lists are checked against (no account)",
  "POST /api/v1/webhooks/endpoints/{endpoint_id}/rotate-secret": "the intranet's integration rotates the secret it verifies with",
};

/**
 * Single objects by id. The app shows every one of these in the list it came from (which
 * carries the same representation); integrations read them one by one, e.g. for an ETag.
 * (An edit dialog that changes with If-Match reads its item by id for the ETag; those reads
 * are called, so they are not listed here.)
 */
const READ_ONE_FOR_INTEGRATIONS = {
  "GET /api/v1/cohorts/{cohort_id}/buddy-pairs/{pair_id}": "list: …/buddy-pairs",
  "GET /api/v1/competences/{framework_id}/competences": "the framework in GET /competences carries them",
  "GET /api/v1/enrolments/{enrolment_id}": "list: GET /enrolments",
  "GET /api/v1/feedback/follow-ups/{follow_up_id}": "list: GET /feedback/follow-ups",
  "GET /api/v1/programmes/{programme_id}/modules": "the programme in GET /programmes carries its modules",
  "GET /api/v1/audit/{event_id}": "list: GET /audit",
  "GET /api/v1/credentials": "the development plan carries the person's credentials",
  "GET /api/v1/credentials/{credential_id}": "the development plan carries them",
  "GET /api/v1/development-goals": "the development plan carries the person's goals",
  "GET /api/v1/enrolment-requests/{request_id}": "list: GET /enrolment-requests",
  "GET /api/v1/webhooks/endpoints/{endpoint_id}": "list: GET /webhooks/endpoints",
};

/**
 * NOT an exemption to keep: operations a person needs that have no screen yet (issue 17's
 * remainder, reported to the lead). Remove each entry when its screen calls it.
 */
const NOT_YET_IN_APP = {
};

/** Every exempted operation and why. */
export const NOT_IN_APP = new Map(
  Object.entries({ ...INTEGRATION_ONLY, ...READ_ONE_FOR_INTEGRATIONS, ...NOT_YET_IN_APP }),
);
/** The gaps alone, so a report can count them. */
export const GAPS = Object.keys(NOT_YET_IN_APP);

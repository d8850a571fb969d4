import { allPages, api, type Schemas } from "../../api/client";

export type CatalogueEntry = Schemas["CatalogueEntry"];
export type EnrolmentRequest = Schemas["EnrolmentRequestRead"];
export type TeamResult = Schemas["TeamNominationRead"];

export function loadCatalogue() {
  return allPages((cursor) => api.GET("/api/v1/catalogue", { params: { query: { limit: 200, cursor } } }));
}

export function loadPendingRequests() {
  return allPages((cursor) =>
    api.GET("/api/v1/enrolment-requests", { params: { query: { status: "pending", limit: 200, cursor } } }),
  );
}

/** My own pending requests (a leader's list also holds the team's; `person_id` keeps mine). */
export function loadMyPendingRequests(personId: string) {
  return allPages((cursor) =>
    api.GET("/api/v1/enrolment-requests", {
      params: { query: { status: "pending", person_id: personId, limit: 200, cursor } },
    }),
  );
}

export function loadOrgUnits() {
  return allPages((cursor) => api.GET("/api/v1/org-units", { params: { query: { limit: 200, cursor } } }));
}

/** Whether the caller may still ask for a place: open, in the target group, nothing active. */
export function mayAsk(entry: CatalogueEntry): boolean {
  return (
    entry.status === "open" &&
    entry.eligible &&
    entry.my_enrolment_status == null &&
    entry.my_request_status !== "pending"
  );
}

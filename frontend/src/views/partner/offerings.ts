/** Pure rules of the partner's offering form. */
import type { Schemas } from "../../api/client";

type Offering = Schemas["OfferingRead"];

/** The API's pattern for a municipality id: country and official code, e.g. dk-0766. */
export const MUNICIPALITY_ID = /^(dk|no)-[0-9]{4}$/;
export const DESCRIPTION_MAX = 5000;

/** A typed id tidied ("DK-0766 " → "dk-0766"); `undefined` when it can't be one. */
export function municipalityId(text: string): string | undefined {
  const id = text.trim().toLowerCase();
  return MUNICIPALITY_ID.test(id) ? id : undefined;
}

export interface OfferingDraft {
  title: string;
  description: string;
  members: string[];
}

/** Only what changed, so an unchanged member list is not sent (and not checked) again. */
export function offeringChanges(offering: Offering, draft: OfferingDraft): Schemas["OfferingUpdate"] {
  const changes: Schemas["OfferingUpdate"] = {};
  if (draft.title.trim() !== offering.title) changes.title = draft.title.trim();
  if (draft.description.trim() !== offering.description) changes.description = draft.description.trim();
  const before = [...offering.municipality_ids].sort().join(",");
  if ([...draft.members].sort().join(",") !== before) changes.municipality_ids = draft.members;
  return changes;
}

/** A new offering's body: the texts trimmed, a minimum per org unit only when one is given. */
export function newOffering(
  draft: OfferingDraft,
  rest: { kind: Schemas["ProgrammeKind"]; grading: Schemas["Grading"]; minimum: string },
): Schemas["OfferingCreate"] {
  const minimum = Number(rest.minimum);
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    kind: rest.kind,
    grading: rest.grading,
    municipality_ids: draft.members,
    min_participants_per_org_unit: rest.minimum.trim() && Number.isInteger(minimum) ? minimum : null,
  };
}

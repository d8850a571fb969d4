/** Pure rules of the event edits: only what changed is sent (a new time, place or title tells the invited again). */
import type { Schemas } from "../../api/client";
import { wallClock, zonedIso } from "../hr/workshops/zonedTime";

type Meeting = Schemas["SparringMeetingRead"];
type Guest = Schemas["GuestRead"];

export interface MeetingDraft {
  title: string;
  day: string;
  start: string;
  end: string;
  location: string;
  description: string;
}

export function meetingDraft(meeting: Meeting, zone: string): MeetingDraft {
  const starts = wallClock(meeting.starts_at, zone);
  return {
    title: meeting.title,
    day: starts.day,
    start: starts.time,
    end: wallClock(meeting.ends_at, zone).time,
    location: meeting.location,
    description: meeting.description,
  };
}

/** The PATCH body, or `undefined` when the day or a time is not a valid one. */
export function meetingChanges(meeting: Meeting, draft: MeetingDraft, zone: string): Schemas["SparringMeetingUpdate"] | undefined {
  const starts = zonedIso(draft.day, draft.start, zone);
  const ends = zonedIso(draft.day, draft.end, zone);
  if (!starts || !ends) return undefined;
  const changes: Schemas["SparringMeetingUpdate"] = {};
  if (draft.title.trim() !== meeting.title) changes.title = draft.title.trim();
  if (Date.parse(starts) !== Date.parse(meeting.starts_at)) changes.starts_at = starts;
  if (Date.parse(ends) !== Date.parse(meeting.ends_at)) changes.ends_at = ends;
  if (draft.location.trim() !== meeting.location) changes.location = draft.location.trim();
  if (draft.description.trim() !== meeting.description) changes.description = draft.description.trim();
  return changes;
}

export type GuestDraft = Pick<Guest, "name" | "organisation" | "role" | "contribution">;

export function guestChanges(guest: Guest, draft: GuestDraft): Schemas["GuestUpdate"] {
  const changes: Schemas["GuestUpdate"] = {};
  for (const field of ["name", "organisation", "role"] as const) {
    if (draft[field].trim() !== guest[field]) changes[field] = draft[field].trim();
  }
  if (draft.contribution !== guest.contribution) changes.contribution = draft.contribution;
  return changes;
}

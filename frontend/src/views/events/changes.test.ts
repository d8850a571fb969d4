import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { guestChanges, meetingChanges, meetingDraft } from "./changes";

const ZONE = "Europe/Copenhagen";
const meeting = {
  id: "m",
  programme_id: "p",
  title: "Ledersparring",
  starts_at: "2027-02-10T13:00:00+01:00",
  ends_at: "2027-02-10T15:00:00+01:00",
  location: "Rådhuset",
  description: "",
  status: "scheduled",
  sequence: 0,
  invited: 3,
  attended: 0,
  my_invitation: null,
  created_at: "",
  updated_at: "",
} as Schemas["SparringMeetingRead"];

describe("moving a sparring meeting", () => {
  it("starts from the meeting as the municipality's wall clock shows it", () => {
    expect(meetingDraft(meeting, ZONE)).toEqual({
      title: "Ledersparring",
      day: "2027-02-10",
      start: "13:00",
      end: "15:00",
      location: "Rådhuset",
      description: "",
    });
  });
  it("sends only what changed, the times with their offset", () => {
    const draft = meetingDraft(meeting, ZONE);
    expect(meetingChanges(meeting, draft, ZONE)).toEqual({});
    expect(meetingChanges(meeting, { ...draft, day: "2027-02-17", location: " Juelsminde " }, ZONE)).toEqual({
      starts_at: "2027-02-17T13:00:00+01:00",
      ends_at: "2027-02-17T15:00:00+01:00",
      location: "Juelsminde",
    });
  });
  it("refuses a day or time that is not one", () => {
    expect(meetingChanges(meeting, { ...meetingDraft(meeting, ZONE), day: "" }, ZONE)).toBeUndefined();
  });
});

describe("correcting a guest", () => {
  const guest = {
    id: "g",
    workshop_id: "w",
    name: "Anne Holm",
    organisation: "",
    role: "konsulent",
    contribution: "speaker",
    created_at: "",
    updated_at: "",
  } as Schemas["GuestRead"];
  it("sends only the fields that changed, trimmed", () => {
    expect(guestChanges(guest, { ...guest })).toEqual({});
    expect(guestChanges(guest, { ...guest, organisation: " VIA UC ", contribution: "facilitator" })).toEqual({
      organisation: "VIA UC",
      contribution: "facilitator",
    });
  });
});

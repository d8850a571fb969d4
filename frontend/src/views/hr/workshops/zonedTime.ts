/**
 * A wall-clock time in the municipality's time zone ("2027-02-10" + "09:00" in
 * Europe/Copenhagen) as ISO 8601 with its offset ("2027-02-10T09:00:00+01:00"), as the API
 * wants it — whatever time zone the browser itself is in.
 */

/** The wall clock in `timeZone` at the instant `utcMillis`, as its two-digit parts. */
function wallParts(utcMillis: number, timeZone: string): (type: string) => string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMillis));
  return (type) => parts.find((item) => item.type === type)?.value ?? "0";
}

/** Minutes the zone is ahead of UTC at the instant `utcMillis`. */
export function zoneOffsetMinutes(utcMillis: number, timeZone: string): number {
  const text = wallParts(utcMillis, timeZone);
  const part = (type: string) => Number(text(type));
  const asUtc = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return Math.round((asUtc - Math.floor(utcMillis / 1000) * 1000) / 60_000);
}

/** An instant (ISO 8601) as the day and time on the wall clock in `timeZone`: the other way round. */
export function wallClock(iso: string, timeZone: string): { day: string; time: string } {
  const millis = Date.parse(iso);
  const local = new Date(millis + zoneOffsetMinutes(millis, timeZone) * 60_000);
  const day = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  return { day, time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}` };
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** `undefined` when the date or time is not a valid "YYYY-MM-DD" / "HH:MM". */
export function zonedIso(day: string, time: string, timeZone: string): string | undefined {
  const dayMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dayMatch || !timeMatch) return undefined;
  const [year, month, date] = dayMatch.slice(1).map(Number) as [number, number, number];
  const [hour, minute] = timeMatch.slice(1).map(Number) as [number, number];
  if (month < 1 || month > 12 || date < 1 || date > 31 || hour > 23 || minute > 59) return undefined;
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  // The offset at the wall time read as UTC is right except near a DST change; one more
  // round with the offset at the instant found settles it.
  let offset = zoneOffsetMinutes(wall, timeZone);
  offset = zoneOffsetMinutes(wall - offset * 60_000, timeZone);
  return `${day}T${time}:00${offsetText(offset)}`;
}

import { IngestSettingsError } from "./errors.ts";
import { normaliseTimestamp } from "./timestamps.ts";

/**
 * A declared export cutoff: orders after it are excluded. Both bounds are
 * the same moment, once as the shop's wall-clock time (for order times
 * without an offset) and once as an instant (for times with one).
 */
export interface Cutoff {
  /** The cutoff as given, for messages. */
  text: string;
  /** Latest local time kept, `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
  localBound: string;
  /** Latest instant kept, in ms since the epoch (UTC). */
  instantMs: number;
}

const OFFSET = /([+-]\d{2}:\d{2})$/;

/**
 * Parses a cutoff: a date (`2024-03-31` keeps that whole local day), a
 * local date and time, or a time with an offset, all ISO 8601. A cutoff
 * comes from the user, never from the machine's clock.
 *
 * @throws IngestSettingsError when the text is no such time.
 */
export function parseCutoff(text: string, timeZone: string): Cutoff {
  const normal = normaliseTimestamp(text.trim(), "iso");
  if (normal === null) {
    throw new IngestSettingsError(
      `Invalid setting cutoff = "${text}": expected an ISO 8601 date or ` +
        "time such as 2024-03-31 or 2024-03-31T18:00:00+01:00.",
    );
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
  const offset = OFFSET.exec(normal)?.[1];
  if (offset !== undefined) {
    const instantMs = Date.parse(normal.replace(" ", "T"));
    return { text, localBound: wallClock(instantMs, timeZone), instantMs };
  }
  const localBound = dateOnly
    ? `${normal.slice(0, 10)} 23:59:59.999999`
    : normal;
  return { text, localBound, instantMs: localToInstant(localBound, timeZone) };
}

/**
 * Tells whether a normalised order time (see `normaliseTimestamp`) is after
 * the cutoff. A time without an offset is compared as the shop's wall
 * clock, so the repeated hour when clocks go back counts by its clock
 * reading.
 */
export function isAfterCutoff(orderTs: string, cutoff: Cutoff): boolean {
  if (OFFSET.test(orderTs)) {
    return Date.parse(orderTs.replace(" ", "T")) > cutoff.instantMs;
  }
  return orderTs > cutoff.localBound;
}

/** Converts a local wall-clock time in `timeZone` to ms since the epoch. */
function localToInstant(local: string, timeZone: string): number {
  const asUtc = Date.parse(`${local.replace(" ", "T").slice(0, 23)}Z`);
  const first = asUtc - offsetMs(asUtc, timeZone);
  return asUtc - offsetMs(first, timeZone);
}

/** Returns the zone's offset from UTC at an instant, in ms. */
function offsetMs(instantMs: number, timeZone: string): number {
  return (
    Date.parse(`${wallClock(instantMs, timeZone)}Z`.replace(" ", "T")) -
    Math.floor(instantMs / 1000) * 1000
  );
}

/** Formats an instant as the zone's wall clock, `YYYY-MM-DD HH:MM:SS`. */
function wallClock(instantMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instantMs));
  const get = (type: string) =>
    parts.find((part) => part.type === type)?.value ?? "00";
  return (
    `${get("year")}-${get("month")}-${get("day")} ` +
    `${get("hour")}:${get("minute")}:${get("second")}`
  );
}

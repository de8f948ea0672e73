import { z } from "zod";

/** Returns whether the runtime recognises `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A setting that must name an IANA time zone. */
export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin");

/**
 * Returns the runtime's name of a valid zone, so that spellings of one
 * zone (`europe/berlin`, `Europe/Berlin`) compare equal.
 */
export function canonicalTimeZone(zone: string): string {
  return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions()
    .timeZone;
}

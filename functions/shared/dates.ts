import { ConfigError } from "./errors.ts";

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Converts a calendar date `YYYY-MM-DD` to days since 1970-01-01. Days are
 * the shop's local days, so no time zone applies here.
 *
 * @throws ConfigError when the text is not a real calendar date.
 */
export function parseDay(text: string, what = "date"): number {
  const match = ISO_DATE.exec(text);
  const day = match
    ? civilToDay(Number(match[1]), Number(match[2]), Number(match[3]))
    : null;
  if (day === null) {
    throw new ConfigError(
      `Invalid ${what} "${text}": expected a calendar date as YYYY-MM-DD, ` +
        "for example 1998-06-30.",
    );
  }
  return day;
}

/**
 * Returns days since 1970-01-01 for a year, month (1-12) and day, or null
 * when they do not form a real date (such as 1997-02-30).
 */
export function civilToDay(
  year: number,
  month: number,
  day: number,
): number | null {
  // setUTCFullYear, unlike Date.UTC, reads years 0 to 99 literally.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const ms = date.getTime();
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return valid ? Math.round(ms / MS_PER_DAY) : null;
}

/** Formats days since 1970-01-01 as `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

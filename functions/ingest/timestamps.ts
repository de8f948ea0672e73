import { civilToDay } from "#shared/dates.ts";

/**
 * How a preset or mapping writes its order times: ISO 8601, `YYYYMMDD`,
 * day-first (`31/12/2024 13:45`) or month-first (`12/31/2024 13:45`), with
 * `/`, `.` or `-` between the parts. `auto` reads ISO 8601 and decides
 * between day-first and month-first from the whole file (see
 * date-order.ts).
 */
export type DateFormat = "iso" | "yyyymmdd" | "dmy" | "mdy" | "auto";

export const DATE_FORMATS: readonly DateFormat[] = [
  "iso",
  "yyyymmdd",
  "dmy",
  "mdy",
  "auto",
];

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** Day-first or month-first date, with an optional time of day. */
export const SLASH_TIMESTAMP =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Normalises an order time to the text DuckDB casts to TIMESTAMPTZ:
 * `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]`. Without an offset the time stays
 * local, and the connection's TimeZone setting (the shop's zone) applies.
 * `auto` reads ISO 8601 only: slash dates need the file's order decided.
 *
 * @returns the normalised text, or null when the value is not a real time.
 */
export function normaliseTimestamp(
  text: string,
  format: DateFormat,
): string | null {
  if (format === "yyyymmdd") return normaliseCompact(text);
  if (format === "dmy" || format === "mdy") return normaliseSlash(text, format);
  return normaliseIso(text);
}

function normaliseCompact(text: string): string | null {
  const match = COMPACT_DATE.exec(text);
  if (!match) return null;
  const [, year = "", month = "", day = ""] = match;
  return datePart(year, month, day) === null
    ? null
    : `${year}-${month}-${day} 00:00:00`;
}

function normaliseIso(text: string): string | null {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return null;
  const [, year = "", month = "", day = ""] = match;
  const [hour = "00", minute = "00", second = "00"] = match.slice(4, 7);
  const fraction = match[7] ?? "";
  const offset = normaliseOffset(match[8]);
  const validTime = +hour < 24 && +minute < 60 && +second < 60;
  if (!validTime || datePart(year, month, day) === null) return null;
  if (offset === null) return null;
  return `${year}-${month}-${day} ${hour}:${minute}:${second}${fraction}${offset}`;
}

function normaliseSlash(text: string, format: "dmy" | "mdy"): string | null {
  const match = SLASH_TIMESTAMP.exec(text);
  if (!match) return null;
  const [, first = "", , second = "", year = ""] = match;
  const [hour = "0", minute = "00", secs = "00"] = match.slice(5, 8);
  const day = pad(format === "dmy" ? first : second);
  const month = pad(format === "dmy" ? second : first);
  const validTime = +hour < 24 && +minute < 60 && +secs < 60;
  if (!validTime || datePart(year, month, day) === null) return null;
  return `${year}-${month}-${day} ${pad(hour)}:${minute}:${secs}`;
}

function pad(part: string): string {
  return part.padStart(2, "0");
}

function datePart(year: string, month: string, day: string): number | null {
  return civilToDay(+year, +month, +day);
}

/** Returns "" for no offset, "+HH:MM" for one, and null for a bad one. */
function normaliseOffset(offset: string | undefined): string | null {
  if (offset === undefined) return "";
  if (offset === "Z") return "+00:00";
  const digits = offset.replace(":", "");
  const hours = +digits.slice(1, 3);
  const minutes = +digits.slice(3, 5);
  if (hours > 14 || minutes > 59) return null;
  return `${digits[0]}${digits.slice(1, 3)}:${digits.slice(3, 5)}`;
}

import { civilToDay } from "#shared/dates.ts";

/** How a preset or mapping writes its order times. */
export type DateFormat = "iso" | "yyyymmdd";

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Normalises an order time to the text DuckDB casts to TIMESTAMPTZ:
 * `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]`. Without an offset the time stays
 * local, and the connection's TimeZone setting (the shop's zone) applies.
 *
 * @returns the normalised text, or null when the value is not a real time.
 */
export function normaliseTimestamp(
  text: string,
  format: DateFormat,
): string | null {
  if (format === "yyyymmdd") {
    const match = COMPACT_DATE.exec(text);
    if (!match) return null;
    const [, year = "", month = "", day = ""] = match;
    return datePart(year, month, day) === null
      ? null
      : `${year}-${month}-${day} 00:00:00`;
  }
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

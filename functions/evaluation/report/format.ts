/** Text shown for a number that is NaN or infinite. */
export const NOT_AVAILABLE = "n/a";

const LOCALE = "en-US";

const countFormat = new Intl.NumberFormat(LOCALE, {
  maximumFractionDigits: 0,
});
const largeAmountFormat = countFormat;
const smallAmountFormat = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const shareFormat = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const signedShareFormat = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: "exceptZero",
});
const compactFormat = new Intl.NumberFormat(LOCALE, {
  maximumFractionDigits: 2,
});
const compactShareFormat = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  maximumFractionDigits: 1,
});
const dayFormat = new Intl.DateTimeFormat(LOCALE, {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const timeFormat = new Intl.DateTimeFormat(LOCALE, {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
  timeZoneName: "short",
});

function finiteOr(value: number, format: (value: number) => string): string {
  return Number.isFinite(value) ? format(value) : NOT_AVAILABLE;
}

/** Formats a count with thousands separators: 23570 as "23,570". */
export function formatCount(value: number): string {
  return finiteOr(value, (v) => countFormat.format(v));
}

/**
 * Formats an amount of money without a currency symbol: whole units from
 * 100 up ("12,346"), cents below ("45.67").
 */
export function formatAmount(value: number): string {
  return finiteOr(value, (v) =>
    Math.abs(v) >= 100
      ? largeAmountFormat.format(v)
      : smallAmountFormat.format(v),
  );
}

/** Formats a fraction as a percentage: 0.1234 as "12.3%". */
export function formatShare(value: number): string {
  return finiteOr(value, (v) => shareFormat.format(v));
}

/** Formats a signed relative error as a percentage: 0.042 as "+4.2%". */
export function formatSignedShare(value: number): string {
  return finiteOr(value, (v) => signedShareFormat.format(v));
}

/** Formats a number with at most 2 decimals: 25 as "25", 2.5 as "2.5". */
export function formatCompact(value: number): string {
  return finiteOr(value, (v) => compactFormat.format(v));
}

/** Formats a fraction as a percentage without trailing zeros: "5%". */
export function formatCompactShare(value: number): string {
  return finiteOr(value, (v) => compactShareFormat.format(v));
}

/** Formats a score such as a Gini or an AUC with `digits` decimals. */
export function formatDecimal(value: number, digits = 3): string {
  return finiteOr(value, (v) => v.toFixed(digits));
}

/** Formats a ratio to an average as a multiple: 3.417 as "3.42×". */
export function formatMultiple(value: number): string {
  return finiteOr(value, (v) => `${v.toFixed(2)}×`);
}

/**
 * Formats an ISO 8601 date ("1997-01-01") as "Jan 1, 1997" and a timestamp
 * as its UTC date and time. Text that is neither comes back unchanged.
 */
export function formatDate(text: string): string {
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const time = Date.parse(isDay ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time)) return text;

  return isDay ? dayFormat.format(time) : timeFormat.format(time);
}

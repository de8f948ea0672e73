import { createHash } from "node:crypto";
import { canonicalTimeZone, isTimeZone } from "#shared/time-zone.ts";
import type { DecimalSeparator } from "./numbers.ts";
import type { Preset } from "./presets/types.ts";
import { detectDelimiter } from "./records.ts";
import type { IngestSettings } from "./settings.ts";
import type { DateFormat } from "./timestamps.ts";
import type { ValidationRules } from "./validate.ts";

/**
 * The options that decide what a file's rows become in the lake. The lake
 * stores them with each file, and the same content read with other
 * options replaces the earlier ingestion of that content.
 */
export interface ReadingOptions {
  /** Preset name, or "mapping". */
  format: string;
  /** The mapping file's validated content, or null for a preset. */
  mapping: unknown;
  /** Declared date format, before `auto` is decided for the file. */
  dateFormat: DateFormat;
  timeZone: string;
  currency: string | null;
  conversionRates: Record<string, number> | null;
  cutoff: string | null;
  amountCap: number | null;
  delimiter: string | null;
  quote: string | null;
  /**
   * Declared decimal separator, or null. A manifest written before the
   * option existed lacks the key, which `effectiveReading` reads as null.
   */
  decimalSeparator: DecimalSeparator | null;
}

/** Two effective readings of one file and the options that differ. */
export interface ReadingChange {
  before: ReadingOptions;
  after: ReadingOptions;
  keys: (keyof ReadingOptions)[];
}

/** Collects the reading options of an ingestion. */
export function readingOptions(
  preset: Preset,
  rules: ValidationRules,
  timeZone: string,
  settings: IngestSettings,
): ReadingOptions {
  return {
    format: preset.name,
    mapping: preset.definition ?? null,
    dateFormat: settings.dateFormat ?? rules.dateFormat,
    timeZone,
    currency: rules.currency,
    conversionRates:
      settings.conversionRates ??
      (rules.conversionRates ? { ...rules.conversionRates } : null),
    cutoff: settings.cutoff,
    amountCap: settings.amountCap,
    delimiter: settings.delimiter,
    quote: settings.quote,
    decimalSeparator: settings.decimalSeparator,
  };
}

/**
 * Keys of a mapping file that set a reading option of their own. The
 * options compare their effective values, so the mapping file's content
 * is compared without these keys.
 */
const MAPPING_OPTION_KEYS = [
  "timeZone",
  "currency",
  "delimiter",
  "quote",
  "decimalSeparator",
];

/**
 * Returns the options as they act on one file, so that writing out a
 * default is the same reading. A time zone is its canonical IANA name
 * (`europe/berlin` is `Europe/Berlin`, `Etc/UTC` is `UTC`). An undeclared
 * quote is `"`. An undeclared
 * decimal separator is `.`, also in a manifest written before that option
 * existed, which lacks the key. An undeclared delimiter is the one
 * detected from `header`, the file's first non-blank line.
 */
export function effectiveReading(
  reading: ReadingOptions,
  header: string,
): ReadingOptions {
  const quote = reading.quote ?? '"';
  return {
    ...reading,
    timeZone: isTimeZone(reading.timeZone)
      ? canonicalTimeZone(reading.timeZone)
      : reading.timeZone,
    mapping: mappingWithoutOptions(reading.mapping),
    delimiter: reading.delimiter ?? detectDelimiter(header, quote),
    quote,
    decimalSeparator: reading.decimalSeparator ?? ".",
  };
}

function mappingWithoutOptions(mapping: unknown): unknown {
  if (mapping === null || typeof mapping !== "object") return mapping ?? null;
  const entries = Object.entries(mapping as Record<string, unknown>);
  return Object.fromEntries(
    entries.filter(([key]) => !MAPPING_OPTION_KEYS.includes(key)),
  );
}

/**
 * Lists the options that differ between two readings, in the order of
 * `ReadingOptions`; an empty list means the same reading. Callers pass
 * effective readings (see `effectiveReading`). Object keys are compared
 * in sorted order, so `{"EUR": 1, "GBP": 2}` equals its reverse.
 */
export function changedOptions(
  before: ReadingOptions,
  after: ReadingOptions,
): (keyof ReadingOptions)[] {
  const keys = Object.keys(after) as (keyof ReadingOptions)[];
  return keys.filter(
    (key) => sortedJson(before[key]) !== sortedJson(after[key]),
  );
}

/** Returns 8 hex digits that tell readings apart in file names. */
export function readingTag(reading: ReadingOptions): string {
  return createHash("sha256")
    .update(sortedJson(reading))
    .digest("hex")
    .slice(0, 8);
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      return item;
    }
    const entries = Object.entries(item as Record<string, unknown>);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
  });
}

import { plural } from "#shared/plural.ts";
import type { FileReport } from "./manifest.ts";
import type { ReadingChange, ReadingOptions } from "./reading.ts";

/** The CLI option or mapping key that sets each reading option. */
const OPTION_SOURCES: Record<keyof ReadingOptions, string> = {
  format: "--format",
  mapping: "--mapping",
  dateFormat: '--date-format or "dateFormat" in the mapping file',
  timeZone: '--time-zone or "timeZone" in the mapping file',
  currency: '--currency or "currency" in the mapping file',
  conversionRates: "--conversion-rates",
  cutoff: "--cutoff",
  amountCap: "--amount-cap",
  delimiter: '--delimiter or "delimiter" in the mapping file',
  quote: '"quote" in the mapping file',
  decimalSeparator:
    '--decimal-separator or "decimalSeparator" in the mapping file',
};

/**
 * Returns why a new reading of a file is rejected, or null when it may
 * replace the earlier one. A reading that ingested orders is never
 * replaced by one that ingests none. When every row is quarantined after
 * the options changed, an option was most likely left out by mistake,
 * such as the decimal separator on one day's call. Replacing the reading
 * would empty the lake of the file's orders.
 *
 * @param change the options that changed, or null when the lake did not
 *   record the earlier reading's options.
 */
export function rereadRejection(
  earlier: FileReport,
  next: FileReport,
  change: ReadingChange | null,
): string | null {
  if (earlier.ordersIngested === 0 || next.ordersIngested > 0) return null;
  const options =
    change === null
      ? "with reading options other than those of its earlier reading, " +
        "which the lake did not record"
      : `with the changed reading ${change.keys.length === 1 ? "option" : "options"} ` +
        change.keys.map((key) => describeChange(key, change)).join(", ");
  // Without recorded options the file is read on every call, until a
  // reading with orders replaces the earlier one and records its options.
  const fix =
    change === null
      ? "To stop this error, ingest the file with the options of its " +
        "earlier reading, so that the lake records them."
      : "To skip the file without this error, ingest it with the earlier " +
        `options: ${earlierOptions(change).join("; ")}.`;
  return (
    `${next.file}: not read again, because ${options}, ` +
    `${outcome(next)}, while the lake has ` +
    `${plural(earlier.ordersIngested, "order")} from its earlier ` +
    `reading. The lake keeps the earlier reading. ${fix} To replace the ` +
    "earlier reading, correct the options or the file so that its rows " +
    "become orders."
  );
}

function outcome(next: FileReport): string {
  if (next.rowsRead === 0) return "it would give no order";
  const reasons = Object.entries(next.quarantinedByReason)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  const rows = next.rowsRead === 1 ? "its 1 row" : `all ${next.rowsRead} rows`;
  return `${rows} would be quarantined (${reasons})`;
}

function describeChange(
  key: keyof ReadingOptions,
  { before, after }: ReadingChange,
): string {
  if (key === "mapping") {
    if (before.mapping !== null && after.mapping !== null) {
      return "mapping (the mapping file's content changed)";
    }
    const name = (mapping: unknown) =>
      mapping === null ? "none" : "a mapping file";
    return `mapping (${name(before.mapping)} before, ${name(after.mapping)} now)`;
  }
  return `${key} (${shown(before[key])} before, ${shown(after[key])} now)`;
}

/** Lists each changed option's earlier value and the option that sets it. */
function earlierOptions({ before, keys }: ReadingChange): string[] {
  const parts = keys.map((key) => {
    const value = before[key];
    if (key === "mapping" || (key === "format" && value === "mapping")) {
      return value === null
        ? "no mapping file (leave out --mapping)"
        : "the earlier mapping file (--mapping)";
    }
    if (value === null) return `no ${key} (leave out ${OPTION_SOURCES[key]})`;
    return `${key} ${shown(value)} (${OPTION_SOURCES[key]})`;
  });
  return [...new Set(parts)];
}

function shown(value: unknown): string {
  return value === null || value === undefined
    ? "not set"
    : JSON.stringify(value);
}

import type { DuckDBConnection } from "@duckdb/node-api";
import { CANONICAL_FIELDS, type CanonicalField } from "./canonical.ts";
import { quote } from "./lake-writer.ts";
import { canonicalPreset } from "./presets/canonical.ts";
import { locateColumns } from "./presets/columns.ts";
import type { Preset } from "./presets/types.ts";
import { directCanonicalRows } from "./sql-direct.ts";
import {
  canonicalLine,
  canonicalRows,
  type InvoicePositions,
  invoiceLine,
  invoiceRows,
  invoiceSign,
  type LinePattern,
  orderKey,
  splitFields,
} from "./sql-rules.ts";
import type { ValidationRules } from "./validate.ts";

/**
 * The SQL engine's view of a file's lines: loading them into DuckDB,
 * checks on them, and the line pattern of each preset.
 */

/** Points the view `lines` at the lines that `sql` selects by number. */
export async function keepLines(
  db: DuckDBConnection,
  sql: string,
): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE kept_lines AS
    SELECT line, text FROM all_lines WHERE line IN (${sql})`);
  await db.run(
    "CREATE OR REPLACE TEMP VIEW lines AS SELECT line, text FROM kept_lines",
  );
}

/** Counts the non-blank lines of the file, the header among them. */
export async function countNonBlankLines(
  db: DuckDBConnection,
): Promise<number> {
  const reader = await db.runAndReadAll(
    "SELECT count(*) FROM raw_lines WHERE text IS NOT NULL",
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/**
 * Loads the file as numbered lines; returns its first non-blank line, or
 * null when it has none or a line is too long for DuckDB.
 */
export async function loadLines(
  db: DuckDBConnection,
  path: string,
): Promise<{ line: number; text: string } | null> {
  // One VARCHAR column, no quoting and U+0001 as the delimiter, which the
  // file does not have (see sqlPathApplies): DuckDB keeps every physical
  // line, a blank one as NULL. The table keeps the file's order (insertion
  // order is preserved), so a line's number is its rowid plus one, and
  // reading it stays parallel, unlike a row_number() over the scan.
  // NOTE: this relies on DuckDB's preserve_insertion_order (on by
  // default); the engine comparison tests check the line numbers.
  try {
    await db.run(`CREATE TEMP TABLE raw_lines AS
      SELECT "text" FROM read_csv(${quote(path)},
        columns = {'text': 'VARCHAR'}, delim = '\u0001', quote = '',
        escape = '', header = false, auto_detect = false,
        strict_mode = false)`);
  } catch (error) {
    // DuckDB reads lines of up to 2,000,000 bytes; the row engine, any.
    if (String(error).includes("Maximum line size")) return null;
    throw error;
  }
  await db.run(`CREATE TEMP VIEW all_lines AS
    SELECT rowid + 1 AS line, text FROM raw_lines`);
  await db.run("CREATE TEMP VIEW lines AS SELECT line, text FROM all_lines");
  const reader = await db.runAndReadAll(`SELECT line, text FROM lines
    WHERE text IS NOT NULL ORDER BY line LIMIT 100`);
  for (const [line, text] of reader.getRows() as [bigint, string][]) {
    const clean = line === 1n ? text.replace(/^\uFEFF/, "") : text;
    if (clean.trim() !== "") return { line: Number(line), text: clean };
  }
  return null;
}

/** True when a record spans lines (an odd number of quotes on a line). */
export async function spansLines(db: DuckDBConnection): Promise<boolean> {
  return exists(
    db,
    `SELECT 1 FROM lines WHERE contains(text, '"')
      AND (length(text) - length(replace(text, '"', ''))) % 2 = 1`,
  );
}

export async function exists(
  db: DuckDBConnection,
  sql: string,
): Promise<boolean> {
  const reader = await db.runAndReadAll(`SELECT EXISTS (${sql})`);
  return reader.getRows()[0]?.[0] === true;
}

/** Line pattern and queries of the SQL engine for one preset and header. */
export interface LineLayout {
  pattern: LinePattern;
  /** SQL of the captured order time. */
  time: string;
  /** SQL: a matched line the preset's mapper does not reject first. */
  mapped: string;
  lineItems: boolean;
  /** Position of the invoice column, for lines that do not match. */
  invoice: number;
  rows(rules: ValidationRules, format: "iso" | "dmy" | "mdy"): string;
  /** SQL of the canonical lines written straight to the lake. */
  direct?: (rules: ValidationRules, headerLine: number) => string;
  /** Positions of the invoice-lines columns, when all five are there. */
  invoicePositions?: InvoicePositions;
}

export function lineLayout(
  header: string[],
  preset: Preset,
  delimiter: string,
): LineLayout {
  if (preset === canonicalPreset) {
    const positions = locateColumns(
      "",
      header,
      Object.fromEntries(
        CANONICAL_FIELDS.map((name) => [name, { name, required: false }]),
      ) as Record<CanonicalField, { name: string; required: boolean }>,
      "",
    );
    const pattern = canonicalLine(positions, header.length, delimiter);
    return {
      pattern,
      time: "m.order_ts",
      mapped: "true",
      lineItems: false,
      invoice: -1,
      rows: (rules, format) => canonicalRows(pattern, rules, format),
      direct: (rules, headerLine) =>
        directCanonicalRows(
          positions,
          header.length,
          delimiter,
          rules,
          headerLine,
        ),
    };
  }
  const positions: InvoicePositions = locateColumns(
    "",
    header,
    {
      invoice: { name: "InvoiceNo", required: false },
      quantity: { name: "Quantity", required: false },
      date: { name: "InvoiceDate", required: false },
      unitPrice: { name: "UnitPrice", required: false },
      customer: { name: "CustomerID", required: false },
    },
    "",
  );
  const pattern = invoiceLine(positions, header.length, delimiter);
  return {
    pattern,
    time: "m.date",
    mapped: invoiceSign("m"),
    lineItems: true,
    invoice: positions.invoice,
    rows: (rules, format) => invoiceRows(pattern, rules, format),
    invoicePositions: Object.values(positions).every((index) => index >= 0)
      ? positions
      : undefined,
  };
}

/**
 * Matches each line after the header against the layout's line pattern
 * into `extracted(line, text, m, matched)`. For line items it adds the
 * invoice key, and `unreadable` for a line whose quotes SQL cannot split:
 * its order id is unknown, so the lines of its order could not be kept
 * together.
 */
export async function extractLines(
  db: DuckDBConnection,
  headerLine: number,
  delimiter: string,
  layout: LineLayout,
  kind: "TABLE" | "VIEW",
): Promise<void> {
  const { pattern, names, positions } = layout.pattern;
  // A full match runs on RE2's DFA, much faster than capturing, so the
  // captures come from splitting the line where it has no quotes.
  const split = `string_split(text, ${quote(delimiter)})`;
  const fields = names.map(
    (name, i) => `${quote(name)}: parts[${(positions[i] ?? 0) + 1}]`,
  );
  const matched = `SELECT line, text, matched, CASE
      WHEN NOT matched THEN NULL
      WHEN parts IS NOT NULL THEN {${fields.join(", ")}}
      ELSE regexp_extract(text, ${quote(pattern)},
        [${names.map(quote).join(", ")}]) END AS m
    FROM (SELECT line, text, matched,
        CASE WHEN matched AND NOT contains(text, '"') THEN ${split} END
          AS parts
      FROM (SELECT line, text,
          regexp_full_match(text, ${quote(pattern)}) AS matched
        FROM lines WHERE line > ${headerLine} AND text IS NOT NULL))`;
  if (!layout.lineItems) {
    await db.run(`CREATE TEMP ${kind} extracted AS ${matched}`);
    return;
  }
  await db.run(`CREATE TEMP ${kind} extracted AS
    SELECT * EXCLUDE (f), f IS NULL AND NOT matched AS unreadable,
      CASE WHEN matched THEN m.invoice
        ELSE ${orderKey(`f[${layout.invoice + 1}]`)} END AS order_key
    FROM (SELECT *, CASE WHEN NOT matched
        THEN ${splitFields("text", delimiter)} END AS f
      FROM (${matched}))`);
}

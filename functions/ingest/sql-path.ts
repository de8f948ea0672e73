import { createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { CANONICAL_FIELDS, type CanonicalField } from "./canonical.ts";
import {
  type FileIngestOptions,
  type FileTarget,
  finishFile,
  RowIngester,
} from "./ingest-file.ts";
import { forEachRow, LakeFileWriter, quote } from "./lake-writer.ts";
import type { FileReport } from "./manifest.ts";
import { canonicalPreset, isJsonLines } from "./presets/canonical.ts";
import { locateColumns } from "./presets/columns.ts";
import { invoiceLinesPreset } from "./presets/invoice-lines.ts";
import type { Preset } from "./presets/types.ts";
import { detectDelimiter, parseCsvLine } from "./records.ts";
import { detectDateOrderSql } from "./sql-dates.ts";
import {
  canonicalLine,
  canonicalRows,
  type InvoicePositions,
  invoiceLine,
  invoiceRows,
  invoiceSign,
  type LinePattern,
  orderKey,
  STAGED_NAMES,
} from "./sql-rules.ts";
import type { ValidationRules } from "./validate.ts";

/**
 * Tells whether the SQL engine can read a file: plain (not gzip) CSV of
 * the canonical or invoice-lines preset with the standard quote.
 */
export async function sqlPathApplies(
  path: string,
  options: FileIngestOptions,
): Promise<boolean> {
  const known =
    options.preset === canonicalPreset || options.preset === invoiceLinesPreset;
  const format = options.rules.dateFormat;
  if (!known || (options.dialect.quote ?? '"') !== '"') return false;
  if (format === "yyyymmdd") return false;
  return !(await isGzip(path)) && !(await isJsonLines(path));
}

/**
 * Ingests a file with DuckDB doing the work for simple rows. DuckDB reads
 * the file as lines, so line numbers stay exact. It checks each line with
 * one regular expression and stages every row that conservative patterns
 * prove valid (see sql-rules.ts). The header and every other row
 * go through the row engine, in line order, so quarantine reasons, details
 * and e-mail pseudonyms are the row engine's. An `auto` date format is
 * decided here (see sql-dates.ts). Returns null, having written nothing,
 * when the file has a record that spans lines or a line-item row whose
 * quoting SQL cannot read; the caller then uses the row engine.
 *
 * @throws AmbiguousDatesError when an `auto` date order cannot be decided.
 */
export async function ingestFileSql(
  path: string,
  target: FileTarget,
  options: FileIngestOptions,
): Promise<FileReport | null> {
  const writer = await LakeFileWriter.open(
    options.timeZone,
    target.tempDir,
    false,
  );
  const db = writer.connection;
  const classified = await classifyFile(db, path, options).catch(
    (error: unknown) => {
      writer.close();
      throw error;
    },
  );
  if (classified === null) {
    writer.close();
    return null;
  }
  const { header, delimiter, lineItems, format } = classified;
  const fileOptions = {
    ...options,
    rules: { ...options.rules, dateFormat: format },
  };
  const quarantine = createWriteStream(target.quarantinePath);
  const rows = new RowIngester(basename(path), writer, quarantine, fileOptions);
  rows.push(header);
  await writer.openAppender();
  if (lineItems) await seedHeads(db, rows);
  await forEachRow(
    db,
    "SELECT line, text FROM classified WHERE NOT simple ORDER BY line",
    ([line, text]) => {
      if ((text as string).trim() === "") return;
      rows.push(parseCsvLine(Number(line), text as string, delimiter, '"'));
    },
  );
  const simple = await countSimple(db);

  return finishFile(
    path,
    target,
    fileOptions,
    writer,
    quarantine,
    {
      read: rows.read + simple,
      staged: rows.staged + simple,
      quarantined: rows.quarantined,
    },
    "sql",
    STAGED_SIMPLE_ROWS,
  );
}

/** A file classified into the table `classified`, and how it was read. */
interface ClassifiedFile {
  header: { line: number; raw: string; fields: string[] };
  delimiter: string;
  lineItems: boolean;
  format: "iso" | "dmy" | "mdy";
}

/**
 * Loads, matches and classifies the file's lines into `classified(line,
 * simple, text, head, ...staged columns)`. Returns null when the row
 * engine must read the whole file.
 *
 * @throws InputError when the header lacks a required column.
 * @throws AmbiguousDatesError when an `auto` date order cannot be decided.
 */
async function classifyFile(
  db: DuckDBConnection,
  path: string,
  options: FileIngestOptions,
): Promise<ClassifiedFile | null> {
  const first = await loadLines(db, path);
  const delimiter =
    options.dialect.delimiter ?? detectDelimiter(first?.text ?? "");
  const header = first && parseCsvLine(first.line, first.text, delimiter, '"');
  if (!header || "error" in header || (await spansLines(db))) return null;
  // The mapper checks the header's required columns before any work.
  options.preset.createMapper(basename(path))(header.line, header.fields);
  const layout = lineLayout(header.fields, options.preset, delimiter);
  // Only a canonical file of a known date format reads `extracted` once,
  // so only there it stays a view and is never stored.
  const kind =
    layout.lineItems || options.rules.dateFormat === "auto" ? "TABLE" : "VIEW";
  await extractLines(db, header.line, delimiter, layout, kind);
  const unreadable = "SELECT 1 FROM extracted WHERE unreadable";
  if (layout.lineItems && (await exists(db, unreadable))) return null;
  const format =
    options.rules.dateFormat === "auto"
      ? await detectDateOrderSql(db, {
          path,
          preset: options.preset,
          delimiter,
          header,
          time: layout.time,
          mapped: layout.mapped,
        })
      : (options.rules.dateFormat as "iso" | "dmy" | "mdy");
  await db.run(
    `CREATE TEMP TABLE classified AS ${layout.rows(options.rules, format)}`,
  );
  await db.run(`DROP ${kind} extracted`);
  await db.run("DROP TABLE lines");

  return { header, delimiter, lineItems: layout.lineItems, format };
}

/** Gives the row engine the first line of each invoice that SQL staged. */
async function seedHeads(
  db: DuckDBConnection,
  rows: RowIngester,
): Promise<void> {
  await forEachRow(
    db,
    `SELECT DISTINCT head.order_id, head.customer_id, head.order_ts,
      head.line FROM classified WHERE head IS NOT NULL`,
    ([orderId, customerId, orderTs, line]) =>
      rows.seedHead(orderId as string, {
        customerId: customerId as string,
        orderTs: orderTs as string,
        line: Number(line),
      }),
  );
}

/** The staged columns of the rows SQL proved valid. */
const STAGED_SIMPLE_ROWS = `SELECT ${STAGED_NAMES} FROM classified
  WHERE simple`;

async function countSimple(db: DuckDBConnection): Promise<number> {
  const reader = await db.runAndReadAll(
    "SELECT count(*) FROM classified WHERE simple",
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Loads the file as numbered lines; returns its first non-blank line. */
async function loadLines(
  db: DuckDBConnection,
  path: string,
): Promise<{ line: number; text: string } | null> {
  // One VARCHAR column and no quoting: DuckDB keeps every physical line,
  // a blank one as NULL, so row_number() is the 1-based line number.
  await db.run(`CREATE TEMP TABLE lines AS
    SELECT row_number() OVER () AS line, "text" FROM read_csv(${quote(path)},
      columns = {'text': 'VARCHAR'}, delim = '\\x01', quote = '',
      escape = '', header = false, auto_detect = false,
      strict_mode = false)`);
  const reader = await db.runAndReadAll(`SELECT line, text FROM lines
    WHERE text IS NOT NULL ORDER BY line LIMIT 100`);
  for (const [line, text] of reader.getRows() as [bigint, string][]) {
    const clean = line === 1n ? text.replace(/^\uFEFF/, "") : text;
    if (clean.trim() !== "") return { line: Number(line), text: clean };
  }
  return null;
}

/** True when a record spans lines (an odd number of quotes on a line). */
async function spansLines(db: DuckDBConnection): Promise<boolean> {
  return exists(
    db,
    `SELECT 1 FROM lines WHERE contains(text, '"')
      AND (length(text) - length(replace(text, '"', ''))) % 2 = 1`,
  );
}

async function exists(db: DuckDBConnection, sql: string): Promise<boolean> {
  const reader = await db.runAndReadAll(`SELECT EXISTS (${sql})`);
  return reader.getRows()[0]?.[0] === true;
}

/** Line pattern and queries of the SQL engine for one preset and header. */
interface LineLayout {
  pattern: LinePattern;
  /** SQL of the captured order time. */
  time: string;
  /** SQL: a matched line the preset's mapper does not reject first. */
  mapped: string;
  lineItems: boolean;
  /** Position of the invoice column, for lines that do not match. */
  invoice: number;
  rows(rules: ValidationRules, format: "iso" | "dmy" | "mdy"): string;
}

function lineLayout(
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
  };
}

/**
 * Matches each line after the header against the layout's line pattern
 * into `extracted(line, text, m, matched)`. For line items it adds the
 * invoice key, and `unreadable` for a line whose quotes SQL cannot split:
 * its order id is unknown, so the lines of its order could not be kept
 * together.
 */
async function extractLines(
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

/**
 * SQL splitting a line into fields: directly without quotes, by a pattern
 * of RFC 4180 fields with them; NULL when the quoted fields do not make up
 * the whole line.
 */
function splitFields(text: string, delimiter: string): string {
  const d = quote(delimiter);
  const escaped = delimiter.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  const pattern = quote(`(?:^|${escaped})("(?:[^"]|"")*"|[^${escaped}"]*)`);
  return `CASE
      WHEN NOT contains(${text}, '"') THEN string_split(${text}, ${d})
      WHEN array_to_string(regexp_extract_all(${text}, ${pattern}, 1), ${d}) = ${text}
        THEN list_transform(regexp_extract_all(${text}, ${pattern}, 1),
          lambda x: CASE WHEN starts_with(x, '"')
            THEN replace(x[2:-2], '""', '"') ELSE x END)
      END`;
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path);
  try {
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    return magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

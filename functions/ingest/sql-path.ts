import { createWriteStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { basename } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { plural } from "#shared/plural.ts";
import { CANONICAL_FIELDS, type CanonicalField } from "./canonical.ts";
import { DateOrderDetector } from "./date-order.ts";
import {
  type FileIngestOptions,
  type FileTarget,
  finishFile,
  RowIngester,
} from "./ingest-file.ts";
import { forEachRow, LakeFileWriter, quote } from "./lake-writer.ts";
import type { LineBreaks } from "./line-breaks.ts";
import type { FileReport } from "./manifest.ts";
import { canonicalPreset, isJsonLines } from "./presets/canonical.ts";
import { locateColumns } from "./presets/columns.ts";
import { invoiceLinesPreset } from "./presets/invoice-lines.ts";
import type { Preset } from "./presets/types.ts";
import { detectDelimiter, parseCsvLine } from "./records.ts";
import { detectDateOrderSql } from "./sql-dates.ts";
import {
  DIRECT_INVOICE_ROWS,
  directCanonicalRows,
  INDIRECT_INVOICE_LINES,
  INVOICE_GROUPS,
  invoiceLinesTable,
  invoiceOrdersTable,
  observeInvoiceDates,
} from "./sql-direct.ts";
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
  splitFields,
} from "./sql-rules.ts";
import type { ValidationRules } from "./validate.ts";

/**
 * Delimiters the SQL engine reads. The line patterns allow other
 * punctuation and spaces inside fields, so a file split by one of those
 * goes to the row engine.
 */
const SQL_DELIMITERS = new Set([",", ";", "\t", "|"]);

/**
 * Tells whether the SQL engine can read a file: plain (not gzip) CSV of
 * the canonical or invoice-lines preset with the standard quote and a
 * delimiter of `SQL_DELIMITERS`, whose line breaks DuckDB and the row
 * engine count alike. They differ on a lone CR or on LF mixed with CR LF,
 * and DuckDB's line reader splits lines at a U+0001 character.
 */
export async function sqlPathApplies(
  path: string,
  options: FileIngestOptions,
  lineBreaks: LineBreaks,
): Promise<boolean> {
  const known =
    options.preset === canonicalPreset || options.preset === invoiceLinesPreset;
  const format = options.rules.dateFormat;
  const delimiter = options.dialect.delimiter ?? ",";
  if (!known || (options.dialect.quote ?? '"') !== '"') return false;
  if (format === "yyyymmdd" || !SQL_DELIMITERS.has(delimiter)) return false;
  if (lineBreaks.breaks === "mixed" || lineBreaks.soh) return false;
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
  const written = `${target.lakePath}.direct`;
  const classified = await classifyFile(writer, path, target, options).catch(
    async (error: unknown) => {
      writer.close();
      await rm(written, { force: true });
      throw error;
    },
  );
  if (classified === null) {
    writer.close();
    await rm(written, { force: true });
    return null;
  }
  const { header, delimiter, lineItems, format, direct, rest } = classified;
  if (direct !== null) {
    // The row engine reports its own progress on the lines left.
    options.progress?.update(
      direct.lines,
      direct.lines,
      `${basename(path)}: ${plural(direct.lines, "row")} proven valid in SQL`,
    );
  }
  const elsewhere = [
    ...(rest ? [STAGED_SIMPLE_ROWS] : []),
    ...(direct?.staged === undefined ? [] : [direct.staged]),
  ];
  const fileOptions = {
    ...options,
    rules: { ...options.rules, dateFormat: format },
  };
  const db = writer.connection;
  const quarantine = createWriteStream(target.quarantinePath);
  const rows = new RowIngester(basename(path), writer, quarantine, fileOptions);
  rows.push(header);
  await writer.openAppender();
  if (lineItems && rest) await seedHeads(db, rows);
  if (rest) {
    await forEachRow(
      db,
      "SELECT line, text FROM classified WHERE NOT simple ORDER BY line",
      ([line, text]) => {
        if ((text as string).trim() === "") return;
        rows.push(parseCsvLine(Number(line), text as string, delimiter, '"'));
      },
    );
  }
  const simple = (rest ? await countSimple(db) : 0) + (direct?.lines ?? 0);

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
    {
      stagedElsewhere:
        elsewhere.length === 0 ? undefined : elsewhere.join(" UNION ALL "),
      written: direct?.staged === undefined && direct ? written : undefined,
    },
  );
}

/** A file classified into the table `classified`, and how it was read. */
interface ClassifiedFile {
  header: { line: number; raw: string; fields: string[] };
  delimiter: string;
  lineItems: boolean;
  format: "iso" | "dmy" | "mdy";
  /** The direct path's result, or null when it did not run. */
  direct: DirectRows | null;
  /** Whether lines remain in `classified` after the direct rows. */
  rest: boolean;
}

/**
 * Loads, matches and classifies the file's lines into `classified(line,
 * simple, text, head, ...staged columns)`. First the direct path takes
 * the strictly valid lines (see sql-direct.ts), so only the other lines
 * are classified. Returns null when the row engine must read the whole
 * file.
 *
 * @throws InputError when the header lacks a required column.
 * @throws AmbiguousDatesError when an `auto` date order cannot be decided.
 */
async function classifyFile(
  writer: LakeFileWriter,
  path: string,
  target: FileTarget,
  options: FileIngestOptions,
): Promise<ClassifiedFile | null> {
  const db = writer.connection;
  const first = await loadLines(db, path);
  const delimiter =
    options.dialect.delimiter ?? detectDelimiter(first?.text ?? "");
  const header = first && parseCsvLine(first.line, first.text, delimiter, '"');
  if (!header || "error" in header) return null;
  // The mapper checks the header's required columns before any work.
  options.preset.createMapper(basename(path))(header.line, header.fields);
  const layout = lineLayout(header.fields, options.preset, delimiter);
  const file: FileLines = { path, header, delimiter, layout };
  const direct = await writeDirectRows(writer, file, target, options);
  if (direct === "unreadable") return null;
  const base = { header, delimiter, lineItems: layout.lineItems, direct };
  if (direct !== null && !direct.rest) {
    return { ...base, format: direct.format, rest: false };
  }
  // Direct lines have balanced quotes, so only the others are checked.
  if (direct === null && (await spansLines(db))) return null;
  const declared = direct?.format ?? options.rules.dateFormat;
  // Only a canonical file of a known date format reads `extracted` once,
  // so only there it stays a view and is never stored.
  const kind = layout.lineItems || declared === "auto" ? "TABLE" : "VIEW";
  await extractLines(db, header.line, delimiter, layout, kind);
  const unreadable = "SELECT 1 FROM extracted WHERE unreadable";
  if (layout.lineItems && (await exists(db, unreadable))) return null;
  const format =
    declared === "auto"
      ? await detectDateOrderSql(db, extractedLines(file, options))
      : (declared as "iso" | "dmy" | "mdy");
  await db.run(
    `CREATE TEMP TABLE classified AS ${layout.rows(options.rules, format)}`,
  );
  await db.run(`DROP ${kind} extracted`);

  return { ...base, format, rest: true };
}

/** A file's header, dialect and line layout. */
interface FileLines {
  path: string;
  header: { line: number; fields: string[] };
  delimiter: string;
  layout: LineLayout;
}

function extractedLines(file: FileLines, options: FileIngestOptions) {
  return {
    path: file.path,
    preset: options.preset,
    delimiter: file.delimiter,
    header: file.header,
    time: file.layout.time,
    mapped: file.layout.mapped,
  };
}

/** The direct path's rows, and whether other lines remain. */
interface DirectRows {
  /** Data lines whose rows the direct path took. */
  lines: number;
  /**
   * SQL of the direct rows as staged rows, when they stay in DuckDB;
   * else they are in the lake file's `.direct` file.
   */
  staged?: string;
  /** The file's date format, decided when it was `auto`. */
  format: "iso" | "dmy" | "mdy";
  /** Whether the view `lines` now lists the lines left to the others. */
  rest: boolean;
}

/**
 * Runs the direct path of the file's preset, when it has one for the date
 * format, and points the view `lines` at the lines it left. Returns
 * "unreadable" when a line's quotes cannot be split, as `classifyFile`
 * returns null.
 *
 * @throws AmbiguousDatesError when an `auto` date order cannot be decided.
 */
async function writeDirectRows(
  writer: LakeFileWriter,
  file: FileLines,
  target: FileTarget,
  options: FileIngestOptions,
): Promise<DirectRows | null | "unreadable"> {
  const db = writer.connection;
  const lakeRows = {
    path: `${target.lakePath}.direct`,
    sourceFile: basename(file.path),
    fileSeq: target.seq,
    amountCap: options.amountCap,
  };
  const declared = options.rules.dateFormat;
  const { layout, header } = file;

  if (layout.direct !== undefined) {
    if (declared !== "iso") return null;
    const sql = layout.direct(options.rules, header.line);
    const lines = await writer.writeRows(sql, lakeRows);
    if (lines === 0) {
      await rm(lakeRows.path);
      return null;
    }
    const rest = await keepLines(
      db,
      lines,
      `SELECT line FROM all_lines EXCEPT SELECT source_line
        FROM read_parquet(${quote(lakeRows.path)})`,
    );
    if (rest && (await spansLines(db))) return "unreadable";
    return { lines, format: "iso", rest };
  }

  const positions = layout.invoicePositions;
  if (positions === undefined || declared === "yyyymmdd") return null;
  await db.run(
    invoiceLinesTable(
      positions,
      header.fields.length,
      file.delimiter,
      header.line,
    ),
  );
  await db.run(INVOICE_GROUPS);
  await keepLines(db, -1, "SELECT line FROM invoice_lines WHERE NOT ok");
  if (await spansLines(db)) return "unreadable";

  let format = declared;
  if (format === "auto") {
    const detector = new DateOrderDetector();
    await observeInvoiceDates(db, detector);
    await extractLines(db, header.line, file.delimiter, layout, "TABLE");
    if (await exists(db, "SELECT 1 FROM extracted WHERE unreadable")) {
      return "unreadable";
    }
    const lines = extractedLines(file, options);
    format = await detectDateOrderSql(db, lines, detector);
    await db.run("DROP TABLE extracted");
  }

  await db.run(invoiceOrdersTable(options.rules, format));
  const reader = await db.runAndReadAll(
    "SELECT coalesce(sum(lines) FILTER (direct), 0) FROM invoice_orders",
  );
  const lines = Number(reader.getRows()[0]?.[0] ?? 0);
  const rest = await keepLines(db, lines, INDIRECT_INVOICE_LINES);
  return { lines, format, rest, staged: DIRECT_INVOICE_ROWS };
}

/**
 * Points the view `lines` at the data lines that `sql` selects by number.
 * Returns false, and changes nothing, when the direct path wrote all
 * `written` data lines of the file (-1: never).
 */
async function keepLines(
  db: DuckDBConnection,
  written: number,
  sql: string,
): Promise<boolean> {
  const reader = await db.runAndReadAll(
    "SELECT count(*) FROM raw_lines WHERE text IS NOT NULL",
  );
  // The header is one of the non-blank lines and never written.
  if (Number(reader.getRows()[0]?.[0] ?? 0) === written + 1) return false;
  await db.run(`CREATE OR REPLACE TEMP TABLE kept_lines AS
    SELECT line, text FROM all_lines WHERE line IN (${sql})`);
  await db.run(
    "CREATE OR REPLACE TEMP VIEW lines AS SELECT line, text FROM kept_lines",
  );
  return true;
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

/**
 * Loads the file as numbered lines; returns its first non-blank line, or
 * null when it has none or a line is too long for DuckDB.
 */
async function loadLines(
  db: DuckDBConnection,
  path: string,
): Promise<{ line: number; text: string } | null> {
  // One VARCHAR column, no quoting and U+0001 as the delimiter, which the
  // file does not have (see sqlPathApplies): DuckDB keeps every physical
  // line, a blank one as NULL. The table keeps the file's order (insertion
  // order is preserved), so a line's number is its rowid plus one, and
  // reading it stays parallel, unlike a row_number() over the scan.
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
  /** SQL of the canonical lines written straight to the lake. */
  direct?: (rules: ValidationRules, headerLine: number) => string;
  /** Positions of the invoice-lines columns, when all five are there. */
  invoicePositions?: InvoicePositions;
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

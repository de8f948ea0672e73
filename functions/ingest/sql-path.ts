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
import { LakeFileWriter, quote } from "./lake-writer.ts";
import type { FileReport } from "./manifest.ts";
import { canonicalPreset, isJsonLines } from "./presets/canonical.ts";
import { locateColumns } from "./presets/columns.ts";
import { invoiceLinesPreset } from "./presets/invoice-lines.ts";
import { detectDelimiter, parseCsvLine } from "./records.ts";
import {
  canonicalRows,
  type InvoicePositions,
  invoiceRows,
} from "./sql-rules.ts";

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
  if (format !== "iso" && format !== "dmy" && format !== "mdy") return false;
  return !(await isGzip(path)) && !(await isJsonLines(path));
}

/**
 * Ingests a file with DuckDB doing the work for simple rows: it reads the
 * file as lines (so line numbers stay exact), splits them, and stages
 * every row that conservative patterns prove valid (see sql-rules.ts).
 * The header and every other row go through the row engine, in line
 * order, so quarantine reasons, details and e-mail pseudonyms are the row
 * engine's. Returns null, having written nothing, when the file has a
 * record that spans lines or a line-item row whose quoting SQL cannot
 * read; the caller then uses the row engine.
 */
export async function ingestFileSql(
  path: string,
  target: FileTarget,
  options: FileIngestOptions,
): Promise<FileReport | null> {
  const writer = await LakeFileWriter.open(options.timeZone, false);
  const db = writer.connection;
  const header = await loadLines(db, path);
  const delimiter =
    options.dialect.delimiter ?? detectDelimiter(header?.text ?? "");
  const headerRecord =
    header && parseCsvLine(header.line, header.text, delimiter, '"');
  if (!headerRecord || "error" in headerRecord || (await spansLines(db))) {
    writer.close();
    return null;
  }
  await parseLines(db, headerRecord.line, delimiter);
  if (options.preset.lineItems && (await hasUnreadableQuotes(db))) {
    writer.close();
    return null;
  }
  const quarantine = createWriteStream(target.quarantinePath);
  const rows = new RowIngester(basename(path), writer, quarantine, options);
  rows.push(headerRecord);
  const select = rowsQuery(headerRecord.fields, options);
  await db.run(`CREATE TEMP TABLE classified AS ${select}`);
  const simple = await stageSimpleRows(db);
  await writer.openAppender();
  await pushOtherRows(db, rows, delimiter);
  return finishFile(
    path,
    target,
    options,
    writer,
    quarantine,
    {
      read: rows.read + simple,
      staged: rows.staged + simple,
      quarantined: rows.quarantined,
    },
    "sql",
  );
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
    `SELECT 1 FROM lines
      WHERE (length(text) - length(replace(text, '"', ''))) % 2 = 1`,
  );
}

/**
 * True when a line has quotes SQL cannot split. Its order id is unknown,
 * so the other lines of its order could not be kept together.
 */
async function hasUnreadableQuotes(db: DuckDBConnection): Promise<boolean> {
  return exists(db, "SELECT 1 FROM parsed WHERE f IS NULL");
}

async function exists(db: DuckDBConnection, sql: string): Promise<boolean> {
  const reader = await db.runAndReadAll(`SELECT EXISTS (${sql})`);
  return reader.getRows()[0]?.[0] === true;
}

/**
 * Splits each line after the header into fields `f`: directly without
 * quotes, by a pattern of RFC 4180 fields with them; NULL when the quoted
 * fields do not make up the whole line.
 */
async function parseLines(
  db: DuckDBConnection,
  headerLine: number,
  delimiter: string,
): Promise<void> {
  const d = quote(delimiter);
  const escaped = delimiter.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  const pattern = quote(`(?:^|${escaped})("(?:[^"]|"")*"|[^${escaped}"]*)`);
  await db.run(`CREATE TEMP TABLE parsed AS
    SELECT line, text, CASE
      WHEN NOT contains(text, '"') THEN string_split(text, ${d})
      WHEN array_to_string(regexp_extract_all(text, ${pattern}, 1), ${d}) = text
        THEN list_transform(regexp_extract_all(text, ${pattern}, 1),
          lambda x: CASE WHEN starts_with(x, '"')
            THEN replace(x[2:-2], '""', '"') ELSE x END)
      END AS f
    FROM lines WHERE line > ${headerLine} AND text IS NOT NULL`);
}

function rowsQuery(header: string[], options: FileIngestOptions): string {
  const format = options.rules.dateFormat as "iso" | "dmy" | "mdy";
  if (options.preset === canonicalPreset) {
    const positions = locateColumns(
      "",
      header,
      Object.fromEntries(
        CANONICAL_FIELDS.map((name) => [name, { name, required: false }]),
      ) as Record<CanonicalField, { name: string; required: boolean }>,
      "",
    );
    return canonicalRows(positions, header.length, options.rules);
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
  return invoiceRows(positions, header.length, options.rules, format);
}

/** Moves the simple rows into `staged`; returns how many. */
async function stageSimpleRows(db: DuckDBConnection): Promise<number> {
  await db.run(`INSERT INTO staged SELECT order_id, customer_id,
      order_ts_text, amount, currency, status, quantity, category, channel,
      refund_of, converted, line
    FROM classified WHERE simple`);
  const reader = await db.runAndReadAll(
    "SELECT count(*) FROM classified WHERE simple",
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Feeds every other line, in line order, to the row engine. */
async function pushOtherRows(
  db: DuckDBConnection,
  rows: RowIngester,
  delimiter: string,
): Promise<void> {
  const result = await db.stream(`SELECT p.line, p.text FROM parsed p
    JOIN classified c USING (line) WHERE NOT c.simple ORDER BY p.line`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    for (const [line, text] of chunk.getRows() as [bigint, string][]) {
      if (text.trim() === "") continue;
      rows.push(parseCsvLine(Number(line), text, delimiter, '"'));
    }
  }
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

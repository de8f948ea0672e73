import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { basename } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { plural } from "#shared/plural.ts";
import {
  type FileIngestOptions,
  type FileTarget,
  finishFile,
  RowIngester,
} from "./ingest-file.ts";
import {
  forEachRow,
  LAKE_PART_SUFFIXES,
  LakeFileWriter,
} from "./lake-writer.ts";
import type { LineBreaks } from "./line-breaks.ts";
import type { FileReport } from "./manifest.ts";
import { canonicalPreset, isJsonLines } from "./presets/canonical.ts";
import { invoiceLinesPreset } from "./presets/invoice-lines.ts";
import { detectDelimiter, parseCsvLine } from "./records.ts";
import { detectDateOrderSql } from "./sql-dates.ts";
import {
  type DirectRows,
  extractedLines,
  type FileLines,
  writeDirectRows,
} from "./sql-direct-step.ts";
import {
  exists,
  extractLines,
  lineLayout,
  loadLines,
  spansLines,
} from "./sql-lines.ts";
import { STAGED_NAMES } from "./sql-rules.ts";

/**
 * Delimiters the SQL engine reads. The line patterns allow other
 * punctuation and spaces inside fields, so a file split by one of those
 * goes to the row engine.
 */
const SQL_DELIMITERS = new Set([",", ";", "\t", "|"]);

/**
 * Tells whether the SQL engine can read a plain (not gzip) file, whose
 * `lineBreaks` the hash pass found. It reads CSV of the canonical or
 * invoice-lines preset with the standard quote, a delimiter of
 * `SQL_DELIMITERS` and the decimal point, whose line breaks DuckDB and the
 * row engine count alike. They differ on a lone CR or on LF mixed with
 * CR LF, and DuckDB's line reader splits lines at a U+0001 character. The
 * SQL patterns read numbers with a point only, so a file with a declared
 * decimal comma goes to the row engine.
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
  if ((options.dialect.decimalSeparator ?? ".") !== ".") return false;
  if (format === "yyyymmdd" || !SQL_DELIMITERS.has(delimiter)) return false;
  if (lineBreaks.breaks === "mixed" || lineBreaks.soh) return false;
  return !(await isJsonLines(path));
}

/**
 * Ingests a file with DuckDB doing the work for simple rows. DuckDB reads
 * the file as lines, so line numbers stay exact. The direct path takes the
 * strictly valid lines first (see sql-direct.ts), then one regular
 * expression per line stages the rows that conservative patterns prove
 * valid (see sql-rules.ts). The header and every other row go through
 * the row engine, in line order, so quarantine reasons, details and
 * e-mail pseudonyms are the row engine's. An `auto` date format is
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
  const written = `${target.lakePath}${LAKE_PART_SUFFIXES.direct}`;
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
      stagedElsewhere: stagedElsewhere(rest, direct),
      written: direct?.written,
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
  if (!direct?.extracted) {
    await extractLines(db, header.line, delimiter, layout, kind);
  }
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

/**
 * Returns SQL of the rows SQL staged outside `staged`, in line order. The
 * classified simple rows are in line order already, and the direct
 * invoices are sorted in with them.
 */
function stagedElsewhere(
  rest: boolean,
  direct: DirectRows | null,
): string | undefined {
  if (direct?.staged === undefined)
    return rest ? STAGED_SIMPLE_ROWS : undefined;
  const parts = rest ? [STAGED_SIMPLE_ROWS, direct.staged] : [direct.staged];
  return `SELECT * FROM (${parts.join(" UNION ALL ")}) ORDER BY source_line`;
}

async function countSimple(db: DuckDBConnection): Promise<number> {
  const reader = await db.runAndReadAll(
    "SELECT count(*) FROM classified WHERE simple",
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

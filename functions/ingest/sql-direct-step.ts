import { rm } from "node:fs/promises";
import { basename } from "node:path";
import { DateOrderDetector } from "./date-order.ts";
import type { FileIngestOptions, FileTarget } from "./ingest-file.ts";
import {
  LAKE_PART_SUFFIXES,
  type LakeFileWriter,
  quote,
} from "./lake-writer.ts";
import { detectDateOrderSql } from "./sql-dates.ts";
import {
  DIRECT_INVOICE_ROWS,
  INDIRECT_INVOICE_LINES,
  INVOICE_GROUPS,
  invoiceLinesTable,
  invoiceOrdersTable,
  observeInvoiceDates,
} from "./sql-direct.ts";
import {
  countNonBlankLines,
  exists,
  extractLines,
  keepLines,
  type LineLayout,
  spansLines,
} from "./sql-lines.ts";

/**
 * The direct path's step of the SQL engine: it runs the queries of
 * sql-direct.ts for the file's preset and leaves the other lines in the
 * view `lines`.
 */

/** A file's header, dialect and line layout. */
export interface FileLines {
  path: string;
  header: { line: number; fields: string[] };
  delimiter: string;
  layout: LineLayout;
}

/** Returns what `detectDateOrderSql` reads of a file's lines. */
export function extractedLines(file: FileLines, options: FileIngestOptions) {
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
export interface DirectRows {
  /** Data lines whose rows the direct path took. */
  lines: number;
  /** SQL of the direct invoices as staged rows, which stay in DuckDB. */
  staged?: string;
  /** The file of lake rows with the direct canonical rows. */
  written?: string;
  /** The file's date format, decided when it was `auto`. */
  format: "iso" | "dmy" | "mdy";
  /** Whether the view `lines` now lists the lines left to the others. */
  rest: boolean;
  /** Whether the table `extracted` already has those lines. */
  extracted?: boolean;
}

/**
 * Runs the direct path of the file's preset, when it has one for the date
 * format, and points the view `lines` at the lines it left. Returns
 * "unreadable" when a line's quotes cannot be split, as `classifyFile`
 * returns null.
 *
 * @throws AmbiguousDatesError when an `auto` date order cannot be decided.
 */
export async function writeDirectRows(
  writer: LakeFileWriter,
  file: FileLines,
  target: FileTarget,
  options: FileIngestOptions,
): Promise<DirectRows | null | "unreadable"> {
  const db = writer.connection;
  const lakeRows = {
    path: `${target.lakePath}${LAKE_PART_SUFFIXES.direct}`,
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
    const result = { lines, format: "iso" as const, written: lakeRows.path };
    // The header is a non-blank line and never written.
    if ((await countNonBlankLines(db)) === lines + 1) {
      return { ...result, rest: false };
    }
    await keepLines(
      db,
      `SELECT line FROM all_lines EXCEPT SELECT source_line
        FROM read_parquet(${quote(lakeRows.path)})`,
    );
    if (await spansLines(db)) return "unreadable";
    return { ...result, rest: true };
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
  await keepLines(db, "SELECT line FROM invoice_lines WHERE NOT ok");
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
  }

  await db.run(invoiceOrdersTable(options.rules, format));
  const reader = await db.runAndReadAll(`SELECT
      (SELECT coalesce(sum(lines) FILTER (direct), 0) FROM invoice_orders),
      (SELECT count(*) FROM invoice_lines WHERE NOT ok),
      (SELECT count(*) FROM (${INDIRECT_INVOICE_LINES}))`);
  const [lines, notOk, indirect] = (reader.getRows()[0] as bigint[]).map(
    Number,
  ) as [number, number, number];
  const result = { lines, format, staged: DIRECT_INVOICE_ROWS };
  // The lines left include every line not ok, so the same count means the
  // same lines, and `lines` and an `extracted` of them stay as they are.
  if (indirect === notOk) {
    const extracted = declared === "auto";
    return { ...result, rest: indirect > 0, extracted };
  }
  if (declared === "auto") await db.run("DROP TABLE extracted");
  await keepLines(db, INDIRECT_INVOICE_LINES);
  return { ...result, rest: true };
}

import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { OrderFlag } from "./canonical.ts";
import type { ReadingOptions } from "./reading.ts";
import type { QuarantineReason } from "./reasons.ts";
import type { DateFormat } from "./timestamps.ts";

/**
 * What ingesting one source file produced. Every data row is counted once:
 * `rowsRead = ordersIngested + duplicatesMerged + rowsQuarantined`, and
 * `rowsIngested = ordersIngested + duplicatesMerged`. A duplicate merged is
 * a row folded into another row's order of the same file: a later row
 * with the same order id (the later row wins) or a further line item of
 * an order (lines are summed).
 */
export interface FileReport {
  /** Name of the source file (its base name). */
  file: string;
  sha256: string;
  /** Ingestion sequence; a later file's version of an order wins. */
  seq: number;
  /** Parquet file in the lake, relative to the workdir. */
  lakeFile: string;
  /** Quarantine file, relative to the workdir. */
  quarantineFile: string;
  /** Data rows read; a header and blank lines are not data rows. */
  rowsRead: number;
  /** Rows that went into orders. */
  rowsIngested: number;
  /** Orders written to the lake file, one per order id. */
  ordersIngested: number;
  duplicatesMerged: number;
  rowsQuarantined: number;
  quarantinedByReason: Partial<Record<QuarantineReason, number>>;
  /** Orders written with each flag. */
  flagged: Record<OrderFlag, number>;
  /** Orders written that are refunds (negative amount or `refund_of`). */
  refunds: number;
  /** Date format the file was read with, after `auto` was decided. */
  dateFormat: DateFormat;
  /** `sql` when the file went through the DuckDB fast path. */
  engine: "rows" | "sql";
  /**
   * Options the file was read with; absent in lakes written before they
   * were recorded, whose files are read again on their next ingestion.
   */
  reading?: ReadingOptions;
}

/** The list of source files already in the lake. */
export interface LakeManifest {
  files: FileReport[];
  /**
   * Fingerprint of the key of e-mail pseudonyms the lake was built with
   * (see `keyFingerprint`); absent until a file is ingested.
   */
  idKeyFingerprint?: string;
  /**
   * Lake files (as in `FileReport.lakeFile`) whose customers the
   * extreme-order review has seen. A call that stops before its review
   * leaves its files out, so the next call reviews them. A manifest
   * written before this list existed had every file reviewed, and
   * `readManifest` lists them all.
   */
  reviewed?: string[];
}

export const MANIFEST_PATH = join("lake", "orders", "_files.json");

/** Reads the lake's manifest; a workdir without one has an empty lake. */
export async function readManifest(workdir: string): Promise<LakeManifest> {
  try {
    const text = await readFile(join(workdir, MANIFEST_PATH), "utf8");
    const manifest = JSON.parse(text) as LakeManifest;
    manifest.reviewed ??= manifest.files.map((file) => file.lakeFile);
    return manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { files: [], reviewed: [] };
    throw error;
  }
}

/** Writes the manifest through a temporary file and a rename. */
export async function writeManifest(
  workdir: string,
  manifest: LakeManifest,
): Promise<void> {
  const path = join(workdir, MANIFEST_PATH);
  await mkdir(join(workdir, "lake", "orders"), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

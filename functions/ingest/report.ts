import { constants } from "node:fs";
import { copyFile, mkdir, readdir, rename, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { FileReport } from "./manifest.ts";

/** Folder of the ingest reports, relative to the workdir. */
const REPORT_DIR = join("reports", "ingest");

/** Copy of the latest call's report, relative to the workdir. */
export const LATEST_REPORT_PATH = join(REPORT_DIR, "ingest-report.json");

/** Name of a numbered report: `ingest-report-000001.json` for call 1. */
const NUMBERED_REPORT = /^ingest-report-(\d+)\.json$/;

/** Totals over file reports. */
export interface FileTotals {
  rowsRead: number;
  rowsIngested: number;
  ordersIngested: number;
  duplicatesMerged: number;
  rowsQuarantined: number;
  quarantinedByReason: Record<string, number>;
  flagged: Record<string, number>;
  refunds: number;
}

/** Adds up the counts of several files' reports. */
export function summariseFiles(files: readonly FileReport[]): FileTotals {
  const totals: FileTotals = {
    rowsRead: 0,
    rowsIngested: 0,
    ordersIngested: 0,
    duplicatesMerged: 0,
    rowsQuarantined: 0,
    quarantinedByReason: {},
    flagged: {},
    refunds: 0,
  };
  for (const file of files) {
    totals.rowsRead += file.rowsRead;
    totals.rowsIngested += file.rowsIngested;
    totals.ordersIngested += file.ordersIngested;
    totals.duplicatesMerged += file.duplicatesMerged;
    totals.rowsQuarantined += file.rowsQuarantined;
    totals.refunds += file.refunds;
    addCounts(totals.quarantinedByReason, file.quarantinedByReason);
    addCounts(totals.flagged, file.flagged);
  }
  return totals;
}

function addCounts(
  into: Record<string, number>,
  counts: Partial<Record<string, number>>,
): void {
  for (const [key, count] of Object.entries(counts)) {
    into[key] = (into[key] ?? 0) + (count ?? 0);
  }
}

/**
 * Writes one ingest call's report to the next numbered file under
 * `reports/ingest/`, then copies it to `ingest-report.json`. Numbers
 * follow the reports already in the folder, not the clock, so reports
 * sort in call order. The report's `reportFile` is set to its numbered
 * file, relative to the workdir.
 *
 * @returns the report as written.
 */
export async function writeIngestReport<T extends object>(
  workdir: string,
  report: T,
): Promise<T & { reportFile: string }> {
  await mkdir(join(workdir, REPORT_DIR), { recursive: true });
  let number = await nextReportNumber(workdir);
  for (;;) {
    const written = { ...report, reportFile: numberedReportPath(number) };
    const text = `${JSON.stringify(written, null, 2)}\n`;
    try {
      // `wx` fails on an existing file, so a report is never overwritten,
      // even when another call took this number in the meantime.
      await writeFile(join(workdir, written.reportFile), text, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      number += 1;
      continue;
    }
    const latest = join(workdir, LATEST_REPORT_PATH);
    await writeFile(`${latest}.${number}.tmp`, text);
    await rename(`${latest}.${number}.tmp`, latest);
    return written;
  }
}

function numberedReportPath(number: number): string {
  return join(
    REPORT_DIR,
    `ingest-report-${String(number).padStart(6, "0")}.json`,
  );
}

/**
 * Returns the number after the highest numbered report. A workdir written
 * before reports were numbered has only `ingest-report.json`, which is
 * kept as report 1.
 */
async function nextReportNumber(workdir: string): Promise<number> {
  const names = await readdir(join(workdir, REPORT_DIR));
  const numbers = names.flatMap((name) => {
    const match = NUMBERED_REPORT.exec(name);
    return match ? [Number(match[1])] : [];
  });
  if (numbers.length > 0) return Math.max(...numbers) + 1;
  if (!names.includes(basename(LATEST_REPORT_PATH))) return 1;
  await copyFile(
    join(workdir, LATEST_REPORT_PATH),
    join(workdir, numberedReportPath(1)),
    constants.COPYFILE_EXCL,
  ).catch((error: unknown) => {
    // Another call copied it first, which leaves the same file.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
  return 2;
}

import { join } from "node:path";
import type { IngestReport } from "./ingest.ts";

/** Most file names listed in one line of the summary. */
const MAX_NAMES = 10;

/**
 * Formats an ingest report as text: the files of this call, the rows this
 * call read, the whole lake after it and where the JSON report is.
 */
export function formatIngestSummary(
  report: IngestReport,
  workdir: string,
): string {
  const { lake, lakeTotals } = report;
  const lines = [
    `files: ${fileLine(report)}`,
    `this call: ${count(report.rowsRead, "row")} read, ` +
      `${count(report.ordersIngested, "order")} ingested, ` +
      `${count(report.duplicatesMerged, "duplicate")} merged, ` +
      `${report.rowsQuarantined} quarantined${reasons(report.quarantinedByReason)}` +
      flags(report.flagged),
    `lake: ${count(lake.files, "file")}, ${count(lake.orders, "order")}, ` +
      `${count(lake.versionsSuperseded, "older version")} superseded, ` +
      `${count(lakeTotals.rowsQuarantined, "row")} quarantined, ` +
      `${count(lake.extremeOrders, "extreme order")} (above ` +
      `${lake.extremeRule.factor} times the customer's median` +
      `${lake.extremeScope === "call" ? ", among this call's customers" : ""})`,
    `report: ${join(workdir, report.reportFile)}`,
  ];
  return `${lines.join("\n")}\n`;
}

function fileLine(report: IngestReport): string {
  const parts = [
    `${report.ingested.length} read${names(report.ingested.map((f) => f.file))}`,
  ];
  if (report.reread.length > 0) {
    parts.push(
      `${report.reread.length} of them read again with changed options`,
    );
  }
  const skipped = report.alreadyInLake.map((file) => file.file);
  if (skipped.length > 0) {
    parts.push(
      `${skipped.length} skipped as already in the lake${names(skipped)}`,
    );
  }
  const rejected = report.rejected.map((file) => file.file);
  if (rejected.length > 0) {
    parts.push(`${rejected.length} rejected${names(rejected)}`);
  }
  return parts.join(", ");
}

function names(files: string[]): string {
  if (files.length === 0) return "";
  const listed = files.slice(0, MAX_NAMES).join(", ");
  const more = files.length - MAX_NAMES;
  return more > 0 ? ` (${listed} and ${more} more)` : ` (${listed})`;
}

function reasons(byReason: Record<string, number>): string {
  const entries = Object.entries(byReason).filter(([, n]) => n > 0);
  if (entries.length === 0) return "";
  return ` (${entries.map(([reason, n]) => `${reason} ${n}`).join(", ")})`;
}

function flags(flagged: Record<string, number>): string {
  const entries = Object.entries(flagged).filter(([, n]) => n > 0);
  if (entries.length === 0) return "";
  return `; flagged: ${entries.map(([flag, n]) => `${flag} ${n}`).join(", ")}`;
}

/** Formats a count with its noun, adding an "s" unless the count is 1. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * Returns the error line for files a call rejected, naming them, or ""
 * when it rejected none. The files read or skipped are "the other files",
 * and a call of one source file has none to mention.
 */
export function formatRejections(
  report: Pick<IngestReport, "rejected" | "ingested" | "alreadyInLake">,
): string {
  const files = report.rejected.length;
  if (files === 0) return "";
  const names = report.rejected.map((entry) => entry.file).join(", ");
  const rejected = `${count(files, "file")} ${files === 1 ? "was" : "were"}`;
  const others = report.ingested.length + report.alreadyInLake.length;
  let rest = "";
  if (others === 1) rest = "; the other file is in the lake";
  if (others > 1) rest = `; the other ${others} files are in the lake`;
  return (
    `error: ${rejected} not ingested (${names}; see the warnings above)` +
    `${rest}.\n`
  );
}

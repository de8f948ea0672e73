import type { FileReport } from "./manifest.ts";

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

import { describe, expect, it } from "vitest";
import { formatSummary, type RunSummary } from "#pipeline/summary.ts";

/** Builds a run summary with the given lake counts and placeholders elsewhere. */
function summaryWith(counts: {
  files: number;
  rowsRead: number;
  orders: number;
  customers: number;
  duplicatesMerged: number;
  rejected?: { file: string; error: string }[];
}): RunSummary {
  return {
    runId: "20240101T000000Z",
    window: { cutoff: "2024-01-01", asOf: "2024-12-31", horizonDays: 365 },
    ingest: {
      rowsRead: counts.rowsRead,
      rowsQuarantined: 0,
      quarantinedByReason: {},
      filesIngested: ["orders.csv"],
      filesAlreadyInLake: [],
      filesRejected: counts.rejected ?? [],
      files: Array.from({ length: counts.files }, () => ({})),
    },
    lake: {
      orders: counts.orders,
      customers: counts.customers,
      duplicatesMerged: counts.duplicatesMerged,
    },
    model: { version: "vc-1", bestEpoch: 1 },
    evaluation: { model: { customers: 1 }, baseline: null, reference: null },
    promotion: { promoted: true, reason: "first model" },
    scores: { customers: 1, modelVersion: "vc-1", path: "s", segments: {} },
    htmlReport: "r.html",
    report: "s.json",
  } as unknown as RunSummary;
}

describe("formatSummary", () => {
  it("writes singular counts of the lake", () => {
    const text = formatSummary(
      summaryWith({
        files: 1,
        rowsRead: 1,
        orders: 1,
        customers: 1,
        duplicatesMerged: 1,
      }),
    );

    expect(text).toContain("  lake:      1 file, 1 row read, 0 quarantined\n");
    expect(text).toContain(
      "             1 order of 1 customer after 1 older version merged\n",
    );
  });

  it("writes plural counts of the lake", () => {
    const text = formatSummary(
      summaryWith({
        files: 2,
        rowsRead: 3,
        orders: 2,
        customers: 2,
        duplicatesMerged: 0,
      }),
    );

    expect(text).toContain(
      "  lake:      2 files, 3 rows read, 0 quarantined\n",
    );
    expect(text).toContain(
      "             2 orders of 2 customers after 0 older versions merged\n",
    );
  });

  it("names the rejected files", () => {
    const counts = { files: 1, rowsRead: 1, orders: 1, customers: 1 };
    const rejected = [{ file: "eu.csv", error: "all rows quarantined" }];

    const text = formatSummary(
      summaryWith({ ...counts, duplicatesMerged: 0, rejected }),
    );

    expect(text).toContain(
      "  files:     this run read 1 new, skipped 0 already in the lake, " +
        "rejected 1 (eu.csv: see the ingest report)\n",
    );
  });

  it("omits rejected files when none", () => {
    const counts = { files: 1, rowsRead: 1, orders: 1, customers: 1 };

    const text = formatSummary(summaryWith({ ...counts, duplicatesMerged: 0 }));

    expect(text).toContain(
      "  files:     this run read 1 new, skipped 0 already in the lake\n",
    );
  });
});

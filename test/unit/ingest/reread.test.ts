import { describe, expect, it } from "vitest";
import type { FileReport } from "#ingest/manifest.ts";
import type { ReadingOptions } from "#ingest/reading.ts";
import { rereadRejection } from "#ingest/reread.ts";

const READING: ReadingOptions = {
  format: "canonical",
  mapping: null,
  dateFormat: "iso",
  timeZone: "UTC",
  currency: null,
  conversionRates: null,
  cutoff: null,
  amountCap: null,
  delimiter: ",",
  quote: '"',
  decimalSeparator: ".",
};

function fileReport(orders: number, quarantined: number): FileReport {
  return {
    file: "orders.csv",
    sha256: "0".repeat(64),
    seq: 1,
    lakeFile: "lake/orders/a.parquet",
    quarantineFile: "quarantine/orders/a.jsonl",
    rowsRead: orders + quarantined,
    rowsIngested: orders,
    ordersIngested: orders,
    duplicatesMerged: 0,
    rowsQuarantined: quarantined,
    quarantinedByReason: quarantined > 0 ? { after_cutoff: quarantined } : {},
    flagged: { zero_value: 0, above_cap: 0, converted: 0 },
    refunds: 0,
    dateFormat: "iso",
    engine: "rows",
  };
}

describe("rereadRejection", () => {
  const after = {
    ...READING,
    cutoff: "2020-01-01",
    timeZone: "Europe/Berlin",
  };
  const change = {
    before: READING,
    after,
    keys: ["timeZone", "cutoff"] as (keyof ReadingOptions)[],
  };

  it("accepts a reading with orders", () => {
    expect(rereadRejection(fileReport(2, 0), fileReport(1, 1), change)).toBe(
      null,
    );
  });

  it("accepts replacing a reading without orders", () => {
    expect(rereadRejection(fileReport(0, 2), fileReport(0, 2), change)).toBe(
      null,
    );
  });

  it("names each changed option and fix", () => {
    expect(rereadRejection(fileReport(2, 0), fileReport(0, 2), change)).toBe(
      "orders.csv: not read again, because with the changed reading " +
        'options timeZone ("UTC" before, "Europe/Berlin" now), cutoff ' +
        '(not set before, "2020-01-01" now), all 2 rows would be ' +
        "quarantined (after_cutoff 2), while the lake has 2 orders from " +
        "its earlier reading. The lake keeps the earlier reading. To skip " +
        "the file without this error, ingest it with the earlier options: " +
        'timeZone "UTC" (--time-zone or "timeZone" in the mapping file); ' +
        "no cutoff (leave out --cutoff). To replace the earlier reading, " +
        "correct the options or the file so that its rows become orders.",
    );
  });

  it("names a mapping without its content", () => {
    const mapped = { ...READING, format: "mapping", mapping: { columns: {} } };
    const message = rereadRejection(fileReport(1, 0), fileReport(0, 1), {
      before: mapped,
      after: READING,
      keys: ["format", "mapping"],
    });

    expect(message).toContain(
      'options format ("mapping" before, "canonical" now), mapping (a ' +
        "mapping file before, none now), its 1 row would be quarantined",
    );
    expect(message).toContain(
      "earlier options: the earlier mapping file (--mapping). To replace",
    );
  });

  it("explains unrecorded earlier options", () => {
    expect(rereadRejection(fileReport(1, 0), fileReport(0, 1), null)).toBe(
      "orders.csv: not read again, because with reading options other " +
        "than those of its earlier reading, which the lake did not record, " +
        "its 1 row would be quarantined (after_cutoff 1), while the lake " +
        "has 1 order from its earlier reading. The lake keeps the earlier " +
        "reading. To stop this error, ingest the file with the options of " +
        "its earlier reading, so that the lake records them. To replace " +
        "the earlier reading, correct the options or the file so that its " +
        "rows become orders.",
    );
  });
});

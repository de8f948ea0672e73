import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { readHistories } from "#features/lake-reader.ts";
import { type IngestOptions, ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import { InputError } from "#shared/errors.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";

const tempDir = useTempDirs();

const options = (
  workdir: string,
  format: string,
  timeZone = "UTC",
): IngestOptions => {
  const preset = getPreset(format);
  return {
    workdir,
    preset,
    rules: { dateFormat: preset.dateFormat, currency: "USD" },
    timeZone,
    reporter: new MemoryReporter(),
  };
};

async function lakeRows(workdir: string, sql: string) {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const glob = join(workdir, "lake", "orders", "*.parquet");
  await connection.run("SET TimeZone = 'UTC'");
  const reader = await connection.runAndReadAll(
    sql.replace("LAKE", `read_parquet('${glob}')`),
  );
  return reader.getRowObjectsJson();
}

async function quarantine(workdir: string) {
  const { ingested } = JSON.parse(
    await readFile(join(workdir, "lake", "orders", "_files.json"), "utf8"),
  ) as { ingested: undefined };
  void ingested;
  const files = JSON.parse(
    await readFile(join(workdir, "lake", "orders", "_files.json"), "utf8"),
  ).files as { quarantineFile: string }[];
  const text = await Promise.all(
    files.map((file) => readFile(join(workdir, file.quarantineFile), "utf8")),
  );
  return text
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe("ingestOrders with the cdnow preset", () => {
  it("reads the master layout and quarantines bad rows", async () => {
    const dir = await tempDir();
    const file = await writeLines(
      dir,
      "master.txt",
      [
        " customer_id  date number_of_cds  dollar_value",
        " 00001 19970101  1   11.77",
        " 00001 19970101  2   20.00",
        "",
        " 00002 19970230  1   5.00",
        " 00003 19970105  1",
        " 00004 19970106  1   abc",
      ],
      "\r\n",
    );
    const workdir = join(dir, "work");

    const report = await ingestOrders(file, options(workdir, "cdnow"));

    expect(report.rowsRead).toBe(5);
    expect(report.rowsIngested).toBe(2);
    expect(report.rowsQuarantined).toBe(3);
    expect(report.quarantinedByReason).toEqual({
      invalid_timestamp: 1,
      wrong_column_count: 1,
      invalid_amount: 1,
    });
    expect(await quarantine(workdir)).toEqual([
      {
        file: "master.txt",
        line: 5,
        reason: "invalid_timestamp",
        detail: 'order_ts "19970230" is not a valid yyyymmdd time',
        raw: " 00002 19970230  1   5.00",
      },
      {
        file: "master.txt",
        line: 6,
        reason: "wrong_column_count",
        detail: "expected 4 fields, found 3",
        raw: " 00003 19970105  1",
      },
      {
        file: "master.txt",
        line: 7,
        reason: "invalid_amount",
        detail: 'amount "abc" is not a number',
        raw: " 00004 19970106  1   abc",
      },
    ]);
    expect(
      await lakeRows(
        workdir,
        "SELECT order_id, customer_id, CAST(order_date AS VARCHAR) AS day, amount, quantity, source_line FROM LAKE ORDER BY source_line",
      ),
    ).toEqual([
      {
        order_id: "00001-19970101-1",
        customer_id: "00001",
        day: "1997-01-01",
        amount: 11.77,
        quantity: 1,
        source_line: "2",
      },
      {
        order_id: "00001-19970101-2",
        customer_id: "00001",
        day: "1997-01-01",
        amount: 20,
        quantity: 2,
        source_line: "3",
      },
    ]);
  });

  it("reads the sample layout with its extra column", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "sample.txt", [
      " 00004 0001 19970101  2   29.33",
      " 00004 0001 19970118  2   29.73",
    ]);

    const report = await ingestOrders(file, options(join(dir, "w"), "cdnow"));
    const { histories } = await readHistories(join(dir, "w"));

    expect(report.rowsIngested).toBe(2);
    expect(histories).toEqual([
      {
        customerId: "00004",
        orders: [
          { day: 9862, amount: 29.33, quantity: 2, category: null },
          { day: 9879, amount: 29.73, quantity: 2, category: null },
        ],
      },
    ]);
  });

  it("skips a file it has already ingested", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "a.txt", [" 00001 19970101 1 10.00"]);
    const workdir = join(dir, "w");

    await ingestOrders(file, options(workdir, "cdnow"));
    const again = await ingestOrders(file, options(workdir, "cdnow"));
    const { stats } = await readHistories(workdir);

    expect(again.ingested).toEqual([]);
    expect(again.alreadyInLake.map((f) => f.file)).toEqual(["a.txt"]);
    expect(again.rowsRead).toBe(0);
    expect(again.rowsIngested).toBe(0);
    expect(again.lakeTotals.rowsIngested).toBe(1);
    expect(stats.orders).toBe(1);
  });
});

describe("ingestOrders with the canonical preset", () => {
  const header = "order_id,customer_id,order_ts,amount,currency,status";

  it("reads local times in the shop's zone and keeps offsets", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      header,
      "o1,c1,2024-03-01 23:30,10,USD,paid",
      "o2,c1,2024-03-01T23:30:00Z,10,USD,paid",
    ]);
    const workdir = join(dir, "w");

    await ingestOrders(file, options(workdir, "canonical", "America/New_York"));
    const rows = await lakeRows(
      workdir,
      "SELECT order_id, CAST(order_ts AS VARCHAR) AS ts, CAST(order_date AS VARCHAR) AS day FROM LAKE ORDER BY order_id",
    );

    expect(rows).toEqual([
      { order_id: "o1", ts: "2024-03-02 04:30:00+00", day: "2024-03-01" },
      { order_id: "o2", ts: "2024-03-01 23:30:00+00", day: "2024-03-01" },
    ]);
  });

  it("reads UTC times with and without offsets", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      header,
      "o1,c1,2024-03-01 23:30,10,USD,paid",
      "o2,c1,2024-03-01T23:30:00-02:00,10,USD,paid",
      "o3,c1,2024-03-01 23:59:59.250,10,USD,paid",
      "o4,c1,2024-12-31T23:59:59,10,USD,paid",
    ]);
    const workdir = join(dir, "w");

    await ingestOrders(file, options(workdir, "canonical"));
    const rows = await lakeRows(
      workdir,
      "SELECT order_id, CAST(order_ts AS VARCHAR) AS ts, CAST(order_date AS VARCHAR) AS day FROM LAKE ORDER BY order_id",
    );

    expect(rows).toEqual([
      { order_id: "o1", ts: "2024-03-01 23:30:00+00", day: "2024-03-01" },
      { order_id: "o2", ts: "2024-03-02 01:30:00+00", day: "2024-03-02" },
      { order_id: "o3", ts: "2024-03-01 23:59:59.25+00", day: "2024-03-01" },
      { order_id: "o4", ts: "2024-12-31 23:59:59+00", day: "2024-12-31" },
    ]);
  });

  it("lets the latest file win and drops cancelled orders", async () => {
    const dir = await tempDir();
    const first = await writeLines(dir, "day1.csv", [
      header,
      "o1,c1,2024-03-01,10,USD,paid",
      "o2,c1,2024-03-02,20,USD,paid",
    ]);
    const second = await writeLines(dir, "day2.csv.gz", []);
    await writeFile(
      second,
      gzipSync(
        `${header}\no1,c1,2024-03-01,15,USD,paid\no2,c1,2024-03-02,20,USD,cancelled\n`,
      ),
    );
    const workdir = join(dir, "w");

    await ingestOrders(first, options(workdir, "canonical"));
    await ingestOrders(second, options(workdir, "canonical"));
    const { histories, stats } = await readHistories(workdir);

    expect(histories[0]?.orders.map((o) => o.amount)).toEqual([15]);
    expect(stats.duplicatesMerged).toBe(2);
    expect(stats.cancelledExcluded).toBe(1);
  });

  it("quarantines unreadable and short rows and keeps the count", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      header,
      "o1,c1,2024-03-01,10,USD,paid",
      'o2,c1,2024-03-01,"10"x,USD,paid',
      "o3,c1,2024-03-01,10",
      "o4,c1,2024-03-01,10,EUR,paid",
    ]);

    const report = await ingestOrders(
      file,
      options(join(dir, "w"), "canonical"),
    );

    expect(report.rowsRead).toBe(4);
    expect(report.rowsIngested).toBe(1);
    expect(report.quarantinedByReason).toEqual({
      unparseable_row: 1,
      wrong_column_count: 1,
      currency_mismatch: 1,
    });
  });

  it("rejects a header without the required columns", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", ["id,customer,ts,total"]);

    const result = ingestOrders(file, options(join(dir, "w"), "canonical"));

    await expect(result).rejects.toThrow(InputError);
    await expect(result).rejects.toThrow(
      "orders.csv: the header lacks the column(s) order_id, customer_id, order_ts, amount; found id, customer, ts, total.",
    );
  });
});

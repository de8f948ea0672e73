import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHistories } from "#features/lake-reader.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { loadMapping } from "#ingest/presets/mapping.ts";
import { useTempDirs } from "../helpers/workdir.ts";
import {
  ingestOptions,
  lakeRows,
  quarantineRows,
  TEST_KEY,
} from "./ingest-helpers.ts";

const tempDir = useTempDirs();
const FIXTURES = "test/fixtures/ingest";

describe("ingestOrders with the invoice-lines preset", () => {
  it("sums lines into invoices and reads C invoices as refunds", async () => {
    const workdir = join(await tempDir(), "w");
    const file = join(FIXTURES, "invoice-lines.csv");

    const report = await ingestOrders(
      file,
      ingestOptions(workdir, "invoice-lines"),
    );
    const rows = await lakeRows(
      workdir,
      `SELECT order_id, customer_id, CAST(order_date AS VARCHAR) AS day,
        amount, quantity, refund_of FROM LAKE ORDER BY source_line`,
    );

    expect(report.ingested[0]).toMatchObject({
      rowsRead: 7,
      rowsIngested: 6,
      ordersIngested: 5,
      duplicatesMerged: 1,
      rowsQuarantined: 1,
      quarantinedByReason: { missing_customer_id: 1 },
      refunds: 2,
      dateFormat: "mdy",
    });
    expect(rows).toEqual([
      row("536365", "17850", "2010-12-01", 35.64, 12, null),
      row("536366", "17850", "2010-12-01", 11.1, 6, null),
      row("536367", "13047", "2010-12-13", 54.08, 32, null),
      row("C536365", "17850", "2010-12-14", -5.1, 2, "536365"),
      row("C536999", "13047", "2010-12-14", -3.39, 1, "536999"),
    ]);
  });

  it("keeps refunds on their own day", async () => {
    const workdir = join(await tempDir(), "w");
    await ingestOrders(
      join(FIXTURES, "invoice-lines.csv"),
      ingestOptions(workdir, "invoice-lines"),
    );

    const { histories, stats } = await readHistories(workdir);

    expect(histories).toEqual([
      {
        customerId: "13047",
        orders: [
          { day: 14956, amount: 54.08, quantity: 32, category: null },
          { day: 14957, amount: -3.39, quantity: 1, category: null },
        ],
      },
      {
        customerId: "17850",
        orders: [
          { day: 14944, amount: 35.64, quantity: 12, category: null },
          { day: 14944, amount: 11.1, quantity: 6, category: null },
          { day: 14957, amount: -5.1, quantity: null, category: null },
        ],
      },
    ]);
    expect(stats).toMatchObject({
      refundsApplied: 1,
      refundsUnmatched: 1,
      refundsOfCancelled: 0,
      purchaseOccasions: 2,
    });
  });

  it("caps a refund at its order's amount", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const { writeLines } = await import("../helpers/workdir.ts");
    const file = await writeLines(dir, "lines.csv", [
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
      "1,A,x,1,2024-01-02 10:00,5.00,c1,UK",
      "C1,A,x,-3,2024-01-05 10:00,5.00,c1,UK",
    ]);

    await ingestOrders(file, ingestOptions(workdir, "invoice-lines"));
    const { histories } = await readHistories(workdir);

    expect(histories[0]?.orders.map((order) => order.amount)).toEqual([5, -5]);
  });
});

describe("ingestOrders with the shopify preset", () => {
  it("reads orders from their first row and lines after", async () => {
    const workdir = join(await tempDir(), "w");

    const report = await ingestOrders(
      join(FIXTURES, "shopify.csv"),
      ingestOptions(
        workdir,
        "shopify",
        {},
        {
          rules: { dateFormat: "iso", currency: "EUR" },
        },
      ),
    );
    const rows = await lakeRows(
      workdir,
      `SELECT order_id, customer_id, CAST(order_ts AS VARCHAR) AS ts, amount,
        quantity, status, channel FROM LAKE ORDER BY source_line`,
    );
    const ada = rows[0]?.customer_id;

    expect(report.ingested[0]).toMatchObject({
      rowsRead: 5,
      ordersIngested: 3,
      duplicatesMerged: 1,
      rowsQuarantined: 1,
      quarantinedByReason: { orphan_line: 1 },
    });
    expect(ada).toMatch(/^em_[0-9a-f]{32}$/);
    expect(rows).toEqual([
      {
        order_id: "#1001",
        customer_id: ada,
        ts: "2024-03-01 12:45:07+00",
        amount: 55,
        quantity: 3,
        status: "paid",
        channel: "web",
      },
      expect.objectContaining({ order_id: "#1002", amount: 50 }),
      expect.objectContaining({
        order_id: "#1003",
        customer_id: ada,
        status: "cancelled",
      }),
    ]);
  });

  it("writes no raw e-mail to the lake or the reports", async () => {
    const workdir = join(await tempDir(), "w");
    await ingestOrders(
      join(FIXTURES, "shopify.csv"),
      ingestOptions(workdir, "shopify"),
    );

    const lake = await lakeRows(workdir, "SELECT * FROM LAKE");
    const report = await readFile(
      join(workdir, "reports", "ingest", "ingest-report.json"),
      "utf8",
    );
    const quarantine = await quarantineRows(workdir);
    const written = JSON.stringify([lake, report, quarantine]);

    expect(written).not.toMatch(/example\.(com|org)/i);
    expect(written).not.toContain(TEST_KEY);
  });
});

describe("ingestOrders with a mapping file", () => {
  it("reads the mapped columns, dates, zone and delimiter", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const mapping = await loadMapping(join(FIXTURES, "mapping.json"));
    await copyFile(join(FIXTURES, "mapped.csv"), join(dir, "mapped.csv"));

    const report = await ingestOrders(join(dir, "mapped.csv"), {
      ...ingestOptions(workdir, "canonical", {
        delimiter: mapping.dialect.delimiter,
      }),
      preset: mapping.preset,
      rules: {
        dateFormat: mapping.preset.dateFormat,
        currency: mapping.currency,
      },
      timeZone: mapping.timeZone ?? "UTC",
    });
    const rows = await lakeRows(
      workdir,
      `SELECT order_id, CAST(order_ts AS VARCHAR) AS ts,
        CAST(order_date AS VARCHAR) AS day, amount, currency
      FROM LAKE ORDER BY source_line`,
    );

    expect(report.rowsQuarantined).toBe(0);
    expect(rows).toEqual([
      {
        order_id: "A-1",
        ts: "2024-04-03 21:30:00+00",
        day: "2024-04-03",
        amount: 19.9,
        currency: "EUR",
      },
      {
        order_id: "A-2",
        ts: "2024-04-05 08:00:00+00",
        day: "2024-04-05",
        amount: 5,
        currency: "EUR",
      },
    ]);
  });
});

function row(
  orderId: string,
  customerId: string,
  day: string,
  amount: number,
  quantity: number,
  refundOf: string | null,
) {
  return {
    order_id: orderId,
    customer_id: customerId,
    day,
    amount,
    quantity,
    refund_of: refundOf,
  };
}

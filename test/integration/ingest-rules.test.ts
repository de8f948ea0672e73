import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readHistories } from "#features/lake-reader.ts";
import { AmbiguousDatesError } from "#ingest/errors.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";
import {
  expectSameEngines,
  ingestOptions,
  lakeRows,
  quarantineRows,
} from "./ingest-helpers.ts";

const tempDir = useTempDirs();
const HEADER = "order_id,customer_id,order_ts,amount,currency,quantity";
const INVOICE_HEADER =
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const SHOPIFY_HEADER = "Name,Email,Created at,Total,Lineitem quantity";

describe("quarantine reason codes", () => {
  it.each([
    ["canonical", HEADER, 'o1,c1,2024-03-01,"1"0,USD,1', "unparseable_row"],
    ["canonical", HEADER, "o1,c1,2024-03-01,10", "wrong_column_count"],
    ["canonical", HEADER, ",c1,2024-03-01,10,USD,1", "missing_order_id"],
    ["canonical", HEADER, "o1,,2024-03-01,10,USD,1", "missing_customer_id"],
    ["canonical", HEADER, "o1,c1,,10,USD,1", "missing_timestamp"],
    ["canonical", HEADER, "o1,c1,2024-02-30,10,USD,1", "invalid_timestamp"],
    ["canonical", HEADER, "o1,c1,0001-01-01,10,USD,1", "date_out_of_range"],
    ["canonical", HEADER, "o1,c1,9999-12-31,10,USD,1", "date_out_of_range"],
    [
      "invoice-lines",
      INVOICE_HEADER,
      "1,A,x,1,31/12/1899 10:00,1.00,c1,UK",
      "date_out_of_range",
    ],
    ["canonical", HEADER, "o1,c1,2024-03-01,,USD,1", "missing_amount"],
    ["canonical", HEADER, "o1,c1,2024-03-01,1.2.3,USD,1", "invalid_amount"],
    [
      "canonical",
      HEADER,
      "o1,c1,2024-03-01,1e300,USD,1",
      "amount_out_of_range",
    ],
    [
      "canonical",
      HEADER,
      "o1,c1,2024-03-01,-1000000000000.5,USD,1",
      "amount_out_of_range",
    ],
    [
      "invoice-lines",
      INVOICE_HEADER,
      "1,A,x,1000,2024-03-01 10:00,1000000000.5,c1,UK",
      "amount_out_of_range",
    ],
    ["canonical", HEADER, "o1,c1,2024-03-01,10,USD,-1", "invalid_quantity"],
    ["canonical", HEADER, "o1,c1,2024-03-01,10,GBP,1", "currency_mismatch"],
    ["canonical", HEADER, "o1,c1,2024-04-02,10,USD,1", "after_cutoff"],
    ["shopify", SHOPIFY_HEADER, "#9,,,,2", "orphan_line"],
    [
      "invoice-lines",
      INVOICE_HEADER,
      "1,A,x,1,2024-03-01 10:00,1.00,c1,UK\n1,B,y,1,2024-03-01 10:00,1.00,c2,UK",
      "inconsistent_line",
    ],
  ])("%s row gets %s", async (format, header, rows, reason) => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [header, rows]);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), format, { cutoff: "2024-03-31" }),
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expect(report.rowsQuarantined).toBe(1);
    expect(quarantined.map((row) => row.reason)).toEqual([reason]);
    expect(quarantined[0]?.raw).toBe(rows.split("\n").at(-1));
  });
});

describe("ingestion rules", () => {
  it("excludes and counts orders after the cutoff", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-31 23:59,10,USD,1",
      "o2,c1,2024-04-01 00:00,10,USD,1",
      "o3,c1,2024-03-31T23:30:00-01:00,10,USD,1",
    ]);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", { cutoff: "2024-03-31" }),
    );

    expect(report.ordersIngested).toBe(1);
    expect(report.quarantinedByReason).toEqual({ after_cutoff: 2 });
  });

  it("converts listed currencies and flags them", async () => {
    const dir = await tempDir();
    const rates = join(dir, "rates.json");
    await writeFile(rates, JSON.stringify({ EUR: 1.5 }));
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,10,EUR,1",
      "o2,c1,2024-03-02,10,JPY,1",
    ]);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", { conversionRates: rates }),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT amount, currency, flags FROM LAKE",
    );

    expect(rows).toEqual([
      { amount: 15, currency: "USD", flags: ["converted"] },
    ]);
    expect(report.quarantinedByReason).toEqual({ currency_mismatch: 1 });
  });

  it("keeps and flags zero, capped and extreme orders", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,0,USD,1",
      "o2,c1,2024-03-02,10,USD,1",
      "o3,c1,2024-03-03,10,USD,1",
      "o4,c1,2024-03-04,12,USD,1",
      "o5,c1,2024-03-05,900,USD,1",
    ]);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", { amountCap: 500 }),
    );

    expect(report.ordersIngested).toBe(5);
    expect(report.flagged).toEqual({
      zero_value: 1,
      above_cap: 1,
      converted: 0,
    });
    expect(report.lake.extremeOrders).toBe(1);
    expect(report.lake.extremeExamples).toEqual([
      { orderId: "o5", customerId: "c1", amount: 900, customerMedian: 11 },
    ]);
  });

  it("rejects dates that read day-first and month-first", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "lines.csv", [
      INVOICE_HEADER,
      "1,A,x,1,03/04/2024 10:00,1.00,c1,UK",
    ]);

    const result = ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "invoice-lines"),
    );

    await expect(result).rejects.toThrow(AmbiguousDatesError);
    await expect(result).rejects.toThrow(
      'lines.csv: the dates can be read day-first or month-first, for example "03/04/2024 10:00" on line 2.',
    );
  });

  it("keeps several orders of one day as one occasion", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01 09:00,10,USD,1",
      "o2,c1,2024-03-01 18:00,20,USD,1",
    ]);

    await ingestOrders(file, ingestOptions(join(dir, "w"), "canonical"));
    const { histories, stats } = await readHistories(join(dir, "w"));

    expect(histories[0]?.orders).toHaveLength(2);
    expect(stats.purchaseOccasions).toBe(1);
  });

  it("ingests only new files of a folder, as all at once", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    await mkdir(drops);
    await writeLines(drops, "2024-03-01.csv", [
      HEADER,
      "o1,c1,2024-03-01,10,USD,1",
    ]);
    await ingestOrders(drops, ingestOptions(join(dir, "daily"), "canonical"));
    await writeLines(drops, "2024-03-02.csv", [
      HEADER,
      "o1,c1,2024-03-01,12,USD,1",
      "o2,c2,2024-03-02,20,USD,1",
    ]);

    const second = await ingestOrders(
      drops,
      ingestOptions(join(dir, "daily"), "canonical"),
    );
    await ingestOrders(drops, ingestOptions(join(dir, "once"), "canonical"));
    const daily = await readHistories(join(dir, "daily"));
    const once = await readHistories(join(dir, "once"));

    expect(second.ingested.map((file) => file.file)).toEqual([
      "2024-03-02.csv",
    ]);
    expect(second.alreadyInLake.map((file) => file.file)).toEqual([
      "2024-03-01.csv",
    ]);
    expect(daily.histories).toEqual(once.histories);
    expect(daily.histories[0]?.orders[0]?.amount).toBe(12);
  });
});

describe("CSV dialects", () => {
  const expected = [{ order_id: "o1", amount: 10.5 }];

  it.each([
    [
      "semicolons",
      "order_id;customer_id;order_ts;amount\no1;c1;2024-03-01;10.5\n",
    ],
    [
      "tabs",
      "order_id\tcustomer_id\torder_ts\tamount\no1\tc1\t2024-03-01\t10.5\n",
    ],
    [
      "a BOM and CRLF",
      "\uFEFForder_id,customer_id,order_ts,amount\r\no1,c1,2024-03-01,10.5\r\n",
    ],
    [
      "JSON Lines",
      '{"order_id":"o1","customer_id":"c1","order_ts":"2024-03-01","amount":10.5}\n',
    ],
  ])("reads %s", async (_name, text) => {
    const dir = await tempDir();
    await writeFile(join(dir, "orders.txt"), text);

    const report = await ingestOrders(
      join(dir, "orders.txt"),
      ingestOptions(join(dir, "w"), "canonical"),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount FROM LAKE",
    );

    expect(report.rowsQuarantined).toBe(0);
    expect(rows).toEqual(expected);
  });

  it("reads gzip and a declared delimiter", async () => {
    const dir = await tempDir();
    const file = join(dir, "orders.csv.gz");
    await writeFile(
      file,
      gzipSync("order_id|customer_id|order_ts|amount\no1|c1|2024-03-01|10.5\n"),
    );

    await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", { delimiter: "|" }),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount FROM LAKE",
    );

    expect(rows).toEqual(expected);
  });

  it("uses the SQL engine for a plain CSV file", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,10,USD,1",
    ]);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical"),
    );

    expect(report.ingested[0]?.engine).toBe("sql");
  });
});

describe("id whitespace", () => {
  it("trims canonical ids in both engines", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,x,2024-03-01,10,USD,1",
      'o2," x ",2024-03-02,11,USD,1',
      "o3,\tx\t,2024-03-03,12,USD,1",
      "o4,\u00a0x\u202f,2024-03-04,13,USD,1",
      '" o5 ",x,2024-03-05,14,USD,1',
      "o6,x\u200b,2024-03-06,15,USD,1",
    ]);

    const auto = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical"),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, customer_id FROM LAKE ORDER BY source_line",
    );

    expect(auto.ingested[0]?.engine).toBe("sql");
    expect(rows).toEqual([
      { order_id: "o1", customer_id: "x" },
      { order_id: "o2", customer_id: "x" },
      { order_id: "o3", customer_id: "x" },
      { order_id: "o4", customer_id: "x" },
      { order_id: "o5", customer_id: "x" },
      // String.prototype.trim does not treat a zero-width space as whitespace.
      { order_id: "o6", customer_id: "x\u200b" },
    ]);
    await expectSameEngines(join(dir, "engines"), file, "canonical", {});
  });

  it("trims a carriage return inside quotes", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,x,2024-03-01,10,USD,1",
      'o2,"x\r",2024-03-02,11,USD,1',
    ]);

    await expectSameEngines(dir, file, "canonical", {});
    const rows = await lakeRows(
      join(dir, "auto"),
      "SELECT DISTINCT customer_id FROM LAKE",
    );

    expect(rows).toEqual([{ customer_id: "x" }]);
  });

  it("trims invoice ids in both engines", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "lines.csv", [
      INVOICE_HEADER,
      "100,A,MUG,1,2024-02-01 10:00,2.00,c1,UK",
      '" 100 ",B,CUP,2,2024-02-01 10:00,1.50," c1\t",UK',
      "101,A,MUG,1,2024-02-02 10:00,2.00,\u00a0c1,UK",
    ]);

    await expectSameEngines(dir, file, "invoice-lines", {});
    const rows = await lakeRows(
      join(dir, "auto"),
      "SELECT order_id, customer_id, amount FROM LAKE ORDER BY order_id",
    );

    expect(rows).toEqual([
      { order_id: "100", customer_id: "c1", amount: 5 },
      { order_id: "101", customer_id: "c1", amount: 2 },
    ]);
  });
});

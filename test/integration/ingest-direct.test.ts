import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { parseCutoff } from "#ingest/cutoff.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import {
  DIRECT_INVOICE_ROWS,
  directCanonicalRows,
  INDIRECT_INVOICE_LINES,
  INVOICE_GROUPS,
  invoiceLinesTable,
  invoiceOrdersTable,
} from "#ingest/sql-direct.ts";
import type { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs } from "../helpers/workdir.ts";
import {
  CANONICAL_HEADER,
  expectSameEngines,
  INVOICE_HEADER,
  ingestOptions,
  lakeRows,
} from "./ingest-helpers.ts";

const tempDir = useTempDirs();

let open: DuckDBConnection | null = null;
afterEach(() => {
  open?.closeSync();
  open = null;
});

/** Opens a connection whose `raw_lines` has `lines` (null: blank). */
async function rawLines(lines: (string | null)[]): Promise<DuckDBConnection> {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  open = db;
  await db.run("CREATE TEMP TABLE raw_lines (text VARCHAR)");
  const values = lines.map((line) =>
    line === null ? "(NULL)" : `('${line.replaceAll("'", "''")}')`,
  );
  await db.run(`INSERT INTO raw_lines VALUES ${values.join(", ")}`);
  return db;
}

async function rows(db: DuckDBConnection, sql: string) {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJson();
}

describe("direct path of canonical files", () => {
  it("takes only strictly valid lines", async () => {
    const db = await rawLines([
      CANONICAL_HEADER,
      "o1,c1,2024-03-01 10:00:00,10.5,USD,paid,1",
      "o2,c2,2024-03-01T10:00,5,,,",
      "o3,c3,2024-03-02,0,usd,,",
      "o4,c4,2024-02-30,1,USD,,",
      'o5,"c5",2024-03-01,1,USD,,',
      "o6,ann@shop.test,2024-03-01,1,USD,,",
      "o7,c7,2024-03-01 24:00,1,USD,,",
      "o8,c8,2024-03-01,1,EUR,,",
      null,
      "o9,c9,2024-03-03,1,USD,,",
      "o10, c10,2024-03-01,1,USD,,",
      "o11,c11,1899-12-31,1,USD,,",
    ]);
    const positions = {
      order_id: 0,
      customer_id: 1,
      order_ts: 2,
      amount: 3,
      currency: 4,
      status: 5,
      quantity: 6,
      category: -1,
      channel: -1,
      refund_of: -1,
    };
    const rules = {
      dateFormat: "iso" as const,
      currency: "USD",
      cutoff: parseCutoff("2024-03-02T12:00", "UTC"),
    };

    const direct = await rows(
      db,
      directCanonicalRows(positions, 7, ",", rules, 1),
    );

    expect(direct).toEqual([
      {
        order_id: "o1",
        customer_id: "c1",
        order_ts_text: "2024-03-01 10:00:00",
        amount: 10.5,
        currency: "USD",
        status: "paid",
        quantity: 1,
        category: null,
        channel: null,
        refund_of: null,
        converted: false,
        source_line: "2",
      },
      expect.objectContaining({
        order_id: "o2",
        order_ts_text: "2024-03-01 10:00:00",
        currency: null,
        status: null,
        quantity: null,
        source_line: "3",
      }),
      expect.objectContaining({
        order_id: "o3",
        order_ts_text: "2024-03-02 00:00:00",
        amount: 0,
        currency: "USD",
        source_line: "4",
      }),
    ]);
  });
});

describe("direct path progress", () => {
  it("reports the rows it takes", async () => {
    const dir = await tempDir();
    const file = join(dir, "orders.csv");
    await writeFile(
      file,
      `${CANONICAL_HEADER}\no1,c1,2024-03-01,5,USD,,\no2,"c2",2024-03-01,5,USD,,\n`,
    );
    const options = ingestOptions(join(dir, "w"), "canonical");

    await ingestOrders(file, options);

    expect((options.reporter as MemoryReporter).updates).toEqual([
      "ingest: 1/1 orders.csv: 1 row proven valid in SQL",
    ]);
  });
});

describe("direct path of invoice-lines files", () => {
  const lines = [
    INVOICE_HEADER,
    '100,A,"CUP, BLUE",2,1/2/2024 10:00,2.50,c1,UK',
    "100,B,MUG,1,1/2/2024 10:00,1.25,c1,UK",
    "101,A,MUG,1,1/2/2024 10:00,2.50,,UK",
    "101,B,MUG,2,1/2/2024 10:00,1,c2,UK",
    "102,A,MUG,1,1/2/2024 10:00,1,c1,UK",
    "102,A,MUG,1,1/2/2024 10:00,1,c2,UK",
    "C100,A,MUG,-1,1/2/2024 10:00,2.50,c1,UK",
    "103,A,MUG,x,1/2/2024 10:00,1,c1,UK",
    "103,A,MUG,1,1/2/2024 10:00,1,c1,UK",
    "104,A,MUG,1,2/30/2024 10:00,1,c1,UK",
    "105,A,MUG,-1,1/2/2024 10:00,1,c1,UK",
    '106,A,"SAY ""HI""",1,1/2/2024 10:00,1,c1,UK',
    "107,A,MUG,1,1/2/2024 10:00,1, c1 ,UK",
    "107,A,MUG,1,1/2/2024 10:00,1,c2,UK",
  ];
  const positions = {
    invoice: 0,
    quantity: 3,
    date: 4,
    unitPrice: 5,
    customer: 6,
  };

  it("takes ok and customerless invoices", async () => {
    const db = await rawLines(lines);
    await db.run(invoiceLinesTable(positions, 8, ",", 1));
    await db.run(INVOICE_GROUPS);
    await db.run(
      invoiceOrdersTable({ dateFormat: "mdy", currency: null }, "mdy"),
    );

    // The direct invoices come in no particular order.
    const orders = await rows(
      db,
      `${DIRECT_INVOICE_ROWS} ORDER BY source_line`,
    );
    const left = await rows(db, `${INDIRECT_INVOICE_LINES} ORDER BY line`);

    expect(
      orders.map((o) => [
        o.order_id,
        o.customer_id,
        o.order_ts_text,
        o.amount,
        o.quantity,
        o.refund_of,
        o.source_line,
      ]),
    ).toEqual([
      ["100", "c1", "2024-01-02 10:00:00", 6.25, 3, null, "2"],
      ["101", "c2", "2024-01-02 10:00:00", 2, 2, null, "5"],
      ["C100", "c1", "2024-01-02 10:00:00", -2.5, 1, "100", "8"],
      ["106", "c1", "2024-01-02 10:00:00", 1, 1, null, "13"],
    ]);
    expect(left.map((row) => Number(row.line))).toEqual([
      4, 6, 7, 9, 10, 11, 12, 14, 15,
    ]);
  });

  it("matches the row engine on invoices", async () => {
    const dir = await tempDir();
    const file = join(dir, "lines.csv");
    await writeFile(file, `${lines.join("\n")}\n`);

    await expectSameEngines(dir, file, "invoice-lines", { dateFormat: "mdy" });
    const lake = await lakeRows(
      join(dir, "auto"),
      "SELECT order_id, customer_id, amount, source_line FROM LAKE ORDER BY source_line",
    );
    expect(lake).toContainEqual({
      order_id: "101",
      customer_id: expect.stringMatching(/^c2$/),
      amount: 2,
      source_line: "5",
    });
  });

  it("decides dates from customerless lines", async () => {
    const dir = await tempDir();
    const file = join(dir, "lines.csv");
    await writeFile(
      file,
      `${[
        INVOICE_HEADER,
        "100,A,MUG,1,2/2/2024 10:00,1,c1,UK",
        "101,A,MUG,1,13/2/2024 9:05,1,,UK",
        "101,A,MUG,1,13/2/2024 9:05,1,c2,UK",
      ].join("\n")}\n`,
    );

    await expectSameEngines(dir, file, "invoice-lines", {});
    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "again"), "invoice-lines"),
    );
    expect(report.ingested[0]?.dateFormat).toBe("dmy");
    expect(report.ingested[0]?.ordersIngested).toBe(2);
  });

  it("agrees with rows on random invoices", async () => {
    const invoiceLine = fc.record({
      description: fc.constantFrom("MUG", '"CUP, BLUE"', '"SAY ""HI"""'),
      quantity: fc.constantFrom("1", "3", "x", "-1"),
      price: fc.constantFrom("2.50", "0", "1.1"),
      customer: fc.constantFrom(
        "same",
        "same",
        "same",
        "none",
        "other",
        "padded",
      ),
    });
    const invoice = fc.record({
      id: fc.constantFrom("100", "101", "102", "C100", "C103"),
      customer: fc.constantFrom("c1", "c2"),
      date: fc.constantFrom(
        "1/2/2024 10:00",
        "13/2/2024 9:05",
        "2/13/2024 9:05",
        "2024-02-03 10:00",
        "31/2/2024 10:00",
        "31/12/1899 10:00",
        "1/1/2100 10:00",
      ),
      lines: fc.array(invoiceLine, { minLength: 1, maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(invoice, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("dmy", "mdy", undefined),
        async (invoices, dateFormat) => {
          const dir = await tempDir();
          const file = join(dir, "lines.csv");
          const body = invoices.flatMap((inv) =>
            inv.lines.map((line) => {
              const negative = inv.id.startsWith("C");
              const quantity =
                negative && line.quantity !== "x"
                  ? `-${line.quantity}`.replace("--", "")
                  : line.quantity;
              // A padded customer is valid, but only the row engine reads it.
              const customer = {
                same: inv.customer,
                none: "",
                other: "c9",
                padded: ` ${inv.customer} `,
              }[line.customer];
              return `${inv.id},A,${line.description},${quantity},${inv.date},${line.price},${customer},UK`;
            }),
          );
          await writeFile(file, `${[INVOICE_HEADER, ...body].join("\n")}\n`);

          await expectSameEngines(
            dir,
            file,
            "invoice-lines",
            dateFormat === undefined ? {} : { dateFormat },
            true,
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestOrders } from "#ingest/ingest.ts";
import type { IngestSettingsInput } from "#ingest/settings.ts";
import { useTempDirs } from "../helpers/workdir.ts";
import {
  expectSameEngines,
  INVOICE_HEADER,
  ingestOptions,
  lakeRows,
  quarantineRows,
} from "./ingest-helpers.ts";

const tempDir = useTempDirs();
const HEADER = "order_id,customer_id,order_ts,amount";

/** Writes `text` as a canonical file and checks that both engines agree. */
async function sameEngines(text: string, settings: IngestSettingsInput = {}) {
  const dir = await tempDir();
  const file = join(dir, "orders.csv");
  await writeFile(file, text);
  await expectSameEngines(dir, file, "canonical", settings);
  return dir;
}

describe("engines on unusual bytes", () => {
  it("agree on a lone CR next to CR LF", async () => {
    const dir = await sameEngines(`${HEADER}\r\n\ro1,c1,2024-03-01,5\r\n`);

    const lake = await lakeRows(
      join(dir, "auto"),
      "SELECT order_id, source_line FROM LAKE",
    );
    expect(lake).toEqual([{ order_id: "o1", source_line: "3" }]);
  });

  it("agree on LF mixed with CR LF", async () => {
    await sameEngines(
      `${HEADER}\no1,c1,2024-03-01,5\r\n\r\no2,c1,2024-03-02,6\n`,
    );
  });

  it("agree on the text \\x01 and on U+0001", async () => {
    await sameEngines(`${HEADER}\no1,c1,2024-03-01,5\\x0199\n`);
    await sameEngines(`${HEADER}\no1,c1,2024-03-01,5\u000199\n`);
  });

  it("agree on delimiters that fields may contain", async () => {
    const text = `order_id customer_id order_ts amount\no2 c2 2024-03-01 10:00 5\n`;
    await sameEngines(text, { delimiter: " " });
    await sameEngines(text.replaceAll(" ", "."), { delimiter: "." });
  });

  it("agree on -0 after a repeated order id", async () => {
    const dir = await sameEngines(
      `${HEADER}\no1,c1,2024-03-01,"1"\no1,c1,2024-03-01,"-0"\n`,
    );

    const lake = await lakeRows(join(dir, "auto"), "SELECT amount FROM LAKE");
    expect(Object.is(lake[0]?.amount, 0)).toBe(true);
  });

  it("reads a line too long for DuckDB with the row engine", async () => {
    const dir = await tempDir();
    const file = join(dir, "orders.csv");
    const long = "x".repeat(3_000_000);
    await writeFile(
      file,
      `${HEADER},note\no1,c1,2024-03-01,5,${long}\no2,c1,2024-03-02,6,\n`,
    );

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical"),
    );

    expect(report.ingested[0]?.engine).toBe("rows");
    expect(report.ingested[0]?.ordersIngested).toBe(2);
  });
});

describe("engines on the order date range", () => {
  it("agree on canonical times at its edges", async () => {
    const dir = await sameEngines(
      [
        HEADER,
        "o1,c1,0001-01-01,5",
        "o2,c1,1899-12-31 23:59:59,5",
        "o3,c1,1900-01-01,5",
        "o4,c1,1900-01-01T00:00,5",
        "o5,c1,2099-12-31 23:59:59,5",
        "o6,c1,2100-01-01 00:00:00,5",
        "o7,c1,9999-12-31,5",
        "o8,c1,2999-06-01,5",
        "",
      ].join("\n"),
    );
    const workdir = join(dir, "auto");

    const lake = await lakeRows(workdir, "SELECT order_id FROM LAKE");
    const quarantined = await quarantineRows(workdir);

    expect(lake.map((row) => row.order_id).sort()).toEqual(["o3", "o4", "o5"]);
    expect(quarantined.map((row) => [row.line, row.reason])).toEqual([
      [2, "date_out_of_range"],
      [3, "date_out_of_range"],
      [7, "date_out_of_range"],
      [8, "date_out_of_range"],
      [9, "date_out_of_range"],
    ]);
  });

  it("agree on invoice lines at its edges", async () => {
    const dir = await tempDir();
    const file = join(dir, "lines.csv");
    await writeFile(
      file,
      [
        INVOICE_HEADER,
        "100,A,MUG,1,31/12/1899 10:00,2.50,c1,UK",
        "100,B,MUG,1,31/12/1899 10:00,2.50,c1,UK",
        "101,A,MUG,1,1/1/1900 10:00,2.50,c1,UK",
        "102,A,MUG,1,31/12/2099 23:59,2.50,c1,UK",
        "103,A,MUG,1,1/1/2100 00:00,2.50,c1,UK",
        "",
      ].join("\n"),
    );

    await expectSameEngines(dir, file, "invoice-lines", { dateFormat: "dmy" });
    const lake = await lakeRows(join(dir, "auto"), "SELECT order_id FROM LAKE");
    const quarantined = await quarantineRows(join(dir, "auto"));

    expect(lake.map((row) => row.order_id).sort()).toEqual(["101", "102"]);
    expect(quarantined.map((row) => [row.line, row.reason])).toEqual([
      [2, "date_out_of_range"],
      [3, "date_out_of_range"],
      [6, "date_out_of_range"],
    ]);
  });

  it("take in-range dates in SQL", async () => {
    const dir = await tempDir();
    const file = join(dir, "orders.csv");
    await writeFile(
      file,
      `${HEADER}\no1,c1,1900-01-01,5\no2,c1,2099-12-31,5\n`,
    );

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical"),
    );

    expect(report.ingested[0]?.engine).toBe("sql");
    expect(report.ordersIngested).toBe(2);
  });
});

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestOrders } from "#ingest/ingest.ts";
import type { IngestSettingsInput } from "#ingest/settings.ts";
import { useTempDirs } from "../helpers/workdir.ts";
import {
  expectSameEngines,
  ingestOptions,
  lakeRows,
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

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { expect } from "vitest";
import {
  type IngestOptions,
  type IngestReport,
  ingestOrders,
} from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import type { QuarantineRow } from "#ingest/reasons.ts";
import {
  type IngestSettingsInput,
  loadIngestSettings,
} from "#ingest/settings.ts";
import { MemoryReporter } from "#shared/progress.ts";

/** Headers of the canonical and invoice-lines files the tests write. */
export const CANONICAL_HEADER =
  "order_id,customer_id,order_ts,amount,currency,status,quantity";
export const INVOICE_HEADER =
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

/** A key for tests, long enough for production rules. */
export const TEST_KEY = "test-key-0123456789abcdef0123456789";

/** Ingest options for a preset, with settings validated as the CLI does. */
export function ingestOptions(
  workdir: string,
  format: string,
  settings: IngestSettingsInput = {},
  extra: Partial<IngestOptions> = {},
): IngestOptions {
  const preset = getPreset(format);
  return {
    workdir,
    preset,
    rules: { dateFormat: preset.dateFormat, currency: "USD" },
    timeZone: "UTC",
    reporter: new MemoryReporter(),
    settings: loadIngestSettings(settings, {
      VALUECAST_ID_HMAC_KEY: TEST_KEY,
    }),
    ...extra,
  };
}

/** Runs SQL over the lake's Parquet files (`LAKE` in `sql`), in UTC. */
export async function lakeRows(workdir: string, sql: string) {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const glob = join(workdir, "lake", "orders", "*.parquet");
  await connection.run("SET TimeZone = 'UTC'");
  const reader = await connection.runAndReadAll(
    sql.replace("LAKE", `read_parquet('${glob}')`),
  );
  connection.closeSync();
  return reader.getRowObjectsJson();
}

/** Every quarantined row of the lake, in file then line order. */
export async function quarantineRows(
  workdir: string,
): Promise<QuarantineRow[]> {
  const manifest = JSON.parse(
    await readFile(join(workdir, "lake", "orders", "_files.json"), "utf8"),
  ) as { files: { quarantineFile: string }[] };
  const texts = await Promise.all(
    manifest.files.map((file) =>
      readFile(join(workdir, file.quarantineFile), "utf8"),
    ),
  );
  return texts
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as QuarantineRow);
}

/** Every count of a report's files must add up. */
export function expectAccounting(report: IngestReport): void {
  for (const file of report.ingested) {
    expect(file.rowsRead).toBe(
      file.ordersIngested + file.duplicatesMerged + file.rowsQuarantined,
    );
    expect(file.rowsIngested).toBe(file.ordersIngested + file.duplicatesMerged);
  }
}

async function snapshot(workdir: string) {
  return {
    lake: await lakeRows(
      workdir,
      "SELECT * EXCLUDE (source_file, file_seq) FROM LAKE ORDER BY source_line",
    ),
    quarantine: await quarantineRows(workdir),
  };
}

/**
 * Ingests one file with each engine into `dir/auto` and `dir/rows` and
 * checks that the counts add up and both engines agree. With
 * `sameErrors`, a file that an engine rejects must get the same error
 * from the other.
 */
export async function expectSameEngines(
  dir: string,
  file: string,
  format: string,
  settings: IngestSettingsInput,
  sameErrors = false,
): Promise<void> {
  const ingest = (engine: "auto" | "rows") => {
    const options = ingestOptions(join(dir, engine), format, settings, {
      engine,
    });
    const report = ingestOrders(file, options);
    return sameErrors ? report.catch((error: Error) => error) : report;
  };
  const sql = await ingest("auto");
  const rows = await ingest("rows");
  if (sql instanceof Error || rows instanceof Error) {
    expect(String(sql)).toBe(String(rows));
    return;
  }

  expectAccounting(sql);
  expect({ ...sql.ingested[0], engine: "rows" }).toEqual(rows.ingested[0]);
  expect(await snapshot(join(dir, "auto"))).toEqual(
    await snapshot(join(dir, "rows")),
  );
}

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { IngestOptions } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import type { QuarantineRow } from "#ingest/reasons.ts";
import {
  type IngestSettingsInput,
  loadIngestSettings,
} from "#ingest/settings.ts";
import { MemoryReporter } from "#shared/progress.ts";

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

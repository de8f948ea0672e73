import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "#shared/errors.ts";
import type { Reporter } from "#shared/progress.ts";
import { ingestFile } from "./ingest-file.ts";
import { type FileReport, readManifest, writeManifest } from "./manifest.ts";
import type { Preset } from "./presets/types.ts";
import type { ValidationRules } from "./validate.ts";

/** Settings of one ingestion. */
export interface IngestOptions {
  workdir: string;
  preset: Preset;
  rules: ValidationRules;
  timeZone: string;
  reporter: Reporter;
}

/** Counts of one ingestion; rowsRead = rowsIngested + rowsQuarantined. */
export interface IngestReport {
  /** Files read in this call. */
  ingested: FileReport[];
  /** Files skipped because the lake already had their exact content. */
  alreadyInLake: FileReport[];
  rowsRead: number;
  rowsIngested: number;
  rowsQuarantined: number;
  quarantinedByReason: Record<string, number>;
}

/**
 * Ingests a file, or every file of a folder in name order, into the lake.
 * A file whose content the lake already has is skipped, so ingesting again
 * never double counts. Counts cover both new and skipped files, so a rerun
 * reports the same totals.
 *
 * @throws InputError when the source does not exist or holds no file.
 */
export async function ingestOrders(
  source: string,
  options: IngestOptions,
): Promise<IngestReport> {
  const files = await listSourceFiles(source);
  const manifest = await readManifest(options.workdir);
  await mkdir(join(options.workdir, "lake", "orders"), { recursive: true });
  await mkdir(join(options.workdir, "quarantine", "orders"), {
    recursive: true,
  });
  const ingested: FileReport[] = [];
  const alreadyInLake: FileReport[] = [];

  for (const path of files) {
    const sha256 = await hashFile(path);
    const known = manifest.files.find((file) => file.sha256 === sha256);
    if (known) {
      options.reporter.info(`ingest: ${known.file} is already in the lake`);
      alreadyInLake.push(known);
      continue;
    }
    const seq = Math.max(0, ...manifest.files.map((file) => file.seq)) + 1;
    const progress = options.reporter.start("ingest", "rows");
    const report = await ingestFile(path, {
      ...options,
      seq,
      sha256,
      progress,
    });
    progress.finish(
      `${report.file}: ${report.rowsRead} rows read, ${report.rowsIngested} ` +
        `ingested, ${report.rowsQuarantined} quarantined`,
    );
    manifest.files.push(report);
    await writeManifest(options.workdir, manifest);
    ingested.push(report);
  }
  return summarise(ingested, alreadyInLake);
}

function summarise(
  ingested: FileReport[],
  alreadyInLake: FileReport[],
): IngestReport {
  const all = [...ingested, ...alreadyInLake];
  const quarantinedByReason: Record<string, number> = {};
  for (const file of all) {
    for (const [reason, count] of Object.entries(file.quarantinedByReason)) {
      quarantinedByReason[reason] = (quarantinedByReason[reason] ?? 0) + count;
    }
  }
  const sum = (key: "rowsRead" | "rowsIngested" | "rowsQuarantined") =>
    all.reduce((total, file) => total + file[key], 0);
  return {
    ingested,
    alreadyInLake,
    rowsRead: sum("rowsRead"),
    rowsIngested: sum("rowsIngested"),
    rowsQuarantined: sum("rowsQuarantined"),
    quarantinedByReason,
  };
}

async function listSourceFiles(source: string): Promise<string[]> {
  const info = await stat(source).catch((error: unknown) => {
    throw new InputError(
      `Order source ${source} not found: pass an existing file or folder ` +
        "to --orders.",
      { cause: error },
    );
  });
  if (info.isFile()) return [source];
  const names = (await readdir(source))
    .filter((name) => !name.startsWith("."))
    .sort();
  const files: string[] = [];
  for (const name of names) {
    if ((await stat(join(source, name))).isFile())
      files.push(join(source, name));
  }
  if (files.length === 0) {
    throw new InputError(`Folder ${source} contains no order files.`);
  }
  return files;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest("hex");
}

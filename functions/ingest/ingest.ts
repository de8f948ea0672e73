import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "#shared/errors.ts";
import type { Reporter } from "#shared/progress.ts";
import { parseCutoff } from "./cutoff.ts";
import { resolveDateFormat } from "./date-order.ts";
import { EmailPseudonymiser } from "./identity.ts";
import { ingestFileRows } from "./ingest-file.ts";
import { type LakeReview, reviewLake } from "./lake-review.ts";
import {
  type FileReport,
  type LakeManifest,
  readManifest,
  writeManifest,
} from "./manifest.ts";
import type { CsvDialect, Preset } from "./presets/types.ts";
import { type FileTotals, summariseFiles } from "./report.ts";
import {
  HMAC_KEY_VARIABLE,
  type IngestSettings,
  loadIngestSettings,
} from "./settings.ts";
import { ingestFileSql, sqlPathApplies } from "./sql-path.ts";
import type { ValidationRules } from "./validate.ts";

/** Settings of one ingestion. */
export interface IngestOptions {
  workdir: string;
  preset: Preset;
  rules: ValidationRules;
  timeZone: string;
  reporter: Reporter;
  /**
   * Validated settings (see settings.ts); when absent they are read from
   * the environment with their defaults.
   */
  settings?: IngestSettings;
  /**
   * `rows` reads every row in JavaScript; `auto` (the default) lets DuckDB
   * stage the simple rows of plain canonical and invoice-lines CSV files.
   * Both give the same lake, quarantine and counts.
   */
  engine?: "auto" | "rows";
}

/**
 * Counts of one ingestion, over new and skipped files alike:
 * rowsRead = ordersIngested + duplicatesMerged + rowsQuarantined.
 */
export interface IngestReport extends FileTotals {
  /** Files read in this call. */
  ingested: FileReport[];
  /** Files skipped because the lake already had their exact content. */
  alreadyInLake: FileReport[];
  /** The whole lake after this ingestion. */
  lake: LakeReview;
  /** The report as JSON, relative to the workdir. */
  reportFile: string;
}

export const REPORT_PATH = join("reports", "ingest", "ingest-report.json");

/**
 * Ingests a file, or every file of a folder in name order, into the lake.
 * A file whose content the lake already has is skipped, so ingesting again
 * never double counts, and a folder of daily files ingests only the new
 * ones. Counts cover both new and skipped files, so a rerun reports the
 * same totals. The report is also written to `reports/ingest/`.
 *
 * @throws InputError when the source does not exist or contains no file, or
 *   a file is unusable as a whole (header, dates, compression).
 * @throws IngestSettingsError from the settings, when not given.
 */
export async function ingestOrders(
  source: string,
  options: IngestOptions,
): Promise<IngestReport> {
  const settings = options.settings ?? loadIngestSettings({});
  const files = await listSourceFiles(source);
  const manifest = await readManifest(options.workdir);
  await mkdir(join(options.workdir, "lake", "orders"), { recursive: true });
  await mkdir(join(options.workdir, "quarantine", "orders"), {
    recursive: true,
  });
  const ingested: FileReport[] = [];
  const alreadyInLake: FileReport[] = [];
  const ingestOne = fileIngester(options, settings, manifest);

  for (const path of files) {
    const sha256 = await hashFile(path);
    const known = manifest.files.find((file) => file.sha256 === sha256);
    if (known) {
      options.reporter.info(`ingest: ${known.file} is already in the lake`);
      alreadyInLake.push(known);
      continue;
    }
    const report = await ingestOne(path, sha256);
    manifest.files.push(report);
    await writeManifest(options.workdir, manifest);
    ingested.push(report);
  }
  const lake = await reviewLake(options.workdir, manifest, {
    factor: settings.extremeFactor,
    minOrders: settings.extremeMinOrders,
  });
  const report: IngestReport = {
    ingested,
    alreadyInLake,
    ...summariseFiles([...ingested, ...alreadyInLake]),
    lake,
    reportFile: REPORT_PATH,
  };
  await mkdir(join(options.workdir, "reports", "ingest"), { recursive: true });
  await writeFile(
    join(options.workdir, REPORT_PATH),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  return report;
}

/** Returns a function that ingests one new file under the options. */
function fileIngester(
  options: IngestOptions,
  settings: IngestSettings,
  manifest: LakeManifest,
) {
  const cutoff =
    settings.cutoff === null
      ? null
      : parseCutoff(settings.cutoff, options.timeZone);
  const dialect: CsvDialect = {
    delimiter: settings.delimiter ?? undefined,
    quote: settings.quote ?? undefined,
  };
  const warnKey = () =>
    options.reporter.warn(
      `${HMAC_KEY_VARIABLE} is not set: e-mail customer ids are replaced ` +
        "with the public development key, which is not fit for real " +
        "customers.",
    );
  const pseudonymiser = new EmailPseudonymiser(
    settings.hmacKey,
    settings.developmentKey ? warnKey : null,
  );
  return async (path: string, sha256: string): Promise<FileReport> => {
    const seq = Math.max(0, ...manifest.files.map((file) => file.seq)) + 1;
    const stem = `${String(seq).padStart(6, "0")}-${sha256.slice(0, 16)}`;
    const lakeFile = join("lake", "orders", `${stem}.parquet`);
    const quarantineFile = join("quarantine", "orders", `${stem}.jsonl`);
    const target = {
      seq,
      sha256,
      lakeFile,
      quarantineFile,
      lakePath: join(options.workdir, lakeFile),
      quarantinePath: join(options.workdir, quarantineFile),
      tempDir: join(options.workdir, "tmp", "ingest"),
    };
    const declared = settings.dateFormat ?? options.rules.dateFormat;
    const fileOptions = {
      preset: options.preset,
      rules: {
        ...options.rules,
        dateFormat: declared,
        cutoff,
        conversionRates:
          settings.conversionRates ?? options.rules.conversionRates,
      },
      dialect,
      timeZone: options.timeZone,
      amountCap: settings.amountCap,
      pseudonymiser,
      progress: options.reporter.start("ingest", "rows"),
    };
    const useSql =
      options.engine !== "rows" && (await sqlPathApplies(path, fileOptions));
    const report =
      (useSql ? await ingestFileSql(path, target, fileOptions) : null) ??
      (await ingestFileRows(path, target, {
        ...fileOptions,
        rules: {
          ...fileOptions.rules,
          dateFormat: await resolveDateFormat(
            path,
            options.preset,
            dialect,
            declared,
          ),
        },
      }));
    fileOptions.progress.finish(
      `${report.file}: ${report.rowsRead} rows read, ${report.ordersIngested} ` +
        `orders, ${report.duplicatesMerged} merged, ` +
        `${report.rowsQuarantined} quarantined`,
    );
    return report;
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

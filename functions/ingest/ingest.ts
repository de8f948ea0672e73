import { mkdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError } from "#shared/errors.ts";
import { plural } from "#shared/plural.ts";
import type { Reporter } from "#shared/progress.ts";
import { type WorkdirLock, withWorkdirLock } from "#shared/workdir-lock.ts";
import { parseCutoff } from "./cutoff.ts";
import { resolveDateFormat } from "./date-order.ts";
import { type FileScan, scanFile } from "./encoding.ts";
import { EmailPseudonymiser } from "./identity.ts";
import {
  type FileIngestOptions,
  type FileTarget,
  ingestFileRows,
} from "./ingest-file.ts";
import { checkLakeKey } from "./lake-key.ts";
import { type LakeReview, reviewLake } from "./lake-review.ts";
import { LAKE_PART_SUFFIXES } from "./lake-writer.ts";
import type { LineBreaks } from "./line-breaks.ts";
import {
  type FileReport,
  type LakeManifest,
  readManifest,
  writeManifest,
} from "./manifest.ts";
import type { CsvDialect, Preset } from "./presets/types.ts";
import {
  changedOptions,
  effectiveReading,
  type ReadingChange,
  type ReadingOptions,
  readingOptions,
  readingTag,
} from "./reading.ts";
import { firstNonBlankLine } from "./records.ts";
import {
  type FileTotals,
  summariseFiles,
  writeIngestReport,
} from "./report.ts";
import { rereadRejection } from "./reread.ts";
import {
  HMAC_KEY_VARIABLE,
  type IngestSettings,
  loadIngestSettings,
} from "./settings.ts";
import { listSourceFiles } from "./source-files.ts";
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
  /**
   * Lock of the workdir, when the caller already holds it for a longer
   * command (`valuecast run`). Without it the call takes the lock itself.
   */
  workdirLock?: WorkdirLock;
}

/**
 * Report of one ingestion call and of the lake after it. The totals cover
 * the files read in this call only:
 * rowsRead = ordersIngested + duplicatesMerged + rowsQuarantined.
 */
export interface IngestReport extends FileTotals {
  /**
   * Files read in this call: new content, or content the lake had read
   * with other reading options (also listed in `reread`).
   */
  ingested: FileReport[];
  /** Names of the ingested files that replaced an earlier reading. */
  reread: string[];
  /**
   * Files skipped because the lake has their content, read with the same
   * options: the lake's entry of that content, under the skipped name.
   */
  alreadyInLake: FileReport[];
  /**
   * Files of a folder that could not be read as a whole, and files whose
   * new reading was rejected because it would replace a reading with
   * orders by one without any, with the reason. The lake records neither
   * (a rejected new reading leaves the earlier one in place), so the next
   * call tries them again.
   */
  rejected: { file: string; error: string }[];
  /** Subfolders of a folder source, which are not read. */
  subfolders: string[];
  /** Totals over every file in the lake after this call. */
  lakeTotals: FileTotals;
  /** The whole lake after this ingestion, and its extreme orders. */
  lake: LakeReview;
  /**
   * This call's numbered report file, relative to the workdir. A copy of
   * the latest call's report is at `REPORT_PATH`.
   */
  reportFile: string;
}

export { LATEST_REPORT_PATH as REPORT_PATH } from "./report.ts";

/**
 * Ingests a file, or every file directly in a folder in name order, into
 * the lake. A file whose content the lake already has, read with the same
 * effective reading options (see `effectiveReading`), is skipped, so
 * ingesting again never double counts and a folder of daily files ingests
 * only the new ones. Content read before with other options is read again
 * and replaces the earlier reading (its lake and quarantine files and
 * manifest entry), keeping its sequence number. A new reading that
 * quarantines every row of a file whose earlier reading had orders is
 * rejected instead: the file is reported in `rejected` and keeps its
 * earlier reading. In a folder, a file that cannot be read as a whole is
 * reported in `rejected` and the other files are ingested. Every call's
 * report is also written to its own numbered file under
 * `reports/ingest/`, and `ingest-report.json` there is a copy of the
 * latest.
 *
 * @throws InputError when the source does not exist or contains no file,
 *   or a single source file is unusable as a whole (encoding, header,
 *   dates, compression).
 * @throws HmacKeyMismatchError when the lake was built with another
 *   e-mail pseudonym key.
 * @throws IngestSettingsError from the settings, when not given.
 * @throws WorkdirLockedError when another valuecast command holds the
 *   workdir's lock, which the call takes unless `workdirLock` is given.
 */
export async function ingestOrders(
  source: string,
  options: IngestOptions,
): Promise<IngestReport> {
  if (options.workdirLock !== undefined) {
    options.workdirLock.checkHolds(options.workdir);
    return ingestLocked(source, options);
  }
  return withWorkdirLock(options.workdir, "ingest", options.reporter, () =>
    ingestLocked(source, options),
  );
}

async function ingestLocked(
  source: string,
  options: IngestOptions,
): Promise<IngestReport> {
  const settings = options.settings ?? loadIngestSettings({});
  const { folder, files, subfolders } = await listSourceFiles(source);
  if (subfolders.length > 0) {
    options.reporter.info(
      `ingest: not reading ${plural(subfolders.length, "subfolder")} of ` +
        `${source} (${subfolders.join(", ")}): only the files directly in ` +
        "a folder are read",
    );
  }

  const manifest = await readManifest(options.workdir);
  const fingerprint = checkLakeKey(manifest, settings, options.workdir);
  await mkdir(join(options.workdir, "lake", "orders"), { recursive: true });
  await mkdir(join(options.workdir, "quarantine", "orders"), {
    recursive: true,
  });

  const reading = readingOptions(
    options.preset,
    options.rules,
    options.timeZone,
    settings,
  );
  const call = new IngestCall(options, manifest, reading, fingerprint);
  const ingestOne = fileIngester(options, settings, readingTag(reading));
  for (const path of files) {
    try {
      await call.ingest(path, ingestOne);
    } catch (error) {
      if (!folder || !(error instanceof InputError)) throw error;
      const file = basename(path);
      options.reporter.warn(
        `ingest: ${file} is rejected and left out of the lake; the other ` +
          `files are ingested: ${error.message}`,
      );
      call.rejected.push({ file, error: error.message });
    }
  }

  // Files of an earlier call that stopped before its review are reviewed
  // now, with this call's files.
  const reviewed = new Set(manifest.reviewed ?? []);
  const lake = await reviewLake(
    options.workdir,
    manifest,
    { factor: settings.extremeFactor, minOrders: settings.extremeMinOrders },
    manifest.files
      .map((file) => file.lakeFile)
      .filter((file) => !reviewed.has(file)),
  );
  const report = await writeIngestReport<Omit<IngestReport, "reportFile">>(
    options.workdir,
    {
      ingested: call.ingested,
      reread: call.reread,
      alreadyInLake: call.alreadyInLake,
      rejected: call.rejected,
      subfolders,
      ...summariseFiles(call.ingested),
      lakeTotals: summariseFiles(manifest.files),
      lake,
    },
  );
  // Marked only once the report lists the review's findings.
  const all = manifest.files.map((file) => file.lakeFile);
  if (all.some((file) => !reviewed.has(file))) {
    manifest.reviewed = all;
    await writeManifest(options.workdir, manifest);
  }
  return report;
}

/** One file ingester: `path`, its hash and line breaks, and its number. */
type FileIngester = (
  path: string,
  scan: FileScan,
  seq: number,
) => Promise<FileReport>;

/** The files of one call, and the manifest they update. */
class IngestCall {
  readonly ingested: FileReport[] = [];
  readonly reread: string[] = [];
  readonly alreadyInLake: FileReport[] = [];
  readonly rejected: { file: string; error: string }[] = [];

  constructor(
    private readonly options: IngestOptions,
    private readonly manifest: LakeManifest,
    private readonly reading: ReadingOptions,
    private readonly fingerprint: string,
  ) {}

  /**
   * Skips a file whose content the lake has read the same way, reads it
   * again when the effective options changed, and reads new content. A
   * new reading that would replace one with orders by one without any is
   * rejected (see `rereadRejection`), so the file goes to `rejected` and
   * the lake keeps the earlier reading. The manifest is written before the
   * replaced files are removed, so a crash leaves stray files but never a
   * manifest entry without its files.
   */
  async ingest(path: string, ingestOne: FileIngester): Promise<void> {
    const { reporter, workdir } = this.options;
    const file = basename(path);
    const scan = await scanFile(path).catch((error: unknown) => {
      reporter.info(`ingest: ${file}: not ingested`);
      throw error;
    });
    const { sha256 } = scan;
    const index = this.manifest.files.findIndex((f) => f.sha256 === sha256);
    const known = this.manifest.files[index];
    let change: ReadingChange | null = null;
    if (known !== undefined) {
      change = known.reading
        ? await this.compareReadings(path, known.reading)
        : null;
      if (change?.keys.length === 0) {
        const same =
          known.file === file ? "" : ` (same content as ${known.file})`;
        reporter.info(`ingest: ${file} is already in the lake${same}`);
        this.alreadyInLake.push({ ...known, file });
        return;
      }
      reporter.info(
        `ingest: re-reading ${file}: its reading options changed ` +
          `(${change?.keys.join(", ") ?? "the lake did not record them"})`,
      );
    }

    const seq = known?.seq ?? nextSeq(this.manifest);
    const report = {
      ...(await ingestOne(path, scan, seq)),
      reading: this.reading,
    };
    const rejection =
      known === undefined ? null : rereadRejection(known, report, change);
    if (known !== undefined && rejection !== null) {
      // The new reading's files have their own reading tag, so removing
      // them leaves the earlier reading's files in place.
      await removeFileOutputs(workdir, report, known);
      reporter.warn(`ingest: ${rejection}`);
      this.rejected.push({ file, error: rejection });
      return;
    }
    if (known === undefined) {
      this.manifest.files.push(report);
    } else {
      this.manifest.files[index] = report;
      this.reread.push(file);
    }

    this.manifest.idKeyFingerprint = this.fingerprint;
    await writeManifest(workdir, this.manifest);
    if (known !== undefined) await removeFileOutputs(workdir, known, report);
    this.ingested.push(report);
  }

  /**
   * Compares the effective options of a file's earlier reading with this
   * call's. The file's first line is read only when one of the two
   * leaves the delimiter to detection.
   */
  private async compareReadings(
    path: string,
    earlier: ReadingOptions,
  ): Promise<ReadingChange> {
    const detects =
      earlier.delimiter === null || this.reading.delimiter === null;
    const header = detects ? await firstNonBlankLine(path) : "";
    const before = effectiveReading(earlier, header);
    const after = effectiveReading(this.reading, header);
    return { before, after, keys: changedOptions(before, after) };
  }
}

function nextSeq(manifest: LakeManifest): number {
  return Math.max(0, ...manifest.files.map((file) => file.seq)) + 1;
}

/**
 * Removes a reading's lake and quarantine files, except those that the
 * `remaining` reading also uses. Both have the same names only when their
 * reading tags are equal, as after a manifest entry lost its recorded
 * options.
 */
async function removeFileOutputs(
  workdir: string,
  report: FileReport,
  remaining: FileReport,
): Promise<void> {
  const keep = new Set([remaining.lakeFile, remaining.quarantineFile]);
  for (const file of [report.lakeFile, report.quarantineFile]) {
    if (!keep.has(file)) await rm(join(workdir, file), { force: true });
  }
}

/**
 * Returns a function that ingests one file under the options. On failure
 * it removes the file's partial lake and quarantine files.
 */
function fileIngester(
  options: IngestOptions,
  settings: IngestSettings,
  tag: string,
): FileIngester {
  const cutoff =
    settings.cutoff === null
      ? null
      : parseCutoff(settings.cutoff, options.timeZone);
  const dialect: CsvDialect = {
    delimiter: settings.delimiter ?? undefined,
    quote: settings.quote ?? undefined,
    decimalSeparator: settings.decimalSeparator ?? undefined,
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
  return async (path, { sha256, lineBreaks }, seq) => {
    // The reading's tag keeps a re-read file's outputs apart from the
    // earlier reading's, which are removed only after the manifest moved.
    const stem = `${String(seq).padStart(6, "0")}-${sha256.slice(0, 16)}-${tag}`;
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
    const engine = options.engine ?? "auto";
    const report = await readWithEngine(path, target, fileOptions, {
      engine,
      lineBreaks,
    }).catch(async (error: unknown) => {
      fileOptions.progress.finish(`${basename(path)}: not ingested`);
      for (const suffix of ["", ...Object.values(LAKE_PART_SUFFIXES)]) {
        await rm(`${target.lakePath}${suffix}`, { force: true });
      }
      await rm(target.quarantinePath, { force: true });
      throw error;
    });
    fileOptions.progress.finish(
      `${report.file}: ${plural(report.rowsRead, "row")} read, ` +
        `${plural(report.ordersIngested, "order")}, ` +
        `${report.duplicatesMerged} merged, ` +
        `${report.rowsQuarantined} quarantined`,
    );
    return report;
  };
}

/**
 * Reads one file with the SQL engine when it applies and accepts the
 * file, else with the row engine after deciding an `auto` date format.
 */
async function readWithEngine(
  path: string,
  target: FileTarget,
  options: FileIngestOptions,
  how: { engine: "auto" | "rows"; lineBreaks: LineBreaks | null },
): Promise<FileReport> {
  const useSql =
    how.engine !== "rows" &&
    how.lineBreaks !== null &&
    (await sqlPathApplies(path, options, how.lineBreaks));
  const sql = useSql ? await ingestFileSql(path, target, options) : null;
  if (sql !== null) return sql;
  const dateFormat = await resolveDateFormat(
    path,
    options.preset,
    options.dialect,
    options.rules.dateFormat,
  );
  return ingestFileRows(path, target, {
    ...options,
    rules: { ...options.rules, dateFormat },
  });
}

import { createWriteStream } from "node:fs";
import { basename, join } from "node:path";
import type { StepProgress } from "#shared/progress.ts";
import { LakeFileWriter } from "./lake-writer.ts";
import type { FileReport } from "./manifest.ts";
import type { Preset } from "./presets/types.ts";
import type { QuarantineReason, QuarantineRow } from "./reasons.ts";
import { type ValidationRules, validateOrder } from "./validate.ts";

/** Where one file's outputs go and under which rules. */
export interface FileIngestOptions {
  workdir: string;
  preset: Preset;
  rules: ValidationRules;
  timeZone: string;
  seq: number;
  sha256: string;
  progress?: StepProgress;
}

const PROGRESS_EVERY_ROWS = 50_000;

/**
 * Reads one source file, writes its valid orders to the lake as Parquet and
 * every other data row to the quarantine as JSON Lines with its reason.
 * Rows read always equal rows ingested plus rows quarantined.
 */
export async function ingestFile(
  path: string,
  options: FileIngestOptions,
): Promise<FileReport> {
  const file = basename(path);
  const stem = `${String(options.seq).padStart(6, "0")}-${options.sha256.slice(0, 16)}`;
  const lakeFile = join("lake", "orders", `${stem}.parquet`);
  const quarantineFile = join("quarantine", "orders", `${stem}.jsonl`);
  const writer = await LakeFileWriter.open(options.timeZone);
  const quarantine = createWriteStream(join(options.workdir, quarantineFile));
  const report: FileReport = {
    file,
    sha256: options.sha256,
    seq: options.seq,
    lakeFile,
    quarantineFile,
    rowsRead: 0,
    rowsIngested: 0,
    rowsQuarantined: 0,
    quarantinedByReason: {},
  };
  const quarantineRow = (row: QuarantineRow) => {
    report.rowsQuarantined += 1;
    const counts = report.quarantinedByReason;
    counts[row.reason] = (counts[row.reason] ?? 0) + 1;
    quarantine.write(`${JSON.stringify(row)}\n`);
  };
  const mapRecord = options.preset.createMapper(file);

  for await (const record of options.preset.read(path)) {
    const { line, raw } = record;
    if ("error" in record) {
      report.rowsRead += 1;
      quarantineRow(row(file, line, "unparseable_row", record.error, raw));
      continue;
    }
    const mapped = mapRecord(line, record.fields);
    if (mapped.kind === "header") continue;
    report.rowsRead += 1;
    if (report.rowsRead % PROGRESS_EVERY_ROWS === 0) {
      options.progress?.update(report.rowsRead, report.rowsRead, file);
    }
    if (mapped.kind === "malformed") {
      quarantineRow(row(file, line, "wrong_column_count", mapped.detail, raw));
      continue;
    }
    const result = validateOrder(mapped.text, options.rules);
    if (result.ok) {
      writer.append(result.order, line);
      report.rowsIngested += 1;
    } else {
      quarantineRow(row(file, line, result.reason, result.detail, raw));
    }
  }

  await new Promise<void>((resolve, reject) =>
    quarantine.end((error?: Error | null) =>
      error ? reject(error) : resolve(),
    ),
  );
  await writer.finish(join(options.workdir, lakeFile), file, options.seq);
  return report;
}

function row(
  file: string,
  line: number,
  reason: QuarantineReason,
  detail: string,
  raw: string,
): QuarantineRow {
  return { file, line, reason, detail, raw };
}

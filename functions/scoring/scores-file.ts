import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify";
import type { Segment } from "#marketing/segments.ts";
import { InputError } from "#shared/errors.ts";
import {
  escapeSpreadsheetText,
  unescapeSpreadsheetText,
} from "#shared/spreadsheet-text.ts";
import type { Predictions } from "./predictions.ts";

export const SCORE_COLUMNS = [
  "customer_id",
  "p_alive",
  "expected_orders",
  "expected_value",
  "value_p10",
  "value_p50",
  "value_p90",
  "segment",
  "model_version",
  "as_of",
  "horizon_days",
] as const;

/** One row of a scores file, with text cells unescaped. */
export interface ScoreRow {
  customerId: string;
  pAlive: number;
  expectedOrders: number;
  expectedValue: number;
  valueP10: number;
  valueP50: number;
  valueP90: number;
  segment: string;
  modelVersion: string;
  asOf: string;
  horizonDays: number;
}

/**
 * Returns the path of the scores of one as-of day and horizon,
 * `<workdir>/scores/<as-of>/<horizon-days>d/scores.csv`, so that runs with
 * other horizons on the same day keep their own file.
 */
export function scoresPath(
  workdir: string,
  asOf: string,
  horizonDays: number,
): string {
  return join(workdir, "scores", asOf, `${horizonDays}d`, "scores.csv");
}

/** Customers, predictions and labels that one scores file contains. */
export interface ScoresContent {
  customerIds: readonly string[];
  predictions: Predictions;
  segments: readonly Segment[];
  modelVersion: string;
  asOf: string;
  horizonDays: number;
}

/**
 * Writes one CSV row per customer with the columns of `SCORE_COLUMNS`.
 * Probabilities keep 4 decimals, counts and money 2 (values are rounded,
 * not truncated). Text cells (customer id, segment, model version, as-of
 * day) are escaped with `escapeSpreadsheetText`, so an id such as `=1+1`
 * does not run as a formula in a spreadsheet. Number cells are written as
 * they are, so a negative number stays a number.
 *
 * The rows go to a temporary file in the same folder, which is flushed to
 * disk and then renamed to `path`. So `path` is either the previous file or
 * the complete new one, never a partial file. When the write fails, the
 * temporary file is removed and the error is raised. A process killed
 * mid-write leaves its `scores.csv.<random>.tmp` file, which nothing reads.
 */
export async function writeScores(
  path: string,
  content: ScoresContent,
): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const tempPath = join(
    folder,
    `${basename(path)}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    await pipeline(
      Readable.from(scoreRecords(content)),
      stringify({ header: true, columns: [...SCORE_COLUMNS] }),
      // "wx" fails instead of overwriting, so two writers never share a
      // file. `flush` syncs the file to disk before it is closed (Node
      // 20.10 and later), so the rename never publishes unwritten data.
      createWriteStream(tempPath, { flags: "wx", flush: true }),
    );
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}

/** Yields the CSV records of `writeScores`, one per customer. */
function* scoreRecords(content: ScoresContent): Generator<string[]> {
  const p = content.predictions;
  const modelVersion = escapeSpreadsheetText(content.modelVersion);
  const asOf = escapeSpreadsheetText(content.asOf);
  const horizonDays = String(content.horizonDays);
  for (let i = 0; i < content.customerIds.length; i++) {
    yield [
      escapeSpreadsheetText(content.customerIds[i] as string),
      fixed(p.pAlive[i], 4),
      fixed(p.expectedOrders[i], 2),
      fixed(p.expectedValue[i], 2),
      fixed(p.valueP10[i], 2),
      fixed(p.valueP50[i], 2),
      fixed(p.valueP90[i], 2),
      escapeSpreadsheetText(content.segments[i] as string),
      modelVersion,
      asOf,
      horizonDays,
    ];
  }
}

function fixed(value: number | undefined, digits: number): string {
  return (value ?? Number.NaN).toFixed(digits);
}

/**
 * Reads a scores file written by `writeScores` and removes the spreadsheet
 * escape from its text cells, so every customer id comes back as ingested.
 * The whole file is parsed in memory, which suits tests and small shops but
 * not a file of millions of customers.
 *
 * @throws InputError when the header is not `SCORE_COLUMNS`, for example in
 *   a file written before the `horizon_days` column existed.
 */
export async function readScores(path: string): Promise<ScoreRow[]> {
  const records = parse(await readFile(path, "utf8")) as string[][];
  const header = records[0] ?? [];
  const expected: readonly string[] = SCORE_COLUMNS;
  if (
    header.length !== expected.length ||
    header.some((column, index) => column !== expected[index])
  ) {
    throw new InputError(
      `Scores file ${path} has the columns ${header.join(", ")}, not ` +
        `${SCORE_COLUMNS.join(", ")}. Score the customers again with ` +
        "valuecast run, which writes these columns.",
    );
  }
  return records.slice(1).map((cells) => ({
    customerId: unescapeSpreadsheetText(cells[0] as string),
    pAlive: Number(cells[1]),
    expectedOrders: Number(cells[2]),
    expectedValue: Number(cells[3]),
    valueP10: Number(cells[4]),
    valueP50: Number(cells[5]),
    valueP90: Number(cells[6]),
    segment: unescapeSpreadsheetText(cells[7] as string),
    modelVersion: unescapeSpreadsheetText(cells[8] as string),
    asOf: unescapeSpreadsheetText(cells[9] as string),
    horizonDays: Number(cells[10]),
  }));
}

import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { finished } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { Segment } from "#marketing/segments.ts";
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
] as const;

/**
 * Writes one CSV row per customer with the columns of `SCORE_COLUMNS`.
 * Probabilities keep 4 decimals, counts and money 2 (values are rounded,
 * not truncated).
 */
export async function writeScores(
  path: string,
  rows: {
    customerIds: readonly string[];
    predictions: Predictions;
    segments: readonly Segment[];
    modelVersion: string;
    asOf: string;
  },
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const csv = stringify({ header: true, columns: [...SCORE_COLUMNS] });
  csv.pipe(out);
  const p = rows.predictions;
  for (let i = 0; i < rows.customerIds.length; i++) {
    const ok = csv.write([
      rows.customerIds[i],
      fixed(p.pAlive[i], 4),
      fixed(p.expectedOrders[i], 2),
      fixed(p.expectedValue[i], 2),
      fixed(p.valueP10[i], 2),
      fixed(p.valueP50[i], 2),
      fixed(p.valueP90[i], 2),
      rows.segments[i],
      rows.modelVersion,
      rows.asOf,
    ]);
    if (!ok) await new Promise((resolve) => csv.once("drain", resolve));
  }
  csv.end();
  await finished(out);
}

function fixed(value: number | undefined, digits: number): string {
  return (value ?? Number.NaN).toFixed(digits);
}

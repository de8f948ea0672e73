import type { DatasetEvaluation } from "#evaluation/evaluate-dataset.ts";
import type { EvaluationMetrics } from "#evaluation/metrics.ts";
import type { LakeStats } from "#features/lake-reader.ts";
import type { Segment } from "#marketing/segments.ts";

/** Everything a run produced, as written to `reports/<run>/summary.json`. */
export interface RunSummary {
  runId: string;
  workdir: string;
  window: {
    firstOrderDate: string;
    cutoff: string;
    asOf: string;
    horizonDays: number;
  };
  ingest: {
    rowsRead: number;
    rowsIngested: number;
    rowsQuarantined: number;
    quarantinedByReason: Record<string, number>;
    filesIngested: string[];
    filesAlreadyInLake: string[];
  };
  lake: LakeStats;
  dataset: { dir: string; splits: Record<string, number> };
  model: {
    version: string;
    dir: string;
    torchVersion: string;
    bestEpoch: number;
    validationLoss: number;
    seconds: number;
  };
  evaluation: DatasetEvaluation;
  scores: { path: string; customers: number; segments: Record<string, number> };
  stepSeconds: Record<string, number>;
  report: string;
}

/** Counts customers per segment. */
export function countSegments(
  segments: readonly Segment[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const segment of segments) counts[segment] = (counts[segment] ?? 0) + 1;
  return counts;
}

const METRIC_ROWS: [string, keyof EvaluationMetrics, number][] = [
  ["normalised Gini", "normalizedGini", 3],
  ["Spearman", "spearman", 3],
  ["decile MAPE", "decileMape", 3],
  ["top-decile lift", "topDecileLift", 2],
  ["AUC of pAlive", "aucPAlive", 3],
  ["spend total error", "spendTotalError", 3],
  ["orders total error", "ordersTotalError", 3],
];

/** Formats a run's summary as a few human lines. */
export function formatSummary(summary: RunSummary): string {
  const { ingest, evaluation, scores, window } = summary;
  const lines = [
    `Run ${summary.runId}`,
    `  orders:  ${ingest.rowsRead} rows read, ${ingest.rowsIngested} ingested, ` +
      `${ingest.rowsQuarantined} quarantined` +
      reasonList(ingest.quarantinedByReason),
    `  window:  inputs to ${window.cutoff}, horizon ${window.horizonDays} days, ` +
      `as of ${window.asOf}`,
    `  model:   ${summary.model.version} (best epoch ${summary.model.bestEpoch})`,
    `  test customers: ${evaluation.model.customers}`,
    `  ${"metric".padEnd(20)}${"model".padStart(10)}${"reference".padStart(12)}`,
    ...METRIC_ROWS.map(
      ([label, key, digits]) =>
        `  ${label.padEnd(20)}${fmt(evaluation.model[key], digits).padStart(10)}` +
        `${fmt(evaluation.reference[key], digits).padStart(12)}`,
    ),
    `  scores:  ${scores.customers} customers -> ${scores.path}`,
    `  segments: ${Object.entries(scores.segments)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `  report:  ${summary.report}`,
  ];
  return `${lines.join("\n")}\n`;
}

function reasonList(byReason: Record<string, number>): string {
  const entries = Object.entries(byReason);
  if (entries.length === 0) return "";
  return ` (${entries.map(([reason, count]) => `${reason} ${count}`).join(", ")})`;
}

function fmt(value: unknown, digits: number): string {
  return typeof value === "number" ? value.toFixed(digits) : "-";
}

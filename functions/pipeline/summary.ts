import type { BgNbdParams, GammaGammaParams } from "#baseline/types.ts";
import type { DatasetEvaluation } from "#evaluation/evaluate-dataset.ts";
import type { EvaluationMetrics } from "#evaluation/metrics.ts";
import type {
  IngestedFile,
  PromotionDecision,
} from "#evaluation/report/report-data.ts";
import type { LakeStats } from "#features/lake-reader.ts";
import type { Segment } from "#marketing/segments.ts";
import { plural } from "#shared/plural.ts";

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
  /** Counts over every file in the lake; the file lists name this call's. */
  ingest: {
    rowsRead: number;
    rowsIngested: number;
    rowsQuarantined: number;
    quarantinedByReason: Record<string, number>;
    ordersIngested: number;
    duplicatesMerged: number;
    flagged: Record<string, number>;
    filesIngested: string[];
    filesAlreadyInLake: string[];
    /** Files left out of the lake, with the reason (see the ingest report). */
    filesRejected: { file: string; error: string }[];
    /** Per-file accounting of every file in the lake after this run. */
    files: IngestedFile[];
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
  /** The fitted baseline, or null with the reason it could not be fitted. */
  baseline:
    | {
        bgnbd: BgNbdParams;
        bgnbdLogLikelihood: number;
        gammaGamma: GammaGammaParams;
        timeUnit: string;
      }
    | { error: string };
  evaluation: DatasetEvaluation;
  promotion: PromotionDecision;
  scores: {
    path: string;
    customers: number;
    modelVersion: string;
    segments: Record<string, number>;
  };
  stepSeconds: Record<string, number>;
  /** `reports/<run>/summary.json`, this summary. */
  report: string;
  /** `reports/<run>/report.html`. */
  htmlReport: string;
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
  const { ingest, evaluation, scores, window, promotion } = summary;
  const columns = [evaluation.model, evaluation.baseline, evaluation.reference];
  const segments = Object.entries(scores.segments)
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
  const lines = [
    `Run ${summary.runId}`,
    `  files:     this run read ${ingest.filesIngested.length} new, skipped ` +
      `${ingest.filesAlreadyInLake.length} already in the lake` +
      rejectedFiles(ingest.filesRejected),
    `  lake:      ${plural(ingest.files.length, "file")}, ` +
      `${plural(ingest.rowsRead, "row")} read, ${ingest.rowsQuarantined} ` +
      `quarantined${reasonList(ingest.quarantinedByReason)}`,
    `             ${plural(summary.lake.orders, "order")} of ` +
      `${plural(summary.lake.customers, "customer")} after ` +
      `${plural(summary.lake.duplicatesMerged, "older version")} merged`,
    `  window:    inputs to ${window.cutoff}, horizon ${window.horizonDays} ` +
      `days, as of ${window.asOf}`,
    `  model:     ${summary.model.version} (best epoch ${summary.model.bestEpoch})`,
    `  test customers: ${evaluation.model.customers}`,
    `  ${"metric".padEnd(20)}${["model", "baseline", "reference"]
      .map((name) => name.padStart(11))
      .join("")}`,
    ...METRIC_ROWS.map(
      ([label, key, digits]) =>
        `  ${label.padEnd(20)}` +
        columns
          .map((metrics) => fmt(metrics?.[key], digits).padStart(11))
          .join(""),
    ),
    `  promotion: ${promotion.promoted ? "promoted" : "not promoted"}: ` +
      promotion.reason,
    `  scores:    ${scores.customers} customers by ${scores.modelVersion}`,
    `             ${scores.path}`,
    `  segments:  ${segments}`,
    `  report:    ${summary.htmlReport}`,
    `  summary:   ${summary.report}`,
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

/**
 * Returns the summary's note on rejected files, naming them, or "" when
 * there are none. The ingest report has each file's reason.
 */
function rejectedFiles(rejected: readonly { file: string }[]): string {
  if (rejected.length === 0) return "";
  const names = rejected.map((entry) => entry.file).join(", ");
  return `, rejected ${rejected.length} (${names}: see the ingest report)`;
}

import type { EvaluationMetrics } from "../metrics.ts";
import {
  formatAmount,
  formatCount,
  formatDecimal,
  formatMultiple,
  formatShare,
  formatSignedShare,
} from "./format.ts";

/** Which values of a metric are better, or null when none is. */
export type Better = "higher" | "lower" | "closer to 0" | null;

/** One row of the metrics table. */
export interface MetricRow {
  /** Field of EvaluationMetrics, also the name the promotion gate uses. */
  key: keyof EvaluationMetrics;
  name: string;
  /** One line for a reader who does not know the metric. */
  explanation: string;
  better: Better;
  format: (value: number) => string;
}

/** Rows of the metrics table, in display order. */
export const METRIC_ROWS: readonly MetricRow[] = [
  {
    key: "customers",
    name: "Customers evaluated",
    explanation: "Test customers the metrics are computed on.",
    better: null,
    format: formatCount,
  },
  {
    key: "normalizedGini",
    name: "Normalised Gini",
    explanation:
      "How well ranking by predicted value sorts customers by actual " +
      "spend: 1 is the perfect ordering, 0 no better than random.",
    better: "higher",
    format: (value) => formatDecimal(value),
  },
  {
    key: "spearman",
    name: "Spearman rank correlation",
    explanation:
      "Agreement between the order of predicted and of actual spend, " +
      "from -1 (reversed) to 1 (same order).",
    better: "higher",
    format: (value) => formatDecimal(value),
  },
  {
    key: "decileMape",
    name: "Decile MAPE",
    explanation:
      "Mean absolute percentage error of each tenth of customers' mean " +
      "predicted spend against its mean actual spend.",
    better: "lower",
    format: formatShare,
  },
  {
    key: "topDecileLift",
    name: "Top-decile lift",
    explanation:
      "Mean actual spend of the 10% with the highest predictions, as a " +
      "multiple of the mean over all customers.",
    better: "higher",
    format: formatMultiple,
  },
  {
    key: "aucPAlive",
    name: "AUC of pAlive",
    explanation:
      "Chance that a customer who bought again gets a higher pAlive than " +
      "one who did not: 0.5 is a coin toss, 1 is perfect.",
    better: "higher",
    format: (value) => formatDecimal(value),
  },
  {
    key: "predictedSpendTotal",
    name: "Predicted spend, total",
    explanation: "Sum of predicted spend over the holdout.",
    better: null,
    format: formatAmount,
  },
  {
    key: "actualSpendTotal",
    name: "Actual spend, total",
    explanation: "Sum of actual spend over the holdout.",
    better: null,
    format: formatAmount,
  },
  {
    key: "spendTotalError",
    name: "Spend total error",
    explanation:
      "(predicted - actual) / actual total: above 0 when the model " +
      "expects too much spend.",
    better: "closer to 0",
    format: formatSignedShare,
  },
  {
    key: "predictedOrdersTotal",
    name: "Predicted orders, total",
    explanation:
      "Sum of predicted orders over the holdout, counted as purchase days " +
      "(orders on one day count once).",
    better: null,
    format: formatCount,
  },
  {
    key: "actualOrdersTotal",
    name: "Actual orders, total",
    explanation: "Sum of actual purchase days over the holdout.",
    better: null,
    format: formatCount,
  },
  {
    key: "ordersTotalError",
    name: "Orders total error",
    explanation:
      "(predicted - actual) / actual total: above 0 when the model " +
      "expects too many orders.",
    better: "closer to 0",
    format: formatSignedShare,
  },
];

/**
 * Returns, for each value, whether it is the best of the row: the highest,
 * the lowest or the closest to 0 among the finite values. Ties are all
 * best; a row with fewer than two finite values or no direction has none.
 */
export function bestOfRow(values: readonly number[], better: Better) {
  const finite = values.filter(Number.isFinite);
  if (better === null || finite.length < 2) return values.map(() => false);

  const score = (value: number) =>
    better === "higher" ? -value : better === "lower" ? value : Math.abs(value);
  const best = Math.min(...finite.map(score));
  return values.map((value) => Number.isFinite(value) && score(value) === best);
}

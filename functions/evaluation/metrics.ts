import {
  type DecileBin,
  decileBinsOfRanking,
  liftOfBins,
  mapeOfBins,
} from "./decile-metrics.ts";
import {
  aucOfRanking,
  correlationOfRankings,
  giniOfRanking,
} from "./rank-metrics.ts";
import { rankValues } from "./ranking.ts";
import { compareTotals } from "./totals.ts";
import {
  assertEvery,
  assertSameLength,
  FINITE,
  NON_NEGATIVE,
  ORDER_COUNT,
  PROBABILITY,
  type Values,
} from "./validation.ts";

export type { DecileBin, DecileMape } from "./decile-metrics.ts";
export {
  DECILE_COUNT,
  decileCalibration,
  decileMape,
  topDecileLift,
} from "./decile-metrics.ts";
export { EvaluationError, InvalidMetricInputError } from "./errors.ts";
export { normalizedGini, rocAuc, spearman } from "./rank-metrics.ts";
export type { TotalComparison } from "./totals.ts";
export { compareTotals } from "./totals.ts";
export type { Values } from "./validation.ts";

/** Predictions and outcomes over a horizon, one entry per customer. */
export interface PredictionInputs {
  /** Predicted spend over the horizon. */
  readonly predictedValue: Values;
  /** Actual spend over the horizon, negative when refunds exceed orders. */
  readonly actualValue: Values;
  /** Predicted probability, in [0, 1], of ordering again in the horizon. */
  readonly pAlive: Values;
  /** Actual orders in the horizon, as non-negative integers. */
  readonly actualOrders: Values;
  /** Predicted (expected) orders in the horizon, at least 0. */
  readonly predictedOrders: Values;
}

/**
 * Metrics of one set of predictions. NaN marks a metric that is undefined
 * for the inputs, such as the AUC when no customer ordered again.
 */
export interface EvaluationMetrics {
  /** Number of customers evaluated. */
  readonly customers: number;
  /** Normalized Gini of actual spend ranked by predicted spend. */
  readonly normalizedGini: number;
  /** Spearman rank correlation of predicted and actual spend. */
  readonly spearman: number;
  /** Decile calibration error of spend, as a fraction (0.1 is 10 %). */
  readonly decileMape: number;
  /** Decile bins left out of decileMape because their mean actual is 0. */
  readonly decileMapeBinsExcluded: number;
  /** Mean predicted and actual spend per decile, lowest predictions first. */
  readonly decileBins: readonly DecileBin[];
  /** Mean actual spend in the top tenth by prediction over the overall mean. */
  readonly topDecileLift: number;
  /** AUC of pAlive against whether the customer ordered in the horizon. */
  readonly aucPAlive: number;
  readonly predictedSpendTotal: number;
  readonly actualSpendTotal: number;
  /** (predicted - actual) / |actual| of total spend, positive if too high. */
  readonly spendTotalError: number;
  readonly predictedOrdersTotal: number;
  readonly actualOrdersTotal: number;
  /** (predicted - actual) / |actual| of total orders, positive if too high. */
  readonly ordersTotalError: number;
}

/**
 * Validates one set of predictions and computes every evaluation metric.
 * Ranking metrics use predicted spend, except the AUC, which scores `pAlive`
 * against whether a customer placed at least one order in the horizon. See
 * normalizedGini, spearman, decileCalibration, decileMape, topDecileLift,
 * rocAuc and compareTotals for the definitions, ties and undefined cases.
 *
 * @example
 * ```ts
 * const metrics = evaluatePredictions({
 *   predictedValue: [120, 10],
 *   actualValue: [95, 0],
 *   pAlive: [0.9, 0.2],
 *   actualOrders: [2, 0],
 *   predictedOrders: [1.8, 0.3],
 * });
 * metrics.aucPAlive; // 1
 * ```
 * @throws InvalidMetricInputError when an input is empty, the lengths differ,
 *   or a value is not finite or outside its domain (pAlive outside [0, 1],
 *   actualOrders not a non-negative integer, predictedOrders negative).
 */
export function evaluatePredictions(
  inputs: PredictionInputs,
): EvaluationMetrics {
  validateInputs(inputs);
  const { predictedValue, actualValue, pAlive, actualOrders } = inputs;

  const predictedRanking = rankValues(predictedValue);
  const actualRanking = rankValues(actualValue);
  const bins = decileBinsOfRanking(
    predictedValue,
    actualValue,
    predictedRanking,
  );
  const calibration = mapeOfBins(bins);
  const spend = compareTotals(predictedValue, actualValue);
  const orders = compareTotals(inputs.predictedOrders, actualOrders);

  return {
    customers: predictedValue.length,
    normalizedGini: giniOfRanking(predictedRanking, actualValue, actualRanking),
    spearman: correlationOfRankings(predictedRanking, actualRanking),
    decileMape: calibration.mape,
    decileMapeBinsExcluded: calibration.binsExcluded,
    decileBins: bins,
    topDecileLift: liftOfBins(bins),
    aucPAlive: aucOfRanking(rankValues(pAlive), actualOrders, (n) => n > 0),
    predictedSpendTotal: spend.predicted,
    actualSpendTotal: spend.actual,
    spendTotalError: spend.relativeError,
    predictedOrdersTotal: orders.predicted,
    actualOrdersTotal: orders.actual,
    ordersTotalError: orders.relativeError,
  };
}

function validateInputs(inputs: PredictionInputs): void {
  assertSameLength(
    ["predictedValue", inputs.predictedValue],
    ["actualValue", inputs.actualValue],
    ["pAlive", inputs.pAlive],
    ["actualOrders", inputs.actualOrders],
    ["predictedOrders", inputs.predictedOrders],
  );
  assertEvery("predictedValue", inputs.predictedValue, FINITE);
  assertEvery("actualValue", inputs.actualValue, FINITE);
  assertEvery("pAlive", inputs.pAlive, PROBABILITY);
  assertEvery("actualOrders", inputs.actualOrders, ORDER_COUNT);
  assertEvery("predictedOrders", inputs.predictedOrders, NON_NEGATIVE);
}

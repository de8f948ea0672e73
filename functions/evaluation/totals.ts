import {
  assertEvery,
  assertSameLength,
  FINITE,
  type Values,
} from "./validation.ts";

/** Predicted and actual total of one quantity over all customers. */
export interface TotalComparison {
  readonly predicted: number;
  readonly actual: number;
  /**
   * (predicted - actual) / |actual|: positive when the model predicts too
   * much. NaN when the actual total is 0.
   */
  readonly relativeError: number;
}

/**
 * Sums `predicted` and `actual` and returns both totals with the signed
 * relative error of the predicted total.
 *
 * @example
 * ```ts
 * compareTotals([30, 80], [40, 60]); // { predicted: 110, actual: 100, relativeError: 0.1 }
 * ```
 * @throws InvalidMetricInputError on empty or mismatched inputs, or
 *   non-finite values.
 */
export function compareTotals(
  predicted: Values,
  actual: Values,
): TotalComparison {
  assertSameLength(["predicted", predicted], ["actual", actual]);
  assertEvery("predicted", predicted, FINITE);
  assertEvery("actual", actual, FINITE);

  const predictedTotal = sum(predicted);
  const actualTotal = sum(actual);
  const relativeError =
    actualTotal === 0
      ? Number.NaN
      : (predictedTotal - actualTotal) / Math.abs(actualTotal);

  return { predicted: predictedTotal, actual: actualTotal, relativeError };
}

function sum(values: Values): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}

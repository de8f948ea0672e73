import { forEachTieGroup, type Ranking, rankValues } from "./ranking.ts";
import {
  assertEvery,
  assertSameLength,
  FINITE,
  type Values,
} from "./validation.ts";

/** Number of equal-count bins in the calibration table. */
export const DECILE_COUNT = 10;

/** One tenth of the customers, ranked by prediction. */
export interface DecileBin {
  readonly meanPredicted: number;
  readonly meanActual: number;
  /** Customers in the bin: n / 10, fractional unless 10 divides n. */
  readonly customers: number;
}

/** Decile MAPE with the number of bins it leaves out. */
export interface DecileMape {
  /** Mean absolute percentage error as a fraction (0.1 is 10 %). */
  readonly mape: number;
  /** Bins left out because their mean actual value is exactly 0. */
  readonly binsExcluded: number;
}

/**
 * Sorts customers by prediction into ten equal-count bins and returns each
 * bin's mean prediction and mean actual value, lowest predictions first.
 *
 * Every bin contains exactly n / 10 customers. A customer on a bin boundary
 * counts in both bins by the fraction on each side. A group of tied
 * predictions that crosses a boundary is spread evenly over the positions it
 * covers, which gives the mean result over every order of the tied
 * customers, so the bins do not depend on input order.
 *
 * @throws InvalidMetricInputError on empty or mismatched inputs, or
 *   non-finite values.
 */
export function decileCalibration(
  predicted: Values,
  actual: Values,
): DecileBin[] {
  assertSameLength(["predicted", predicted], ["actual", actual]);
  assertEvery("predicted", predicted, FINITE);
  assertEvery("actual", actual, FINITE);

  return decileBinsOfRanking(predicted, actual, rankValues(predicted));
}

/** Computes the decile bins from a ranking of the predictions. */
export function decileBinsOfRanking(
  predicted: Values,
  actual: Values,
  predictedRanking: Ranking,
): DecileBin[] {
  const { order } = predictedRanking;
  const n = order.length;
  const predictedSums = new Float64Array(DECILE_COUNT);
  const actualSums = new Float64Array(DECILE_COUNT);
  const binStart = (bin: number) => (bin * n) / DECILE_COUNT;

  forEachTieGroup(predicted, order, (start, end) => {
    const groupPrediction = predicted[order[start] as number] as number;
    let groupActualSum = 0;
    for (let position = start; position < end; position++) {
      groupActualSum += actual[order[position] as number] as number;
    }
    const groupActualMean = groupActualSum / (end - start);

    // The group covers sorted positions [start, end) and bin b covers
    // [binStart(b), binStart(b + 1)). Each position they share adds the
    // group's prediction and mean actual value to the bin.
    let bin = Math.floor((start * DECILE_COUNT) / n);
    for (; bin < DECILE_COUNT && binStart(bin) < end; bin++) {
      const overlap =
        Math.min(end, binStart(bin + 1)) - Math.max(start, binStart(bin));
      if (overlap <= 0) continue;
      predictedSums[bin] =
        (predictedSums[bin] as number) + overlap * groupPrediction;
      actualSums[bin] = (actualSums[bin] as number) + overlap * groupActualMean;
    }
  });

  const customers = n / DECILE_COUNT;
  return Array.from({ length: DECILE_COUNT }, (_, bin) => ({
    meanPredicted: (predictedSums[bin] as number) / customers,
    meanActual: (actualSums[bin] as number) / customers,
    customers,
  }));
}

/**
 * Computes the decile calibration error: the mean over the bins of
 * decileCalibration of |mean predicted - mean actual| / |mean actual|, as a
 * fraction.
 *
 * A bin whose mean actual value is exactly 0 has no percentage error, so it
 * is left out of the mean and counted in `binsExcluded`. Its absolute error
 * is still visible in decileCalibration. With every bin left out, `mape` is
 * NaN.
 *
 * @throws InvalidMetricInputError on empty or mismatched inputs, or
 *   non-finite values.
 */
export function decileMape(predicted: Values, actual: Values): DecileMape {
  return mapeOfBins(decileCalibration(predicted, actual));
}

/** Computes the decile MAPE from bins computed beforehand. */
export function mapeOfBins(bins: readonly DecileBin[]): DecileMape {
  let errorSum = 0;
  let binsIncluded = 0;
  for (const { meanPredicted, meanActual } of bins) {
    if (meanActual === 0) continue;
    errorSum += Math.abs(meanPredicted - meanActual) / Math.abs(meanActual);
    binsIncluded++;
  }

  return {
    mape: binsIncluded === 0 ? Number.NaN : errorSum / binsIncluded,
    binsExcluded: bins.length - binsIncluded,
  };
}

/**
 * Computes the top-decile lift: the mean actual value of the tenth of
 * customers with the highest predictions, divided by the mean actual value of
 * all customers. The top tenth is the last bin of decileCalibration, with the
 * same handling of fractions and ties. Returns NaN when the overall mean is 0.
 *
 * @example
 * ```ts
 * // The top prediction is the only buyer, so the top tenth has all spend.
 * topDecileLift([9, 1, 1, 1, 1, 1, 1, 1, 1, 1], [50, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // 10
 * ```
 * @throws InvalidMetricInputError on empty or mismatched inputs, or
 *   non-finite values.
 */
export function topDecileLift(predicted: Values, actual: Values): number {
  return liftOfBins(decileCalibration(predicted, actual));
}

/** Computes the top-decile lift from bins computed beforehand. */
export function liftOfBins(bins: readonly DecileBin[]): number {
  let actualSum = 0;
  for (const bin of bins) actualSum += bin.meanActual;
  const overallMean = actualSum / bins.length;
  const top = bins[bins.length - 1];
  if (top === undefined || overallMean === 0) return Number.NaN;

  return top.meanActual / overallMean;
}

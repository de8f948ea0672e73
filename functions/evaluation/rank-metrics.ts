import { type Ranking, rankValues } from "./ranking.ts";
import {
  assertEvery,
  assertSameLength,
  BINARY,
  FINITE,
  type Values,
} from "./validation.ts";

/**
 * Computes the normalized Gini of `actual` ranked by `predicted`: the Gini
 * of the model's ordering divided by the Gini of the perfect ordering.
 * Returns 1 for a perfect ranking, -1 for the reversed one and about 0 for a
 * random one. Returns NaN when every actual value is equal, because then no
 * ordering is better than another.
 *
 * The Gini of an ordering takes customers from the highest prediction down.
 * After i of n customers, the cumulative share of actual spend is L(i), and
 * a random ordering would reach i / n. The Gini is the mean of
 * L(i) - i / n over i = 1..n.
 *
 * Tied predictions get their average rank, which gives the mean Gini over
 * every order of the tied customers, so the result does not depend on input
 * order.
 *
 * @example
 * ```ts
 * normalizedGini([0.9, 0.1, 0.5], [120, 0, 40]); // 1
 * ```
 * @throws InvalidMetricInputError on empty or mismatched inputs, or
 *   non-finite values.
 */
export function normalizedGini(predicted: Values, actual: Values): number {
  assertSameLength(["predicted", predicted], ["actual", actual]);
  assertEvery("predicted", predicted, FINITE);
  assertEvery("actual", actual, FINITE);

  return giniOfRanking(rankValues(predicted), actual, rankValues(actual));
}

/**
 * Computes the normalized Gini from rankings computed beforehand.
 *
 * With r the ascending rank of a customer's prediction and a the customer's
 * actual value, the mean of L(i) - i / n equals
 * sum(a * (r - (n + 1) / 2)) / (n * sum(a)). The perfect ordering ranks by
 * `actual` itself, so the ratio of the two Ginis is a ratio of these sums.
 */
export function giniOfRanking(
  predictedRanking: Ranking,
  actual: Values,
  actualRanking: Ranking,
): number {
  const perfect = rankWeightedSum(actual, actualRanking.ranks);
  if (perfect === 0) return Number.NaN;

  return rankWeightedSum(actual, predictedRanking.ranks) / perfect;
}

function rankWeightedSum(actual: Values, ranks: Float64Array): number {
  const middleRank = (ranks.length + 1) / 2;
  let sum = 0;
  for (let i = 0; i < ranks.length; i++) {
    sum += (actual[i] as number) * ((ranks[i] as number) - middleRank);
  }
  return sum;
}

/**
 * Computes Spearman's rank correlation between `predicted` and `actual`: the
 * Pearson correlation of their ranks, with tied values given their average
 * rank. Returns NaN when either input has one distinct value.
 *
 * @example
 * ```ts
 * spearman([1, 2, 3], [10, 30, 20]); // 0.5
 * ```
 * @throws InvalidMetricInputError on empty or mismatched inputs, or
 *   non-finite values.
 */
export function spearman(predicted: Values, actual: Values): number {
  assertSameLength(["predicted", predicted], ["actual", actual]);
  assertEvery("predicted", predicted, FINITE);
  assertEvery("actual", actual, FINITE);

  return correlationOfRankings(rankValues(predicted), rankValues(actual));
}

/** Computes the Pearson correlation of two rankings of the same customers. */
export function correlationOfRankings(first: Ranking, second: Ranking): number {
  // Average ranks always sum to n * (n + 1) / 2, so this is the mean of both.
  const meanRank = (first.ranks.length + 1) / 2;
  let covariance = 0;
  let firstVariance = 0;
  let secondVariance = 0;
  for (let i = 0; i < first.ranks.length; i++) {
    const x = (first.ranks[i] as number) - meanRank;
    const y = (second.ranks[i] as number) - meanRank;
    covariance += x * y;
    firstVariance += x * x;
    secondVariance += y * y;
  }
  if (firstVariance === 0 || secondVariance === 0) return Number.NaN;

  const correlation = covariance / Math.sqrt(firstVariance * secondVariance);
  // Rounding can carry a perfect correlation just past 1 in magnitude.
  return Math.min(1, Math.max(-1, correlation));
}

/**
 * Computes the area under the ROC curve of `scores` against binary
 * `outcomes`, through the Mann-Whitney U statistic: the probability that a
 * random positive scores above a random negative, with ties counted as one
 * half. Returns NaN unless both outcomes occur.
 *
 * @example
 * ```ts
 * rocAuc([0.8, 0.3, 0.6], [1, 0, 0]); // 1
 * ```
 * @throws InvalidMetricInputError on empty or mismatched inputs, non-finite
 *   scores, or outcomes other than 0 and 1.
 */
export function rocAuc(scores: Values, outcomes: Values): number {
  assertSameLength(["scores", scores], ["outcomes", outcomes]);
  assertEvery("scores", scores, FINITE);
  assertEvery("outcomes", outcomes, BINARY);

  return aucOfRanking(rankValues(scores), outcomes);
}

/**
 * Computes the AUC from a ranking of the scores. `isPositive` decides the
 * outcome from each customer's entry in `outcomes`.
 */
export function aucOfRanking(
  scoreRanking: Ranking,
  outcomes: Values,
  isPositive: (outcome: number) => boolean = (outcome) => outcome === 1,
): number {
  let positives = 0;
  let positiveRankSum = 0;
  for (let i = 0; i < scoreRanking.ranks.length; i++) {
    if (isPositive(outcomes[i] as number)) {
      positives++;
      positiveRankSum += scoreRanking.ranks[i] as number;
    }
  }
  const negatives = scoreRanking.ranks.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;

  // U counts the (positive, negative) pairs in which the positive ranks
  // higher. Average ranks make each tied pair count one half.
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

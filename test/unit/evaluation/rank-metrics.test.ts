import { describe, expect, it } from "vitest";
import { normalizedGini, rocAuc, spearman } from "#evaluation/metrics.ts";
import { expectClose } from "./expect-close.ts";
import {
  referenceAuc,
  referenceNormalizedGini,
  referenceSpearman,
  seededRandom,
} from "./reference-metrics.ts";

// Decimal digits that hand-computed values must match.
const EXACT = 12;

/**
 * Zero-inflated, long-tailed spend like a shop's holdout year: 60 % of
 * customers buy nothing and the rest spend an exponential amount.
 */
function randomSpend(random: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, () =>
    random() < 0.6 ? 0 : -100 * Math.log(1 - random()),
  );
}

describe("normalizedGini", () => {
  it("matches a hand-computed example", () => {
    // Descending by prediction the spend is 10, 30, 0, 60, so the cumulative
    // shares are 0.1, 0.4, 0.4, 1 and the Gini is 1.9 / 4 - 5 / 8 = -0.15.
    // The best order 60, 30, 10, 0 gives 3.5 / 4 - 5 / 8 = 0.25.
    const predicted = [0.9, 0.5, 0.7, 0.1];
    const actual = [10, 0, 30, 60];

    expect(normalizedGini(predicted, actual)).toBeCloseTo(-0.6, EXACT);
  });

  it("averages over the orders of tied predictions", () => {
    // Spend 0 first, then 10, 20 or 20, 10: Ginis -2/9 and -1/9, mean -1/6.
    // The best order 20, 10, 0 gives 2/9, so the ratio is -0.75.
    expect(normalizedGini([2, 1, 1], [0, 10, 20])).toBeCloseTo(-0.75, EXACT);
  });

  it.each([
    { n: 5, seed: 1 },
    { n: 7, seed: 2 },
    { n: 8, seed: 3 },
  ])("matches the reference with ties, n = $n", ({ n, seed }) => {
    const random = seededRandom(seed);
    const predicted = Array.from({ length: n }, () => Math.floor(random() * 3));
    const actual = Array.from({ length: n }, () => Math.floor(random() * 50));

    const expected = referenceNormalizedGini(predicted, actual);

    expectClose(normalizedGini(predicted, actual), expected);
  });

  it("is 1 for the perfect ranking", () => {
    const actual = randomSpend(seededRandom(4), 1000);

    expect(
      normalizedGini(
        actual.map((a) => a / 100 + 1),
        actual,
      ),
    ).toBe(1);
  });

  it("is -1 for the reversed ranking", () => {
    const actual = randomSpend(seededRandom(5), 1000);

    expect(
      normalizedGini(
        actual.map((a) => -a),
        actual,
      ),
    ).toBe(-1);
  });

  it("is 0 when every prediction is tied", () => {
    const actual = randomSpend(seededRandom(6), 1000);

    expect(normalizedGini(new Float64Array(1000), actual)).toBe(0);
  });

  it("is near 0 for a random ranking", () => {
    // Over 100 simulated random rankings of such spend at n = 100 000, the
    // Gini had a standard deviation of 0.0046, so 0.02 allows more than 4.
    const random = seededRandom(7);
    const actual = randomSpend(random, 100_000);
    const predicted = actual.map(() => random());

    expect(Math.abs(normalizedGini(predicted, actual))).toBeLessThan(0.02);
  });

  it("is NaN when every actual value is equal", () => {
    expect(normalizedGini([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
});

describe("spearman", () => {
  it("matches the formula without ties", () => {
    // Rank differences -1, 1, -1, 1, 0: 1 - 6 * 4 / (5 * 24) = 0.8.
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, EXACT);
  });

  it("uses average ranks for ties", () => {
    // Centred ranks (-1.5, 0, 0, 1.5) and (-1.5, -0.5, 0.5, 1.5) give
    // 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
    const rho = spearman([1, 2, 2, 3], [1, 2, 3, 4]);

    expect(rho).toBeCloseTo(Math.sqrt(0.9), EXACT);
  });

  it("matches the O(n^2) reference", () => {
    const random = seededRandom(8);
    const predicted = Array.from({ length: 300 }, () =>
      Math.floor(random() * 20),
    );
    const actual = Array.from(randomSpend(random, 300));

    const expected = referenceSpearman(predicted, actual);

    expectClose(spearman(predicted, actual), expected);
  });

  it("is 1 for the perfect ranking", () => {
    expect(spearman([0.1, 0.2, 0.3, 0.4], [3, 10, 40, 41])).toBe(1);
  });

  it("is -1 for the reversed ranking", () => {
    expect(spearman([0.4, 0.3, 0.2, 0.1], [3, 10, 40, 41])).toBe(-1);
  });

  it("is near 0 for a random ranking", () => {
    // The null standard deviation is 1 / sqrt(n - 1), or 0.0032 at
    // n = 100 000, so 0.02 allows about 6 standard deviations.
    const random = seededRandom(9);
    const predicted = Float64Array.from({ length: 100_000 }, random);
    const actual = Float64Array.from({ length: 100_000 }, random);

    expect(Math.abs(spearman(predicted, actual))).toBeLessThan(0.02);
  });

  it("is NaN when one input is constant", () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
  });
});

describe("rocAuc", () => {
  it("counts tied pairs as one half", () => {
    // Pairs: 0.9 > 0.5, 0.9 > 0.1, 0.5 = 0.5, 0.5 > 0.1, so 3.5 / 4.
    expect(rocAuc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
  });

  it("matches the pairwise reference", () => {
    const random = seededRandom(10);
    const scores = Array.from(
      { length: 400 },
      () => Math.round(random() * 20) / 20,
    );
    const outcomes = scores.map((s) => (random() < s ? 1 : 0));

    const expected = referenceAuc(scores, outcomes);

    expectClose(rocAuc(scores, outcomes), expected);
  });

  it("is 1 for the perfect ranking", () => {
    expect(rocAuc([0.2, 0.9, 0.1, 0.8], [0, 1, 0, 1])).toBe(1);
  });

  it("is 0 for the reversed ranking", () => {
    expect(rocAuc([0.8, 0.1, 0.9, 0.2], [0, 1, 0, 1])).toBe(0);
  });

  it("is 0.5 when every score is tied", () => {
    expect(rocAuc([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1])).toBe(0.5);
  });

  it("is near 0.5 for random scores", () => {
    // The null standard deviation is sqrt((n + 1) / (12 * n1 * n0)), about
    // 0.0018 at n = 100 000, so 0.01 allows more than 5 of them.
    const random = seededRandom(11);
    const scores = Float64Array.from({ length: 100_000 }, random);
    const outcomes = scores.map(() => (random() < 0.5 ? 1 : 0));

    expect(Math.abs(rocAuc(scores, outcomes) - 0.5)).toBeLessThan(0.01);
  });

  it("is NaN when only one outcome occurs", () => {
    expect(rocAuc([0.1, 0.7], [1, 1])).toBeNaN();
    expect(rocAuc([0.1, 0.7], [0, 0])).toBeNaN();
  });
});

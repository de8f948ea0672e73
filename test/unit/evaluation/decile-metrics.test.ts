import { describe, expect, it } from "vitest";
import {
  decileCalibration,
  decileMape,
  topDecileLift,
} from "#evaluation/metrics.ts";
import { expectClose } from "./expect-close.ts";
import { referenceDecileMeans, seededRandom } from "./reference-metrics.ts";

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function expectBinsCloseTo(
  actual: readonly { meanPredicted: number; meanActual: number }[],
  expected: readonly { meanPredicted: number; meanActual: number }[],
): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((bin, b) => {
    expectClose(actual[b]?.meanPredicted, bin.meanPredicted);
    expectClose(actual[b]?.meanActual, bin.meanActual);
  });
}

describe("decileCalibration", () => {
  it("puts one customer in each bin when n = 10", () => {
    const predicted = [5, 3, 9, 1, 7, 2, 10, 4, 8, 6];
    const actual = predicted.map((p) => 100 + p);

    const bins = decileCalibration(predicted, actual);

    expect(bins).toEqual(
      ONE_TO_TEN.map((p) => ({
        meanPredicted: p,
        meanActual: 100 + p,
        customers: 1,
      })),
    );
  });

  it("splits a boundary customer between bins", () => {
    // n = 15, so each bin contains 1.5 customers. The first contains
    // customer 1 and half of customer 2, a mean of (1 + 0.5 * 2) / 1.5.
    const predicted = Array.from({ length: 15 }, (_, i) => i + 1);

    const bins = decileCalibration(predicted, predicted);

    expect(bins[0]?.customers).toBe(1.5);
    expect(bins[0]?.meanActual).toBeCloseTo(4 / 3, 12);
    expectBinsCloseTo(bins, referenceDecileMeans(predicted, predicted));
  });

  it("averages tied predictions across a boundary", () => {
    // The two lowest predictions tie across the first boundary, so both bins
    // get the mean of their spend, 5, whatever the input order.
    const predicted = [2, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const actual = [0, 10, 3, 4, 5, 6, 7, 8, 9, 10];

    const bins = decileCalibration(predicted, actual);

    expect(bins[0]?.meanActual).toBe(5);
    expect(bins[1]?.meanActual).toBe(5);
    expectBinsCloseTo(bins, referenceDecileMeans(predicted, actual));
  });

  it.each([
    { n: 7, seed: 21 },
    { n: 12, seed: 22 },
    { n: 23, seed: 23 },
  ])("matches the brute-force reference, n = $n", ({ n, seed }) => {
    const random = seededRandom(seed);
    const predicted = Array.from({ length: n }, (_, i) =>
      // Pairs of tied predictions, which keeps the tie orders few.
      Math.floor(i / 2 + random() * 1.5),
    );
    const actual = Array.from({ length: n }, () => Math.floor(random() * 90));

    const bins = decileCalibration(predicted, actual);

    expectBinsCloseTo(bins, referenceDecileMeans(predicted, actual));
  });

  it("keeps the overall means", () => {
    const random = seededRandom(24);
    const predicted = Float64Array.from({ length: 997 }, random);
    const actual = Float64Array.from({ length: 997 }, random);

    const bins = decileCalibration(predicted, actual);
    const meanOfBins = bins.reduce((s, b) => s + b.meanActual, 0) / 10;

    expectClose(meanOfBins, actual.reduce((s, a) => s + a) / 997);
  });
});

describe("decileMape", () => {
  it("is 0 for perfect calibration", () => {
    expect(decileMape(ONE_TO_TEN, ONE_TO_TEN)).toEqual({
      mape: 0,
      binsExcluded: 0,
    });
  });

  it("averages per-bin percentage errors", () => {
    // Every bin predicts half its actual mean: |p - 2p| / 2p = 0.5.
    const actual = ONE_TO_TEN.map((p) => 2 * p);

    expect(decileMape(ONE_TO_TEN, actual)).toEqual({
      mape: 0.5,
      binsExcluded: 0,
    });
  });

  it("excludes bins with zero mean actual", () => {
    // The two lowest bins have no spend, so their error is undefined. The
    // other eight each err by 0.5.
    const actual = ONE_TO_TEN.map((p) => (p <= 2 ? 0 : 2 * p));

    expect(decileMape(ONE_TO_TEN, actual)).toEqual({
      mape: 0.5,
      binsExcluded: 2,
    });
  });

  it("is NaN when every bin has zero mean actual", () => {
    const result = decileMape(ONE_TO_TEN, new Float64Array(10));

    expect(result.mape).toBeNaN();
    expect(result.binsExcluded).toBe(10);
  });

  it("uses the magnitude of a negative mean actual", () => {
    // Refunds make the lowest bin's mean -4: |1 - (-4)| / 4 = 1.25.
    const actual = ONE_TO_TEN.map((p) => (p === 1 ? -4 : p));

    expect(decileMape(ONE_TO_TEN, actual).mape).toBeCloseTo(0.125, 12);
  });
});

describe("topDecileLift", () => {
  it("divides the top tenth's mean by the overall mean", () => {
    // The two highest predictions each spend 30 of 60 in total: 30 / 3.
    const predicted = Array.from({ length: 20 }, (_, i) => i);
    const actual = predicted.map((p) => (p >= 18 ? 30 : 0));

    expect(topDecileLift(predicted, actual)).toBe(10);
  });

  it("is 0 when the top tenth spends nothing", () => {
    const predicted = Array.from({ length: 20 }, (_, i) => -i);
    const actual = predicted.map((p) => (p <= -18 ? 30 : 0));

    expect(topDecileLift(predicted, actual)).toBe(0);
  });

  it("is 1 when every prediction is tied", () => {
    const actual = [0, 10, 0, 50, 7, 3, 0, 0, 9, 1, 0, 20];

    expect(topDecileLift(new Float64Array(12), actual)).toBeCloseTo(1, 12);
  });

  it("is near 1 for a random ranking", () => {
    // The top tenth's mean of 10 000 uniform draws has a standard deviation
    // of 0.29 / 100 relative to the mean of 0.5, about 0.006, so 0.05 allows
    // more than 8 of them.
    const random = seededRandom(25);
    const predicted = Float64Array.from({ length: 100_000 }, random);
    const actual = Float64Array.from({ length: 100_000 }, random);

    expect(Math.abs(topDecileLift(predicted, actual) - 1)).toBeLessThan(0.05);
  });

  it("is NaN when the overall mean is 0", () => {
    expect(topDecileLift(ONE_TO_TEN, new Float64Array(10))).toBeNaN();
  });
});

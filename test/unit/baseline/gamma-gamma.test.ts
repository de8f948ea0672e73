import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, it } from "vitest";
import {
  BaselineInputError,
  FitConvergenceError,
  InfiniteMeanSpendError,
  InsufficientRepeatDataError,
} from "#baseline/errors.ts";
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  spendRatePosterior,
} from "#baseline/gamma-gamma.ts";
import type { GammaGammaParams, SpendSummary } from "#baseline/types.ts";
import { relativeError, thrownBy } from "./tolerance.ts";

const PUBLISHED = { p: 6.25, q: 3.74, gamma: 15.44 };
const FORMULA_TOLERANCE = 1e-12;
const SAME_OPTIMUM_TOLERANCE = 1e-6;

/**
 * Computes the log density of a mean spend m over x transactions as printed
 * in Fader, Hardie and Lee (2005), "RFM and CLV".
 */
function paperLogDensity(params: GammaGammaParams, x: number, m: number) {
  const { p, q, gamma } = params;
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + m * x)
  );
}

/** 60 repeat buyers with mean spends spread between 8 and 60. */
function spreadSpends(): SpendSummary[] {
  return Array.from({ length: 60 }, (_, i) => ({
    x: 1 + (i % 4),
    meanSpend: 8 + ((i * 37) % 53),
  }));
}

describe("gammaGammaLogLikelihood", () => {
  it.each([
    [1, 22.35],
    [5, 17.47],
    [40, 300],
  ])("matches the paper's density at x = %d, m = %d", (x, m) => {
    const value = gammaGammaLogLikelihood(PUBLISHED, [{ x, meanSpend: m }]);

    expect(relativeError(value, paperLogDensity(PUBLISHED, x, m))).toBeLessThan(
      FORMULA_TOLERANCE,
    );
  });

  it("skips customers without repeat purchases", () => {
    const rows = [
      { x: 0, meanSpend: 0 },
      { x: 2, meanSpend: 30 },
    ];

    const value = gammaGammaLogLikelihood(PUBLISHED, rows);

    expect(value).toBe(
      gammaGammaLogLikelihood(PUBLISHED, [{ x: 2, meanSpend: 30 }]),
    );
  });

  it("rejects a zero spend with repeat purchases", () => {
    const error = thrownBy(() =>
      gammaGammaLogLikelihood(PUBLISHED, [{ x: 2, meanSpend: 0 }]),
    );

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "spends[0].meanSpend",
      message:
        "Invalid spends[0].meanSpend = 0. A customer with x = 2 needs a " +
        "positive finite mean spend.",
    });
  });
});

describe("fitGammaGamma", () => {
  it("scales gamma with the currency unit", () => {
    const rows = spreadSpends();
    const inCents = rows.map((row) => ({
      ...row,
      meanSpend: row.meanSpend * 100,
    }));

    const dollars = fitGammaGamma(rows);
    const cents = fitGammaGamma(inCents);

    expect(
      relativeError(cents.params.gamma, dollars.params.gamma * 100),
    ).toBeLessThan(SAME_OPTIMUM_TOLERANCE);
    expect(relativeError(cents.params.p, dollars.params.p)).toBeLessThan(
      SAME_OPTIMUM_TOLERANCE,
    );
    expect(relativeError(cents.params.q, dollars.params.q)).toBeLessThan(
      SAME_OPTIMUM_TOLERANCE,
    );
  });

  it("counts a weight as repeated rows", () => {
    const rows = spreadSpends();
    const doubled = [...rows, ...rows];
    const weighted = rows.map((row) => ({ ...row, weight: 2 }));

    const fromDoubled = fitGammaGamma(doubled);
    const fromWeighted = fitGammaGamma(weighted);

    expect(fromWeighted.customers).toBe(120);
    expect(
      relativeError(fromWeighted.logLikelihood, fromDoubled.logLikelihood),
    ).toBeLessThan(SAME_OPTIMUM_TOLERANCE);
  });

  it("rejects too few repeat buyers", () => {
    const rows = [...spreadSpends().slice(0, 29), { x: 0, meanSpend: 0 }];

    const error = thrownBy(() => fitGammaGamma(rows));

    expect(error).toBeInstanceOf(InsufficientRepeatDataError);
    expect(error).toMatchObject({
      message:
        "Too few repeat buyers to fit Gamma-Gamma: 29 customers have x >= 1 " +
        "and the fit needs at least 30. Use a longer calibration period or " +
        "more customers.",
    });
  });

  it("rejects an infinite mean spend", () => {
    const heavyTail = Array.from({ length: 50 }, (_, i) => ({
      x: 1 + (i % 3),
      meanSpend: Math.exp(i / 3),
    }));

    const error = thrownBy(() => fitGammaGamma(heavyTail));

    expect(error).toBeInstanceOf(InfiniteMeanSpendError);
    expect(error).toMatchObject({
      name: "InfiniteMeanSpendError",
      message:
        "Gamma-Gamma q = 0.1538 is at most 1, so the population mean spend " +
        "per transaction is infinite and no expected value exists. Mean " +
        "spends reach 12400000, 2981 times the median of 4160. Cap or " +
        "remove extreme spends and fit again.",
    });
  });

  it.each([
    [
      "a spend outlier",
      Array.from({ length: 40 }, (_, i) => ({
        x: 1 + (i % 3),
        meanSpend: i === 0 ? 1e6 : 10 + i,
      })),
      "The Gamma-Gamma fit did not converge within 1 iteration (largest " +
        "gradient component 0.211). Mean spends reach 1000000, 32258 times " +
        "the median of 31. Cap or remove extreme spends, such as business " +
        "orders or amounts entered in the wrong unit.",
    ],
    [
      "constant spends",
      Array.from({ length: 40 }, (_, i) => ({ x: 1 + (i % 3), meanSpend: 10 })),
      "The Gamma-Gamma fit did not converge within 1 iteration (largest " +
        "gradient component 0.640). Mean spends are nearly identical, so " +
        "their spread across customers cannot be estimated. Use the overall " +
        "mean spend instead of the Gamma-Gamma model.",
    ],
  ])("names %s when it cannot converge", (_, rows, message) => {
    const error = thrownBy(() => fitGammaGamma(rows, { maxIterations: 1 }));

    expect(error).toBeInstanceOf(FitConvergenceError);
    expect(error).toMatchObject({ message });
  });
});

describe("conditionalExpectedSpend", () => {
  it("weighs the population and the customer mean", () => {
    const { p, q, gamma } = PUBLISHED;
    const population = (p * gamma) / (q - 1);
    const weight = (p * 3) / (p * 3 + q - 1);

    const spend = conditionalExpectedSpend(PUBLISHED, 3, 40);

    expect(
      relativeError(spend, (1 - weight) * population + weight * 40),
    ).toBeLessThan(FORMULA_TOLERANCE);
  });

  it("is the population mean without repeat purchases", () => {
    const { p, q, gamma } = PUBLISHED;

    const spend = conditionalExpectedSpend(PUBLISHED, 0, 0);

    expect(relativeError(spend, (p * gamma) / (q - 1))).toBeLessThan(
      FORMULA_TOLERANCE,
    );
  });

  it("rejects q at most 1", () => {
    const error = thrownBy(() =>
      conditionalExpectedSpend({ ...PUBLISHED, q: 0.9 }, 0, 0),
    );

    expect(error).toBeInstanceOf(InfiniteMeanSpendError);
    expect(error).toMatchObject({
      message:
        "Gamma-Gamma q = 0.9000 is at most 1, so the population mean spend " +
        "per transaction is infinite and no expected value exists. Cap or " +
        "remove extreme spends and fit again.",
    });
  });
});

describe("spendRatePosterior", () => {
  it("adds the purchases to the prior", () => {
    const posterior = spendRatePosterior(PUBLISHED, 4, 25);

    expect(posterior).toEqual({ shape: 3.74 + 6.25 * 4, rate: 15.44 + 100 });
  });
});

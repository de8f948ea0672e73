import gammaln from "@stdlib/math-base-special-gammaln";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bgNbdLogLikelihood,
  fitBgNbd,
  MIN_REPEAT_CUSTOMERS,
} from "#baseline/bgnbd.ts";
import {
  FitConvergenceError,
  InsufficientRepeatDataError,
} from "#baseline/errors.ts";
import type {
  BgNbdParams,
  CustomerSummary,
  FitResult,
} from "#baseline/types.ts";
import { type CdnowCustomer, readCdnowCalibration } from "./cdnow-summary.ts";
import { relativeError, thrownBy } from "./tolerance.ts";

const PUBLISHED = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };
// Agreement of two fits of the same likelihood, or of two formulas.
const SAME_OPTIMUM_TOLERANCE = 1e-6;
const FORMULA_TOLERANCE = 1e-12;

/**
 * Computes one customer's likelihood as printed in Fader, Hardie and Lee
 * (2005), term by term.
 */
function paperLikelihood(params: BgNbdParams, customer: CustomerSummary) {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  const logBeta = (u: number, v: number) =>
    gammaln(u) + gammaln(v) - gammaln(u + v);
  const rateTerm = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const alive =
    logBeta(a, b + x) - logBeta(a, b) - (r + x) * Math.log(alpha + T);
  const dead =
    logBeta(a + 1, b + x - 1) - logBeta(a, b) - (r + x) * Math.log(alpha + tx);
  return Math.exp(rateTerm) * (Math.exp(alive) + (x > 0 ? Math.exp(dead) : 0));
}

/** `count` customers, the first `repeaters` of them with x >= 1. */
function syntheticCustomers(count: number, repeaters: number) {
  return Array.from({ length: count }, (_, i) =>
    i < repeaters
      ? { x: 1 + (i % 4), tx: 5 + (i % 7), T: 20 }
      : { x: 0, tx: 0, T: 10 + (i % 11) },
  );
}

describe("bgNbdLogLikelihood", () => {
  it.each([
    { x: 0, tx: 0, T: 38.86 },
    { x: 2, tx: 30.43, T: 38.86 },
    { x: 26, tx: 30.857, T: 31 },
    { x: 1, tx: 0.14, T: 0.14 },
  ])("matches the paper's formula for %o", (customer) => {
    const expected = Math.log(paperLikelihood(PUBLISHED, customer));

    const value = bgNbdLogLikelihood(PUBLISHED, [customer]);

    expect(relativeError(value, expected)).toBeLessThan(FORMULA_TOLERANCE);
  });

  it("counts a weight as repeated rows", () => {
    const customer = { x: 3, tx: 12.5, T: 30 };

    const weighted = bgNbdLogLikelihood(PUBLISHED, [
      { ...customer, weight: 3 },
    ]);
    const repeated = bgNbdLogLikelihood(PUBLISHED, [
      customer,
      customer,
      customer,
    ]);

    expect(relativeError(weighted, repeated)).toBeLessThan(FORMULA_TOLERANCE);
  });

  it("stays finite for extreme customers and parameters", () => {
    const customers = [
      { x: 5000, tx: 999, T: 1000 },
      { x: 0, tx: 0, T: 1e6 },
    ];
    const params = { r: 1e5, alpha: 2e4, a: 1e-5, b: 1e5 };

    const value = bgNbdLogLikelihood(params, customers);

    expect(Number.isFinite(value)).toBe(true);
  });
});

describe("fitBgNbd", () => {
  let customers: CdnowCustomer[];
  let fit: FitResult<BgNbdParams>;

  beforeAll(() => {
    customers = readCdnowCalibration();
    fit = fitBgNbd(customers);
  });

  it("fits compressed rows like the full data", () => {
    const groups = new Map<string, CustomerSummary & { weight: number }>();
    for (const { x, tx, T } of customers) {
      const key = `${x} ${tx} ${T}`;
      const group = groups.get(key) ?? { x, tx, T, weight: 0 };
      groups.set(key, { ...group, weight: group.weight + 1 });
    }

    const compressed = fitBgNbd([...groups.values()]);

    expect(groups.size).toBeLessThan(customers.length);
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(
        relativeError(compressed.params[name], fit.params[name]),
      ).toBeLessThan(SAME_OPTIMUM_TOLERANCE);
    }
    expect(compressed.customers).toBe(customers.length);
  });

  it("scales alpha with the time unit", () => {
    const inDays = customers.map(({ x, tx, T }) => ({
      x,
      tx: tx * 7,
      T: T * 7,
    }));

    const daily = fitBgNbd(inDays);

    expect(
      relativeError(daily.params.alpha, fit.params.alpha * 7),
    ).toBeLessThan(SAME_OPTIMUM_TOLERANCE);
    for (const name of ["r", "a", "b"] as const) {
      expect(relativeError(daily.params[name], fit.params[name])).toBeLessThan(
        SAME_OPTIMUM_TOLERANCE,
      );
    }
  });

  it("flags parameters on their bound", () => {
    // Everyone bought at the end of the period, at similar rates. With no
    // sign of dropout or of rate heterogeneity, r and 1 / a run to infinity.
    // With a on its bound, dropout is 0 whatever b is.
    const noDropout = Array.from({ length: 100 }, (_, i) => ({
      x: 1 + (i % 5),
      tx: 10,
      T: 10,
    }));

    const result = fitBgNbd(noDropout);

    expect(result.atBound).toBe(true);
    expect(result.parametersAtBound).toEqual(["r", "a"]);
  });

  it("rejects too few repeat buyers", () => {
    const error = thrownBy(() => fitBgNbd(syntheticCustomers(100, 10)));

    expect(error).toBeInstanceOf(InsufficientRepeatDataError);
    expect(error).toMatchObject({
      name: "InsufficientRepeatDataError",
      message:
        "Too little repeat behaviour to fit BG/NBD: 10 of 100 customers " +
        "(10.0%) made a repeat purchase, and the fit needs at least 30 " +
        "customers and 2.0%. Use a longer calibration period or more " +
        "customers.",
    });
  });

  it("rejects a small share of repeat buyers", () => {
    const error = thrownBy(() => fitBgNbd(syntheticCustomers(2500, 40)));

    expect(error).toBeInstanceOf(InsufficientRepeatDataError);
    expect(error).toMatchObject({
      message:
        "Too little repeat behaviour to fit BG/NBD: 40 of 2500 customers " +
        "(1.6%) made a repeat purchase, and the fit needs at least 30 " +
        "customers and 2.0%. Use a longer calibration period or more " +
        "customers.",
    });
  });

  it("accepts a lower repeat-buyer minimum", () => {
    const customers = syntheticCustomers(100, 10);

    const result = fitBgNbd(customers, { minRepeatCustomers: 10 });

    expect(MIN_REPEAT_CUSTOMERS).toBe(30);
    expect(result.customers).toBe(100);
  });

  it.each([
    [
      "no trait",
      syntheticCustomers(200, 60),
      "The BG/NBD fit did not converge within 2 iterations (largest " +
        "gradient component 0.0681). No single data trait stands out: 200 " +
        "customers, 30.0% with repeat purchases, x up to 4. Raise " +
        "maxIterations, or check the data for duplicated or synthetic " +
        "customers.",
    ],
    [
      "few repeat buyers",
      syntheticCustomers(1000, 50),
      "The BG/NBD fit did not converge within 2 iterations (largest " +
        "gradient component 0.105). Only 5.0% of the customers made a " +
        "repeat purchase, so purchase rate and dropout are hard to " +
        "distinguish. Use a longer calibration period or more customers.",
    ],
    [
      "a frequency outlier",
      [...syntheticCustomers(200, 60), { x: 400, tx: 19, T: 20 }],
      "The BG/NBD fit did not converge within 2 iterations (largest " +
        "gradient component 0.322). A few customers with up to 400 repeat " +
        "purchases dominate the likelihood (the mean among repeat buyers " +
        "is 9.0). Check for resellers, test accounts or merged customer " +
        "ids, and remove or cap them.",
    ],
  ])("names %s when it cannot converge", (_, data, message) => {
    const error = thrownBy(() => fitBgNbd(data, { maxIterations: 2 }));

    expect(error).toBeInstanceOf(FitConvergenceError);
    expect(error).toMatchObject({ name: "FitConvergenceError", message });
  });
});

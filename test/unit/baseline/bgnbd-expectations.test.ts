import { describe, expect, it } from "vitest";
import {
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityAlive,
  probabilityOfPurchase,
} from "#baseline/bgnbd-expectations.ts";
import { BaselineInputError } from "#baseline/errors.ts";
import { hyp2f1 } from "#baseline/hypergeometric.ts";
import type { BgNbdParams, CustomerSummary } from "#baseline/types.ts";
import { relativeError, thrownBy } from "./tolerance.ts";

const PUBLISHED = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };
const FORMULA_TOLERANCE = 1e-12;
// The a = 1 limit against the mean of a = 1 -+ 1e-4, whose error is of
// order 1e-8 because the expectation is smooth in a.
const LIMIT_TOLERANCE = 1e-7;

/**
 * Computes E[Y(t) | x, tx, T] as printed in Fader, Hardie and Lee (2005),
 * with 2F1 at its original arguments.
 */
function paperExpectation(
  params: BgNbdParams,
  customer: CustomerSummary,
  t: number,
) {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  const z = t / (alpha + T + t);
  const g =
    ((alpha + T) / (alpha + T + t)) ** (r + x) *
    hyp2f1(r + x, b + x, a + b + x - 1, z);
  const odds =
    x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0;
  return (((a + b + x - 1) / (a - 1)) * (1 - g)) / (1 + odds);
}

describe("probabilityAlive", () => {
  it.each([
    [{ x: 2, tx: 30.43, T: 38.86 }],
    [{ x: 26, tx: 30.857, T: 31 }],
    [{ x: 1, tx: 1, T: 300 }],
  ])("matches the paper's formula for %o", (customer) => {
    const { r, alpha, a, b } = PUBLISHED;
    const { x, tx, T } = customer;
    const odds = (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x);

    const alive = probabilityAlive(PUBLISHED, customer);

    expect(relativeError(alive, 1 / (1 + odds))).toBeLessThan(
      FORMULA_TOLERANCE,
    );
  });

  it("is 1 without repeat purchases", () => {
    expect(probabilityAlive(PUBLISHED, { x: 0, tx: 0, T: 500 })).toBe(1);
  });

  it("reaches 0 without NaN for a long silence", () => {
    const alive = probabilityAlive(PUBLISHED, { x: 1000, tx: 1, T: 1e6 });

    expect(alive).toBe(0);
  });

  it("rejects an invalid parameter", () => {
    const error = thrownBy(() =>
      probabilityAlive({ ...PUBLISHED, r: 0 }, { x: 0, tx: 0, T: 1 }),
    );

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "params.r",
      message:
        "Invalid params.r = 0. Every parameter must be a positive finite " +
        "number.",
    });
  });
});

describe("probabilityOfPurchase", () => {
  it("is 0 over an empty horizon", () => {
    const customer = { x: 3, tx: 20, T: 30 };

    expect(probabilityOfPurchase(PUBLISHED, customer, 0)).toBe(0);
  });

  it("falls with age for a one-time buyer", () => {
    const ages = [0, 1, 10, 100, 1000, 10000];

    const probabilities = ages.map((T) =>
      probabilityOfPurchase(PUBLISHED, { x: 0, tx: 0, T }, 52),
    );

    for (let i = 1; i < probabilities.length; i++) {
      expect(probabilities[i]).toBeLessThan(probabilities[i - 1] ?? 0);
    }
  });

  it("is P(alive) times the chance of a purchase when alive", () => {
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    const { r, alpha } = PUBLISHED;
    const whenAlive = 1 - ((alpha + 38.86) / (alpha + 38.86 + 39)) ** (r + 2);

    const probability = probabilityOfPurchase(PUBLISHED, customer, 39);

    expect(
      relativeError(
        probability,
        probabilityAlive(PUBLISHED, customer) * whenAlive,
      ),
    ).toBeLessThan(FORMULA_TOLERANCE);
  });

  it("rejects a negative horizon", () => {
    const error = thrownBy(() =>
      probabilityOfPurchase(PUBLISHED, { x: 0, tx: 0, T: 1 }, -1),
    );

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "horizon",
      message: "Invalid horizon = -1. Expected a non-negative finite number.",
    });
  });
});

describe("expectedPurchases", () => {
  it.each([1, 3, 32, 78, 500])("matches the paper's formula at t = %d", (t) => {
    const expected = paperExpectation(PUBLISHED, { x: 0, tx: 0, T: 0 }, t);

    const value = expectedPurchases(PUBLISHED, t);

    expect(relativeError(value, expected)).toBeLessThan(FORMULA_TOLERANCE);
  });

  it("is 0 at t = 0", () => {
    expect(expectedPurchases(PUBLISHED, 0)).toBe(0);
  });
});

describe("conditionalExpectedPurchases", () => {
  it.each([
    [{ x: 0, tx: 0, T: 38.86 }, 39],
    [{ x: 2, tx: 30.43, T: 38.86 }, 39],
    [{ x: 26, tx: 30.857, T: 31 }, 52],
    [{ x: 7, tx: 10, T: 90 }, 300],
  ])("matches the paper's formula for %o over %d", (customer, t) => {
    const expected = paperExpectation(PUBLISHED, customer, t);

    const value = conditionalExpectedPurchases(PUBLISHED, customer, t);

    expect(relativeError(value, expected)).toBeLessThan(1e-11);
  });

  it("is continuous through a = 1", () => {
    const customer = { x: 4, tx: 20, T: 35 };
    const at = (a: number) =>
      conditionalExpectedPurchases({ ...PUBLISHED, a }, customer, 52);

    const atOne = at(1);
    const mean = (at(1 - 1e-4) + at(1 + 1e-4)) / 2;

    expect(relativeError(atOne, mean)).toBeLessThan(LIMIT_TOLERANCE);
  });

  it("stays below the no-dropout bound for many purchases", () => {
    const customer = { x: 5000, tx: 100, T: 100 };
    const { r, alpha } = PUBLISHED;
    const noDropout = ((r + customer.x) * 52) / (alpha + customer.T);

    const value = conditionalExpectedPurchases(PUBLISHED, customer, 52);

    expect(value).toBeGreaterThan(0.5 * noDropout);
    expect(value).toBeLessThan(noDropout);
  });

  it("equals expectedPurchases for a customer of age 0", () => {
    const value = conditionalExpectedPurchases(
      PUBLISHED,
      { x: 0, tx: 0, T: 0 },
      26,
    );

    expect(value).toBe(expectedPurchases(PUBLISHED, 26));
  });

  it("rejects tx beyond T", () => {
    const error = thrownBy(() =>
      conditionalExpectedPurchases(PUBLISHED, { x: 1, tx: 5, T: 4 }, 10),
    );

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "customer.tx",
      message: "Invalid customer.tx = 5. It must lie in [0, T], and T = 4.",
    });
  });
});

import erfcinv from "@stdlib/math-base-special-erfcinv";
import { describe, expect, it } from "vitest";
import {
  conditionalExpectedPurchases,
  probabilityOfPurchase,
} from "#baseline/bgnbd-expectations.ts";
import { BaselineInputError } from "#baseline/errors.ts";
import { conditionalExpectedSpend } from "#baseline/gamma-gamma.ts";
import { predictCustomer, predictCustomers } from "#baseline/predict.ts";
import type { BaselineModel } from "#baseline/types.ts";
import { relativeError, thrownBy } from "./tolerance.ts";

const MODEL: BaselineModel = {
  bgnbd: { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
};
const FORMULA_TOLERANCE = 1e-12;
const QUANTILE_TOLERANCE = 1e-9;

function normalQuantile(level: number): number {
  return -Math.SQRT2 * erfcinv(2 * level);
}

describe("predictCustomer", () => {
  it("combines the BG/NBD and Gamma-Gamma expectations", () => {
    const customer = { x: 2, tx: 30.43, T: 38.86, meanSpend: 22.35 };

    const prediction = predictCustomer(MODEL, customer, 39);

    const orders = conditionalExpectedPurchases(MODEL.bgnbd, customer, 39);
    const spend = conditionalExpectedSpend(MODEL.gammaGamma, 2, 22.35);
    expect(prediction.pAlive).toBe(
      probabilityOfPurchase(MODEL.bgnbd, customer, 39),
    );
    expect(prediction.expectedOrders).toBe(orders);
    expect(
      relativeError(prediction.expectedValue, orders * spend),
    ).toBeLessThan(FORMULA_TOLERANCE);
  });

  it("puts quantiles below 1 - pAlive at 0", () => {
    const customer = { x: 0, tx: 0, T: 38.86, meanSpend: 0 };

    const prediction = predictCustomer(MODEL, customer, 39);

    expect(prediction.pAlive).toBeLessThan(0.5);
    expect(prediction.valueP10).toBe(0);
    expect(prediction.valueP50).toBe(0);
    expect(prediction.valueP90).toBeGreaterThan(0);
  });

  it("matches the lognormal mean to the expected spend", () => {
    // A frequent, recent buyer, so all three quantiles are positive.
    const customer = { x: 20, tx: 38, T: 39, meanSpend: 30 };
    const prediction = predictCustomer(MODEL, customer, 52);
    const { pAlive, valueP50, valueP90 } = prediction;
    const z50 = normalQuantile((0.5 - 1 + pAlive) / pAlive);
    const z90 = normalQuantile((0.9 - 1 + pAlive) / pAlive);

    const sigma = (Math.log(valueP90) - Math.log(valueP50)) / (z90 - z50);
    const mu = Math.log(valueP50) - sigma * z50;

    expect(prediction.valueP10).toBeGreaterThan(0);
    expect(
      relativeError(
        Math.exp(mu + (sigma * sigma) / 2),
        prediction.expectedValue / pAlive,
      ),
    ).toBeLessThan(QUANTILE_TOLERANCE);
  });

  it("orders the quantiles when spend variance is infinite", () => {
    // q + p x = 1.5 <= 2, so the spend rate has no finite E[1 / nu^2].
    const model = { ...MODEL, gammaGamma: { p: 6.25, q: 1.5, gamma: 15.44 } };
    const customer = { x: 0, tx: 0, T: 1, meanSpend: 0 };

    const { valueP10, valueP50, valueP90 } = predictCustomer(
      model,
      customer,
      52,
    );

    expect(Number.isFinite(valueP90)).toBe(true);
    expect(valueP10).toBeLessThanOrEqual(valueP50);
    expect(valueP50).toBeLessThanOrEqual(valueP90);
  });

  it("predicts nothing for a customer almost surely gone", () => {
    const customer = { x: 1000, tx: 1, T: 1e6, meanSpend: 20 };

    const prediction = predictCustomer(MODEL, customer, 52);

    expect(prediction).toEqual({
      pAlive: 0,
      expectedOrders: 0,
      expectedValue: 0,
      valueP10: 0,
      valueP50: 0,
      valueP90: 0,
    });
  });

  it("lowers pAlive of one-time buyers as they age", () => {
    const ages = [1, 10, 100, 1000];

    const pAlive = ages.map(
      (T) =>
        predictCustomer(MODEL, { x: 0, tx: 0, T, meanSpend: 0 }, 52).pAlive,
    );

    expect(pAlive).toEqual([...pAlive].sort((u, v) => v - u));
    expect(new Set(pAlive).size).toBe(ages.length);
  });
});

describe("predictCustomers", () => {
  it("predicts in input order", () => {
    const customers = [
      { x: 0, tx: 0, T: 20, meanSpend: 0 },
      { x: 3, tx: 15, T: 20, meanSpend: 12 },
    ];

    const predictions = predictCustomers(MODEL, customers, 10);

    expect(predictions).toEqual(
      customers.map((customer) => predictCustomer(MODEL, customer, 10)),
    );
  });

  it("returns nothing for no customers", () => {
    expect(predictCustomers(MODEL, [], 10)).toEqual([]);
  });

  it("names an invalid customer by index", () => {
    const customers = [
      { x: 0, tx: 0, T: 20, meanSpend: 0 },
      { x: 3, tx: 15, T: 20, meanSpend: Number.NaN },
    ];

    const error = thrownBy(() => predictCustomers(MODEL, customers, 10));

    expect(error).toBeInstanceOf(BaselineInputError);
    expect(error).toMatchObject({
      field: "customers[1].meanSpend",
      message:
        "Invalid customers[1].meanSpend = NaN. A customer with x = 3 needs " +
        "a positive finite mean spend.",
    });
  });
});

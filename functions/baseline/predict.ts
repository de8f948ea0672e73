import {
  conditionalExpectedPurchases,
  probabilityAlive,
  probabilityOfPurchase,
} from "./bgnbd-expectations.ts";
import { conditionalExpectedSpend, spendRatePosterior } from "./gamma-gamma.ts";
import { horizonSpendBand } from "./spend-band.ts";
import type {
  BaselineModel,
  BaselinePrediction,
  CustomerValueSummary,
} from "./types.ts";
import { validateCustomer, validateSpend } from "./validate.ts";

/**
 * Predicts one customer's purchases and spend over a horizon with BG/NBD and
 * Gamma-Gamma, in the output fields of the deep model.
 * - `pAlive` is P(at least one purchase in the horizon), which is
 *   P(alive at T) (1 - ((alpha + T) / (alpha + T + horizon))^(r + x)). It
 *   falls with T even for customers without repeat purchases.
 * - `expectedOrders` is E[Y(horizon) | x, tx, T].
 * - `expectedValue` is `expectedOrders` times the Gamma-Gamma expected spend
 *   per transaction.
 * - `valueP10`, `valueP50` and `valueP90` come from a zero-inflated
 *   lognormal approximation, described at `horizonSpendBand`.
 *
 * `horizon` and the customer's times are in the time unit of the BG/NBD fit.
 *
 * @throws BaselineInputError when a parameter, the customer or the horizon is
 *   invalid.
 * @throws InfiniteMeanSpendError when Gamma-Gamma q <= 1.
 * @throws SeriesConvergenceError when the horizon is many thousand times
 *   alpha + T.
 *
 * @example
 * ```ts
 * const customer = { x: 2, tx: 30.4, T: 38.9, meanSpend: 22.3 };
 * const prediction = predictCustomer(model, customer, 52);
 * prediction.expectedValue; // expected spend over the next 52 weeks
 * ```
 */
export function predictCustomer(
  model: BaselineModel,
  customer: CustomerValueSummary,
  horizon: number,
): BaselinePrediction {
  const { bgnbd, gammaGamma } = model;
  const pAlive = probabilityOfPurchase(bgnbd, customer, horizon);
  const expectedOrders = conditionalExpectedPurchases(bgnbd, customer, horizon);
  const { x, meanSpend } = customer;
  const spendRate = spendRatePosterior(gammaGamma, x, meanSpend);
  const spendPerOrder = conditionalExpectedSpend(gammaGamma, x, meanSpend);
  const band = horizonSpendBand({
    probabilityAlive: probabilityAlive(bgnbd, customer),
    probabilityOfPurchase: pAlive,
    expectedOrders,
    purchaseRateShape: bgnbd.r + x,
    spendShape: gammaGamma.p,
    spendRate,
  });

  return {
    pAlive,
    expectedOrders,
    expectedValue: expectedOrders * spendPerOrder,
    ...band,
  };
}

/**
 * Predicts every customer as `predictCustomer` does, in input order.
 *
 * @throws as `predictCustomer`, and names an invalid customer by its index.
 */
export function predictCustomers(
  model: BaselineModel,
  customers: readonly CustomerValueSummary[],
  horizon: number,
): BaselinePrediction[] {
  for (const [i, customer] of customers.entries()) {
    validateCustomer(customer, `customers[${i}]`);
    validateSpend(customer, `customers[${i}]`);
  }

  return customers.map((customer) => predictCustomer(model, customer, horizon));
}

import { hyp2f1Excess } from "./hypergeometric.ts";
import { exprel, logisticOfNegative } from "./log-math.ts";
import type { BgNbdParams, CustomerSummary } from "./types.ts";
import {
  validateCustomer,
  validateHorizon,
  validateParams,
} from "./validate.ts";

// Formulas from Fader, Hardie and Lee (2005), "Counting your customers the
// easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2).
// Given the history (x, tx, T) and that the customer is alive at T, the
// purchase rate is Gamma(r + x, alpha + T) and the dropout probability is
// Beta(a, b + x), independently.

/**
 * Computes P(alive at T | x, tx, T):
 * 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + tx))^(r + x)).
 * It is 1 for x = 0, because BG/NBD customers drop out only right after a
 * purchase; `probabilityOfPurchase` is the measure that falls with age then.
 *
 * @throws BaselineInputError when a parameter or the customer is invalid.
 */
export function probabilityAlive(
  params: BgNbdParams,
  customer: CustomerSummary,
): number {
  validateParams(params);
  validateCustomer(customer, "customer");
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  if (x === 0) return 1;
  const logOdds =
    Math.log(a) -
    Math.log(b + x - 1) +
    (r + x) * Math.log1p((T - tx) / (alpha + tx));

  return logisticOfNegative(logOdds);
}

/**
 * Computes P(at least one purchase in (T, T + horizon] | x, tx, T) as
 * P(alive at T) (1 - ((alpha + T) / (alpha + T + horizon))^(r + x)). An alive
 * customer's next purchase comes at rate lambda, and dropout happens only
 * after a purchase, so P(none | alive, lambda) = e^(-lambda horizon);
 * averaging over the Gamma(r + x, alpha + T) posterior of lambda gives the
 * second factor. `horizon` is in the time unit of the fit.
 *
 * @throws BaselineInputError when a parameter, the customer or the horizon is
 *   invalid.
 */
export function probabilityOfPurchase(
  params: BgNbdParams,
  customer: CustomerSummary,
  horizon: number,
): number {
  validateHorizon(horizon);
  const alive = probabilityAlive(params, customer);
  const shape = params.r + customer.x;
  const logNone = -shape * Math.log1p(horizon / (params.alpha + customer.T));

  return alive * -Math.expm1(logNone);
}

/**
 * Computes E[X(t)], the expected number of repeat purchases of a new
 * customer in the `t` time units after the first purchase.
 *
 * @throws BaselineInputError when a parameter or `t` is invalid.
 * @throws SeriesConvergenceError when t is many thousand times alpha.
 */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  return conditionalExpectedPurchases(params, { x: 0, tx: 0, T: 0 }, t);
}

/**
 * Computes E[Y(horizon) | x, tx, T], the expected number of purchases in
 * (T, T + horizon]:
 * P(alive) (a + b + x - 1) / (a - 1) [1 - G] with
 * G = (1 - z)^(r + x) 2F1(r + x, b + x; a + b + x - 1; z),
 * z = horizon / (alpha + T + horizon). Euler's transformation turns G into
 * (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z). The first two
 * parameters of that 2F1 do not grow with x, so its series stays short for
 * customers with many purchases. Writing 2F1 - 1 with `hyp2f1Excess`
 * removes the 0 / 0 at a = 1.
 *
 * @throws BaselineInputError when a parameter, the customer or the horizon is
 *   invalid.
 * @throws SeriesConvergenceError when the horizon is many thousand times
 *   alpha + T.
 */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  customer: CustomerSummary,
  horizon: number,
): number {
  validateHorizon(horizon);
  const alive = probabilityAlive(params, customer);
  const { r, alpha, a, b } = params;
  const c = a + b + customer.x - 1;
  const age = alpha + customer.T;
  const z = horizon / (age + horizon);
  const logOneMinusZ = -Math.log1p(horizon / age);
  const epsilon = a - 1;

  // c (1 - G) / epsilon, split so that no term divides by epsilon.
  const growth = -logOneMinusZ * exprel(epsilon * logOneMinusZ);
  const excess = hyp2f1Excess(a + b - 1 - r, epsilon, c, z);
  const expected = c * growth - Math.exp(epsilon * logOneMinusZ) * excess;

  // Rounding can leave a tiny negative value when r + x is near 0.
  return alive * Math.max(0, expected);
}

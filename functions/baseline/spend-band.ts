import erfcinv from "@stdlib/math-base-special-erfcinv";

/** Inputs of `horizonSpendBand` for one customer. */
export interface SpendBandInputs {
  /** P(alive at the end of the calibration period). */
  readonly probabilityAlive: number;
  /** P(at least one purchase in the horizon). */
  readonly probabilityOfPurchase: number;
  /** Expected number of purchases in the horizon. */
  readonly expectedOrders: number;
  /** Shape r + x of the posterior Gamma distribution of the purchase rate. */
  readonly purchaseRateShape: number;
  /** Gamma-Gamma p: a transaction value is Gamma(p, nu). */
  readonly spendShape: number;
  /** Posterior Gamma(shape, rate) of the customer's spend rate nu. */
  readonly spendRate: { readonly shape: number; readonly rate: number };
}

/** Quantiles of spend in the horizon, in currency units. */
export interface SpendBand {
  readonly valueP10: number;
  readonly valueP50: number;
  readonly valueP90: number;
}

/**
 * Approximates the 10th, 50th and 90th percentiles of a customer's spend S in
 * the horizon with a zero-inflated lognormal, the family of the deep model.
 * S is 0 with probability 1 - P(purchase). Otherwise S is lognormal, with the
 * mean and second moment that S has given S > 0.
 *
 * Those moments come from S = V_1 + ... + V_N. The transaction values V_i
 * share the customer's spend rate nu, and the purchase count N is
 * independent of nu, so
 * E[S | N >= 1] = E[N | N >= 1] E[V] and
 * E[S^2 | N >= 1] = E[1 / nu^2] (p^2 E[N^2 | N >= 1] + p E[N | N >= 1]).
 * E[N] and P(N >= 1) are the exact BG/NBD values. When q + p x <= 2,
 * E[1 / nu^2] is infinite, and the band treats each transaction value as
 * fixed at E[V] instead.
 *
 * The percentiles are finite, non-negative and ordered.
 */
export function horizonSpendBand(inputs: SpendBandInputs): SpendBand {
  const { probabilityOfPurchase: purchase, expectedOrders } = inputs;
  if (!(purchase > 0 && expectedOrders > 0)) {
    return { valueP10: 0, valueP50: 0, valueP90: 0 };
  }
  const { mean, secondMoment } = positiveSpendMoments(inputs);
  const logVariance = Math.max(0, Math.log(secondMoment) - 2 * Math.log(mean));
  const sigma = Math.sqrt(logVariance);
  const mu = Math.log(mean) - logVariance / 2;
  const quantile = (level: number) => {
    const positiveLevel = (level - 1 + purchase) / purchase;
    if (positiveLevel <= 0) return 0;
    return Math.exp(mu + sigma * standardNormalQuantile(positiveLevel));
  };

  return {
    valueP10: quantile(0.1),
    valueP50: quantile(0.5),
    valueP90: quantile(0.9),
  };
}

/** Returns E[S | S > 0] and E[S^2 | S > 0] as described above. */
function positiveSpendMoments(inputs: SpendBandInputs) {
  const { probabilityAlive: alive, probabilityOfPurchase: purchase } = inputs;
  const { shape, rate } = inputs.spendRate;
  const p = inputs.spendShape;
  // NOTE: E[N^2] is not the exact BG/NBD value. The count of an alive
  // customer is taken as negative binomial with the exact mean
  // E[N] / P(alive) and the shape r + x of the posterior purchase rate,
  // which ignores dropout within the horizon in the spread.
  const aliveMean = inputs.expectedOrders / alive;
  const aliveSecond =
    aliveMean + aliveMean ** 2 * (1 + 1 / inputs.purchaseRateShape);
  const orders = inputs.expectedOrders / purchase;
  const ordersSecond = (alive * aliveSecond) / purchase;
  const value = (p * rate) / (shape - 1);

  const secondMoment =
    shape > 2
      ? ((rate * rate) / ((shape - 1) * (shape - 2))) *
        (p * p * ordersSecond + p * orders)
      : value * value * ordersSecond;
  return { mean: value * orders, secondMoment };
}

/** Returns the standard normal quantile of a level in (0, 1). */
function standardNormalQuantile(level: number): number {
  return -Math.SQRT2 * erfcinv(2 * level);
}

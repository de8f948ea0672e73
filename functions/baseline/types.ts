/**
 * One customer's purchase summary for the BG/NBD model. All times share one
 * unit (days or weeks) and start at the customer's first purchase.
 */
export interface CustomerSummary {
  /** Repeat purchases, counted as distinct purchase times after the first. */
  readonly x: number;
  /** Time of the last purchase, in [0, T], and 0 when `x` is 0. */
  readonly tx: number;
  /** Age, the time from the first purchase to the end of the calibration. */
  readonly T: number;
  /** Number of customers this row represents in compressed data. @default 1 */
  readonly weight?: number;
}

/** One customer's spend summary for the Gamma-Gamma model. */
export interface SpendSummary {
  /** Number of repeat purchases. The fit skips rows with `x` = 0. */
  readonly x: number;
  /**
   * Mean value of the repeat purchases, in currency units. The fit needs it
   * positive when `x` >= 1, and predictions ignore it when `x` is 0.
   */
  readonly meanSpend: number;
  /** Number of customers this row represents in compressed data. @default 1 */
  readonly weight?: number;
}

/** A customer summary with its spend, the input of the combined predictor. */
export interface CustomerValueSummary extends CustomerSummary {
  /** Mean value of the repeat purchases, ignored when `x` is 0. */
  readonly meanSpend: number;
}

/**
 * BG/NBD parameters. The purchase rate of an alive customer is
 * Gamma(shape r, rate alpha), and the dropout probability after each purchase
 * is Beta(a, b). `alpha` is in the time unit of the data.
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Gamma-Gamma parameters. A transaction value is Gamma(shape p, rate nu) and
 * nu is Gamma(shape q, rate gamma) across customers. `gamma` is in currency
 * units.
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** Result of a maximum likelihood fit. */
export interface FitResult<Params> {
  /** Fitted parameters, in the units of the data. */
  readonly params: Params;
  /** Log-likelihood of the data at `params`, summed over weighted rows. */
  readonly logLikelihood: number;
  /** Optimiser iterations used. */
  readonly iterations: number;
  /** True when at least one parameter ended on its optimiser bound. */
  readonly atBound: boolean;
  /** Names of the parameters on their bound, empty when `atBound` is false. */
  readonly parametersAtBound: readonly (keyof Params & string)[];
  /** Weighted number of customer rows the fit used. */
  readonly customers: number;
}

/** Options of a maximum likelihood fit. */
export interface FitOptions {
  /** Optimiser iteration limit. @default 500 */
  readonly maxIterations?: number;
}

/** Fitted BG/NBD and Gamma-Gamma parameters used together for predictions. */
export interface BaselineModel {
  readonly bgnbd: BgNbdParams;
  readonly gammaGamma: GammaGammaParams;
}

/**
 * Predictions for one customer over a horizon, with the fields of the deep
 * model's output. Spend values are in currency units.
 */
export interface BaselinePrediction {
  /** Probability of at least one purchase within the horizon. */
  readonly pAlive: number;
  /** Expected number of purchases within the horizon. */
  readonly expectedOrders: number;
  /** Expected spend within the horizon. */
  readonly expectedValue: number;
  /** 10th percentile of spend within the horizon. */
  readonly valueP10: number;
  /** Median spend within the horizon. */
  readonly valueP50: number;
  /** 90th percentile of spend within the horizon. */
  readonly valueP90: number;
}

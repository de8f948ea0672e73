import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";
import { diagnoseFrequencies, summariseRepeats } from "./data-traits.ts";
import { FitConvergenceError, InsufficientRepeatDataError } from "./errors.ts";
import { logAddExp } from "./log-math.ts";
import {
  describeStop,
  type LogSpaceFit,
  minimizeInLogSpace,
} from "./log-space-fit.ts";
import type {
  BgNbdParams,
  CustomerSummary,
  FitOptions,
  FitResult,
} from "./types.ts";
import { validateCustomers, validateParams } from "./validate.ts";

/**
 * Minimum weighted number of customers with a repeat purchase that
 * `fitBgNbd` accepts. Below it the four parameters are poorly identified.
 * This is a rule of thumb, not a derived limit.
 */
export const MIN_REPEAT_CUSTOMERS = 30;

/**
 * Minimum share of customers with a repeat purchase that `fitBgNbd`
 * accepts. Below it the fit mostly learns that customers do not return, and
 * dropout cannot be distinguished from a low purchase rate. This is a rule of
 * thumb, not a derived limit.
 */
export const MIN_REPEAT_SHARE = 0.02;

/** Options of `fitBgNbd`. */
export interface BgNbdFitOptions extends FitOptions {
  /** @default MIN_REPEAT_CUSTOMERS */
  readonly minRepeatCustomers?: number;
  /** @default MIN_REPEAT_SHARE */
  readonly minRepeatShare?: number;
}

const PARAM_NAMES = ["r", "alpha", "a", "b"] as const;
const START = [1, 1, 1, 1];

/**
 * Computes the BG/NBD log-likelihood (Fader, Hardie and Lee 2005, "Counting
 * your customers the easy way") of the customers, summed over rows with
 * their weights. Terms are combined in log space, so customers with many
 * purchases or long ages neither overflow nor underflow.
 *
 * @throws BaselineInputError when a customer or parameter is invalid.
 */
export function bgNbdLogLikelihood(
  params: BgNbdParams,
  customers: readonly CustomerSummary[],
): number {
  validateParams(params);
  validateCustomers(customers);
  return sumLogLikelihood(params, customers);
}

/**
 * Fits the BG/NBD model by maximum likelihood. Times are rescaled to a mean
 * age of 1 during the fit, so `alpha` comes back in the unit of the data.
 *
 * @throws BaselineInputError when a customer is invalid.
 * @throws InsufficientRepeatDataError when fewer than `minRepeatCustomers`
 *   customers, or less than `minRepeatShare` of them, made a repeat
 *   purchase.
 * @throws FitConvergenceError when the optimiser does not converge. The
 *   message names the likely data trait and what to try.
 *
 * @example
 * ```ts
 * const fit = fitBgNbd([{ x: 2, tx: 30.4, T: 38.9 }, ...]);
 * fit.params.r; // 0.2426 on the CDNOW sample in weeks
 * ```
 */
export function fitBgNbd(
  customers: readonly CustomerSummary[],
  options: BgNbdFitOptions = {},
): FitResult<BgNbdParams> {
  validateCustomers(customers);
  requireRepeatBehaviour(customers, options);
  const timeScale = meanAge(customers);
  const scaled = customers.map((c) => ({
    ...c,
    tx: c.tx / timeScale,
    T: c.T / timeScale,
  }));
  const totalWeight = summariseRepeats(customers).customers;
  const objective = (values: readonly number[]) =>
    -sumLogLikelihood(toParams(values), scaled) / totalWeight;

  const fit = minimizeInLogSpace(
    objective,
    START,
    options.maxIterations ?? 500,
  );
  if (!fit.converged) throw convergenceError(customers, fit);
  const unitless = toParams(fit.values);
  const params = { ...unitless, alpha: unitless.alpha * timeScale };

  return {
    params,
    logLikelihood: sumLogLikelihood(params, customers),
    iterations: fit.iterations,
    atBound: fit.atBound.includes(true),
    parametersAtBound: PARAM_NAMES.filter((_, i) => fit.atBound[i]),
    customers: totalWeight,
  };
}

/**
 * Sums weighted log-likelihoods. Gamma function ratios are written as
 * log-beta functions and r ln(alpha) is folded into log1p terms, so the sum
 * stays accurate when a parameter is near its bound of 1e5, where plain
 * differences of log-gamma values would lose most digits.
 */
function sumLogLikelihood(
  params: BgNbdParams,
  customers: readonly CustomerSummary[],
): number {
  const { r, alpha, a, b } = params;
  const logA = Math.log(a);
  const betaAB = betaln(a, b);
  const byCount = new Map<number, number>();
  // ln[Gamma(r + x) / Gamma(r)] + ln[B(a, b + x) / B(a, b)], cached by x.
  const countTerm = (x: number) => {
    let term = byCount.get(x);
    if (term === undefined) {
      term = gammaln(x) - betaln(r, x) + betaln(a, b + x) - betaAB;
      byCount.set(x, term);
    }
    return term;
  };

  let sum = 0;
  for (const { x, tx, T, weight = 1 } of customers) {
    // ln[alpha^r / (alpha + T)^(r + x)], the term for no purchase in (tx, T].
    const survived = -r * Math.log1p(T / alpha) - x * Math.log(alpha + T);
    if (x === 0) {
      sum += weight * survived;
      continue;
    }
    const droppedOut =
      logA -
      Math.log(b + x - 1) -
      r * Math.log1p(tx / alpha) -
      x * Math.log(alpha + tx);
    sum += weight * (countTerm(x) + logAddExp(survived, droppedOut));
  }
  return sum;
}

function requireRepeatBehaviour(
  customers: readonly CustomerSummary[],
  options: BgNbdFitOptions,
): void {
  const minCustomers = options.minRepeatCustomers ?? MIN_REPEAT_CUSTOMERS;
  const minShare = options.minRepeatShare ?? MIN_REPEAT_SHARE;
  const {
    customers: total,
    repeatCustomers,
    repeatShare,
  } = summariseRepeats(customers);
  if (repeatCustomers >= minCustomers && repeatShare >= minShare) return;

  const percent = (share: number) => `${(100 * share).toFixed(1)}%`;
  throw new InsufficientRepeatDataError(
    "Too little repeat behaviour to fit BG/NBD: " +
      `${repeatCustomers} of ${total} customers (${percent(repeatShare)}) ` +
      `made a repeat purchase, and the fit needs at least ${minCustomers} ` +
      `customers and ${percent(minShare)}. Use a longer calibration ` +
      "period or more customers.",
  );
}

function convergenceError(
  customers: readonly CustomerSummary[],
  fit: LogSpaceFit,
): FitConvergenceError {
  const trait = diagnoseFrequencies(customers);
  return new FitConvergenceError(
    `${describeStop("BG/NBD", fit)} ${trait.finding} ${trait.advice}`,
  );
}

function meanAge(customers: readonly CustomerSummary[]): number {
  let weighted = 0;
  let total = 0;
  for (const { T, weight = 1 } of customers) {
    weighted += weight * T;
    total += weight;
  }
  return weighted > 0 ? weighted / total : 1;
}

function toParams(values: readonly number[]): BgNbdParams {
  const [r = Number.NaN, alpha = Number.NaN, a = Number.NaN, b = Number.NaN] =
    values;
  return { r, alpha, a, b };
}

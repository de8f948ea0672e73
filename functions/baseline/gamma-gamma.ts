import betaln from "@stdlib/math-base-special-betaln";
import { diagnoseSpends } from "./data-traits.ts";
import {
  FitConvergenceError,
  InfiniteMeanSpendError,
  InsufficientRepeatDataError,
} from "./errors.ts";
import {
  describeStop,
  type LogSpaceFit,
  minimizeInLogSpace,
} from "./log-space-fit.ts";
import type {
  FitOptions,
  FitResult,
  GammaGammaParams,
  SpendSummary,
} from "./types.ts";
import { validateParams, validateSpend, validateSpends } from "./validate.ts";

/**
 * Minimum weighted number of customers with a repeat purchase that
 * `fitGammaGamma` accepts. This is a rule of thumb for three parameters,
 * not a derived limit.
 */
export const MIN_SPEND_CUSTOMERS = 30;

const PARAM_NAMES = ["p", "q", "gamma"] as const;
// Spends are rescaled to a mean of 1, where p = 1, q = 2, gamma = 1 gives a
// population mean spend of 1.
const START = [1, 2, 1];

/**
 * Computes the Gamma-Gamma log-likelihood (Fader, Hardie and Lee 2005, "RFM
 * and CLV: using iso-value curves for customer base analysis") of the mean
 * repeat spends, summed over rows with x >= 1 with their weights. Rows with
 * x = 0 carry no spend information and are skipped.
 *
 * @throws BaselineInputError when a row or parameter is invalid.
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  rows: readonly SpendSummary[],
): number {
  validateParams(params);
  validateSpends(rows);
  return sumLogLikelihood(
    params,
    rows.filter((row) => row.x > 0),
  );
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on the rows with
 * x >= 1 (rows with x = 0 are skipped). `meanSpend` must be the mean value
 * of the repeat transactions, the first purchase left out, because that is
 * what reproduces the published CDNOW parameters. Spends are rescaled to a
 * mean of 1 during the fit, so `gamma` comes back in currency units.
 *
 * @throws BaselineInputError when a row is invalid.
 * @throws InsufficientRepeatDataError when fewer than `MIN_SPEND_CUSTOMERS`
 *   rows have x >= 1.
 * @throws FitConvergenceError when the optimiser does not converge.
 * @throws InfiniteMeanSpendError when the fitted q is at most 1.
 */
export function fitGammaGamma(
  rows: readonly SpendSummary[],
  options: FitOptions = {},
): FitResult<GammaGammaParams> {
  validateSpends(rows);
  const repeaters = rows.filter((row) => row.x > 0);
  const totalWeight = repeaters.reduce(
    (sum, row) => sum + (row.weight ?? 1),
    0,
  );
  requireSpendCustomers(totalWeight);
  const spendScale = weightedMeanSpend(repeaters, totalWeight);
  const scaled = repeaters.map((row) => ({
    ...row,
    meanSpend: row.meanSpend / spendScale,
  }));
  const objective = (values: readonly number[]) =>
    -sumLogLikelihood(toParams(values), scaled) / totalWeight;

  const fit = minimizeInLogSpace(
    objective,
    START,
    options.maxIterations ?? 500,
  );
  if (!fit.converged) throw convergenceError(repeaters, fit);
  const unitless = toParams(fit.values);
  const params = { ...unitless, gamma: unitless.gamma * spendScale };
  requireFiniteMean(params, repeaters);

  return {
    params,
    logLikelihood: sumLogLikelihood(params, repeaters),
    iterations: fit.iterations,
    atBound: fit.atBound.includes(true),
    parametersAtBound: PARAM_NAMES.filter((_, i) => fit.atBound[i]),
    customers: totalWeight,
  };
}

/**
 * Computes the expected spend per transaction of a customer with `x` repeat
 * purchases of mean value `meanSpend`:
 * p (gamma + x meanSpend) / (p x + q - 1). With x = 0 it is the population
 * mean p gamma / (q - 1). In currency units.
 *
 * @throws BaselineInputError when a parameter or `x` is invalid.
 * @throws InfiniteMeanSpendError when q <= 1.
 */
export function conditionalExpectedSpend(
  params: GammaGammaParams,
  x: number,
  meanSpend: number,
): number {
  const { shape, rate } = spendRatePosterior(params, x, meanSpend);

  return (params.p * rate) / (shape - 1);
}

/**
 * Returns the posterior Gamma(shape, rate) of the customer's spend rate nu
 * given `x` repeat purchases of mean value `meanSpend`: shape q + p x and
 * rate gamma + x meanSpend. A transaction value is Gamma(p, nu).
 *
 * @throws BaselineInputError when a parameter or `x` is invalid.
 * @throws InfiniteMeanSpendError when q <= 1.
 */
export function spendRatePosterior(
  params: GammaGammaParams,
  x: number,
  meanSpend: number,
): { shape: number; rate: number } {
  validateParams(params);
  validateSpend({ x, meanSpend }, "customer");
  requireFiniteMean(params, []);
  const spend = x > 0 ? meanSpend : 0;

  return { shape: params.q + params.p * x, rate: params.gamma + x * spend };
}

/**
 * Sums weighted log-likelihoods. ln[Gamma(px + q) / (Gamma(px) Gamma(q))] is
 * written as -ln B(px, q), and q ln(gamma) is folded into a log1p term, so
 * the sum stays accurate when q or gamma is near its bound.
 */
function sumLogLikelihood(
  params: GammaGammaParams,
  repeaters: readonly SpendSummary[],
): number {
  const { p, q, gamma } = params;
  let sum = 0;
  for (const { x, meanSpend, weight = 1 } of repeaters) {
    const px = p * x;
    const total = x * meanSpend;
    const term =
      -betaln(px, q) +
      (px - 1) * Math.log(meanSpend) +
      px * Math.log(x) -
      q * Math.log1p(total / gamma) -
      px * Math.log(gamma + total);
    sum += weight * term;
  }
  return sum;
}

function requireSpendCustomers(weight: number): void {
  if (weight >= MIN_SPEND_CUSTOMERS) return;
  throw new InsufficientRepeatDataError(
    `Too few repeat buyers to fit Gamma-Gamma: ${weight} customers have ` +
      `x >= 1 and the fit needs at least ${MIN_SPEND_CUSTOMERS}. Use a ` +
      "longer calibration period or more customers.",
  );
}

function requireFiniteMean(
  params: GammaGammaParams,
  repeaters: readonly SpendSummary[],
): void {
  if (params.q > 1) return;
  const trait =
    repeaters.length > 0 ? ` ${diagnoseSpends(repeaters).finding}` : "";
  throw new InfiniteMeanSpendError(
    `Gamma-Gamma q = ${params.q.toPrecision(4)} is at most 1, so the ` +
      "population mean spend per transaction is infinite and no expected " +
      `value exists.${trait} ` +
      "Cap or remove extreme spends and fit again.",
  );
}

function convergenceError(
  repeaters: readonly SpendSummary[],
  fit: LogSpaceFit,
): FitConvergenceError {
  const trait = diagnoseSpends(repeaters);
  return new FitConvergenceError(
    `${describeStop("Gamma-Gamma", fit)} ${trait.finding} ${trait.advice}`,
  );
}

function weightedMeanSpend(rows: readonly SpendSummary[], total: number) {
  const sum = rows.reduce((s, row) => s + (row.weight ?? 1) * row.meanSpend, 0);
  return sum / total;
}

function toParams(values: readonly number[]): GammaGammaParams {
  const [p = Number.NaN, q = Number.NaN, gamma = Number.NaN] = values;
  return { p, q, gamma };
}

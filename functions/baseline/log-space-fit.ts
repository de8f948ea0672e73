import { type MinimizeStatus, minimizeInBox } from "./optimize.ts";

/**
 * Smallest and largest parameter value the fits allow, on the scale where
 * the data are normalised to a mean of 1 (time by the mean age, spend by the
 * mean spend). An optimum beyond them usually means the data show no
 * heterogeneity in that direction, and the fit reports the parameter as on
 * its bound.
 */
export const PARAMETER_BOUNDS = { min: 1e-5, max: 1e5 } as const;

const LOG_MIN = Math.log(PARAMETER_BOUNDS.min);
const LOG_MAX = Math.log(PARAMETER_BOUNDS.max);
// Largest projected gradient component of the mean negative log-likelihood
// accepted when the line search stalls. Stalls happen on flat ridges towards
// a bound, where rounding noise in the likelihood hides further progress.
// The CDNOW fits converge properly, with gradients below 1e-9. This limit
// is a judgement call for degenerate data, not a derived one.
const ACCEPTED_GRADIENT = 1e-5;

/** Result of `minimizeInLogSpace`, with parameters on their natural scale. */
export interface LogSpaceFit {
  /** Parameter values, inside `PARAMETER_BOUNDS`. */
  readonly values: readonly number[];
  /** Whether each parameter ended on a bound. */
  readonly atBound: readonly boolean[];
  readonly iterations: number;
  /** Whether the optimiser reached a maximum of the likelihood. */
  readonly converged: boolean;
  /** Largest projected gradient component at the end, for messages. */
  readonly gradientNorm: number;
  /** Reason the optimiser stopped. */
  readonly status: MinimizeStatus;
}

/**
 * Minimises a mean negative log-likelihood over positive parameters by
 * projected BFGS on their logarithms, within `PARAMETER_BOUNDS`.
 *
 * @param meanNegativeLogLikelihood objective on the natural scale, scaled to
 *   be of order 1 (divide the sum by the total weight).
 * @param start starting values on the natural scale, inside the bounds.
 */
export function minimizeInLogSpace(
  meanNegativeLogLikelihood: (values: readonly number[]) => number,
  start: readonly number[],
  maxIterations: number,
): LogSpaceFit {
  const result = minimizeInBox(
    (logValues) => meanNegativeLogLikelihood(logValues.map(Math.exp)),
    start.map(Math.log),
    { lower: LOG_MIN, upper: LOG_MAX, maxIterations },
  );
  const gradientNorm = Math.max(...result.projectedGradient.map(Math.abs));
  const converged =
    result.status === "converged" ||
    (Number.isFinite(result.value) && gradientNorm <= ACCEPTED_GRADIENT);

  return {
    values: result.x.map(Math.exp),
    atBound: result.x.map((value) => value <= LOG_MIN || value >= LOG_MAX),
    iterations: result.iterations,
    converged,
    gradientNorm,
    status: result.status,
  };
}

/**
 * Returns the sentence that opens a `FitConvergenceError` message for a fit
 * that did not converge, such as "The BG/NBD fit did not converge within 500
 * iterations (largest gradient component 0.0123)."
 */
export function describeStop(model: string, fit: LogSpaceFit): string {
  const gradient = fit.gradientNorm.toPrecision(3);
  const plural = fit.iterations === 1 ? "" : "s";
  const iterations = `${fit.iterations} iteration${plural}`;
  if (fit.status === "stalled") {
    return (
      `The ${model} fit stalled after ${iterations} with a ` +
      `largest gradient component of ${gradient}.`
    );
  }
  return (
    `The ${model} fit did not converge within ${iterations} ` +
    `(largest gradient component ${gradient}).`
  );
}

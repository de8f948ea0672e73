import { ValuecastError } from "#shared/errors.ts";

/**
 * Base class of the errors raised by the BG/NBD and Gamma-Gamma baseline.
 *
 * @example
 * ```ts
 * try {
 *   fitBgNbd(customers);
 * } catch (error) {
 *   if (error instanceof BaselineError) console.error(error.message);
 * }
 * ```
 */
export class BaselineError extends ValuecastError {
  override name = "BaselineError";
}

/**
 * An input value is invalid: a customer summary, a parameter set or a
 * horizon. `field` names the value, such as `customers[3].tx`.
 */
export class BaselineInputError extends BaselineError {
  override name = "BaselineInputError";
  /** Path of the invalid value, such as `customers[3].tx` or `params.r`. */
  readonly field: string;

  constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.field = field;
  }
}

/**
 * The data has too little repeat behaviour for a maximum likelihood fit,
 * so the fit is rejected instead of returning poorly identified parameters.
 */
export class InsufficientRepeatDataError extends BaselineError {
  override name = "InsufficientRepeatDataError";
}

/**
 * The optimiser stopped before it reached a maximum of the likelihood. The
 * message names the data trait most likely to blame and what to try.
 */
export class FitConvergenceError extends BaselineError {
  override name = "FitConvergenceError";
}

/**
 * The Gamma-Gamma fit gave q <= 1, so the model's population mean spend per
 * transaction is infinite and no finite expected value exists.
 */
export class InfiniteMeanSpendError extends BaselineError {
  override name = "InfiniteMeanSpendError";
}

/**
 * A hypergeometric series did not reach its tolerance within the term limit,
 * which happens when its argument is very close to 1.
 */
export class SeriesConvergenceError extends BaselineError {
  override name = "SeriesConvergenceError";
}

import { ValuecastError } from "#shared/errors.ts";

/**
 * Base class of the errors raised by the evaluation metrics.
 *
 * @example
 * ```ts
 * try {
 *   evaluatePredictions(inputs);
 * } catch (error) {
 *   if (error instanceof EvaluationError) console.error(error.message);
 * }
 * ```
 */
export class EvaluationError extends ValuecastError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EvaluationError";
  }
}

/**
 * Raised when metric inputs have mismatched lengths, no values, non-finite
 * values or values outside their domain. The message names the input, the
 * index of the first bad value and what to change.
 */
export class InvalidMetricInputError extends EvaluationError {
  /** Name of the input that failed validation, such as `actualValue`. */
  readonly input: string;

  constructor(input: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidMetricInputError";
    this.input = input;
  }
}

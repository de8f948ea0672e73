import { EvaluationError } from "../errors.ts";

/** Base class of the errors raised while rendering the evaluation report. */
export class ReportError extends EvaluationError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ReportError";
  }
}

/**
 * Raised when the report data has an inconsistent shape, such as a series
 * whose x and y differ in length. The message names the field.
 */
export class InvalidReportDataError extends ReportError {
  /** Path of the field that failed validation, such as `gain[1]`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`Invalid report data at ${field}: ${message}`);
    this.name = "InvalidReportDataError";
    this.field = field;
  }
}

/**
 * Base class of every error valuecast raises on purpose. The message names
 * the bad value and what to do; `cause` keeps the low-level error, if any.
 */
export class ValuecastError extends Error {
  override name = "ValuecastError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An option, environment variable or configuration file is invalid. */
export class ConfigError extends ValuecastError {
  override name = "ConfigError";
}

/** An input file or folder cannot be used at all (not a row-level problem). */
export class InputError extends ValuecastError {
  override name = "InputError";
}

/** A required external program (such as Python with PyTorch) is missing. */
export class DependencyError extends ValuecastError {
  override name = "DependencyError";
}

import { ConfigError, InputError } from "#shared/errors.ts";

/**
 * A file's dates can be read day-first or month-first and no date format
 * was declared, or its rows disagree on the order.
 */
export class AmbiguousDatesError extends InputError {
  override name = "AmbiguousDatesError";
}

/** A mapping file is unreadable, has an unknown key or misses a column. */
export class MappingError extends ConfigError {
  override name = "MappingError";
}

/** An ingestion setting or its environment variable is invalid. */
export class IngestSettingsError extends ConfigError {
  override name = "IngestSettingsError";
}

/** A source file is not UTF-8 text (Latin-1, UTF-16 or binary). */
export class EncodingError extends InputError {
  override name = "EncodingError";
}

/**
 * The lake was built with another e-mail pseudonym key, so the same
 * address would become two customers.
 */
export class HmacKeyMismatchError extends ConfigError {
  override name = "HmacKeyMismatchError";
}

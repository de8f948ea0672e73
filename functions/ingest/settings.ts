import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseCutoff } from "./cutoff.ts";
import { IngestSettingsError } from "./errors.ts";
import { type DecimalSeparator, decimalSeparatorSchema } from "./numbers.ts";
import { DATE_FORMATS, type DateFormat } from "./timestamps.ts";

/** Environment variable with the key of e-mail pseudonyms. */
export const HMAC_KEY_VARIABLE = "VALUECAST_ID_HMAC_KEY";
/**
 * Key used when none is configured outside production. It is public, so
 * pseudonyms made with it can be reversed by guessing addresses: fine for
 * trying valuecast on a laptop, never for real customers.
 */
export const DEVELOPMENT_HMAC_KEY = "valuecast-development-key-not-secret";
const MIN_KEY_LENGTH = 32;

const delimiter = z
  .string()
  .transform((value) => (value === "tab" || value === "\\t" ? "\t" : value))
  .pipe(z.string().length(1, "must be one character, or tab"));

const schema = z
  .object({
    dateFormat: z
      .enum(DATE_FORMATS as [DateFormat, ...DateFormat[]])
      .optional(),
    mapping: z.string().min(1).optional(),
    cutoff: z.string().min(1).optional(),
    amountCap: z.coerce.number().positive().optional(),
    extremeFactor: z.coerce.number().gt(1).default(10),
    extremeMinOrders: z.coerce.number().int().min(2).default(4),
    conversionRates: z.string().min(1).optional(),
    delimiter: delimiter.optional(),
    quote: z.string().length(1).optional(),
    decimalSeparator: decimalSeparatorSchema.optional(),
    production: z.boolean().default(false),
  })
  .strict();

const ratesSchema = z.record(
  z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR"),
  z.number().positive(),
);

/** Raw ingestion settings, as CLI options give them. */
export type IngestSettingsInput = z.input<typeof schema>;

/** Ingestion settings after validation. */
export interface IngestSettings {
  /** Declared date format; null keeps the preset's or the mapping's. */
  dateFormat: DateFormat | null;
  /** Path of a mapping file, or null. */
  mapping: string | null;
  /** Export cutoff as given (parsed in the shop's zone), or null. */
  cutoff: string | null;
  /** Orders above this value are flagged `above_cap`; null flags none. */
  amountCap: number | null;
  /**
   * An order worth more than `extremeFactor` times the median of its
   * customer's orders is reported as extreme, for customers with at least
   * `extremeMinOrders` orders.
   */
  extremeFactor: number;
  extremeMinOrders: number;
  /** Shop-currency value of one unit of each listed currency, or null. */
  conversionRates: Record<string, number> | null;
  delimiter: string | null;
  quote: string | null;
  /** Decimal separator of amounts and quantities, or null for a point. */
  decimalSeparator: DecimalSeparator | null;
  hmacKey: string;
  /** True when `hmacKey` is the public development key. */
  developmentKey: boolean;
}

/**
 * Validates ingestion settings once, at start-up, and reads the conversion
 * table they name (JSON: `{"EUR": 1.08}` gives the shop-currency value of
 * one euro). Production is `production: true` or `NODE_ENV=production`.
 *
 * @throws IngestSettingsError naming the first invalid setting, or the
 *   HMAC key variable when production runs without a key.
 */
export function loadIngestSettings(
  input: IngestSettingsInput,
  env: NodeJS.ProcessEnv = process.env,
): IngestSettings {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key =
      issue?.code === "unrecognized_keys"
        ? issue.keys.join(", ")
        : issue?.path.join(".") || "settings";
    const value = (input as Record<string, unknown>)[key];
    const shown = value === undefined ? "" : ` = ${JSON.stringify(value)}`;
    throw new IngestSettingsError(
      `Invalid setting ${key}${shown}: ${issue?.message}.`,
    );
  }
  const value = parsed.data;
  if (value.cutoff !== undefined) parseCutoff(value.cutoff, "UTC");
  const production = value.production || env.NODE_ENV === "production";
  return {
    dateFormat: value.dateFormat ?? null,
    mapping: value.mapping ?? null,
    cutoff: value.cutoff ?? null,
    amountCap: value.amountCap ?? null,
    extremeFactor: value.extremeFactor,
    extremeMinOrders: value.extremeMinOrders,
    conversionRates:
      value.conversionRates === undefined
        ? null
        : readRates(value.conversionRates),
    delimiter: value.delimiter ?? null,
    quote: value.quote ?? null,
    decimalSeparator: value.decimalSeparator ?? null,
    ...resolveHmacKey(env, production),
  };
}

/**
 * Returns the HMAC key of e-mail pseudonyms from `VALUECAST_ID_HMAC_KEY`,
 * or the development key outside production.
 *
 * @throws IngestSettingsError when production has no key, or a key is
 *   shorter than 32 characters.
 */
export function resolveHmacKey(
  env: NodeJS.ProcessEnv,
  production: boolean,
): { hmacKey: string; developmentKey: boolean } {
  const key = env[HMAC_KEY_VARIABLE];
  if (key === undefined || key === "") {
    if (production) {
      throw new IngestSettingsError(
        `${HMAC_KEY_VARIABLE} is not set: production ingestion needs a ` +
          `secret key of at least ${MIN_KEY_LENGTH} characters to ` +
          "pseudonymise e-mail customer ids.",
      );
    }
    return { hmacKey: DEVELOPMENT_HMAC_KEY, developmentKey: true };
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new IngestSettingsError(
      `${HMAC_KEY_VARIABLE} is too short: use a random secret of at least ` +
        `${MIN_KEY_LENGTH} characters.`,
    );
  }
  return { hmacKey: key, developmentKey: false };
}

function readRates(path: string): Record<string, number> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new IngestSettingsError(
      `Conversion table ${path} ${code === "ENOENT" ? "not found" : "not readable"}: ` +
        "check the path given to --conversion-rates.",
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new IngestSettingsError(
      `Conversion table ${path} cannot be read as JSON: ` +
        `${(error as Error).message}.`,
      { cause: error },
    );
  }
  const parsed = ratesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IngestSettingsError(
      `Conversion table ${path}: invalid entry ${issue?.path.join(".") || ""}: ` +
        `${issue?.message}. Write {"EUR": 1.08} for the shop-currency ` +
        "value of one euro.",
    );
  }
  return parsed.data;
}

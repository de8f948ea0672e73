import { z } from "zod";
import {
  DEFAULT_SUFFICIENCY,
  type SufficiencyThresholds,
} from "#features/sufficiency.ts";
import {
  DEFAULT_PROMOTION_RULES,
  PRIMARY_METRICS,
  type PrimaryMetric,
} from "#training/promotion.ts";
import { currencySchema } from "./currency.ts";
import { parseDay } from "./dates.ts";
import { ConfigError } from "./errors.ts";
import { timeZoneSchema } from "./time-zone.ts";

/** Settings of one local run, after validation. Days count from 1970-01-01. */
export interface RunConfig {
  orders: string;
  format: string;
  horizonDays: number;
  /** As-of day; null means the day of the last order. */
  asOfDay: number | null;
  workdir: string;
  seed: number;
  /** IANA zone in which timestamps without an offset are read. */
  timeZone: string;
  /** ISO 4217 code of the shop; null accepts any currency. */
  currency: string | null;
  maxOrders: number;
  epochs: number;
  /** Python interpreter to train with; null searches for one. */
  python: string | null;
  promotion: {
    primaryMetric: PrimaryMetric;
    margin: number;
    spendErrorTolerance: number;
  };
  /** Minimum data before the cutoff that training accepts. */
  sufficiency: SufficiencyThresholds;
}

const schema = z
  .object({
    orders: z.string().min(1, "must not be empty"),
    format: z.string().min(1, "must not be empty"),
    horizonDays: z.coerce
      .number()
      .int("must be a whole number")
      .min(7, "must be at least 7")
      .max(3650, "must be at most 3650")
      .default(365),
    asOf: z.string().optional(),
    workdir: z
      .string()
      .min(1, "must be at least 1")
      .default("./valuecast-data"),
    seed: z.coerce
      .number()
      .int("must be a whole number")
      .min(0, "must be at least 0")
      .max(2 ** 31 - 1, "must be at most 2147483647")
      .default(1),
    timeZone: timeZoneSchema.default("UTC"),
    currency: currencySchema.optional(),
    maxOrders: z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(512, "must be at most 512")
      .default(32),
    epochs: z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(1000, "must be at most 1000")
      .default(40),
    python: z.string().min(1, "must not be empty").optional(),
    promotionMetric: z
      .enum(Object.keys(PRIMARY_METRICS) as [PrimaryMetric, ...PrimaryMetric[]])
      .default(DEFAULT_PROMOTION_RULES.primaryMetric),
    promotionMargin: z.coerce
      .number()
      .min(0, "must be at least 0")
      .max(1, "must be at most 1")
      .default(DEFAULT_PROMOTION_RULES.margin),
    spendErrorTolerance: z.coerce
      .number()
      .min(0, "must be at least 0")
      .max(10, "must be at most 10")
      .default(DEFAULT_PROMOTION_RULES.spendErrorTolerance),
    minCustomers: z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .default(DEFAULT_SUFFICIENCY.minCustomers),
    minRepeatCustomers: z.coerce
      .number()
      .int("must be a whole number")
      .min(0, "must be at least 0")
      .default(DEFAULT_SUFFICIENCY.minRepeatCustomers),
    minHistoryDays: z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .default(DEFAULT_SUFFICIENCY.minHistoryDays),
  })
  .strict();

/**
 * Parses settings with a schema.
 *
 * @throws ConfigError naming the first invalid setting, its value and rule.
 */
function parseOrThrow<T extends z.ZodType>(
  settings: T,
  input: unknown,
): z.output<T> {
  const parsed = settings.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? "");
  if (key === "") {
    throw new ConfigError(`Invalid settings: ${issue?.message}.`);
  }
  const value = (input as Record<string, unknown>)[key];
  const shown = value === undefined ? "" : ` ${JSON.stringify(value)}`;
  throw new ConfigError(
    `Invalid ${optionName(key)}${shown}: ${issue?.message}.`,
  );
}

/** Returns the command-line spelling of a setting: `horizonDays` is `--horizon-days`. */
function optionName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Raw settings as they come from CLI options and the environment. */
export type RunConfigInput = z.input<typeof schema>;

/**
 * Validates run settings in one place. `VALUECAST_PYTHON` in `env` sets the
 * interpreter when the options do not.
 *
 * @throws ConfigError naming the first invalid setting and its rule.
 */
export function loadRunConfig(
  input: RunConfigInput,
  env: NodeJS.ProcessEnv = process.env,
): RunConfig {
  const withEnv = {
    ...input,
    python: input.python ?? (env.VALUECAST_PYTHON || undefined),
  };
  const value = parseOrThrow(schema, withEnv);
  return {
    orders: value.orders,
    format: value.format,
    horizonDays: value.horizonDays,
    asOfDay: value.asOf === undefined ? null : parseDay(value.asOf, "as-of"),
    workdir: value.workdir,
    seed: value.seed,
    timeZone: value.timeZone,
    currency: value.currency ?? null,
    maxOrders: value.maxOrders,
    epochs: value.epochs,
    python: value.python ?? null,
    promotion: {
      primaryMetric: value.promotionMetric,
      margin: value.promotionMargin,
      spendErrorTolerance: value.spendErrorTolerance,
    },
    sufficiency: {
      minCustomers: value.minCustomers,
      minRepeatCustomers: value.minRepeatCustomers,
      minHistoryDays: value.minHistoryDays,
    },
  };
}

/** Settings of `valuecast baseline`, after validation. */
export interface BaselineConfig {
  orders: string;
  format: string;
  workdir: string;
  timeZone: string;
  currency: string | null;
  calibrationEndDay: number;
  /** End of the holdout, or null to fit without evaluating. */
  holdoutEndDay: number | null;
  timeUnit: "day" | "week";
}

const baselineSchema = z
  .object({
    orders: z.string().min(1, "must not be empty"),
    format: z.string().min(1, "must not be empty"),
    workdir: z
      .string()
      .min(1, "must be at least 1")
      .default("./valuecast-data"),
    timeZone: schema.shape.timeZone,
    currency: schema.shape.currency,
    calibrationEnd: z.string(),
    holdoutEnd: z.string().optional(),
    timeUnit: z.enum(["day", "week"], "must be day or week").default("week"),
  })
  .strict();

/**
 * Validates the settings of a baseline fit.
 *
 * @throws ConfigError naming the first invalid setting, or a holdout end
 *   that is not after the calibration end.
 */
export function loadBaselineConfig(
  input: z.input<typeof baselineSchema>,
): BaselineConfig {
  const value = parseOrThrow(baselineSchema, input);
  const calibrationEndDay = parseDay(value.calibrationEnd, "calibration end");
  const holdoutEndDay =
    value.holdoutEnd === undefined
      ? null
      : parseDay(value.holdoutEnd, "holdout end");
  if (holdoutEndDay !== null && holdoutEndDay <= calibrationEndDay) {
    throw new ConfigError(
      `Invalid holdout end ${value.holdoutEnd}: it must be after the ` +
        `calibration end ${value.calibrationEnd}.`,
    );
  }
  return {
    orders: value.orders,
    format: value.format,
    workdir: value.workdir,
    timeZone: value.timeZone,
    currency: value.currency ?? null,
    calibrationEndDay,
    holdoutEndDay,
    timeUnit: value.timeUnit,
  };
}

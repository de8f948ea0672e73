import { basename } from "node:path";
import { z } from "zod";
import { currencySchema } from "#shared/currency.ts";
import { ConfigError } from "#shared/errors.ts";
import { canonicalTimeZone, timeZoneSchema } from "#shared/time-zone.ts";
import { getPreset } from "./presets/index.ts";
import { loadMapping, type MappingPreset } from "./presets/mapping.ts";
import type { Preset } from "./presets/types.ts";
import {
  type IngestSettings,
  type IngestSettingsInput,
  loadIngestSettings,
} from "./settings.ts";

/** Time zone of timestamps without an offset when no option or mapping sets one. */
export const DEFAULT_TIME_ZONE = "UTC";

/**
 * The options that control how order exports are read, as the command
 * line gives them, before validation.
 */
export interface OrderSourceInput {
  /** Preset name. Exactly one of `format` and `mapping` must be given. */
  format?: string;
  /** Path of a mapping file. */
  mapping?: string;
  dateFormat?: string;
  cutoff?: string;
  amountCap?: string | number;
  extremeFactor?: string | number;
  conversionRates?: string;
  delimiter?: string;
  decimalSeparator?: string;
  production?: boolean;
  timeZone?: string;
  currency?: string;
}

/** How to read the order exports, with every setting validated. */
export interface OrderSource {
  /** The preset name, or "mapping" for a mapping file. */
  format: string;
  preset: Preset;
  settings: IngestSettings;
  /** IANA zone of timestamps without an offset. */
  timeZone: string;
  /** ISO 4217 code of the shop, or null to accept any currency. */
  currency: string | null;
}

const shopSchema = z.object({
  timeZone: timeZoneSchema.optional(),
  currency: currencySchema.optional(),
});

const SHOP_OPTIONS = { timeZone: "--time-zone", currency: "--currency" };

/**
 * Reads and validates the source options of a command: the preset or the
 * mapping file, and the reading settings. Every command-line value is
 * validated, with or without a mapping file. A setting given both as an
 * option and in the mapping file must have the same value in both.
 *
 * @throws ConfigError when neither or both of --format and --mapping are
 *   given, an option value is invalid, or an option differs from the
 *   mapping file.
 * @throws MappingError when the mapping file is missing or invalid.
 * @throws IngestSettingsError from the ingestion settings.
 */
export async function loadOrderSource(
  input: OrderSourceInput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OrderSource> {
  const { format, timeZone, currency, ...settingsInput } = input;
  if (!format === !input.mapping) {
    throw new ConfigError("Pass either --format or --mapping.");
  }
  const shop = parseShopOptions({ timeZone, currency });
  // The settings schema validates the strings, such as the date format.
  const settings = loadIngestSettings(
    settingsInput as IngestSettingsInput,
    env,
  );
  if (input.mapping === undefined) {
    return {
      format: format as string,
      preset: getPreset(format as string),
      settings,
      timeZone: shop.timeZone ?? DEFAULT_TIME_ZONE,
      currency: shop.currency ?? null,
    };
  }

  const mapping = await loadMapping(input.mapping);
  checkAgreement(input, settings, shop, mapping, basename(input.mapping));
  return {
    format: "mapping",
    preset: mapping.preset,
    settings: {
      ...settings,
      delimiter: settings.delimiter ?? mapping.dialect.delimiter ?? null,
      quote: mapping.dialect.quote ?? null,
      decimalSeparator:
        settings.decimalSeparator ?? mapping.dialect.decimalSeparator ?? null,
    },
    timeZone: mapping.timeZone ?? shop.timeZone ?? DEFAULT_TIME_ZONE,
    currency: mapping.currency ?? shop.currency ?? null,
  };
}

/**
 * Validates --time-zone and --currency.
 *
 * @throws ConfigError naming the option, its value and the rule.
 */
function parseShopOptions(
  input: z.input<typeof shopSchema>,
): z.output<typeof shopSchema> {
  const parsed = shopSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path[0] as keyof typeof SHOP_OPTIONS;
  throw new ConfigError(
    `Invalid ${SHOP_OPTIONS[key]} ${JSON.stringify(input[key])}: ` +
      `${issue?.message}.`,
  );
}

/** A setting given both as an option and in a mapping file, with both values. */
interface SharedSetting {
  option: string;
  key: string;
  /** The option's value as typed, for the message. */
  typed: unknown;
  /** The option's value after validation, or null when not given. */
  optionValue: string | null | undefined;
  fileValue: string | null | undefined;
  /** Compares the two values, with strict equality when absent. */
  equal?: (optionValue: string, fileValue: string) => boolean;
}

/**
 * Checks that every setting given both as an option and in the mapping
 * file has one value. Options have been validated and normalised before,
 * so `tab` and `"\t"` or `eur` and `EUR` agree.
 *
 * @throws ConfigError listing every setting whose values differ, with
 *   both values and the fix.
 */
function checkAgreement(
  input: OrderSourceInput,
  settings: IngestSettings,
  shop: z.output<typeof shopSchema>,
  mapping: MappingPreset,
  file: string,
): void {
  const shared: SharedSetting[] = [
    {
      option: "--date-format",
      key: "dateFormat",
      typed: input.dateFormat,
      optionValue: settings.dateFormat,
      fileValue: mapping.dateFormat,
    },
    {
      option: "--time-zone",
      key: "timeZone",
      typed: input.timeZone,
      optionValue: shop.timeZone,
      fileValue: mapping.timeZone,
      equal: (a, b) => canonicalTimeZone(a) === canonicalTimeZone(b),
    },
    {
      option: "--currency",
      key: "currency",
      typed: input.currency,
      optionValue: shop.currency,
      fileValue: mapping.currency,
    },
    {
      option: "--delimiter",
      key: "delimiter",
      typed: input.delimiter,
      optionValue: settings.delimiter,
      fileValue: mapping.dialect.delimiter,
    },
    {
      option: "--decimal-separator",
      key: "decimalSeparator",
      typed: input.decimalSeparator,
      optionValue: settings.decimalSeparator,
      fileValue: mapping.dialect.decimalSeparator,
    },
  ];
  const conflicts = shared.filter(({ optionValue, fileValue, equal }) => {
    if (optionValue == null || fileValue == null) return false;
    return !(equal ?? ((a, b) => a === b))(optionValue, fileValue);
  });
  if (conflicts.length === 0) return;
  const pairs = conflicts.map(
    (setting) =>
      `${setting.option} ${JSON.stringify(setting.typed)} against ` +
      `"${setting.key}": ${JSON.stringify(setting.fileValue)}`,
  );
  const options = conflicts.map((setting) => setting.option);
  const listed =
    options.length === 1
      ? options[0]
      : `${options.slice(0, -1).join(", ")} and ${options.at(-1)}`;
  throw new ConfigError(
    `The options and the mapping file ${file} give different values: ` +
      `${pairs.join(", ")}. Remove ${listed} to use the file's ` +
      "values, or give the same value in both places.",
  );
}

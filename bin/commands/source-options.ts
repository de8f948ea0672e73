import type { Command, OptionValues } from "commander";
import { getPreset } from "#ingest/presets/index.ts";
import { loadMapping } from "#ingest/presets/mapping.ts";
import type { Preset } from "#ingest/presets/types.ts";
import { type IngestSettings, loadIngestSettings } from "#ingest/settings.ts";
import { ConfigError } from "#shared/errors.ts";
import {
  currencyOption,
  decimal,
  FORMATS_HELP as formats,
  timeZoneOption,
} from "./options.ts";

/** How to read the order exports, from a preset or a mapping file. */
export interface OrderSource {
  /** The preset name, or "mapping" for a mapping file. */
  format: string;
  preset: Preset;
  settings: IngestSettings;
  timeZone: string;
  currency: string | undefined;
}

/** Adds the options that control how order exports are read. */
export function addSourceOptions(command: Command): Command {
  return command
    .requiredOption("--orders <path>", "order export file, or folder of files")
    .option("--format <preset>", `export layout (${formats})`)
    .option(
      "--mapping <file>",
      "JSON file naming the source columns, date format, zone and currency " +
        "(instead of --format)",
    )
    .option(
      "--date-format <format>",
      "order time format: iso, yyyymmdd, dmy, mdy or auto (default: the " +
        "preset's)",
    )
    .option(
      "--cutoff <time>",
      "export cutoff (ISO 8601 date or time); later orders are excluded",
    )
    .option(
      "--amount-cap <value>",
      "flag orders above this value, in the shop's currency (default: no cap)",
    )
    .option(
      "--extreme-factor <n>",
      "report orders above n times their customer's median value",
      decimal,
      10,
    )
    .option(
      "--conversion-rates <file>",
      'JSON of shop-currency values of other currencies, e.g. {"EUR": 1.08}',
    )
    .option("--delimiter <char>", "CSV delimiter, or tab (default: detected)")
    .option(
      "--decimal-separator <char>",
      'decimal separator of amounts and quantities: "." (12.50) or "," ' +
        '(12,50 and 1.234,50) (default: ".")',
    )
    .option(
      "--production",
      "require VALUECAST_ID_HMAC_KEY (also set by NODE_ENV=production)",
    )
    .addOption(timeZoneOption())
    .addOption(currencyOption());
}

/**
 * Reads the source options: the preset or mapping file, and the validated
 * ingestion settings. A mapping file's zone and currency win over the
 * options.
 *
 * @throws ConfigError when neither or both of --format and --mapping are given.
 */
export async function resolveSource(
  options: OptionValues,
): Promise<OrderSource> {
  if (!options.format === !options.mapping) {
    throw new ConfigError("Pass either --format or --mapping.");
  }
  const mapping = options.mapping ? await loadMapping(options.mapping) : null;
  const settings = loadIngestSettings({
    dateFormat: options.dateFormat,
    mapping: options.mapping,
    cutoff: options.cutoff,
    amountCap: options.amountCap,
    extremeFactor: options.extremeFactor,
    conversionRates: options.conversionRates,
    delimiter: options.delimiter ?? mapping?.dialect.delimiter,
    quote: mapping?.dialect.quote,
    decimalSeparator:
      options.decimalSeparator ?? mapping?.dialect.decimalSeparator,
    production: options.production === true,
  });
  return {
    format: options.format ?? "mapping",
    preset: mapping?.preset ?? getPreset(options.format),
    settings,
    timeZone: mapping?.timeZone ?? options.timeZone,
    currency: mapping?.currency ?? options.currency,
  };
}

import type { Command, OptionValues } from "commander";
import {
  DEFAULT_TIME_ZONE,
  loadOrderSource,
  type OrderSource,
} from "#ingest/order-source.ts";
import { decimal, FORMATS_HELP as formats } from "./options.ts";

/**
 * Adds the options that control how order exports are read, shared by
 * every command that ingests them.
 */
export function addSourceOptions(command: Command): Command {
  return command
    .requiredOption("--orders <path>", "order export file, or folder of files")
    .option("--format <preset>", `export layout (${formats})`)
    .option(
      "--mapping <file>",
      "JSON file naming the source columns and optionally the date format, " +
        "time zone, currency, delimiter and decimal separator (instead of " +
        "--format). An option that the file also sets must have the same " +
        "value in both places",
    )
    .option(
      "--date-format <format>",
      "order time format: iso, yyyymmdd, dmy, mdy or auto (default: the " +
        "preset's or the mapping file's)",
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
    .option(
      "--delimiter <char>",
      "CSV delimiter, or tab (default: the mapping file's, else detected)",
    )
    .option(
      "--decimal-separator <char>",
      'decimal separator of amounts and quantities: "." (12.50) or "," ' +
        '(12,50 and 1.234,50) (default: the mapping file\'s, else ".")',
    )
    .option(
      "--production",
      "require VALUECAST_ID_HMAC_KEY (also set by NODE_ENV=production)",
    )
    .option(
      "--time-zone <zone>",
      "IANA zone of timestamps without an offset (default: the mapping " +
        `file's, else ${DEFAULT_TIME_ZONE})`,
    )
    .option(
      "--currency <code>",
      "shop currency (ISO 4217); rows in another one are quarantined " +
        "unless --conversion-rates covers it (default: the mapping file's, " +
        "else any currency)",
    );
}

/**
 * Reads the source options of a parsed command into validated settings.
 *
 * @throws ConfigError from `loadOrderSource`.
 */
export function resolveSource(options: OptionValues): Promise<OrderSource> {
  return loadOrderSource({
    format: options.format,
    mapping: options.mapping,
    dateFormat: options.dateFormat,
    cutoff: options.cutoff,
    amountCap: options.amountCap,
    extremeFactor: options.extremeFactor,
    conversionRates: options.conversionRates,
    delimiter: options.delimiter,
    decimalSeparator: options.decimalSeparator,
    production: options.production === true,
    timeZone: options.timeZone,
    currency: options.currency,
  });
}

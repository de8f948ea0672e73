import type { Command } from "commander";
import { ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import { loadMapping } from "#ingest/presets/mapping.ts";
import { loadIngestSettings } from "#ingest/settings.ts";
import { loadRunConfig } from "#shared/config.ts";
import { ConfigError } from "#shared/errors.ts";
import { ConsoleReporter } from "#shared/progress.ts";
import {
  currencyOption,
  FORMATS_HELP as formats,
  timeZoneOption,
} from "./options.ts";

/** Adds `valuecast ingest`: orders into the lake, new files only. */
export function registerIngestCommand(program: Command): void {
  program
    .command("ingest")
    .description(
      "Ingest order files into the lake, skipping files already in it.",
    )
    .requiredOption("--orders <path>", "order export file, or folder of files")
    .option("--format <preset>", `export layout (${formats})`)
    .option(
      "--mapping <file>",
      "JSON file naming the source columns, date format, zone and currency " +
        "(instead of --format)",
    )
    .option("--workdir <dir>", "folder of the lake", "./valuecast-data")
    .option(
      "--date-format <format>",
      "order time format: iso, yyyymmdd, dmy, mdy or auto (default: the " +
        "preset's)",
    )
    .option(
      "--cutoff <time>",
      "export cutoff (ISO 8601 date or time); later orders are excluded",
    )
    .option("--amount-cap <value>", "flag orders above this value")
    .option(
      "--extreme-factor <n>",
      "report orders above n times their customer's median value",
      "10",
    )
    .option(
      "--conversion-rates <file>",
      'JSON of shop-currency values of other currencies, e.g. {"EUR": 1.08}',
    )
    .option("--delimiter <char>", "CSV delimiter, or tab (default: detected)")
    .option(
      "--production",
      "require VALUECAST_ID_HMAC_KEY (also set by NODE_ENV=production)",
    )
    .addOption(timeZoneOption())
    .addOption(currencyOption())
    .option("--json", "print one JSON report on stdout instead of text")
    .action(async (options) => {
      if (!options.format === !options.mapping) {
        throw new ConfigError("Pass either --format or --mapping.");
      }
      const mapping = options.mapping
        ? await loadMapping(options.mapping)
        : null;
      const settings = loadIngestSettings({
        dateFormat: options.dateFormat,
        mapping: options.mapping,
        cutoff: options.cutoff,
        amountCap: options.amountCap,
        extremeFactor: options.extremeFactor,
        conversionRates: options.conversionRates,
        delimiter: options.delimiter ?? mapping?.dialect.delimiter,
        quote: mapping?.dialect.quote,
        production: options.production === true,
      });
      const config = loadRunConfig({
        orders: options.orders,
        format: options.format ?? "mapping",
        workdir: options.workdir,
        timeZone: mapping?.timeZone ?? options.timeZone,
        currency: mapping?.currency ?? options.currency,
      });
      const preset = mapping?.preset ?? getPreset(config.format);
      const report = await ingestOrders(config.orders, {
        workdir: config.workdir,
        preset,
        rules: { dateFormat: preset.dateFormat, currency: config.currency },
        timeZone: config.timeZone,
        reporter: new ConsoleReporter(),
        settings,
      });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(report)}\n`
          : `${report.rowsRead} rows read, ${report.ordersIngested} orders ` +
              `ingested, ${report.duplicatesMerged} duplicates merged, ` +
              `${report.rowsQuarantined} quarantined; report in ` +
              `${report.reportFile}\n`,
      );
    });
}

import type { Command } from "commander";
import { ingestOrders } from "#ingest/ingest.ts";
import { formatIngestSummary, formatRejections } from "#ingest/summary.ts";
import { loadRunConfig } from "#shared/config.ts";
import { ConsoleReporter } from "#shared/progress.ts";
import { addSourceOptions, resolveSource } from "./source-options.ts";

/** Adds `valuecast ingest`: orders into the lake, new files only. */
export function registerIngestCommand(program: Command): void {
  addSourceOptions(
    program
      .command("ingest")
      .description(
        "Ingest order files into the lake, skipping files already in it.",
      ),
  )
    .option("--workdir <dir>", "folder of the lake", "./valuecast-data")
    .option("--json", "print one JSON report on stdout instead of text")
    .action(async (options) => {
      const source = await resolveSource(options);
      const config = loadRunConfig({
        orders: options.orders,
        format: source.format,
        workdir: options.workdir,
        timeZone: source.timeZone,
        currency: source.currency ?? undefined,
      });
      const report = await ingestOrders(config.orders, {
        workdir: config.workdir,
        preset: source.preset,
        rules: {
          dateFormat: source.preset.dateFormat,
          currency: config.currency,
        },
        timeZone: config.timeZone,
        reporter: new ConsoleReporter(),
        settings: source.settings,
      });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(report)}\n`
          : formatIngestSummary(report, config.workdir),
      );
      if (report.rejected.length > 0) {
        // The other files are in the lake, so only the exit status lets a
        // scheduled job notice the rejected ones.
        process.stderr.write(formatRejections(report));
        process.exitCode = 1;
      }
      if (report.rowsRead > 0 && report.ordersIngested === 0) {
        process.stderr.write(
          "warning: every row read was quarantined; the quarantine files " +
            "give each row's reason (check --format or --mapping, " +
            "--currency, --date-format and --decimal-separator).\n",
        );
      }
    });
}

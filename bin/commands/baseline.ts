import type { Command } from "commander";
import { formatBaselineReport, runBaseline } from "#pipeline/baseline-run.ts";
import { loadBaselineConfig } from "#shared/config.ts";
import { ConsoleReporter } from "#shared/progress.ts";
import { addSourceOptions, resolveSource } from "./source-options.ts";

/** Adds `valuecast baseline`: fit BG/NBD and Gamma-Gamma, then evaluate. */
export function registerBaselineCommand(program: Command): void {
  addSourceOptions(
    program
      .command("baseline")
      .description(
        "Fit the BG/NBD and Gamma-Gamma baseline on purchases up to the " +
          "calibration end and, with a holdout end, evaluate its predictions.",
      ),
  )
    .requiredOption(
      "--calibration-end <YYYY-MM-DD>",
      "last day of the fitting data",
    )
    .option(
      "--holdout-end <YYYY-MM-DD>",
      "last day of the holdout to evaluate on",
    )
    .option("--time-unit <unit>", "time unit of the fit: day or week", "week")
    .option("--workdir <dir>", "folder of the lake", "./valuecast-data")
    .option("--json", "print one JSON report on stdout instead of text")
    .action(async (options) => {
      const source = await resolveSource(options);
      const config = loadBaselineConfig({
        orders: options.orders,
        format: source.format,
        workdir: options.workdir,
        timeZone: source.timeZone,
        currency: source.currency ?? undefined,
        calibrationEnd: options.calibrationEnd,
        holdoutEnd: options.holdoutEnd,
        timeUnit: options.timeUnit,
      });
      const report = await runBaseline(config, new ConsoleReporter(), {
        preset: source.preset,
        settings: source.settings,
      });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(report)}\n`
          : formatBaselineReport(report),
      );
    });
}

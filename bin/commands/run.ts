import type { Command } from "commander";
import { runPipeline } from "#pipeline/run.ts";
import { formatSummary } from "#pipeline/summary.ts";
import { loadRunConfig } from "#shared/config.ts";
import { ConsoleReporter } from "#shared/progress.ts";
import { decimal, integer } from "./options.ts";
import { addSourceOptions, resolveSource } from "./source-options.ts";

/** Adds `valuecast run`: the whole pipeline from orders to scores. */
export function registerRunCommand(program: Command): void {
  addSourceOptions(
    program
      .command("run")
      .description(
        "Ingest orders, build the dataset, train and export the model, " +
          "evaluate it and score every customer.",
      ),
  )
    .option("--horizon-days <days>", "prediction horizon in days", integer, 365)
    .option(
      "--as-of <YYYY-MM-DD>",
      "score as of the end of this day (default: the day of the last order)",
    )
    .option(
      "--workdir <dir>",
      "folder for the lake and all outputs",
      "./valuecast-data",
    )
    .option("--seed <n>", "random seed of training", integer, 1)
    .option(
      "--epochs <n>",
      "maximum training epochs (early stopping may end sooner)",
      integer,
      40,
    )
    .option(
      "--max-orders <n>",
      "latest orders per customer the model reads",
      integer,
      32,
    )
    .option(
      "--python <path>",
      "Python with PyTorch (default: $VALUECAST_PYTHON or a search)",
    )
    .option(
      "--promotion-metric <name>",
      "metric the promotion gate ranks by: normalizedGini, spearman, " +
        "topDecileLift, aucPAlive or decileMape",
      "normalizedGini",
    )
    .option(
      "--promotion-margin <amount>",
      "how much better than the baseline and the production model a " +
        "candidate must be, in units of the promotion metric",
      decimal,
      0.005,
    )
    .option(
      "--spend-error-tolerance <fraction>",
      "how much larger a candidate's absolute spend total error may be " +
        "than the best incumbent's (0.05 is 5 percentage points)",
      decimal,
      0.05,
    )
    .option(
      "--min-customers <n>",
      "fewest customers with a purchase before the cutoff to train on",
      integer,
      100,
    )
    .option(
      "--min-repeat-customers <n>",
      "fewest of them who bought on two or more days",
      integer,
      20,
    )
    .option(
      "--min-history-days <days>",
      "fewest days from the first order to the cutoff",
      integer,
      90,
    )
    .option("--json", "print one JSON summary on stdout instead of text")
    .action(async (options) => {
      const source = await resolveSource(options);
      const config = loadRunConfig({
        minCustomers: options.minCustomers,
        minRepeatCustomers: options.minRepeatCustomers,
        minHistoryDays: options.minHistoryDays,
        promotionMetric: options.promotionMetric,
        promotionMargin: options.promotionMargin,
        spendErrorTolerance: options.spendErrorTolerance,
        orders: options.orders,
        format: source.format,
        horizonDays: options.horizonDays,
        asOf: options.asOf,
        workdir: options.workdir,
        seed: options.seed,
        epochs: options.epochs,
        maxOrders: options.maxOrders,
        timeZone: source.timeZone,
        currency: source.currency ?? undefined,
        python: options.python,
      });
      const summary = await runPipeline(config, new ConsoleReporter(), {
        preset: source.preset,
        settings: source.settings,
      });
      process.stdout.write(
        options.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary),
      );
    });
}

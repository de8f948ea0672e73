import { resolve } from "node:path";
import { fitBaseline, predictBaseline } from "#baseline/baseline-model.ts";
import type {
  BgNbdParams,
  FitResult,
  GammaGammaParams,
} from "#baseline/types.ts";
import {
  type EvaluationMetrics,
  evaluatePredictions,
} from "#evaluation/metrics.ts";
import { computeLabels } from "#features/labels.ts";
import { readHistories } from "#features/lake-reader.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import type { Preset } from "#ingest/presets/types.ts";
import type { IngestSettings } from "#ingest/settings.ts";
import type { BaselineConfig } from "#shared/config.ts";
import { formatDay } from "#shared/dates.ts";
import { InputError } from "#shared/errors.ts";
import type { Reporter } from "#shared/progress.ts";
import { withWorkdirLock } from "#shared/workdir-lock.ts";

/** A fit's parameters and how the optimiser ended. */
export interface FitReport<Params> {
  params: Params;
  logLikelihood: number;
  iterations: number;
  customers: number;
  parametersAtBound: readonly string[];
}

/** Result of `valuecast baseline`, as printed. */
export interface BaselineReport {
  calibrationEnd: string;
  holdoutEnd: string | null;
  timeUnit: "day" | "week";
  customers: number;
  fitSeconds: number;
  bgnbd: FitReport<BgNbdParams>;
  gammaGamma: FitReport<GammaGammaParams>;
  /** Metrics over the holdout for customers with a purchase by calibration end. */
  holdout: EvaluationMetrics | null;
}

/**
 * Ingests the orders, fits BG/NBD and Gamma-Gamma on purchases up to the
 * calibration end and, when a holdout end is given, evaluates the
 * predictions for the holdout against what the customers did. `source`
 * overrides the preset named by `config.format` (for a mapping file) and
 * the default ingestion settings, as in `runPipeline`, so a lake ingested
 * with the same options is not read again. It holds the workdir's lock
 * while it ingests and reads the lake.
 *
 * @throws WorkdirLockedError when another valuecast command holds the lock.
 */
export async function runBaseline(
  config: BaselineConfig,
  reporter: Reporter,
  source: { preset?: Preset; settings?: IngestSettings } = {},
): Promise<BaselineReport> {
  const workdir = resolve(config.workdir);
  const preset = source.preset ?? getPreset(config.format);
  const { histories, stats } = await withWorkdirLock(
    workdir,
    "baseline",
    reporter,
    async (lock) => {
      await ingestOrders(config.orders, {
        workdir,
        preset,
        rules: { dateFormat: preset.dateFormat, currency: config.currency },
        timeZone: config.timeZone,
        reporter,
        settings: source.settings,
        workdirLock: lock,
      });
      return readHistories(workdir);
    },
  );
  const calibrationEnd = config.calibrationEndDay;
  const customers = histories.filter((history) =>
    history.orders.some((o) => o.day <= calibrationEnd && o.amount >= 0),
  );
  if (customers.length === 0) {
    throw new InputError(
      "No customer has a purchase (an order with an amount of at least 0) " +
        `on or before the calibration end ${formatDay(calibrationEnd)}; the ` +
        `orders start on ${formatDay(stats.firstDay)}. Pass a later ` +
        "--calibration-end, or check that the amounts are not all refunds.",
    );
  }
  const start = performance.now();
  const baseline = fitBaseline(customers, calibrationEnd, config.timeUnit);
  const fitSeconds = (performance.now() - start) / 1000;
  reporter.info(
    `baseline: fitted on ${customers.length} customers in ${fitSeconds.toFixed(2)} s`,
  );

  let holdout: EvaluationMetrics | null = null;
  if (config.holdoutEndDay !== null) {
    const horizonDays = config.holdoutEndDay - calibrationEnd;
    const predictions = predictBaseline(
      baseline,
      customers,
      calibrationEnd,
      horizonDays,
    );
    const labels = computeLabels(customers, calibrationEnd, horizonDays, null);
    holdout = evaluatePredictions({
      predictedValue: predictions.expectedValue,
      actualValue: labels.value,
      pAlive: predictions.pAlive,
      actualOrders: labels.orders,
      predictedOrders: predictions.expectedOrders,
    });
  }
  return {
    calibrationEnd: formatDay(calibrationEnd),
    holdoutEnd:
      config.holdoutEndDay === null ? null : formatDay(config.holdoutEndDay),
    timeUnit: config.timeUnit,
    customers: customers.length,
    fitSeconds,
    bgnbd: fitReport(baseline.bgnbd),
    gammaGamma: fitReport(baseline.gammaGamma),
    holdout,
  };
}

function fitReport<Params>(fit: FitResult<Params>): FitReport<Params> {
  return {
    params: fit.params,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    customers: fit.customers,
    parametersAtBound: fit.parametersAtBound,
  };
}

/** Formats a baseline report as human lines. */
export function formatBaselineReport(report: BaselineReport): string {
  const { bgnbd, gammaGamma, holdout } = report;
  const params = (values: object) =>
    Object.entries(values)
      .map(([name, value]) => `${name} = ${(value as number).toFixed(4)}`)
      .join(", ");
  const bound = (fit: FitReport<unknown>) =>
    fit.parametersAtBound.length > 0
      ? ` (at an optimiser bound: ${fit.parametersAtBound.join(", ")})`
      : "";
  const lines = [
    `Baseline fitted on ${report.customers} customers, calibration to ` +
      `${report.calibrationEnd}, time in ${report.timeUnit}s, ` +
      `${report.fitSeconds.toFixed(2)} s`,
    `  BG/NBD:      ${params(bgnbd.params)}${bound(bgnbd)}`,
    `               log-likelihood ${bgnbd.logLikelihood.toFixed(2)}`,
    `  Gamma-Gamma: ${params(gammaGamma.params)}${bound(gammaGamma)} ` +
      `on ${gammaGamma.customers} repeat customers`,
  ];
  if (holdout && report.holdoutEnd) {
    lines.push(
      `  holdout to ${report.holdoutEnd}:`,
      `    purchase days predicted ${holdout.predictedOrdersTotal.toFixed(1)}, ` +
        `actual ${holdout.actualOrdersTotal}`,
      `    spend predicted ${holdout.predictedSpendTotal.toFixed(2)}, actual ` +
        `${holdout.actualSpendTotal.toFixed(2)}`,
      `    normalised Gini ${holdout.normalizedGini.toFixed(3)}, Spearman ` +
        `${holdout.spearman.toFixed(3)}, AUC of pAlive ${holdout.aucPAlive.toFixed(3)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

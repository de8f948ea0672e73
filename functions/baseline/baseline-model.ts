import type { CustomerHistory } from "#features/history.ts";
import type { Predictions } from "#scoring/predictions.ts";
import { fitBgNbd } from "./bgnbd.ts";
import { fitGammaGamma } from "./gamma-gamma.ts";
import { predictCustomer } from "./predict.ts";
import {
  DAYS_PER_UNIT,
  summariseCustomer,
  type TimeUnit,
} from "./summaries.ts";
import type {
  BaselineModel,
  BgNbdParams,
  CustomerValueSummary,
  FitResult,
  GammaGammaParams,
} from "./types.ts";

/** A fitted baseline and how its fit went. */
export interface FittedBaseline {
  model: BaselineModel;
  unit: TimeUnit;
  /** Last day of the data it was fitted on (days since 1970-01-01). */
  endDay: number;
  bgnbd: FitResult<BgNbdParams>;
  gammaGamma: FitResult<GammaGammaParams>;
}

/**
 * Fits BG/NBD and Gamma-Gamma on every customer's purchases up to the end
 * of `endDay`. The fit uses no purchase after that day, so it may include
 * the customers it is later evaluated on.
 *
 * @throws InsufficientRepeatDataError, FitConvergenceError or
 *   InfiniteMeanSpendError from the fits, each naming the data trait.
 */
export function fitBaseline(
  histories: readonly CustomerHistory[],
  endDay: number,
  unit: TimeUnit = "week",
): FittedBaseline {
  const summaries = summarise(histories, endDay, unit).filter(
    (summary): summary is CustomerValueSummary => summary !== null,
  );
  const bgnbd = fitBgNbd(summaries);
  // A zero mean spend (repeat purchases of value 0) has zero Gamma-Gamma
  // likelihood, so those customers inform the purchase model only.
  const gammaGamma = fitGammaGamma(summaries.filter((s) => s.meanSpend > 0));
  return {
    model: { bgnbd: bgnbd.params, gammaGamma: gammaGamma.params },
    unit,
    endDay,
    bgnbd,
    gammaGamma,
  };
}

/**
 * Predicts each customer's horizon after the end of `asOfDay` with a fitted
 * baseline. A customer without purchases by then gets zeros.
 */
export function predictBaseline(
  baseline: FittedBaseline,
  histories: readonly CustomerHistory[],
  asOfDay: number,
  horizonDays: number,
): Predictions {
  const n = histories.length;
  const out: Predictions = {
    pAlive: new Float32Array(n),
    expectedValue: new Float32Array(n),
    valueP10: new Float32Array(n),
    valueP50: new Float32Array(n),
    valueP90: new Float32Array(n),
    expectedOrders: new Float32Array(n),
    categoryProbs: null,
  };
  const horizon = horizonDays / DAYS_PER_UNIT[baseline.unit];
  summarise(histories, asOfDay, baseline.unit).forEach((summary, i) => {
    if (summary === null) return;
    const prediction = predictCustomer(
      baseline.model,
      spendable(summary),
      horizon,
    );
    out.pAlive[i] = prediction.pAlive;
    out.expectedValue[i] = prediction.expectedValue;
    out.valueP10[i] = prediction.valueP10;
    out.valueP50[i] = prediction.valueP50;
    out.valueP90[i] = prediction.valueP90;
    out.expectedOrders[i] = prediction.expectedOrders;
  });
  return out;
}

/**
 * Gamma-Gamma's expected spend is continuous as the mean spend falls to 0,
 * but its input check requires a positive mean, so a zero mean is replaced
 * by the smallest positive double, which gives the limit to double precision.
 */
function spendable(summary: CustomerValueSummary): CustomerValueSummary {
  return summary.x >= 1 && summary.meanSpend <= 0
    ? { ...summary, meanSpend: Number.MIN_VALUE }
    : summary;
}

function summarise(
  histories: readonly CustomerHistory[],
  endDay: number,
  unit: TimeUnit,
): (CustomerValueSummary | null)[] {
  return histories.map((history) => summariseCustomer(history, endDay, unit));
}

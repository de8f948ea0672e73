import { type FittedBaseline, fitBaseline } from "#baseline/baseline-model.ts";
import { BaselineError } from "#baseline/errors.ts";
import type { CustomerHistory } from "#features/history.ts";
import type { Reporter } from "#shared/progress.ts";

/**
 * Fits the baseline on purchases up to `endDay`. Data the baseline cannot
 * fit (too little repeat behaviour, no convergence) does not stop a run: it
 * is reported, and the run goes on without a baseline.
 *
 * @returns the fit, or null with the reason.
 */
export function tryFitBaseline(
  histories: readonly CustomerHistory[],
  endDay: number,
  reporter: Reporter,
): { fitted: FittedBaseline; error: null } | { fitted: null; error: string } {
  try {
    const fitted = fitBaseline(histories, endDay);
    reporter.info(
      `baseline: BG/NBD log-likelihood ${fitted.bgnbd.logLikelihood.toFixed(2)} ` +
        `on ${fitted.bgnbd.customers} customers`,
    );
    return { fitted, error: null };
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    reporter.warn(
      `the baseline could not be fitted, so the run goes on without it: ${error.message}`,
    );
    return { fitted: null, error: error.message };
  }
}

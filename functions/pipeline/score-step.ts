import { join } from "node:path";
import {
  type FittedBaseline,
  fitBaseline,
  predictBaseline,
} from "#baseline/baseline-model.ts";
import { BaselineError } from "#baseline/errors.ts";
import type { CustomerHistory } from "#features/history.ts";
import { assignSegments } from "#marketing/segments.ts";
import type { OnnxPredictor } from "#scoring/onnx-predictor.ts";
import type { Predictions } from "#scoring/predictions.ts";
import { writeScores } from "#scoring/scores-file.ts";
import { formatDay } from "#shared/dates.ts";
import { InputError } from "#shared/errors.ts";
import type { Reporter } from "#shared/progress.ts";
import { countSegments } from "./summary.ts";
import type { RunWindows } from "./windows.ts";

/** The scores a run wrote and the model that made them. */
export interface ScoreOutcome {
  path: string;
  customers: number;
  modelVersion: string;
  segments: Record<string, number>;
  predictions: Predictions;
}

/**
 * Scores every customer as of the as-of day with the serving model, or with
 * the baseline refitted on all data up to the as-of day when no deep model
 * serves, and writes `scores/<as-of>/scores.csv`.
 */
export async function scoreCustomers(request: {
  workdir: string;
  runId: string;
  histories: readonly CustomerHistory[];
  windows: RunWindows;
  serving: OnnxPredictor | null;
  reporter: Reporter;
}): Promise<ScoreOutcome> {
  const { windows, serving, reporter } = request;
  // A customer whose first purchase comes after the as-of day was not yet a
  // customer then, so it gets no score.
  const histories = request.histories.filter((history) =>
    history.orders.some(
      (order) => order.day <= windows.asOfDay && order.amount >= 0,
    ),
  );
  const progress = reporter.start("score", "customers");
  let predictions: Predictions;
  let modelVersion: string;
  if (serving) {
    predictions = await serving.predictHistories(
      histories,
      windows.asOfDay,
      progress,
    );
    modelVersion = serving.info.version;
  } else {
    reporter.info(
      `score: no deep model with a ${windows.horizonDays}-day horizon is in ` +
        "production, so the baseline scores",
    );
    const baseline = fitFallback(histories, windows.asOfDay);
    predictions = predictBaseline(
      baseline,
      histories,
      windows.asOfDay,
      windows.horizonDays,
    );
    modelVersion = `baseline-${request.runId}`;
  }
  const segments = assignSegments(
    predictions.expectedValue,
    predictions.pAlive,
  );
  const asOf = formatDay(windows.asOfDay);
  const path = join(request.workdir, "scores", asOf, "scores.csv");
  await writeScores(path, {
    customerIds: histories.map((history) => history.customerId),
    predictions,
    segments,
    modelVersion,
    asOf,
  });
  progress.finish(`${histories.length} customers scored with ${modelVersion}`);
  return {
    path,
    customers: histories.length,
    modelVersion,
    segments: countSegments(segments),
    predictions,
  };
}

/**
 * Fits the baseline that scores when no deep model is in production.
 *
 * @throws InputError when it cannot be fitted, since no model can score.
 */
function fitFallback(
  histories: readonly CustomerHistory[],
  asOfDay: number,
): FittedBaseline {
  try {
    return fitBaseline(histories, asOfDay);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    throw new InputError(
      "No model can score these customers: no deep model is in production " +
        `and the baseline cannot be fitted (${error.message})`,
      { cause: error },
    );
  }
}

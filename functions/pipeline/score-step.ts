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
import { scoresPath, writeScores } from "#scoring/scores-file.ts";
import { formatDay } from "#shared/dates.ts";
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
 * serves, and writes `scores/<as-of>/<horizon-days>d/scores.csv`.
 */
export async function scoreCustomers(request: {
  workdir: string;
  runId: string;
  histories: readonly CustomerHistory[];
  windows: RunWindows;
  serving: OnnxPredictor | null;
  /** The model trained in this run, which scores when nothing else can. */
  candidate: OnnxPredictor;
  reporter: Reporter;
}): Promise<ScoreOutcome> {
  const { windows, reporter } = request;
  // A customer whose first purchase comes after the as-of day was not yet a
  // customer then, so it gets no score.
  const histories = request.histories.filter((history) =>
    history.orders.some(
      (order) => order.day <= windows.asOfDay && order.amount >= 0,
    ),
  );
  const progress = reporter.start("score", "customers");
  const scorer = chooseScorer(request, histories);
  const predictions =
    "predictor" in scorer
      ? await scorer.predictor.predictHistories(
          histories,
          windows.asOfDay,
          progress,
        )
      : predictBaseline(
          scorer.baseline,
          histories,
          windows.asOfDay,
          windows.horizonDays,
        );
  const modelVersion = scorer.version;
  const segments = assignSegments(
    predictions.expectedValue,
    predictions.pAlive,
  );
  const asOf = formatDay(windows.asOfDay);
  const path = scoresPath(request.workdir, asOf, windows.horizonDays);
  await writeScores(path, {
    customerIds: histories.map((history) => history.customerId),
    predictions,
    segments,
    modelVersion,
    asOf,
    horizonDays: windows.horizonDays,
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
 * Picks the model that scores. The production model comes first, then the
 * baseline refitted up to the as-of day. When the baseline cannot be fitted
 * either, the candidate scores with a warning, because no other model can.
 */
function chooseScorer(
  request: {
    runId: string;
    windows: RunWindows;
    serving: OnnxPredictor | null;
    candidate: OnnxPredictor;
    reporter: Reporter;
  },
  histories: readonly CustomerHistory[],
):
  | { predictor: OnnxPredictor; version: string }
  | { baseline: FittedBaseline; version: string } {
  const { serving, reporter, windows } = request;
  if (serving) return { predictor: serving, version: serving.info.version };
  try {
    const baseline = fitBaseline(histories, windows.asOfDay);
    reporter.info(
      `score: no deep model with a ${windows.horizonDays}-day horizon is in ` +
        "production, so the baseline scores",
    );
    return { baseline, version: `baseline-${request.runId}` };
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    const version = request.candidate.info.version;
    reporter.warn(
      `no model with a ${windows.horizonDays}-day horizon is in production ` +
        `and the baseline cannot be fitted ` +
        `(${error.message}), so the candidate ${version} scores although ` +
        "it was not promoted",
    );
    return { predictor: request.candidate, version };
  }
}

import { join } from "node:path";
import { type DatasetSplit, readSplit } from "#features/dataset-reader.ts";
import type { Predictions } from "#scoring/predictions.ts";
import { type EvaluationMetrics, evaluatePredictions } from "./metrics.ts";

/** Summary feature positions the reference reads (docs/contracts.md). */
const LOG_REPEAT_OCCASIONS = 1;
const LOG_TOTAL_SPEND = 5;

/** Metrics of each model and of the spend-ranking reference on test customers. */
export interface DatasetEvaluation {
  split: "test";
  model: EvaluationMetrics;
  /**
   * BG/NBD with Gamma-Gamma, fitted on purchases up to the cutoff, or null
   * when the data could not be fitted.
   */
  baseline: EvaluationMetrics | null;
  /**
   * Ranks customers by their spend before the cutoff. Its value forecast is
   * that spend times the ratio of horizon spend to prior spend on the train
   * split, and likewise for purchase occasions.
   */
  reference: EvaluationMetrics;
}

/** Predicts the customers of a split, in its row order. */
export type SplitPredictor = (split: DatasetSplit) => Promise<Predictions>;

/**
 * Evaluates the model and the baseline on the test split of a dataset, on
 * the same tensors the scoring path builds, against the spend-ranking
 * reference. Returns the predictions too, for the report's charts.
 */
export async function evaluateDataset(
  datasetDir: string,
  model: SplitPredictor,
  baseline: SplitPredictor | null,
): Promise<{
  evaluation: DatasetEvaluation;
  test: DatasetSplit;
  predictions: { model: Predictions; baseline: Predictions | null };
}> {
  const test = await readSplit(join(datasetDir, "test"));
  const train = await readSplit(join(datasetDir, "train"));
  const predictions = {
    model: await model(test),
    baseline: baseline ? await baseline(test) : null,
  };
  const evaluation: DatasetEvaluation = {
    split: "test",
    model: scorePredictions(test, predictions.model),
    baseline: predictions.baseline
      ? scorePredictions(test, predictions.baseline)
      : null,
    reference: referenceMetrics(train, test),
  };
  return { evaluation, test, predictions };
}

/** Computes every metric of one set of predictions on a split's labels. */
export function scorePredictions(
  split: DatasetSplit,
  predictions: Predictions,
): EvaluationMetrics {
  return evaluatePredictions({
    predictedValue: predictions.expectedValue,
    actualValue: split.labels.value,
    pAlive: predictions.pAlive,
    actualOrders: split.labels.orders,
    predictedOrders: predictions.expectedOrders,
  });
}

function referenceMetrics(
  train: DatasetSplit,
  test: DatasetSplit,
): EvaluationMetrics {
  const spendScale = ratio(train.labels.value, priorSpend(train));
  const ordersScale = ratio(train.labels.orders, priorOccasions(train));
  const spend = priorSpend(test);
  const largest = spend.reduce((max, value) => Math.max(max, value), 0);
  return evaluatePredictions({
    predictedValue: spend.map((value) => value * spendScale),
    actualValue: test.labels.value,
    pAlive: spend.map((value) => (largest > 0 ? value / largest : 0)),
    actualOrders: test.labels.orders,
    predictedOrders: priorOccasions(test).map((value) => value * ordersScale),
  });
}

function priorSpend(split: DatasetSplit): Float64Array {
  return summaryColumn(split, LOG_TOTAL_SPEND).map(Math.expm1);
}

function priorOccasions(split: DatasetSplit): Float64Array {
  return summaryColumn(split, LOG_REPEAT_OCCASIONS).map(
    (v) => Math.expm1(v) + 1,
  );
}

function summaryColumn(split: DatasetSplit, column: number): Float64Array {
  const n = split.inputs.count;
  const width = split.inputs.summary.length / Math.max(n, 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = split.inputs.summary[i * width + column] as number;
  }
  return values;
}

function ratio(numerator: ArrayLike<number>, denominator: ArrayLike<number>) {
  let top = 0;
  let bottom = 0;
  for (let i = 0; i < numerator.length; i++) top += numerator[i] as number;
  for (let i = 0; i < denominator.length; i++)
    bottom += denominator[i] as number;
  return bottom > 0 ? top / bottom : 0;
}

import { join } from "node:path";
import { type DatasetSplit, readSplit } from "#features/dataset-reader.ts";
import type { Predictions } from "#scoring/predictions.ts";
import { type EvaluationMetrics, evaluatePredictions } from "./metrics.ts";

/** Summary feature positions the reference reads (docs/contracts.md). */
const LOG_REPEAT_OCCASIONS = 1;
const LOG_TOTAL_SPEND = 5;

/** Metrics of the model and of the spend-ranking reference on test customers. */
export interface DatasetEvaluation {
  split: "test";
  model: EvaluationMetrics;
  /**
   * Ranks customers by their spend before the cutoff. Its value forecast is
   * that spend times the ratio of horizon spend to prior spend on the train
   * split, and likewise for purchase occasions.
   */
  reference: EvaluationMetrics;
}

/**
 * Evaluates a model on the test split of a dataset, on the same tensors the
 * scoring path builds, against the spend-ranking reference.
 */
export async function evaluateDataset(
  datasetDir: string,
  predict: (split: DatasetSplit) => Promise<Predictions>,
): Promise<DatasetEvaluation> {
  const test = await readSplit(join(datasetDir, "test"));
  const train = await readSplit(join(datasetDir, "train"));
  const predictions = await predict(test);
  const model = evaluatePredictions({
    predictedValue: predictions.expectedValue,
    actualValue: test.labels.value,
    pAlive: predictions.pAlive,
    actualOrders: test.labels.orders,
    predictedOrders: predictions.expectedOrders,
  });
  return { split: "test", model, reference: referenceMetrics(train, test) };
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

import { join, relative } from "node:path";
import {
  type FittedBaseline,
  predictBaseline,
} from "#baseline/baseline-model.ts";
import {
  type DatasetEvaluation,
  evaluateDataset,
  scorePredictions,
} from "#evaluation/evaluate-dataset.ts";
import type { PromotionDecision } from "#evaluation/report/report-data.ts";
import type { DatasetSplit } from "#features/dataset-reader.ts";
import type { CustomerHistory } from "#features/history.ts";
import { OnnxPredictor } from "#scoring/onnx-predictor.ts";
import type { Predictions } from "#scoring/predictions.ts";
import type { Reporter } from "#shared/progress.ts";
import { updateModelMetrics } from "#training/model-metrics.ts";
import {
  decidePromotion,
  type ProductionIncumbent,
  type PromotionRules,
} from "#training/promotion.ts";
import type { ModelRegistry } from "#training/registry.ts";
import type { RunWindows } from "./windows.ts";

/** Result of evaluating and gating a freshly trained model. */
export interface GateOutcome {
  evaluation: DatasetEvaluation;
  test: DatasetSplit;
  predictions: { model: Predictions; baseline: Predictions | null };
  decision: PromotionDecision;
  /** The model that serves after the decision, or null for the baseline. */
  serving: OnnxPredictor | null;
  candidate: OnnxPredictor;
}

/** Inputs of the evaluation and promotion step. */
export interface GateRequest {
  workdir: string;
  runId: string;
  datasetDir: string;
  modelDir: string;
  modelVersion: string;
  histories: readonly CustomerHistory[];
  /** The fitted baseline, or null when the data could not be fitted. */
  baseline: FittedBaseline | null;
  windows: RunWindows;
  rules: PromotionRules;
  registry: ModelRegistry;
  reporter: Reporter;
}

/**
 * Evaluates the candidate, the baseline and the production model on the
 * same test customers, decides on promotion, records the decision and
 * returns the model that serves afterwards.
 */
export async function evaluateAndPromote(
  request: GateRequest,
): Promise<GateOutcome> {
  const { windows } = request;
  const candidate = await OnnxPredictor.load(request.modelDir);
  if (candidate.info.horizonDays !== windows.horizonDays) {
    throw new Error(
      `Model ${request.modelVersion} has a ${candidate.info.horizonDays}-day ` +
        `horizon in its model.json, but the run's dataset has ` +
        `${windows.horizonDays} days: model/train.py copies horizonDays from ` +
        "the dataset manifest, so check that the trainer is this version's.",
    );
  }
  const byId = new Map(request.histories.map((h) => [h.customerId, h]));
  const membersOf = (split: DatasetSplit) =>
    split.customerIds.map(
      (id) => byId.get(id) ?? { customerId: id, orders: [] },
    );
  const { baseline } = request;
  const outcome = await evaluateDataset(
    request.datasetDir,
    (split) => candidate.predictEncoded(split.inputs),
    baseline
      ? async (split) =>
          predictBaseline(
            baseline,
            membersOf(split),
            windows.cutoffDay,
            windows.horizonDays,
          )
      : null,
  );
  await updateModelMetrics(request.modelDir, outcome.evaluation.model);

  const production = await loadProduction(
    request,
    outcome.test,
    membersOf(outcome.test),
  );
  const decision = decidePromotion(
    { version: request.modelVersion, metrics: outcome.evaluation.model },
    {
      // Without a baseline, the candidate must at least beat the ranking
      // by prior spend.
      baseline: outcome.evaluation.baseline
        ? { name: "baseline", metrics: outcome.evaluation.baseline }
        : { name: "reference", metrics: outcome.evaluation.reference },
      production: production?.incumbent ?? null,
    },
    request.rules,
  );
  const { decileBins: _bins, ...metrics } = outcome.evaluation.model;
  await request.registry.record({
    version: request.modelVersion,
    dir: relative(request.workdir, request.modelDir),
    runId: request.runId,
    horizonDays: candidate.info.horizonDays,
    metrics,
    decision,
  });
  const serving = decision.promoted
    ? candidate
    : (production?.predictor ?? null);
  return { ...outcome, decision, serving, candidate };
}

/**
 * Loads the production model of the run's horizon and evaluates it on this
 * run's test customers. A missing, corrupt or incompatible model is reported
 * and skipped, so it never stops a run.
 */
async function loadProduction(
  request: GateRequest,
  test: DatasetSplit,
  members: readonly CustomerHistory[],
): Promise<{
  incumbent: ProductionIncumbent;
  predictor: OnnxPredictor;
} | null> {
  const entry = await request.registry.findProduction(
    request.windows.horizonDays,
  );
  if (!entry) return null;
  try {
    const predictor = await OnnxPredictor.load(
      join(request.workdir, entry.dir),
    );
    if (predictor.info.horizonDays !== request.windows.horizonDays) {
      request.reporter.warn(
        `production model ${entry.version} has a ${predictor.info.horizonDays}-day ` +
          `horizon in its model.json, but the registry lists it for ` +
          `${request.windows.horizonDays} days: it is not compared.`,
      );
      return null;
    }
    const metrics = scorePredictions(
      test,
      // The production model encodes with its own settings (sequence
      // length, category vocabulary), not with this run's tensors.
      await predictor.predictHistories(members, request.windows.cutoffDay),
    );
    return {
      incumbent: {
        name: `production ${entry.version}`,
        version: entry.version,
        metrics,
      },
      predictor,
    };
  } catch (error) {
    request.reporter.warn(
      `production model ${entry.version} could not be loaded (${(error as Error).message}); ` +
        "it is not compared.",
    );
    return null;
  }
}

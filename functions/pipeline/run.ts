import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { evaluateDataset } from "#evaluation/evaluate-dataset.ts";
import { buildDataset } from "#features/dataset.ts";
import { readHistories } from "#features/lake-reader.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import { assignSegments } from "#marketing/segments.ts";
import { OnnxPredictor } from "#scoring/onnx-predictor.ts";
import { writeScores } from "#scoring/scores-file.ts";
import type { RunConfig } from "#shared/config.ts";
import { formatDay } from "#shared/dates.ts";
import type { Reporter } from "#shared/progress.ts";
import { trainLocally } from "#training/local-trainer.ts";
import { updateModelMetrics } from "#training/model-metrics.ts";
import { findTorchPython } from "#training/python.ts";
import { countSegments, type RunSummary } from "./summary.ts";
import { StepTimer } from "./timer.ts";
import { planWindows } from "./windows.ts";

/**
 * Runs the whole local pipeline: ingest, build the dataset, train and export
 * the model, evaluate it on test customers, and score every customer.
 * Outputs go under `config.workdir` in the lake layout of the design.
 */
export async function runPipeline(
  config: RunConfig,
  reporter: Reporter,
  now: Date = new Date(),
): Promise<RunSummary> {
  const workdir = resolve(config.workdir);
  const runId = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  const timer = new StepTimer();
  const preset = getPreset(config.format);
  const { python, torchVersion } = await findTorchPython(config.python);
  reporter.info(
    `run ${runId}: training with ${python} (torch ${torchVersion})`,
  );

  const ingest = await timer.time("ingest", () =>
    ingestOrders(config.orders, {
      workdir,
      preset,
      rules: { dateFormat: preset.dateFormat, currency: config.currency },
      timeZone: config.timeZone,
      reporter,
    }),
  );
  const { histories, stats } = await timer.time("readLake", () =>
    readHistories(workdir),
  );
  const windows = planWindows(stats, config.horizonDays, config.asOfDay);
  reporter.info(
    `windows: inputs to ${formatDay(windows.cutoffDay)}, labels to ` +
      `${formatDay(windows.asOfDay)}, scores as of ${formatDay(windows.asOfDay)}`,
  );

  const datasetDir = join(workdir, "datasets", runId);
  const manifest = await timer.time("dataset", () =>
    buildDataset(histories, {
      runId,
      cutoffDay: windows.cutoffDay,
      horizonDays: windows.horizonDays,
      maxOrders: config.maxOrders,
      outDir: datasetDir,
    }),
  );
  reporter.info(
    `dataset: ${manifest.splits.train} train, ${manifest.splits.validation} ` +
      `validation, ${manifest.splits.test} test customers`,
  );

  const modelVersion = `vc-${runId}`;
  const modelDir = join(workdir, "models", modelVersion);
  const progress = reporter.start("train", "epochs");
  const training = await timer.time("train", () =>
    trainLocally({
      python,
      datasetDir,
      modelDir,
      modelVersion,
      seed: config.seed,
      epochs: config.epochs,
      progress,
    }),
  );
  progress.finish(
    `best epoch ${training.bestEpoch}, validation loss ${training.validationLoss.toFixed(4)}`,
  );

  const predictor = await OnnxPredictor.load(modelDir);
  const evaluation = await timer.time("evaluate", () =>
    evaluateDataset(datasetDir, (split) =>
      predictor.predictEncoded(split.inputs),
    ),
  );
  await updateModelMetrics(modelDir, evaluation.model);

  const scoring = reporter.start("score", "customers");
  const predictions = await timer.time("score", () =>
    predictor.predictHistories(histories, windows.asOfDay, scoring),
  );
  const segments = assignSegments(
    predictions.expectedValue,
    predictions.pAlive,
  );
  const asOf = formatDay(windows.asOfDay);
  const scoresPath = join(workdir, "scores", asOf, "scores.csv");
  await timer.time("writeScores", () =>
    writeScores(scoresPath, {
      customerIds: histories.map((history) => history.customerId),
      predictions,
      segments,
      modelVersion,
      asOf,
    }),
  );
  scoring.finish(`${histories.length} customers scored`);

  const reportDir = join(workdir, "reports", runId);
  const summary: RunSummary = {
    runId,
    workdir,
    window: {
      firstOrderDate: formatDay(stats.firstDay),
      cutoff: formatDay(windows.cutoffDay),
      asOf,
      horizonDays: windows.horizonDays,
    },
    ingest: {
      rowsRead: ingest.rowsRead,
      rowsIngested: ingest.rowsIngested,
      rowsQuarantined: ingest.rowsQuarantined,
      quarantinedByReason: ingest.quarantinedByReason,
      filesIngested: ingest.ingested.map((file) => file.file),
      filesAlreadyInLake: ingest.alreadyInLake.map((file) => file.file),
    },
    lake: stats,
    dataset: { dir: datasetDir, splits: manifest.splits },
    model: { version: modelVersion, dir: modelDir, torchVersion, ...training },
    evaluation,
    scores: {
      path: scoresPath,
      customers: histories.length,
      segments: countSegments(segments),
    },
    stepSeconds: timer.seconds,
    report: join(reportDir, "summary.json"),
  };
  await mkdir(reportDir, { recursive: true });
  await writeFile(summary.report, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

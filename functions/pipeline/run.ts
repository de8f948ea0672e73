import { mkdir, rmdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { renderReport } from "#evaluation/report/render-report.ts";
import { buildDataset } from "#features/dataset.ts";
import { readHistories } from "#features/lake-reader.ts";
import { checkTrainingData } from "#features/sufficiency.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { readManifest } from "#ingest/manifest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import type { Preset } from "#ingest/presets/types.ts";
import { type IngestSettings, loadIngestSettings } from "#ingest/settings.ts";
import type { RunConfig } from "#shared/config.ts";
import { formatDay } from "#shared/dates.ts";
import { InputError } from "#shared/errors.ts";
import type { Reporter } from "#shared/progress.ts";
import { type WorkdirLock, withWorkdirLock } from "#shared/workdir-lock.ts";
import { trainLocally } from "#training/local-trainer.ts";
import { findTorchPython } from "#training/python.ts";
import { LocalModelRegistry } from "#training/registry.ts";
import { tryFitBaseline } from "./baseline-step.ts";
import { checkRunInputs } from "./inputs.ts";
import { evaluateAndPromote } from "./promote.ts";
import { buildReportData } from "./report-builder.ts";
import { claimRunId } from "./run-id.ts";
import { scoreCustomers } from "./score-step.ts";
import type { RunSummary } from "./summary.ts";
import { StepTimer } from "./timer.ts";
import { checkHorizonLabels, planWindows } from "./windows.ts";

/** Minimum test buyers in the horizon below which the metrics get a warning. */
const MIN_TEST_BUYERS = 30;

/**
 * Runs the whole local pipeline: check the inputs and the trainer, ingest,
 * build the dataset, train and export the model, evaluate it with the
 * baseline, decide on promotion, score every customer and write the
 * reports. Outputs go under `config.workdir` in the lake layout of the
 * design. `source` overrides the preset named by `config.format` (for a
 * mapping file) and the default ingestion settings. After the checks, the
 * run holds the workdir's lock until it ends, and its id is `now` to the
 * second, with a suffix when another run of the workdir has that id.
 *
 * @throws InputError or ConfigError from `checkRunInputs` before the
 *   trainer is looked for, then DependencyError without PyTorch, then
 *   WorkdirLockedError when another valuecast command holds the lock.
 */
export async function runPipeline(
  config: RunConfig,
  reporter: Reporter,
  source: { preset?: Preset; settings?: IngestSettings } = {},
  now: Date = new Date(),
): Promise<RunSummary> {
  const workdir = resolve(config.workdir);
  const preset = source.preset ?? getPreset(config.format);
  const settings = source.settings ?? loadIngestSettings({});
  // The inputs are checked before the trainer, so a typo in a path is
  // the first error a user sees even where PyTorch is missing.
  await checkRunInputs(config.orders, workdir, settings);
  const trainer = await findTorchPython(config.python);
  return withWorkdirLock(workdir, "run", reporter, async (lock) => {
    const { runId, reportDir } = await claimRunId(workdir, now);
    return runLocked(config, reporter, now, {
      workdir,
      runId,
      reportDir,
      preset,
      settings,
      trainer,
      lock,
    }).catch(async (error: unknown) => {
      // rmdir removes the report folder only while it is empty, so a run
      // that failed before writing anything frees its id. The run's own
      // error is the one to throw.
      await rmdir(reportDir).catch(() => undefined);
      throw error;
    });
  });
}

/** Run settings fixed before the steps under the workdir lock. */
interface LockedRun {
  workdir: string;
  runId: string;
  reportDir: string;
  preset: Preset;
  settings: IngestSettings;
  trainer: { python: string; torchVersion: string };
  lock: WorkdirLock;
}

async function runLocked(
  config: RunConfig,
  reporter: Reporter,
  now: Date,
  run: LockedRun,
): Promise<RunSummary> {
  const { workdir, runId, reportDir, preset, settings, lock } = run;
  const { python, torchVersion } = run.trainer;
  const timer = new StepTimer();
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
      settings,
      workdirLock: lock,
    }),
  );
  const lakeTotals = ingest.lakeTotals;
  const lakeFiles = (await readManifest(workdir)).files;
  const { histories, stats } = await timer.time("readLake", () =>
    readHistories(workdir),
  );
  const windows = planWindows(stats, config.horizonDays, config.asOfDay);
  checkTrainingData(histories, windows.cutoffDay, config.sufficiency);
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
  checkHorizonLabels(windows, stats, manifest.buyersInHorizon.train);
  if (manifest.splits.test === 0 || manifest.splits.validation === 0) {
    throw new InputError(
      `The dataset has ${manifest.splits.validation} validation and ` +
        `${manifest.splits.test} test customers: the hash split needs more ` +
        "customers (about 15 % go to each); ingest more data.",
    );
  }
  const testBuyers = manifest.buyersInHorizon.test;
  if (testBuyers < MIN_TEST_BUYERS) {
    reporter.warn(
      `only ${testBuyers} test customers bought in the horizon, so the ` +
        "metrics rest on very few customers (and are n/a with none); use a " +
        "longer --horizon-days or more data before trusting them",
    );
  }
  reporter.info(
    `dataset: ${manifest.splits.train} train, ${manifest.splits.validation} ` +
      `validation, ${manifest.splits.test} test customers`,
  );
  const baseline = await timer.time("baseline", async () =>
    tryFitBaseline(histories, windows.cutoffDay, reporter),
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

  const gate = await timer.time("evaluate", () =>
    evaluateAndPromote({
      workdir,
      runId,
      datasetDir,
      modelDir,
      modelVersion,
      histories,
      baseline: baseline.fitted,
      windows,
      rules: config.promotion,
      registry: new LocalModelRegistry(workdir),
      reporter,
    }),
  );
  reporter.info(
    `promotion: ${gate.decision.promoted ? "promoted" : "not promoted"}, ${gate.decision.reason}`,
  );
  const scores = await timer.time("score", () =>
    scoreCustomers({
      workdir,
      runId,
      histories,
      windows,
      serving: gate.serving,
      candidate: gate.candidate,
      reporter,
    }),
  );

  const partial = {
    runId,
    workdir,
    window: {
      firstOrderDate: formatDay(stats.firstDay),
      cutoff: formatDay(windows.cutoffDay),
      asOf: formatDay(windows.asOfDay),
      horizonDays: windows.horizonDays,
    },
    ingest: {
      // The model learns from the whole lake, so the counts cover every
      // file in it, not only the files this call read.
      rowsRead: lakeTotals.rowsRead,
      rowsIngested: lakeTotals.rowsIngested,
      rowsQuarantined: lakeTotals.rowsQuarantined,
      quarantinedByReason: lakeTotals.quarantinedByReason,
      ordersIngested: lakeTotals.ordersIngested,
      duplicatesMerged: lakeTotals.duplicatesMerged,
      flagged: lakeTotals.flagged,
      files: lakeFiles.map((file) => ({
        file: file.file,
        rowsRead: file.rowsRead,
        ordersIngested: file.ordersIngested,
        duplicatesMerged: file.duplicatesMerged,
        rowsQuarantined: file.rowsQuarantined,
      })),
      filesIngested: ingest.ingested.map((file) => file.file),
      filesAlreadyInLake: ingest.alreadyInLake.map((file) => file.file),
      filesRejected: ingest.rejected,
    },
    lake: stats,
    dataset: { dir: datasetDir, splits: manifest.splits },
    model: { version: modelVersion, dir: modelDir, torchVersion, ...training },
    baseline: baseline.fitted
      ? {
          bgnbd: baseline.fitted.bgnbd.params,
          bgnbdLogLikelihood: baseline.fitted.bgnbd.logLikelihood,
          gammaGamma: baseline.fitted.gammaGamma.params,
          timeUnit: baseline.fitted.unit,
        }
      : { error: baseline.error },
    evaluation: gate.evaluation,
    promotion: gate.decision,
    scores: {
      path: scores.path,
      customers: scores.customers,
      modelVersion: scores.modelVersion,
      segments: scores.segments,
    },
    stepSeconds: timer.seconds,
  };
  const reportData = buildReportData({
    summary: partial,
    stats,
    windows,
    evaluation: gate.evaluation,
    test: gate.test,
    testPredictions: gate.predictions,
    histories,
    baseline: baseline.fitted,
    served: scores.predictions,
    decision: gate.decision,
    generatedAt: now,
  });
  const summary: RunSummary = {
    ...partial,
    report: join(reportDir, "summary.json"),
    htmlReport: join(reportDir, "report.html"),
  };
  await mkdir(reportDir, { recursive: true });
  await writeFile(summary.htmlReport, renderReport(reportData));
  await writeFile(summary.report, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

// Times the BG/NBD + Gamma-Gamma fit on the CDNOW sample (2,357 customers)
// and the whole cohort (23,570), and the cost of one BG/NBD log-likelihood
// evaluation on the same customers as the reference measured in this run.
// Run: npx tsx bench/baseline-fit.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitBaseline } from "#baseline/baseline-model.ts";
import { bgNbdLogLikelihood } from "#baseline/bgnbd.ts";
import { summariseCustomer } from "#baseline/summaries.ts";
import type { CustomerValueSummary } from "#baseline/types.ts";
import { readHistories } from "#features/lake-reader.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import { parseDay } from "#shared/dates.ts";
import { MemoryReporter } from "#shared/progress.ts";

const CALIBRATION_END = parseDay("1997-09-30");
const REPEATS = 5;

async function loadHistories(file: string) {
  const workdir = await mkdtemp(join(tmpdir(), "valuecast-bench-"));
  const preset = getPreset("cdnow");
  await ingestOrders(file, {
    workdir,
    preset,
    rules: { dateFormat: preset.dateFormat, currency: null },
    timeZone: "UTC",
    reporter: new MemoryReporter(),
  });
  const { histories } = await readHistories(workdir);
  await rm(workdir, { recursive: true, force: true });
  return histories;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

for (const file of ["CDNOW_sample.txt", "CDNOW_master.txt"]) {
  const histories = await loadHistories(join("data", "cdnow", file));
  const summaries = histories
    .map((h) => summariseCustomer(h, CALIBRATION_END, "week"))
    .filter((s): s is CustomerValueSummary => s !== null);
  const fits: number[] = [];
  const likelihoods: number[] = [];
  let fitted = fitBaseline(histories, CALIBRATION_END);
  for (let i = 0; i < REPEATS; i++) {
    let start = performance.now();
    fitted = fitBaseline(histories, CALIBRATION_END);
    fits.push(performance.now() - start);
    start = performance.now();
    bgNbdLogLikelihood(fitted.model.bgnbd, summaries);
    likelihoods.push(performance.now() - start);
  }
  const fitMs = median(fits);
  const likelihoodMs = median(likelihoods);
  console.log(
    JSON.stringify({
      file,
      customers: summaries.length,
      fitMs: Number(fitMs.toFixed(1)),
      logLikelihoodMs: Number(likelihoodMs.toFixed(2)),
      fitInLikelihoodEvaluations: Math.round(fitMs / likelihoodMs),
      bgnbdIterations: fitted.bgnbd.iterations,
      gammaGammaIterations: fitted.gammaGamma.iterations,
    }),
  );
}

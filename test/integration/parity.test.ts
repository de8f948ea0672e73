import { execFile } from "node:child_process";
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDataset } from "#features/dataset.ts";
import { readSplit } from "#features/dataset-reader.ts";
import { encodeHistories } from "#features/encoder.ts";
import { readHistories } from "#features/lake-reader.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { getPreset } from "#ingest/presets/index.ts";
import { OnnxPredictor } from "#scoring/onnx-predictor.ts";
import { OUTPUT_NAMES } from "#scoring/predictions.ts";
import { parseDay } from "#shared/dates.ts";
import { readNpy } from "#shared/npy.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { trainLocally } from "#training/local-trainer.ts";
import { useTempDirs } from "../helpers/workdir.ts";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";
const MODEL_PACKAGE = new URL("../../model", import.meta.url).pathname;
const CUTOFF = parseDay("1997-09-30");

/** Relative and absolute tolerance of onnxruntime against PyTorch. */
const RELATIVE_TOLERANCE = 1e-4;
const ABSOLUTE_TOLERANCE = 1e-5;
/**
 * A quantile of the zero-inflated mixture jumps from 0 where p_alive
 * crosses 1 - q, so rows that close to the jump are not compared.
 */
const QUANTILE_JUMP_BAND = 0.01;

const tempDir = useTempDirs();

describe("training and serving parity", () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    dir = await tempDir();
    const preset = getPreset("cdnow");
    await ingestOrders("test/fixtures/cdnow-slice.txt", {
      workdir: dir,
      preset,
      rules: { dateFormat: preset.dateFormat, currency: null },
      timeZone: "UTC",
      reporter: new MemoryReporter(),
    });
    const { histories } = await readHistories(dir);
    await buildDataset(histories, {
      runId: "parity",
      cutoffDay: CUTOFF,
      horizonDays: 273,
      maxOrders: 16,
      outDir: join(dir, "dataset"),
    });
    modelDir = join(dir, "model");
    await trainLocally({
      python: PYTHON,
      datasetDir: join(dir, "dataset"),
      modelDir,
      modelVersion: "parity",
      seed: 3,
      epochs: 2,
    });
  }, 300_000);

  it("encodes the same tensors for scoring", async () => {
    const split = await readSplit(join(dir, "dataset", "test"));
    const { histories } = await readHistories(dir);
    const byId = new Map(histories.map((h) => [h.customerId, h]));
    const members = split.customerIds.map((id) => byId.get(id));
    const predictor = await OnnxPredictor.load(modelDir);

    const rebuilt = encodeHistories(
      members.filter((h) => h !== undefined),
      CUTOFF,
      { maxOrders: 16, categories: predictor.info.categories },
    );

    expect(members.every((h) => h !== undefined)).toBe(true);
    expect(rebuilt.seq).toEqual(split.inputs.seq);
    expect(rebuilt.mask).toEqual(split.inputs.mask);
    expect(rebuilt.summary).toEqual(split.inputs.summary);
  });

  it("predicts with onnxruntime as PyTorch does", async () => {
    const testDir = join(dir, "dataset", "test");
    const split = await readSplit(testDir);
    const onnx = await (await OnnxPredictor.load(modelDir)).predictEncoded(
      split.inputs,
    );
    const torch = await torchPredictions(modelDir, testDir, join(dir, "torch"));

    for (const [field, name] of Object.entries(OUTPUT_NAMES)) {
      const quantile = /value_p(\d+)/.exec(name)?.[1];
      const level = quantile ? Number(quantile) / 100 : null;
      const expected = torch.get(name) as Float32Array;
      const actual = onnx[field as keyof typeof OUTPUT_NAMES] as Float32Array;
      expect(actual.length, name).toBe(split.customerIds.length);
      let compared = 0;
      for (let i = 0; i < actual.length; i++) {
        const pAlive = onnx.pAlive[i] as number;
        if (
          level !== null &&
          Math.abs(pAlive - (1 - level)) < QUANTILE_JUMP_BAND
        )
          continue;
        const want = expected[i] as number;
        const tolerance =
          ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(want);
        expect(
          Math.abs((actual[i] as number) - want),
          `${name}[${i}]`,
        ).toBeLessThanOrEqual(tolerance);
        compared += 1;
      }
      expect(compared, name).toBeGreaterThan(actual.length / 2);
    }
  });
});

/** Runs the PyTorch model through `valuecast_model.predict`. */
async function torchPredictions(
  modelDir: string,
  dataDir: string,
  outDir: string,
): Promise<Map<string, Float32Array>> {
  await mkdir(outDir, { recursive: true });
  const npz = join(outDir, "predictions.npz");
  await run(
    PYTHON,
    [
      "-m",
      "valuecast_model.predict",
      "--model-dir",
      modelDir,
      "--data",
      dataDir,
      "--out",
      npz,
    ],
    { cwd: MODEL_PACKAGE },
  );
  await run(PYTHON, [
    "-c",
    "import numpy as np, sys\n" +
      "d = np.load(sys.argv[1])\n" +
      "for k in d.files: np.save(f'{sys.argv[2]}/{k}.npy', d[k])",
    npz,
    outDir,
  ]);
  const arrays = new Map<string, Float32Array>();
  for (const file of await readdir(outDir)) {
    if (!file.endsWith(".npy")) continue;
    const array = await readNpy(join(outDir, file));
    arrays.set(file.replace(/\.npy$/, ""), array.data as Float32Array);
  }
  return arrays;
}

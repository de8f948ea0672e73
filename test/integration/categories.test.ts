import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readSplit } from "#features/dataset-reader.ts";
import { runPipeline } from "#pipeline/run.ts";
import type { RunSummary } from "#pipeline/summary.ts";
import { OnnxPredictor } from "#scoring/onnx-predictor.ts";
import { loadRunConfig } from "#shared/config.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";

const CATEGORIES = ["books", "music", "games"];
const CUSTOMERS = 300;

/**
 * Writes a canonical export where each customer mostly buys one category,
 * with a deterministic pseudo-random pattern of order days.
 */
async function writeExport(dir: string): Promise<string> {
  const lines = ["order_id,customer_id,order_ts,amount,category"];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let c = 0; c < CUSTOMERS; c++) {
    const favourite = CATEGORIES[c % CATEGORIES.length];
    const orders = 1 + Math.floor(random() * 6);
    for (let o = 0; o < orders; o++) {
      const day = new Date(
        Date.UTC(2022, 0, 1) + Math.floor(random() * 700) * 86_400_000,
      );
      const category = random() < 0.8 ? favourite : CATEGORIES[o % 3];
      const amount = (10 + random() * 90).toFixed(2);
      lines.push(
        `o${c}-${o},c${c},${day.toISOString().slice(0, 10)},${amount},${category}`,
      );
    }
  }
  return writeLines(dir, "orders.csv", lines);
}

const tempDir = useTempDirs();

describe("runPipeline with product categories", () => {
  let summary: RunSummary;

  beforeAll(async () => {
    const dir = await tempDir();
    const orders = await writeExport(dir);
    summary = await runPipeline(
      loadRunConfig({
        orders,
        format: "canonical",
        horizonDays: 180,
        workdir: join(dir, "work"),
        epochs: 2,
      }),
      new MemoryReporter(),
    );
  }, 300_000);

  it("trains a category head over the vocabulary", async () => {
    const predictor = await OnnxPredictor.load(summary.model.dir);

    expect([...(predictor.info.categories ?? [])].sort()).toEqual(
      [...CATEGORIES].sort(),
    );
    expect(predictor.info.inputs.map((input) => input.name)).toContain(
      "seq_category",
    );
  });

  it("returns category probabilities that sum to one", async () => {
    const predictor = await OnnxPredictor.load(summary.model.dir);
    const split = await readSplit(join(summary.dataset.dir, "test"));

    const predictions = await predictor.predictEncoded(split.inputs);

    const probabilities = predictions.categoryProbs ?? new Float32Array();
    const width = CATEGORIES.length;
    expect(probabilities.length).toBe(split.customerIds.length * width);
    for (let row = 0; row < split.customerIds.length; row++) {
      const sum = probabilities
        .subarray(row * width, (row + 1) * width)
        .reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 4);
    }
  });

  it("scores every customer", () => {
    expect(summary.scores.customers).toBe(CUSTOMERS);
  });
});

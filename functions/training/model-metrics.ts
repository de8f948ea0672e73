import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EvaluationMetrics } from "#evaluation/metrics.ts";

/**
 * Stores the evaluation metrics in the package's `model.json`, which the
 * trainer writes with an empty `metrics` object.
 */
export async function updateModelMetrics(
  modelDir: string,
  metrics: EvaluationMetrics,
): Promise<void> {
  const path = join(modelDir, "model.json");
  const info = JSON.parse(await readFile(path, "utf8")) as Record<
    string,
    unknown
  >;
  const { decileBins: _bins, ...scalars } = metrics;
  info.metrics = { test: scalars };
  await writeFile(`${path}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

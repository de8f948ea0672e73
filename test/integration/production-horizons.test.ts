import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "#pipeline/run.ts";
import type { RunSummary } from "#pipeline/summary.ts";
import { readScores } from "#scoring/scores-file.ts";
import { loadRunConfig, type RunConfig } from "#shared/config.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { LocalModelRegistry } from "#training/registry.ts";
import { useTempDirs } from "../helpers/workdir.ts";

const SLICE = "test/fixtures/cdnow-slice.txt";

const tempDir = useTempDirs();

/**
 * Rules that promote every candidate or none, so the test decides which
 * model is in production whatever the one-epoch models score.
 */
const PROMOTE_ANY = {
  primaryMetric: "normalizedGini",
  margin: Number.NEGATIVE_INFINITY,
  spendErrorTolerance: Number.POSITIVE_INFINITY,
} as const;
const PROMOTE_NONE = {
  primaryMetric: "normalizedGini",
  margin: Number.POSITIVE_INFINITY,
  spendErrorTolerance: 0,
} as const;

describe("runPipeline with two horizons in one workdir", () => {
  let workdir: string;
  const runs: Record<string, RunSummary> = {};
  const reporters: Record<string, MemoryReporter> = {};

  async function run(
    name: string,
    horizonDays: number,
    promotion: RunConfig["promotion"],
    now: string,
  ): Promise<void> {
    const config = loadRunConfig({
      orders: SLICE,
      format: "cdnow",
      horizonDays,
      workdir,
      epochs: 1,
    });
    reporters[name] = new MemoryReporter();
    runs[name] = await runPipeline(
      { ...config, promotion },
      reporters[name],
      {},
      new Date(now),
    );
  }

  beforeAll(async () => {
    workdir = join(await tempDir(), "work");
    // Promote a 273-day model, then a 180-day model, then run each horizon
    // again without promotion.
    await run("long", 273, PROMOTE_ANY, "2030-01-01T00:00:00Z");
    await run("short", 180, PROMOTE_ANY, "2030-01-02T00:00:00Z");
    await run("longAgain", 273, PROMOTE_NONE, "2030-01-03T00:00:00Z");
    await run("shortAgain", 180, PROMOTE_NONE, "2030-01-04T00:00:00Z");
  }, 600_000);

  it("promotes the first model of each horizon", () => {
    const { long, short } = runs;

    expect(long?.promotion.promoted).toBe(true);
    expect(long?.promotion.previousProduction).toBeNull();
    expect(short?.promotion.promoted).toBe(true);
    expect(short?.promotion.previousProduction).toBeNull();
  });

  it("keeps a production model per horizon", async () => {
    const registry = new LocalModelRegistry(workdir);
    const state = await registry.read();

    expect(state.production).toEqual({
      "273": runs.long?.model.version,
      "180": runs.short?.model.version,
    });
    expect(state.models.map((model) => model.horizonDays)).toEqual([
      273, 180, 273, 180,
    ]);
  });

  it("gates against the same horizon's model", () => {
    const { long, short, longAgain, shortAgain } = runs;

    expect(longAgain?.promotion.promoted).toBe(false);
    expect(longAgain?.promotion.previousProduction).toBe(long?.model.version);
    expect(shortAgain?.promotion.promoted).toBe(false);
    expect(shortAgain?.promotion.previousProduction).toBe(short?.model.version);
  });

  it("scores with the same horizon's model", async () => {
    const { long, short, longAgain, shortAgain } = runs;
    const longScores = await readScores(longAgain?.scores.path as string);
    const shortScores = await readScores(shortAgain?.scores.path as string);

    expect(longAgain?.scores.modelVersion).toBe(long?.model.version);
    expect(shortAgain?.scores.modelVersion).toBe(short?.model.version);
    expect(new Set(longScores.map((row) => row.modelVersion))).toEqual(
      new Set([long?.model.version]),
    );
    expect(new Set(shortScores.map((row) => row.modelVersion))).toEqual(
      new Set([short?.model.version]),
    );
  });

  it("reports no warnings", () => {
    for (const reporter of Object.values(reporters)) {
      expect(
        reporter.lines.filter((line) => line.startsWith("warning:")),
      ).toEqual([]);
    }
  });
});

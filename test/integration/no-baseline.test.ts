import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "#pipeline/run.ts";
import type { RunSummary } from "#pipeline/summary.ts";
import { loadRunConfig } from "#shared/config.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";

/**
 * 150 customers of whom 25 buy again before the cutoff: enough for the deep
 * model's thresholds (20 repeat buyers) but too few for the baseline's
 * (30). Another 40 buy in the horizon, so there are labels to learn from.
 */
async function writeThinExport(
  dir: string,
  horizonBuyers: (c: number) => boolean = (c) => c >= 25 && c < 65,
): Promise<string> {
  const lines = ["order_id,customer_id,order_ts,amount"];
  const day = (offset: number) =>
    new Date(Date.UTC(2022, 0, 1) + offset * 86_400_000)
      .toISOString()
      .slice(0, 10);
  for (let c = 0; c < 150; c++) {
    lines.push(`a${c},c${c},${day(c % 90)},${20 + (c % 7)}`);
    if (c < 25) lines.push(`b${c},c${c},${day(120 + c)},${30 + c}`);
    if (horizonBuyers(c)) lines.push(`h${c},c${c},${day(560 + c)},${25 + c}`);
  }
  return writeLines(dir, "orders.csv", lines);
}

const tempDir = useTempDirs();

describe("runPipeline when the baseline cannot be fitted", () => {
  let summary: RunSummary;
  let reporter: MemoryReporter;

  beforeAll(async () => {
    const dir = await tempDir();
    reporter = new MemoryReporter();
    summary = await runPipeline(
      loadRunConfig({
        orders: await writeThinExport(dir),
        format: "canonical",
        horizonDays: 180,
        workdir: join(dir, "work"),
        epochs: 2,
      }),
      reporter,
    );
  }, 300_000);

  it("goes on and says why", () => {
    expect(summary.baseline).toMatchObject({
      error: expect.stringContaining("repeat"),
    });
    expect(
      reporter.lines.some((line) =>
        line.startsWith("warning: the baseline could not be fitted"),
      ),
    ).toBe(true);
  });

  it("gates the candidate against the reference", () => {
    expect(summary.evaluation.baseline).toBeNull();
    expect(summary.promotion.reason).toContain("reference");
  });

  it("still writes the report and the scores", async () => {
    const html = await readFile(summary.htmlReport, "utf8");

    expect(html).toContain("reference (prior spend)");
    expect(html).not.toContain("BG/NBD + Gamma-Gamma");
    expect(summary.scores.customers).toBe(150);
  });
});

describe("runPipeline when no baseline fits at all", () => {
  it("scores with the candidate and warns", async () => {
    const dir = await tempDir();
    const reporter = new MemoryReporter();
    // The same 25 customers buy again in the horizon, so even at the as-of
    // day there are too few repeat buyers for the baseline.
    const orders = await writeThinExport(dir, (c) => c < 25);

    const summary = await runPipeline(
      loadRunConfig({
        orders,
        format: "canonical",
        horizonDays: 180,
        workdir: join(dir, "work"),
        epochs: 2,
      }),
      reporter,
    );

    expect(summary.scores.customers).toBe(150);
    expect(summary.scores.modelVersion).toBe(summary.model.version);
    if (!summary.promotion.promoted) {
      expect(
        reporter.lines.some((line) =>
          line.includes(`so the candidate ${summary.model.version}`),
        ),
      ).toBe(true);
    }
  }, 300_000);
});

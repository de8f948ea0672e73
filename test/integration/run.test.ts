import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readSplit } from "#features/dataset-reader.ts";
import { encodeHistories } from "#features/encoder.ts";
import { readHistories } from "#features/lake-reader.ts";
import { runPipeline } from "#pipeline/run.ts";
import type { RunSummary } from "#pipeline/summary.ts";
import { encoderSpecOf, readModelInfo } from "#scoring/model-package.ts";
import { readScores, scoresPath } from "#scoring/scores-file.ts";
import { loadRunConfig } from "#shared/config.ts";
import { parseDay } from "#shared/dates.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs } from "../helpers/workdir.ts";

const SLICE = "test/fixtures/cdnow-slice.txt";
/** Customers 00001 to 00800 of the CDNOW master log. */
const SLICE_CUSTOMERS = 800;
const SLICE_ROWS = 2756;

const tempDir = useTempDirs();

describe("runPipeline on a CDNOW slice", () => {
  let summary: RunSummary;
  let workdir: string;

  beforeAll(async () => {
    workdir = join(await tempDir(), "work");
    const config = loadRunConfig({
      orders: SLICE,
      format: "cdnow",
      horizonDays: 273,
      workdir,
      epochs: 3,
    });
    summary = await runPipeline(config, new MemoryReporter());
  }, 300_000);

  it("accounts for every row", () => {
    const { ingest } = summary;

    expect(ingest.rowsRead).toBe(SLICE_ROWS);
    expect(ingest.rowsIngested + ingest.rowsQuarantined).toBe(ingest.rowsRead);
    expect(ingest.rowsQuarantined).toBe(0);
  });

  it("places the literature's calibration window", () => {
    expect(summary.window).toEqual({
      firstOrderDate: "1997-01-01",
      cutoff: "1997-09-30",
      asOf: "1998-06-30",
      horizonDays: 273,
    });
  });

  it("splits every customer into one split", () => {
    const { train, validation, test } = summary.dataset.splits;

    expect((train ?? 0) + (validation ?? 0) + (test ?? 0)).toBe(
      SLICE_CUSTOMERS,
    );
    expect(test).toBeGreaterThan(50);
  });

  it("writes one valid score row per customer", async () => {
    const rows = await readScores(summary.scores.path);
    const { histories } = await readHistories(workdir);

    expect(rows).toHaveLength(SLICE_CUSTOMERS);
    expect(rows.map((row) => row.customerId).sort()).toEqual(
      histories.map((history) => history.customerId).sort(),
    );
    for (const row of rows) {
      expect(row.pAlive).toBeGreaterThanOrEqual(0);
      expect(row.pAlive).toBeLessThanOrEqual(1);
      expect(row.valueP10).toBeLessThanOrEqual(row.valueP50);
      expect(row.valueP50).toBeLessThanOrEqual(row.valueP90);
      expect(row.expectedValue).toBeGreaterThanOrEqual(0);
      expect(row.asOf).toBe("1998-06-30");
      expect(row.horizonDays).toBe(273);
      expect(row.modelVersion).toBe(summary.scores.modelVersion);
    }
  });

  it("reports metrics for the model, baseline and reference", async () => {
    const report = JSON.parse(await readFile(summary.report, "utf8"));
    const info = await readModelInfo(summary.model.dir);
    const { model, baseline, reference } = report.evaluation;

    expect(model.customers).toBe(summary.dataset.splits.test);
    expect(baseline.customers).toBe(summary.dataset.splits.test);
    expect(reference.customers).toBe(summary.dataset.splits.test);
    expect(Math.abs(model.normalizedGini)).toBeLessThanOrEqual(1);
    // The baseline is deterministic; on this slice it ranks well.
    expect(baseline.normalizedGini).toBeGreaterThan(0.6);
    expect(info.metrics).toMatchObject({
      test: { normalizedGini: model.normalizedGini },
    });
  });

  it("records the promotion decision in the registry", async () => {
    const registry = JSON.parse(
      await readFile(join(workdir, "models", "registry.json"), "utf8"),
    );

    expect(registry.models).toHaveLength(1);
    expect(registry.models[0].version).toBe(summary.model.version);
    expect(registry.models[0].decision).toEqual(summary.promotion);
    expect(registry.formatVersion).toBe(2);
    expect(registry.production).toEqual(
      summary.promotion.promoted ? { "273": summary.model.version } : {},
    );
    expect(summary.scores.modelVersion).toBe(
      summary.promotion.promoted
        ? summary.model.version
        : `baseline-${summary.runId}`,
    );
  });

  it("writes a self-contained HTML report", async () => {
    const html = await readFile(summary.htmlReport, "utf8");

    expect(html).toContain("<html");
    expect(html).toContain(summary.model.version);
    expect(html).not.toMatch(/(src|href)=["']https?:/);
  });

  it("builds the scoring tensors the dataset builder wrote", async () => {
    const split = await readSplit(join(summary.dataset.dir, "test"));
    const { histories } = await readHistories(workdir);
    const byId = new Map(histories.map((h) => [h.customerId, h]));
    const members = split.customerIds.map((id) => byId.get(id));
    const spec = encoderSpecOf(await readModelInfo(summary.model.dir));

    const rebuilt = encodeHistories(
      members.filter((h) => h !== undefined),
      parseDay(summary.window.cutoff),
      spec,
    );

    expect(members.every((h) => h !== undefined)).toBe(true);
    expect(rebuilt.seq).toEqual(split.inputs.seq);
    expect(rebuilt.mask).toEqual(split.inputs.mask);
    expect(rebuilt.summary).toEqual(split.inputs.summary);
  });

  it("ingests nothing twice on a second run", async () => {
    const again = await runPipeline(
      loadRunConfig({
        orders: SLICE,
        format: "cdnow",
        horizonDays: 273,
        workdir,
        epochs: 1,
      }),
      new MemoryReporter(),
      {},
      new Date("2030-01-01T00:00:00Z"),
    );

    expect(again.ingest.filesIngested).toEqual([]);
    expect(again.ingest.filesAlreadyInLake).toEqual(["cdnow-slice.txt"]);
    expect(again.lake.orders).toBe(summary.lake.orders);
    expect(again.scores.customers).toBe(SLICE_CUSTOMERS);
  }, 300_000);

  it("keeps the scores of another horizon", async () => {
    const shorter = await runPipeline(
      loadRunConfig({
        orders: SLICE,
        format: "cdnow",
        horizonDays: 180,
        workdir,
        epochs: 1,
      }),
      new MemoryReporter(),
      {},
      new Date("2030-01-02T00:00:00Z"),
    );
    const longPath = scoresPath(workdir, "1998-06-30", 273);
    const shortPath = scoresPath(workdir, "1998-06-30", 180);
    const long = await readScores(longPath);
    const short = await readScores(shortPath);

    expect(summary.scores.path).toBe(longPath);
    expect(shorter.scores.path).toBe(shortPath);
    expect(long).toHaveLength(SLICE_CUSTOMERS);
    expect(short).toHaveLength(SLICE_CUSTOMERS);
    expect(new Set(long.map((row) => row.horizonDays))).toEqual(new Set([273]));
    expect(new Set(short.map((row) => row.horizonDays))).toEqual(
      new Set([180]),
    );
    expect(new Set(short.map((row) => row.asOf))).toEqual(
      new Set(["1998-06-30"]),
    );
  }, 300_000);
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatBaselineReport, runBaseline } from "#pipeline/baseline-run.ts";
import { loadBaselineConfig } from "#shared/config.ts";
import { ConfigError } from "#shared/errors.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs } from "../helpers/workdir.ts";

const tempDir = useTempDirs();

/** Published values are rounded to 4 significant digits. */
const PUBLISHED_TOLERANCE = 5e-4;

describe("runBaseline on the CDNOW sample", () => {
  it("reproduces the published parameters through ingestion", async () => {
    const config = loadBaselineConfig({
      orders: "data/cdnow/CDNOW_sample.txt",
      format: "cdnow",
      workdir: join(await tempDir(), "w"),
      calibrationEnd: "1997-09-30",
      holdoutEnd: "1998-06-30",
    });

    const report = await runBaseline(config, new MemoryReporter());

    const { r, alpha, a, b } = report.bgnbd.params;
    expect(report.customers).toBe(2357);
    expect(r).toBeCloseTo(0.2426, 3);
    expect(Math.abs(alpha / 4.4137 - 1)).toBeLessThan(PUBLISHED_TOLERANCE);
    expect(Math.abs(a / 0.793 - 1)).toBeLessThan(PUBLISHED_TOLERANCE);
    expect(Math.abs(b / 2.4262 - 1)).toBeLessThan(PUBLISHED_TOLERANCE);
    expect(report.bgnbd.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(report.gammaGamma.customers).toBe(946);
    expect(report.gammaGamma.params.p).toBeCloseTo(6.25, 2);
    expect(report.holdout?.actualOrdersTotal).toBe(1882);
    expect(formatBaselineReport(report)).toContain("r = 0.2426");
  });
});

describe("loadBaselineConfig", () => {
  it("rejects a holdout end before the calibration end", () => {
    const load = () =>
      loadBaselineConfig({
        orders: "x",
        format: "cdnow",
        calibrationEnd: "1997-09-30",
        holdoutEnd: "1997-01-01",
      });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      "Invalid holdout end 1997-01-01: it must be after the calibration end 1997-09-30.",
    );
  });
});

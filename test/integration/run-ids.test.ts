import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "#pipeline/run.ts";
import type { RunSummary } from "#pipeline/summary.ts";
import { readModelInfo } from "#scoring/model-package.ts";
import { loadRunConfig } from "#shared/config.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { WorkdirLockedError } from "#shared/workdir-lock.ts";
import { LocalModelRegistry } from "#training/registry.ts";
import { useTempDirs } from "../helpers/workdir.ts";

const SLICE = "test/fixtures/cdnow-slice.txt";
const NOW = new Date("2030-01-01T00:00:00.250Z");

const tempDir = useTempDirs();

function config(workdir: string) {
  return loadRunConfig({
    orders: SLICE,
    format: "cdnow",
    horizonDays: 273,
    workdir,
    epochs: 1,
  });
}

async function readSummary(run: RunSummary): Promise<RunSummary> {
  return JSON.parse(await readFile(run.report, "utf8"));
}

describe("runPipeline ids", () => {
  it("gives runs in the same second their own folders", async () => {
    const workdir = join(await tempDir(), "w");

    const first = await runPipeline(
      config(workdir),
      new MemoryReporter(),
      {},
      NOW,
    );
    const second = await runPipeline(
      config(workdir),
      new MemoryReporter(),
      {},
      new Date("2030-01-01T00:00:00.900Z"),
    );
    const registry = await new LocalModelRegistry(workdir).read();

    expect(first.runId).toBe("20300101T000000Z");
    expect(second.runId).toBe("20300101T000000Z-2");
    expect(second.model.version).toBe("vc-20300101T000000Z-2");
    expect(second.dataset.dir).toBe(
      join(workdir, "datasets", "20300101T000000Z-2"),
    );
    expect((await readModelInfo(first.model.dir)).version).toBe(
      first.model.version,
    );
    expect((await readModelInfo(second.model.dir)).version).toBe(
      second.model.version,
    );
    expect((await readSummary(first)).runId).toBe(first.runId);
    expect((await readSummary(second)).runId).toBe(second.runId);
    expect(registry.models.map((model) => model.version)).toEqual([
      first.model.version,
      second.model.version,
    ]);
  }, 300_000);

  it("rejects a second run at once", async () => {
    const workdir = join(await tempDir(), "w");

    const results = await Promise.allSettled([
      runPipeline(config(workdir), new MemoryReporter(), {}, NOW),
      runPipeline(config(workdir), new MemoryReporter(), {}, NOW),
    ]);
    const done = results.filter((result) => result.status === "fulfilled");
    const failed = results.filter((result) => result.status === "rejected");
    const registry = await new LocalModelRegistry(workdir).read();

    expect(done).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(WorkdirLockedError);
    expect(failed[0]?.reason.message).toContain(
      `Workdir ${workdir} is locked by valuecast run (pid ${process.pid} `,
    );
    expect(registry.models.map((model) => model.version)).toEqual([
      done[0]?.value.model.version,
    ]);
  }, 300_000);
});

import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimRunId, runIdOf } from "#pipeline/run-id.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();
const NOW = new Date("2030-01-02T03:04:05.678Z");

describe("runIdOf", () => {
  it("formats the time to the second", () => {
    expect(runIdOf(NOW)).toBe("20300102T030405Z");
  });
});

describe("claimRunId", () => {
  it("claims the time as the id", async () => {
    const workdir = await tempDir();

    const claimed = await claimRunId(workdir, NOW);

    expect(claimed).toEqual({
      runId: "20300102T030405Z",
      reportDir: join(workdir, "reports", "20300102T030405Z"),
    });
    expect(await readdir(join(workdir, "reports"))).toEqual([
      "20300102T030405Z",
    ]);
  });

  it("adds a suffix in the same second", async () => {
    const workdir = await tempDir();

    const first = await claimRunId(workdir, NOW);
    const second = await claimRunId(workdir, new Date("2030-01-02T03:04:05Z"));
    const third = await claimRunId(workdir, NOW);

    expect(first.runId).toBe("20300102T030405Z");
    expect(second.runId).toBe("20300102T030405Z-2");
    expect(third.runId).toBe("20300102T030405Z-3");
  });

  it("gives callers at once their own ids", async () => {
    const workdir = await tempDir();

    const claimed = await Promise.all(
      Array.from({ length: 5 }, () => claimRunId(workdir, NOW)),
    );

    expect(new Set(claimed.map((claim) => claim.runId)).size).toBe(5);
  });

  it.each([
    ["a dataset", join("datasets", "20300102T030405Z")],
    ["a model", join("models", "vc-20300102T030405Z")],
  ])("skips an id with %s of a failed run", async (_case, folder) => {
    const workdir = await tempDir();
    await mkdir(join(workdir, folder), { recursive: true });

    const claimed = await claimRunId(workdir, NOW);

    expect(claimed.runId).toBe("20300102T030405Z-2");
  });
});

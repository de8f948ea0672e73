import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "#shared/errors.ts";
import {
  LocalModelRegistry,
  type RegisteredModel,
} from "#training/registry.ts";
import { useTempDirs } from "../../helpers/workdir.ts";

const tempDir = useTempDirs();

function model(version: string, promoted: boolean): RegisteredModel {
  return {
    version,
    dir: `models/${version}`,
    runId: `run-${version}`,
    horizonDays: 273,
    metrics: { normalizedGini: 0.5, spendTotalError: 0.02 },
    decision: {
      candidate: version,
      previousProduction: null,
      promoted,
      reason: promoted ? "beats the baseline" : "does not beat the baseline",
      primaryMetric: "normalizedGini",
    },
  };
}

describe("LocalModelRegistry", () => {
  it("starts empty", async () => {
    const registry = new LocalModelRegistry(await tempDir());

    expect(await registry.read()).toEqual({ production: null, models: [] });
  });

  it("makes a promoted model production", async () => {
    const workdir = await tempDir();
    const registry = new LocalModelRegistry(workdir);

    await registry.record(model("vc-1", true));

    expect(await registry.read()).toEqual({
      production: "vc-1",
      models: [model("vc-1", true)],
    });
  });

  it("keeps production when a model is not promoted", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-1", true));

    await registry.record(model("vc-2", false));

    expect(await registry.read()).toEqual({
      production: "vc-1",
      models: [model("vc-1", true), model("vc-2", false)],
    });
  });

  it("records an unpromoted first model", async () => {
    const registry = new LocalModelRegistry(await tempDir());

    await registry.record(model("vc-1", false));

    expect(await registry.read()).toEqual({
      production: null,
      models: [model("vc-1", false)],
    });
  });

  it("replaces a re-recorded version", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-1", true));
    await registry.record(model("vc-2", false));

    await registry.record(model("vc-2", true));

    expect(await registry.read()).toEqual({
      production: "vc-2",
      models: [model("vc-1", true), model("vc-2", true)],
    });
  });

  it("shares its state through models/registry.json", async () => {
    const workdir = await tempDir();
    await new LocalModelRegistry(workdir).record(model("vc-1", true));

    const state = await new LocalModelRegistry(workdir).read();
    const file = JSON.parse(
      await readFile(join(workdir, "models", "registry.json"), "utf8"),
    );

    expect(state).toEqual({
      production: "vc-1",
      models: [model("vc-1", true)],
    });
    expect(file).toEqual(state);
    expect(await readdir(join(workdir, "models"))).toEqual(["registry.json"]);
  });
});

describe("LocalModelRegistry with a corrupt file", () => {
  it("raises InputError naming the file", async () => {
    const workdir = await makeCorruptRegistry();

    const read = new LocalModelRegistry(workdir).read();

    await expect(read).rejects.toThrow(InputError);
    await expect(read).rejects.toThrow(
      `Model registry ${join(workdir, "models", "registry.json")} is not valid JSON`,
    );
  });
});

async function makeCorruptRegistry(): Promise<string> {
  const workdir = await tempDir();
  await mkdir(join(workdir, "models"), { recursive: true });
  await writeFile(join(workdir, "models", "registry.json"), "{ not json");
  return workdir;
}

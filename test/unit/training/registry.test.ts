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

function model(
  version: string,
  promoted: boolean,
  horizonDays = 273,
): RegisteredModel {
  return {
    version,
    dir: `models/${version}`,
    runId: `run-${version}`,
    horizonDays,
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

async function writeRegistryFile(workdir: string, json: unknown) {
  await mkdir(join(workdir, "models"), { recursive: true });
  await writeFile(
    join(workdir, "models", "registry.json"),
    `${JSON.stringify(json, null, 2)}\n`,
  );
}

async function readRegistryFile(workdir: string): Promise<unknown> {
  return JSON.parse(
    await readFile(join(workdir, "models", "registry.json"), "utf8"),
  );
}

describe("LocalModelRegistry", () => {
  it("starts empty", async () => {
    const registry = new LocalModelRegistry(await tempDir());

    expect(await registry.read()).toEqual({
      formatVersion: 2,
      production: {},
      models: [],
    });
    expect(await registry.findProduction(273)).toBeNull();
  });

  it("makes a promoted model production", async () => {
    const workdir = await tempDir();
    const registry = new LocalModelRegistry(workdir);

    await registry.record(model("vc-1", true));

    expect(await registry.read()).toEqual({
      formatVersion: 2,
      production: { "273": "vc-1" },
      models: [model("vc-1", true)],
    });
    expect(await registry.findProduction(273)).toEqual(model("vc-1", true));
  });

  it("keeps production when a model is not promoted", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-1", true));

    await registry.record(model("vc-2", false));

    expect(await registry.read()).toEqual({
      formatVersion: 2,
      production: { "273": "vc-1" },
      models: [model("vc-1", true), model("vc-2", false)],
    });
  });

  it("records an unpromoted first model", async () => {
    const registry = new LocalModelRegistry(await tempDir());

    await registry.record(model("vc-1", false));

    expect(await registry.read()).toEqual({
      formatVersion: 2,
      production: {},
      models: [model("vc-1", false)],
    });
    expect(await registry.findProduction(273)).toBeNull();
  });

  it("replaces a re-recorded version", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-1", true));
    await registry.record(model("vc-2", false));

    await registry.record(model("vc-2", true));

    expect(await registry.read()).toEqual({
      formatVersion: 2,
      production: { "273": "vc-2" },
      models: [model("vc-1", true), model("vc-2", true)],
    });
  });

  it("rejects a version re-recorded with another horizon", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-1", true, 273));

    const record = registry.record(model("vc-1", true, 180));

    await expect(record).rejects.toThrow(
      /vc-1 is already recorded in .* with a 273-day horizon, not 180/,
    );
    expect(await registry.findProduction(273)).toEqual(
      model("vc-1", true, 273),
    );
    expect(await registry.findProduction(180)).toBeNull();
  });

  it.each([0, -30, 273.5, Number.NaN])(
    "rejects the horizon %s",
    async (horizonDays) => {
      const workdir = await tempDir();
      const registry = new LocalModelRegistry(workdir);

      const record = registry.record(model("vc-1", true, horizonDays));

      await expect(record).rejects.toThrow(
        `Invalid horizon ${horizonDays} of model vc-1`,
      );
      expect(await registry.read()).toEqual({
        formatVersion: 2,
        production: {},
        models: [],
      });
    },
  );

  it("shares its state through models/registry.json", async () => {
    const workdir = await tempDir();
    await new LocalModelRegistry(workdir).record(model("vc-1", true));

    const state = await new LocalModelRegistry(workdir).read();
    const file = await readRegistryFile(workdir);

    expect(state).toEqual({
      formatVersion: 2,
      production: { "273": "vc-1" },
      models: [model("vc-1", true)],
    });
    expect(file).toEqual(state);
    expect(await readdir(join(workdir, "models"))).toEqual(["registry.json"]);
  });
});

describe("LocalModelRegistry with several horizons", () => {
  it("keeps the production model of each horizon", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-273", true, 273));

    await registry.record(model("vc-180", true, 180));

    expect(await registry.read()).toEqual({
      formatVersion: 2,
      production: { "273": "vc-273", "180": "vc-180" },
      models: [model("vc-273", true, 273), model("vc-180", true, 180)],
    });
    expect(await registry.findProduction(273)).toEqual(
      model("vc-273", true, 273),
    );
    expect(await registry.findProduction(180)).toEqual(
      model("vc-180", true, 180),
    );
    expect(await registry.findProduction(365)).toBeNull();
  });

  it("replaces only the promoted model's horizon", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-1", true, 273));
    await registry.record(model("vc-2", true, 180));

    await registry.record(model("vc-3", true, 273));

    expect((await registry.read()).production).toEqual({
      "273": "vc-3",
      "180": "vc-2",
    });
    expect((await registry.findProduction(273))?.version).toBe("vc-3");
    expect((await registry.findProduction(180))?.version).toBe("vc-2");
  });

  it("keeps other horizons when a model is not promoted", async () => {
    const registry = new LocalModelRegistry(await tempDir());
    await registry.record(model("vc-1", true, 273));

    await registry.record(model("vc-2", false, 180));

    expect((await registry.read()).production).toEqual({ "273": "vc-1" });
    expect(await registry.findProduction(180)).toBeNull();
    expect((await registry.findProduction(273))?.version).toBe("vc-1");
  });
});

describe("LocalModelRegistry with a single-production file", () => {
  // The format of versions before per-horizon production: no
  // formatVersion, and one production version for all horizons.
  it("migrates production to its model's horizon", async () => {
    const workdir = await tempDir();
    const old = {
      production: "vc-2",
      models: [model("vc-1", true, 180), model("vc-2", true, 273)],
    };
    await writeRegistryFile(workdir, old);
    const registry = new LocalModelRegistry(workdir);

    const state = await registry.read();

    expect(state).toEqual({
      formatVersion: 2,
      production: { "273": "vc-2" },
      models: [model("vc-1", true, 180), model("vc-2", true, 273)],
    });
    expect((await registry.findProduction(273))?.version).toBe("vc-2");
    // The 180-day model was replaced in production by the 273-day model
    // before the migration, so 180 days have no production model.
    expect(await registry.findProduction(180)).toBeNull();
    expect(await readRegistryFile(workdir)).toEqual(old);
  });

  it("migrates a null production", async () => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, {
      production: null,
      models: [model("vc-1", false)],
    });

    const state = await new LocalModelRegistry(workdir).read();

    expect(state).toEqual({
      formatVersion: 2,
      production: {},
      models: [model("vc-1", false)],
    });
  });

  it("rewrites the file in the current format", async () => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, {
      production: "vc-1",
      models: [model("vc-1", true, 273)],
    });
    const registry = new LocalModelRegistry(workdir);

    await registry.record(model("vc-2", true, 180));

    expect(await readRegistryFile(workdir)).toEqual({
      formatVersion: 2,
      production: { "273": "vc-1", "180": "vc-2" },
      models: [model("vc-1", true, 273), model("vc-2", true, 180)],
    });
  });

  it("keeps fields that it does not read", async () => {
    const workdir = await tempDir();
    const entry = { ...model("vc-1", true), note: "kept" };
    await writeRegistryFile(workdir, { production: "vc-1", models: [entry] });

    const state = await new LocalModelRegistry(workdir).read();

    expect(state.models).toEqual([entry]);
  });

  it("rejects a production version it does not list", async () => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, {
      production: "vc-9",
      models: [model("vc-1", true)],
    });

    const read = new LocalModelRegistry(workdir).read();

    await expect(read).rejects.toThrow(InputError);
    await expect(read).rejects.toThrow(
      "names vc-9 as the production model but lists no model of that version",
    );
  });
});

describe("LocalModelRegistry with a production label", () => {
  // Earlier versions stored the incumbent's display name, such as
  // "production vc-1", in decision.previousProduction.
  function labelled(version: string, previous: string | null) {
    const entry = model(version, false);
    return {
      ...entry,
      decision: { ...entry.decision, previousProduction: previous },
    };
  }

  it("reads the version from the label", async () => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, {
      formatVersion: 2,
      production: { "273": "vc-1" },
      models: [model("vc-1", true), labelled("vc-2", "production vc-1")],
    });

    const state = await new LocalModelRegistry(workdir).read();

    expect(state.models[1]?.decision.previousProduction).toBe("vc-1");
    expect(state.models[0]?.decision.previousProduction).toBeNull();
  });

  it("reads the label of a single-production file", async () => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, {
      production: "vc-1",
      models: [model("vc-1", true), labelled("vc-2", "production vc-1")],
    });

    const state = await new LocalModelRegistry(workdir).read();

    expect(state.models[1]?.decision.previousProduction).toBe("vc-1");
  });

  it("keeps a version without the label", async () => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, {
      formatVersion: 2,
      production: { "273": "vc-1" },
      models: [model("vc-1", true), labelled("vc-2", "vc-1")],
    });

    const state = await new LocalModelRegistry(workdir).read();

    expect(state.models[1]?.decision.previousProduction).toBe("vc-1");
  });

  it("rewrites the label as the version", async () => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, {
      formatVersion: 2,
      production: { "273": "vc-1" },
      models: [model("vc-1", true), labelled("vc-2", "production vc-1")],
    });

    await new LocalModelRegistry(workdir).record(model("vc-3", false));
    const file = (await readRegistryFile(workdir)) as {
      models: RegisteredModel[];
    };

    expect(
      file.models.map((entry) => entry.decision.previousProduction),
    ).toEqual([null, "vc-1", null]);
  });
});

describe("LocalModelRegistry with an invalid file", () => {
  it("raises InputError naming the file", async () => {
    const workdir = await tempDir();
    await mkdir(join(workdir, "models"), { recursive: true });
    await writeFile(join(workdir, "models", "registry.json"), "{ not json");

    const read = new LocalModelRegistry(workdir).read();

    await expect(read).rejects.toThrow(InputError);
    await expect(read).rejects.toThrow(
      `Model registry ${join(workdir, "models", "registry.json")} is not valid JSON`,
    );
  });

  it.each<[string, unknown, string]>([
    [
      "a newer format",
      { formatVersion: 3, production: {}, models: [] },
      "has format version 3, but this valuecast reads versions up to 2",
    ],
    [
      "a model without a horizon",
      {
        formatVersion: 2,
        production: {},
        models: [{ ...model("vc-1", false), horizonDays: undefined }],
      },
      "is invalid at models.0.horizonDays",
    ],
    [
      "a horizon key that is not a number",
      {
        formatVersion: 2,
        production: { "273d": "vc-1" },
        models: [model("vc-1", true)],
      },
      "is invalid at production",
    ],
    [
      "production of an unlisted version",
      {
        formatVersion: 2,
        production: { "273": "vc-9" },
        models: [model("vc-1", true)],
      },
      "names vc-9 as the production model of the 273-day horizon",
    ],
    [
      "production under another horizon",
      {
        formatVersion: 2,
        production: { "180": "vc-1" },
        models: [model("vc-1", true, 273)],
      },
      "but lists no 180-day model of that version",
    ],
    [
      "a list in place of the state",
      [],
      "is invalid at the top level: Invalid input: expected object",
    ],
  ])("rejects %s", async (_case, json, message) => {
    const workdir = await tempDir();
    await writeRegistryFile(workdir, json);

    const read = new LocalModelRegistry(workdir).read();

    await expect(read).rejects.toThrow(InputError);
    await expect(read).rejects.toThrow(message);
  });
});

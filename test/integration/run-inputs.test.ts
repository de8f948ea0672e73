import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runPipeline } from "#pipeline/run.ts";
import { loadRunConfig } from "#shared/config.ts";
import { DependencyError, InputError } from "#shared/errors.ts";
import { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";

const execute = promisify(execFile);
const tempDir = useTempDirs();
const ORDERS = ["order_id,customer_id,order_ts,amount", "o1,c1,2024-03-01,10"];

/**
 * Makes a folder with an order file, and a `--python` path that does not
 * exist, which is how a machine without PyTorch looks to the run.
 */
async function setUp() {
  const dir = await tempDir();
  return {
    dir,
    orders: await writeLines(dir, "orders.csv", ORDERS),
    workdir: join(dir, "work"),
    python: join(dir, "no-such-python"),
  };
}

describe("runPipeline without PyTorch", () => {
  it("reports a missing order file first", async () => {
    const { dir, workdir, python } = await setUp();
    const orders = join(dir, "ordres.csv");
    const reporter = new MemoryReporter();
    const config = loadRunConfig({
      orders,
      format: "canonical",
      workdir,
      python,
    });

    const run = runPipeline(config, reporter);

    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(
      `Order source ${orders} not found: pass an existing file or folder ` +
        "to --orders.",
    );
    expect(reporter.lines).toEqual([]);
    expect(await readdir(dir)).toEqual(["orders.csv"]);
  });

  it("reports the trainer before ingesting", async () => {
    const { dir, orders, workdir, python } = await setUp();
    const reporter = new MemoryReporter();
    const config = loadRunConfig({
      orders,
      format: "canonical",
      workdir,
      python,
    });

    const run = runPipeline(config, reporter);

    await expect(run).rejects.toBeInstanceOf(DependencyError);
    await expect(run).rejects.toThrow(
      `No Python interpreter with PyTorch was found; tried ${python} ` +
        "(not found).",
    );
    expect(reporter.lines).toEqual([]);
    expect(await readdir(dir)).toEqual(["orders.csv"]);
  });
});

describe("valuecast run without PyTorch", () => {
  it("prints the order file error alone", async () => {
    const { dir, workdir, python } = await setUp();
    const orders = join(dir, "ordres.csv");

    const failed = await execute("node", [
      "bin/valuecast.js",
      "run",
      "--orders",
      orders,
      "--format",
      "canonical",
      "--workdir",
      workdir,
      "--python",
      python,
    ]).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe("");
    expect(failed?.stderr).toBe(
      `error: Order source ${orders} not found: pass an existing file or ` +
        "folder to --orders.\n",
    );
  });
});

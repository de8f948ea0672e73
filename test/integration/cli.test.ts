import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const CLI = "bin/valuecast.js";

/** Runs the CLI and returns its exit code and output, failing or not. */
async function valuecast(...args: string[]) {
  try {
    const { stdout, stderr } = await run("node", [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("valuecast command line", () => {
  it.each([
    ["run", ["--horizon-days", "--as-of", "--promotion-metric", "--time-zone"]],
    ["ingest", ["--mapping", "--cutoff", "--currency"]],
    ["baseline", ["--calibration-end", "--holdout-end", "--time-unit"]],
  ])("documents the options of %s", async (command, options) => {
    const { code, stdout } = await valuecast(command, "--help");

    expect(code).toBe(0);
    for (const option of options) expect(stdout).toContain(option);
  });

  it("names an unknown format and the known ones", async () => {
    const { code, stderr } = await valuecast(
      "ingest",
      "--orders",
      "data/cdnow/CDNOW_sample.txt",
      "--format",
      "excel",
    );

    expect(code).toBe(1);
    expect(stderr).toContain('error: Unknown format "excel". Choose one of:');
    expect(stderr).not.toContain("    at ");
  });

  it("names an invalid option value", async () => {
    const { code, stderr } = await valuecast(
      "run",
      "--orders",
      "x.csv",
      "--format",
      "canonical",
      "--as-of",
      "2020-02-30",
    );

    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: Invalid as-of "2020-02-30": expected a calendar date as ' +
        "YYYY-MM-DD, for example 1998-06-30.\n",
    );
  });
});

import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";

const run = promisify(execFile);
const CLI = "bin/valuecast.js";
const tempDir = useTempDirs();

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
    ["ingest", ["--mapping", "--cutoff", "--currency", "--decimal-separator"]],
    ["baseline", ["--calibration-end", "--holdout-end", "--time-unit"]],
  ])("documents the options of %s", async (command, options) => {
    const { code, stdout } = await valuecast(command, "--help");

    expect(code).toBe(0);
    for (const option of options) expect(stdout).toContain(option);
  });

  it("documents the rule for options in a mapping file", async () => {
    const { stdout } = await valuecast("ingest", "--help");

    expect(stdout.replace(/\s+/g, " ")).toContain(
      "An option that the file also sets must have the same value in both " +
        "places",
    );
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

  it("names an invalid decimal separator", async () => {
    const { code, stderr } = await valuecast(
      "ingest",
      "--orders",
      "x.csv",
      "--format",
      "canonical",
      "--decimal-separator",
      ";",
    );

    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: Invalid setting decimalSeparator = ";": ";" is not a decimal ' +
        'separator: use "." for amounts such as 12.50, or "," for amounts ' +
        "such as 12,50.\n",
    );
  });

  it("reads the decimal separator of a mapping file", async () => {
    const dir = await tempDir();
    const mapping = join(dir, "mapping.json");
    await writeFile(
      mapping,
      JSON.stringify({
        columns: {
          order_id: "Nr",
          customer_id: "Kunde",
          order_ts: "Datum",
          amount: "Betrag",
        },
        dateFormat: "dmy",
        decimalSeparator: ",",
      }),
    );
    const orders = await writeLines(dir, "orders.csv", [
      "Nr;Kunde;Datum;Betrag",
      "A-1;k1;03.04.2024;1.234,50",
      "A-2;k1;04.04.2024;12.50",
    ]);

    const { code, stdout } = await valuecast(
      "ingest",
      "--orders",
      orders,
      "--mapping",
      mapping,
      "--workdir",
      join(dir, "w"),
      "--json",
    );
    const report = JSON.parse(stdout);

    expect(code).toBe(0);
    expect(report.ordersIngested).toBe(1);
    expect(report.quarantinedByReason).toEqual({ invalid_amount: 1 });
    expect(report.ingested[0].reading.decimalSeparator).toBe(",");
  });

  it("rejects an invalid time zone beside a mapping file", async () => {
    const dir = await tempDir();
    const mapping = join(dir, "mapping.json");
    await writeFile(
      mapping,
      JSON.stringify({
        columns: {
          order_id: "Nr",
          customer_id: "Kunde",
          order_ts: "Datum",
          amount: "Betrag",
        },
        timeZone: "Europe/Berlin",
      }),
    );

    const { code, stderr } = await valuecast(
      "ingest",
      "--orders",
      "x.csv",
      "--mapping",
      mapping,
      "--time-zone",
      "Mars/Base",
    );

    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: Invalid --time-zone "Mars/Base": must be an IANA time zone ' +
        "such as Europe/Berlin.\n",
    );
  });

  it("rejects a delimiter that differs from the mapping file", async () => {
    const dir = await tempDir();
    const mapping = join(dir, "mapping.json");
    await writeFile(
      mapping,
      JSON.stringify({
        columns: {
          order_id: "Nr",
          customer_id: "Kunde",
          order_ts: "Datum",
          amount: "Betrag",
        },
        delimiter: ";",
      }),
    );

    const { code, stderr } = await valuecast(
      "ingest",
      "--orders",
      "x.csv",
      "--mapping",
      mapping,
      "--delimiter",
      ",",
    );

    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: The options and the mapping file mapping.json give different " +
        'values: --delimiter "," against "delimiter": ";". Remove ' +
        "--delimiter to use the file's values, or give the same value in " +
        "both places.\n",
    );
  });

  it("names the delimiter a header is split at", async () => {
    const dir = await tempDir();
    const orders = await writeLines(dir, "orders.csv", [
      "order_id;customer_id;order_ts;amount",
      "o1;c1;2024-03-01;10",
    ]);

    const { code, stderr } = await valuecast(
      "ingest",
      "--orders",
      orders,
      "--format",
      "canonical",
      "--delimiter",
      ",",
      "--workdir",
      join(dir, "w"),
    );

    expect(code).toBe(1);
    expect(stderr).toContain(
      'Split at ";", the header has every required column, so the ' +
        'delimiter is likely wrong. Pass --delimiter ";"',
    );
  });
});

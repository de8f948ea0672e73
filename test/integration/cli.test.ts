import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";

const run = promisify(execFile);
const CLI = "bin/valuecast.js";
const tempDir = useTempDirs();

/**
 * Options that set how order exports are read, accepted by every command that
 * reads orders.
 */
const SOURCE_OPTIONS = [
  "--orders",
  "--format",
  "--mapping",
  "--date-format",
  "--cutoff",
  "--amount-cap",
  "--extreme-factor",
  "--conversion-rates",
  "--delimiter",
  "--decimal-separator",
  "--production",
  "--time-zone",
  "--currency",
];

/**
 * Writes the CDNOW sample as a canonical file delimited by semicolons,
 * with decimal commas (`29,33`), as a German shop system would export it.
 */
async function writeCommaSample(dir: string): Promise<string> {
  const text = await readFile("data/cdnow/CDNOW_sample.txt", "utf8");
  const ranks = new Map<string, number>();
  const lines = ["order_id;customer_id;order_ts;amount"];
  for (const line of text.trim().split("\n")) {
    const [customer, , date, , dollars] = line.trim().split(/\s+/);
    const key = `${customer}-${date}`;
    const rank = (ranks.get(key) ?? 0) + 1;
    ranks.set(key, rank);
    const day = `${date?.slice(0, 4)}-${date?.slice(4, 6)}-${date?.slice(6)}`;
    lines.push(
      `${key}-${rank};${customer};${day};${dollars?.replace(".", ",")}`,
    );
  }
  return writeLines(dir, "orders.csv", lines);
}

/** Returns the options that a command's help text lists. */
async function helpOptions(command: string): Promise<Set<string>> {
  const { stdout } = await valuecast(command, "--help");
  return new Set(stdout.match(/--[a-z][a-z-]*/g));
}

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

  it.each(["run", "ingest", "baseline"])(
    "gives %s every source option",
    async (command) => {
      const options = await helpOptions(command);

      for (const option of SOURCE_OPTIONS) expect(options).toContain(option);
    },
  );

  it("documents the mapping file option rule", async () => {
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

  it("reads a mapping file's decimal separator", async () => {
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

  it("rejects invalid --time-zone with a mapping", async () => {
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

  it("rejects a delimiter conflicting with the mapping", async () => {
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

  it("suggests the header's actual delimiter", async () => {
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

  it("baseline skips an identically ingested file", async () => {
    const dir = await tempDir();
    const orders = await writeCommaSample(dir);
    const workdir = join(dir, "w");
    const reading = [
      "--orders",
      orders,
      "--format",
      "canonical",
      "--decimal-separator",
      ",",
      "--workdir",
      workdir,
    ];
    const manifestPath = join(workdir, "lake", "orders", "_files.json");

    const ingest = await valuecast("ingest", ...reading, "--json");
    const manifest = await readFile(manifestPath, "utf8");
    const baseline = await valuecast(
      "baseline",
      ...reading,
      "--calibration-end",
      "1997-09-30",
      "--json",
    );
    const latest = JSON.parse(
      await readFile(
        join(workdir, "reports", "ingest", "ingest-report.json"),
        "utf8",
      ),
    );

    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout).ordersIngested).toBe(6919);
    expect(baseline.code, baseline.stderr).toBe(0);
    expect(baseline.stderr).toContain(
      "ingest: orders.csv is already in the lake",
    );
    expect(baseline.stderr).not.toContain("re-reading");
    expect(await readFile(manifestPath, "utf8")).toBe(manifest);
    expect(latest.ingested).toEqual([]);
    expect(latest.alreadyInLake).toHaveLength(1);
    const report = JSON.parse(baseline.stdout);
    expect(report.customers).toBe(2357);
    expect(report.bgnbd.params.r).toBeCloseTo(0.2426, 3);
  });

  it("baseline reads decimal commas without ingest", async () => {
    const dir = await tempDir();
    const orders = await writeCommaSample(dir);
    const workdir = join(dir, "w");

    const { code, stdout, stderr } = await valuecast(
      "baseline",
      "--orders",
      orders,
      "--format",
      "canonical",
      "--decimal-separator",
      ",",
      "--workdir",
      workdir,
      "--calibration-end",
      "1997-09-30",
      "--json",
    );
    const latest = JSON.parse(
      await readFile(
        join(workdir, "reports", "ingest", "ingest-report.json"),
        "utf8",
      ),
    );

    expect(code, stderr).toBe(0);
    expect(latest.ordersIngested).toBe(6919);
    expect(latest.rowsQuarantined).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.customers).toBe(2357);
    expect(report.gammaGamma.customers).toBe(946);
    expect(report.gammaGamma.params.p).toBeCloseTo(6.25, 2);
  });

  it.each(["ingest", "baseline"])(
    "names only options of %s in its hints",
    async (command) => {
      const dir = await tempDir();
      const orders = await writeLines(dir, "orders.csv", [
        "order_id;customer_id;order_ts;amount",
        "o1;c1;2024-03-01;12,50",
        "o2;c1;2024-04-01;7,25",
      ]);
      const extra =
        command === "baseline" ? ["--calibration-end", "2024-03-31"] : [];

      const { stderr } = await valuecast(
        command,
        "--orders",
        orders,
        "--format",
        "canonical",
        "--workdir",
        join(dir, "w"),
        ...extra,
      );
      const named = stderr.match(/--[a-z][a-z-]*/g) ?? [];
      const options = await helpOptions(command);

      expect(named).toContain("--decimal-separator");
      for (const option of named) expect(options).toContain(option);
    },
  );

  it("fails a re-read quarantining every row", async () => {
    const dir = await tempDir();
    const orders = await writeLines(dir, "orders.csv", [
      "order_id;customer_id;order_ts;amount",
      "o1;c1;2024-03-01;12,50",
      "o2;c2;2024-03-02;7,25",
    ]);
    const ingest = (...options: string[]) =>
      valuecast(
        "ingest",
        "--orders",
        orders,
        "--format",
        "canonical",
        "--workdir",
        join(dir, "w"),
        "--json",
        ...options,
      );
    const first = await ingest("--decimal-separator", ",");

    const { code, stdout, stderr } = await ingest();
    const report = JSON.parse(stdout);

    expect(first.code).toBe(0);
    expect(code).toBe(1);
    expect(report.rejected.map((file: { file: string }) => file.file)).toEqual([
      "orders.csv",
    ]);
    expect(report.rowsRead).toBe(0);
    expect(report.lake.orders).toBe(2);
    expect(stderr).toContain(
      "warning: ingest: orders.csv: not read again, because with the " +
        'changed reading option decimalSeparator ("," before, "." now), ' +
        "all 2 rows would be quarantined (invalid_amount 2)",
    );
    expect(stderr).toContain(
      "error: 1 file was not ingested (orders.csv; see the warnings above).\n",
    );
    expect(stderr).not.toContain("every row read was quarantined");
  });
});

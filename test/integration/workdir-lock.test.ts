import { execFile } from "node:child_process";
import { access, mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ingestOrders } from "#ingest/ingest.ts";
import { type FileReport, readManifest } from "#ingest/manifest.ts";
import { runBaseline } from "#pipeline/baseline-run.ts";
import { loadBaselineConfig } from "#shared/config.ts";
import { MemoryReporter } from "#shared/progress.ts";
import {
  LOCK_FILE,
  lockWorkdir,
  WorkdirLockedError,
} from "#shared/workdir-lock.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";
import { ingestOptions, lakeRows } from "./ingest-helpers.ts";

const run = promisify(execFile);
const tempDir = useTempDirs();
const HEADER = "order_id,customer_id,order_ts,amount";
const REPORTS = join("reports", "ingest");

/** Runs the CLI and returns its exit code and output, failing or not. */
async function valuecast(...args: string[]) {
  try {
    const { stdout, stderr } = await run("node", ["bin/valuecast.js", ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Writes `files` canonical files of `rows` orders each into `dir`. */
async function writeOrderFiles(
  dir: string,
  prefix: string,
  files: number,
  rows: number,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let file = 0; file < files; file += 1) {
    const lines = [HEADER];
    for (let row = 0; row < rows; row += 1) {
      lines.push(`${prefix}${file}-${row},c${row % 20},2024-03-01,${row + 1}`);
    }
    await writeLines(
      dir,
      `${prefix}${String(file).padStart(3, "0")}.csv`,
      lines,
    );
  }
}

function sum(files: readonly FileReport[], key: keyof FileReport): number {
  return files.reduce((total, file) => total + (file[key] as number), 0);
}

/** Reads the numbered ingest reports of a workdir, in call order. */
async function numberedReports(workdir: string) {
  const names = (await readdir(join(workdir, REPORTS)))
    .filter((name) => /^ingest-report-\d+\.json$/.test(name))
    .sort();
  return Promise.all(
    names.map(
      async (name) =>
        JSON.parse(await readFile(join(workdir, REPORTS, name), "utf8")) as {
          rowsRead: number;
          ordersIngested: number;
        },
    ),
  );
}

/**
 * Asserts that the lake's Parquet files and row count match the manifest and
 * that the numbered reports add up to the manifest's counts. Also asserts that
 * the manifest's seq numbers are unique and that no lock file remains.
 */
async function expectConsistentLake(workdir: string): Promise<void> {
  const { files } = await readManifest(workdir);
  const parquet = (await readdir(join(workdir, "lake", "orders")))
    .filter((name) => name.endsWith(".parquet"))
    .map((name) => join("lake", "orders", name))
    .sort();
  const [lake] = await lakeRows(workdir, "SELECT count(*) AS n FROM LAKE");
  const reports = await numberedReports(workdir);

  expect(parquet).toEqual(files.map((file) => file.lakeFile).sort());
  expect(Number(lake?.n)).toBe(sum(files, "ordersIngested"));
  expect(new Set(files.map((file) => file.seq)).size).toBe(files.length);
  expect(reports.reduce((total, r) => total + r.ordersIngested, 0)).toBe(
    sum(files, "ordersIngested"),
  );
  expect(reports.reduce((total, r) => total + r.rowsRead, 0)).toBe(
    sum(files, "rowsRead"),
  );
  await expect(access(join(workdir, LOCK_FILE))).rejects.toThrow();
}

describe("ingestOrders with the workdir lock", () => {
  it("rejects a concurrent second call", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const a = await writeLines(dir, "a.csv", [HEADER, "a1,c1,2024-03-01,10"]);
    const b = await writeLines(dir, "b.csv", [
      HEADER,
      "b1,c2,2024-03-02,20",
      "b2,c3,2024-03-02,30",
    ]);

    const results = await Promise.allSettled([
      ingestOrders(a, ingestOptions(workdir, "canonical")),
      ingestOrders(b, ingestOptions(workdir, "canonical")),
    ]);
    const failed = results.filter((result) => result.status === "rejected");
    const manifest = await readManifest(workdir);

    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toBeInstanceOf(WorkdirLockedError);
    expect(manifest.files).toHaveLength(1);
    expect(await numberedReports(workdir)).toHaveLength(1);
    await expectConsistentLake(workdir);
  });

  it("ingests the rejected file afterwards", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const a = await writeLines(dir, "a.csv", [HEADER, "a1,c1,2024-03-01,10"]);
    const b = await writeLines(dir, "b.csv", [HEADER, "b1,c2,2024-03-02,20"]);
    const results = await Promise.allSettled([
      ingestOrders(a, ingestOptions(workdir, "canonical")),
      ingestOrders(b, ingestOptions(workdir, "canonical")),
    ]);
    const rejected = results[0]?.status === "rejected" ? a : b;

    await ingestOrders(rejected, ingestOptions(workdir, "canonical"));
    const manifest = await readManifest(workdir);

    expect(manifest.files.map((file) => file.seq)).toEqual([1, 2]);
    expect(manifest.files.map((file) => file.file).sort()).toEqual([
      "a.csv",
      "b.csv",
    ]);
    await expectConsistentLake(workdir);
  });

  it("uses the caller's lock", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const a = await writeLines(dir, "a.csv", [HEADER, "a1,c1,2024-03-01,10"]);
    const lock = await lockWorkdir(workdir, "run", new MemoryReporter());

    const report = await ingestOrders(a, {
      ...ingestOptions(workdir, "canonical"),
      workdirLock: lock,
    });
    const holder = JSON.parse(await readFile(join(workdir, LOCK_FILE), "utf8"));

    expect(report.ordersIngested).toBe(1);
    expect(holder.token).toBe(lock.holder.token);
    await lock.release();
  });

  it("rejects another workdir's lock", async () => {
    const dir = await tempDir();
    const a = await writeLines(dir, "a.csv", [HEADER, "a1,c1,2024-03-01,10"]);
    const lock = await lockWorkdir(join(dir, "v"), "run", new MemoryReporter());

    const ingest = ingestOrders(a, {
      ...ingestOptions(join(dir, "w"), "canonical"),
      workdirLock: lock,
    });

    await expect(ingest).rejects.toThrow("does not cover workdir");
    await expect(readManifest(join(dir, "w"))).resolves.toEqual({
      files: [],
      reviewed: [],
    });
    await lock.release();
  });
});

describe("runBaseline with the workdir lock", () => {
  it("fails while another command holds it", async () => {
    const workdir = join(await tempDir(), "w");
    const lock = await lockWorkdir(workdir, "ingest", new MemoryReporter());
    const config = loadBaselineConfig({
      orders: "test/fixtures/cdnow-slice.txt",
      format: "cdnow",
      workdir,
      calibrationEnd: "1997-09-30",
    });

    const baseline = runBaseline(config, new MemoryReporter());

    await expect(baseline).rejects.toThrow(WorkdirLockedError);
    await expect(readManifest(workdir)).resolves.toEqual({
      files: [],
      reviewed: [],
    });
    await lock.release();
  });
});

describe("valuecast ingest with the workdir lock", () => {
  it("names the holder and what to do", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const a = await writeLines(dir, "a.csv", [HEADER, "a1,c1,2024-03-01,10"]);
    const lock = await lockWorkdir(workdir, "run", new MemoryReporter());

    const { code, stderr } = await valuecast(
      "ingest",
      "--orders",
      a,
      "--format",
      "canonical",
      "--workdir",
      workdir,
    );
    await lock.release();

    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: Workdir ${workdir} is locked by valuecast run (pid ` +
        `${process.pid} on host ${lock.holder.hostname}, started ` +
        `${lock.holder.startedAt}), and only one command at a time may ` +
        "write a workdir. Wait for that command to finish and try again. " +
        `If process ${process.pid} is not a running valuecast command, ` +
        `remove the lock file ${join(workdir, LOCK_FILE)}.\n`,
    );
    await expect(readManifest(workdir)).resolves.toEqual({
      files: [],
      reviewed: [],
    });
  });

  it("lets one of two processes ingest", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    // Each folder takes seconds to ingest (an estimate), far longer than the
    // gap between the start-ups of two processes launched together.
    await writeOrderFiles(join(dir, "a"), "a", 100, 20);
    await writeOrderFiles(join(dir, "b"), "b", 100, 20);
    const ingest = (folder: string) =>
      valuecast(
        "ingest",
        "--orders",
        join(dir, folder),
        "--format",
        "canonical",
        "--workdir",
        workdir,
        "--json",
      );

    const results = await Promise.all([ingest("a"), ingest("b")]);
    const codes = results.map((result) => result.code).sort();
    const failed = results.find((result) => result.code !== 0);
    const manifest = await readManifest(workdir);

    expect(codes).toEqual([0, 1]);
    expect(failed?.stderr).toMatch(
      /^error: Workdir .* is locked by valuecast ingest \(pid \d+ /,
    );
    expect(failed?.stderr).not.toContain("    at ");
    expect(manifest.files).toHaveLength(100);
    expect(sum(manifest.files, "ordersIngested")).toBe(2000);
    expect(await numberedReports(workdir)).toHaveLength(1);
    await expectConsistentLake(workdir);
  }, 120_000);
});

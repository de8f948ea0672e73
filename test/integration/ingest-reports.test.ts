import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EncodingError } from "#ingest/errors.ts";
import { type IngestReport, ingestOrders } from "#ingest/ingest.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";
import { ingestOptions } from "./ingest-helpers.ts";

const tempDir = useTempDirs();
const HEADER = "order_id,customer_id,order_ts,amount";
const REPORTS = join("reports", "ingest");

/** Returns the numbered report of call `n`, relative to the workdir. */
function numbered(n: number): string {
  return join(REPORTS, `ingest-report-${String(n).padStart(6, "0")}.json`);
}

async function reportNames(workdir: string): Promise<string[]> {
  return (await readdir(join(workdir, REPORTS))).sort();
}

async function readReport(workdir: string, file: string): Promise<unknown> {
  return JSON.parse(await readFile(join(workdir, file), "utf8"));
}

describe("ingestOrders reports", () => {
  it("keeps every daily call's report", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    const workdir = join(dir, "w");
    await mkdir(drops);
    await writeLines(drops, "day1.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
      "o2,c2,2024-03-01,20",
    ]);
    const first = await ingestOrders(
      drops,
      ingestOptions(workdir, "canonical"),
    );
    await writeLines(drops, "day2.csv", [
      HEADER,
      "o3,c1,2024-03-02,30",
      "o2,c2,2024-03-02,25",
      "o4,,2024-03-02,5",
    ]);
    const second = await ingestOrders(
      drops,
      ingestOptions(workdir, "canonical"),
    );
    const third = await ingestOrders(
      drops,
      ingestOptions(workdir, "canonical"),
    );

    expect(await reportNames(workdir)).toEqual([
      "ingest-report-000001.json",
      "ingest-report-000002.json",
      "ingest-report-000003.json",
      "ingest-report.json",
    ]);
    expect(first.reportFile).toBe(numbered(1));
    expect(second.reportFile).toBe(numbered(2));
    expect(third.reportFile).toBe(numbered(3));
    expect(await readReport(workdir, numbered(1))).toEqual(first);
    expect(await readReport(workdir, numbered(2))).toEqual(second);
    expect(await readReport(workdir, numbered(3))).toEqual(third);
    expect(
      await readFile(join(workdir, REPORTS, "ingest-report.json")),
    ).toEqual(await readFile(join(workdir, numbered(3))));

    expect(first.ingested.map((f) => f.file)).toEqual(["day1.csv"]);
    expect(first.rowsRead).toBe(2);
    expect(second.ingested.map((f) => f.file)).toEqual(["day2.csv"]);
    expect(second.alreadyInLake.map((f) => f.file)).toEqual(["day1.csv"]);
    expect(second.rowsRead).toBe(3);
    expect(second.rowsQuarantined).toBe(1);
  });

  it("says a repeated call read nothing new", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
      "o1,c1,2024-03-01,12",
      "o2,c2,2024-03-01,20",
    ]);
    const reports: IngestReport[] = [];
    for (let call = 0; call < 3; call++) {
      reports.push(
        await ingestOrders(file, ingestOptions(workdir, "canonical")),
      );
    }
    const [first, , last] = reports;

    expect(last?.reportFile).toBe(numbered(3));
    expect(last?.ingested).toEqual([]);
    expect(last?.reread).toEqual([]);
    expect(last?.alreadyInLake.map((f) => f.file)).toEqual(["orders.csv"]);
    expect(last?.rowsRead).toBe(0);
    expect(last?.ordersIngested).toBe(0);
    expect(last?.duplicatesMerged).toBe(0);
    expect(last?.lakeTotals).toEqual(first?.lakeTotals);
    expect(last?.lakeTotals.rowsRead).toBe(3);
    expect(last?.lakeTotals.ordersIngested).toBe(2);
    expect(last?.lake.orders).toBe(2);
    expect(await readReport(workdir, numbered(1))).toEqual(first);
  });

  it("adds up to the lake over every call", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    const workdir = join(dir, "w");
    await mkdir(drops);
    for (let day = 1; day <= 4; day++) {
      await writeLines(drops, `day${day}.csv`, [
        HEADER,
        `a${day},c${day},2024-03-0${day},${10 * day}`,
        `b${day},c1,2024-03-0${day},${day}`,
      ]);
      await ingestOrders(drops, ingestOptions(workdir, "canonical"));
      await ingestOrders(drops, ingestOptions(workdir, "canonical"));
    }

    const names = (await reportNames(workdir)).filter(
      (name) => name !== "ingest-report.json",
    );
    const reports = (await Promise.all(
      names.map((name) => readReport(workdir, join(REPORTS, name))),
    )) as IngestReport[];
    const latest = (await readReport(
      workdir,
      join(REPORTS, "ingest-report.json"),
    )) as IngestReport;
    const sum = (key: "rowsRead" | "ordersIngested") =>
      reports.reduce((total, report) => total + report[key], 0);

    expect(names).toHaveLength(8);
    expect(sum("rowsRead")).toBe(8);
    expect(sum("ordersIngested")).toBe(8);
    expect(latest.lakeTotals.rowsRead).toBe(8);
    expect(latest.lakeTotals.ordersIngested).toBe(8);
    expect(latest.reportFile).toBe(numbered(8));
  });

  it("writes no report for a failed call", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const good = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
    ]);
    const latin1 = join(dir, "latin1.csv");
    await writeFile(
      latin1,
      Buffer.from(`${HEADER}\no2,M\xfcller,2024-03-01,10\n`, "latin1"),
    );
    await ingestOrders(good, ingestOptions(workdir, "canonical"));

    const failed = ingestOrders(latin1, ingestOptions(workdir, "canonical"));
    await expect(failed).rejects.toThrow(EncodingError);
    const names = await reportNames(workdir);
    await writeLines(dir, "more.csv", [HEADER, "o3,c3,2024-03-02,30"]);
    const next = await ingestOrders(
      join(dir, "more.csv"),
      ingestOptions(workdir, "canonical"),
    );

    expect(names).toEqual(["ingest-report-000001.json", "ingest-report.json"]);
    expect(next.reportFile).toBe(numbered(2));
  });

  it("keeps a report written before numbering", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
    ]);
    await ingestOrders(file, ingestOptions(workdir, "canonical"));
    // A workdir of an earlier version has only ingest-report.json.
    await rm(join(workdir, numbered(1)));
    const legacy = await readFile(
      join(workdir, REPORTS, "ingest-report.json"),
      "utf8",
    );

    const next = await ingestOrders(file, ingestOptions(workdir, "canonical"));

    expect(await reportNames(workdir)).toEqual([
      "ingest-report-000001.json",
      "ingest-report-000002.json",
      "ingest-report.json",
    ]);
    expect(await readFile(join(workdir, numbered(1)), "utf8")).toBe(legacy);
    expect(next.reportFile).toBe(numbered(2));
    expect(next.alreadyInLake.map((f) => f.file)).toEqual(["orders.csv"]);
  });
});

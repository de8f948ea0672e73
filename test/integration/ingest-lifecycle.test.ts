import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readHistories } from "#features/lake-reader.ts";
import { EncodingError, HmacKeyMismatchError } from "#ingest/errors.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import type { LakeManifest } from "#ingest/manifest.ts";
import { loadIngestSettings } from "#ingest/settings.ts";
import { formatIngestSummary } from "#ingest/summary.ts";
import type { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";
import { ingestOptions, lakeRows, quarantineRows } from "./ingest-helpers.ts";

const tempDir = useTempDirs();
const HEADER = "order_id,customer_id,order_ts,amount";

async function manifestOf(workdir: string): Promise<LakeManifest> {
  const path = join(workdir, "lake", "orders", "_files.json");
  return JSON.parse(await readFile(path, "utf8")) as LakeManifest;
}

/** Names of the files in the lake and quarantine folders. */
async function outputFiles(workdir: string): Promise<string[]> {
  const lake = await readdir(join(workdir, "lake", "orders"));
  const quarantine = await readdir(join(workdir, "quarantine", "orders"));
  return [...lake, ...quarantine].filter((name) => name !== "_files.json");
}

describe("ingestOrders with changed reading options", () => {
  it("re-reads a file after a wrong format", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
      "o2,c2,2024-03-02,20",
    ]);
    await ingestOrders(file, ingestOptions(workdir, "cdnow"));
    const options = ingestOptions(workdir, "canonical");

    const report = await ingestOrders(file, options);
    const manifest = await manifestOf(workdir);

    expect(report.reread).toEqual(["orders.csv"]);
    expect(report.alreadyInLake).toEqual([]);
    expect(report.ordersIngested).toBe(2);
    expect(report.rowsQuarantined).toBe(0);
    expect((options.reporter as MemoryReporter).lines).toContain(
      "ingest: re-reading orders.csv: its reading options changed " +
        "(format, dateFormat)",
    );
    expect(manifest.files).toHaveLength(1);
    expect(manifest.files[0]?.seq).toBe(1);
    expect(await quarantineRows(workdir)).toEqual([]);
    expect(await outputFiles(workdir)).toHaveLength(2);
    expect(
      await lakeRows(workdir, "SELECT count(*)::INT AS n FROM LAKE"),
    ).toEqual([{ n: 2 }]);
  });

  it.each([
    ["time zone", { timeZone: "Europe/Berlin" }, {}, "timeZone"],
    [
      "currency",
      { rules: { dateFormat: "iso", currency: "EUR" } },
      {},
      "currency",
    ],
    ["date format", {}, { dateFormat: "auto" }, "dateFormat"],
    ["amount cap", {}, { amountCap: 15 }, "amountCap"],
  ] as const)(
    "re-reads after a changed %s",
    async (_name, extra, settings, key) => {
      const dir = await tempDir();
      const workdir = join(dir, "w");
      const file = await writeLines(dir, "orders.csv", [
        HEADER,
        "o1,c1,2024-03-01 10:00,10",
        "o2,c2,2024-03-02 10:00,20",
      ]);
      await ingestOrders(file, ingestOptions(workdir, "canonical"));
      const options = ingestOptions(workdir, "canonical", settings, extra);

      const report = await ingestOrders(file, options);

      expect(report.reread).toEqual(["orders.csv"]);
      expect((options.reporter as MemoryReporter).lines).toContain(
        `ingest: re-reading orders.csv: its reading options changed (${key})`,
      );
      expect(report.lake.orders).toBe(2);
      expect(await outputFiles(workdir)).toHaveLength(2);
    },
  );

  it("re-reads a file after its mapping changed", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const file = await writeLines(dir, "orders.csv", [
      "Nr;Kunde;Datum;Betrag;Summe",
      "o1;c1;2024-03-01;10;11",
    ]);
    const mapping = join(dir, "map.json");
    const columns = { order_id: "Nr", customer_id: "Kunde", order_ts: "Datum" };
    const { loadMapping } = await import("#ingest/presets/mapping.ts");
    const withAmount = async (amount: string) => {
      await writeFile(
        mapping,
        JSON.stringify({ columns: { ...columns, amount }, dateFormat: "iso" }),
      );
      const { preset } = await loadMapping(mapping);
      return ingestOrders(file, {
        ...ingestOptions(workdir, "canonical"),
        preset,
      });
    };
    await withAmount("Betrag");

    const report = await withAmount("Summe");

    expect(report.reread).toEqual(["orders.csv"]);
    expect(await lakeRows(workdir, "SELECT amount FROM LAKE")).toEqual([
      { amount: 11 },
    ]);
  });

  it("skips the same content read the same way", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
    ]);
    await ingestOrders(file, ingestOptions(workdir, "canonical"));
    const options = ingestOptions(workdir, "canonical");

    const report = await ingestOrders(file, options);

    expect(report.ingested).toEqual([]);
    expect(report.reread).toEqual([]);
    expect(report.alreadyInLake.map((f) => f.file)).toEqual(["orders.csv"]);
    expect((options.reporter as MemoryReporter).lines).toContain(
      "ingest: orders.csv is already in the lake",
    );
  });
});

describe("ingestOrders on files that are not UTF-8", () => {
  it.each([
    [
      "Latin-1",
      "latin1.csv",
      Buffer.from(`${HEADER}\no1,M\xfcller,2024-03-01,10\n`, "latin1"),
      "is not UTF-8 text: line 2 has bytes that are not valid UTF-8. " +
        "valuecast reads UTF-8 only, so convert the file first, for " +
        "example with iconv -f WINDOWS-1252 -t UTF-8",
    ],
    [
      "UTF-16",
      "utf16.csv",
      Buffer.from(`\ufeff${HEADER}\no1,c1,2024-03-01,10\n`, "utf16le"),
      "is UTF-16 text, not UTF-8: it starts with a UTF-16 byte order mark. " +
        "valuecast reads UTF-8 only, so convert the file first, for " +
        "example with iconv -f UTF-16 -t UTF-8",
    ],
    [
      "binary",
      "data.bin",
      Buffer.from([0x6f, 0x31, 0x0a, 0x00, 0x01, 0x02]),
      "is not UTF-8 text: line 2 contains a NUL byte, as binary files and " +
        "UTF-16 text do.",
    ],
  ])("rejects a %s file by name", async (_kind, name, bytes, message) => {
    const dir = await tempDir();
    const file = join(dir, name);
    await writeFile(file, bytes);

    const result = ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical"),
    );

    await expect(result).rejects.toThrow(EncodingError);
    await expect(result).rejects.toThrow(`${file} ${message}`);
  });

  it("names a bad line after many reads", async () => {
    const dir = await tempDir();
    const file = join(dir, "long.csv");
    // 100,000 lines of 27 bytes span three 1 MiB reads of the hash.
    const good = "o1,c1,2024-03-01,10.000000\n".repeat(100_000);
    const text = `${HEADER}\n${good}o2,M\xfcller,2024-03-01,10\n`;
    await writeFile(file, Buffer.from(text, "latin1"));

    const result = ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical"),
    );

    await expect(result).rejects.toThrow(EncodingError);
    await expect(result).rejects.toThrow(
      `${file} is not UTF-8 text: line 100002 has bytes`,
    );
  });

  it("rejects gzip content that is not UTF-8", async () => {
    const dir = await tempDir();
    const file = join(dir, "orders.csv.gz");
    const text = `${HEADER}\no1,c1,2024-03-01,10\no2,M\xfcller,2024-03-01,10\n`;
    await writeFile(file, gzipSync(Buffer.from(text, "latin1")));

    const result = ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical"),
    );

    await expect(result).rejects.toThrow(EncodingError);
    await expect(result).rejects.toThrow(
      `${file} is not UTF-8 text: line 3 has bytes that are not valid ` +
        `UTF-8. valuecast reads UTF-8 only, so convert the file first, for ` +
        `example with gunzip -c ${file} | iconv -f WINDOWS-1252 -t UTF-8`,
    );
  });
});

describe("ingestOrders on a folder", () => {
  it("ingests the other files when one is rejected", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    const workdir = join(dir, "w");
    await mkdir(join(drops, "archive"), { recursive: true });
    await writeLines(drops, "a.csv", [HEADER, "o1,c1,2024-03-01,10"]);
    await writeFile(join(drops, "b.csv"), Buffer.from("x\n\xff\n", "latin1"));
    await writeLines(drops, "README.txt", ["Daily order exports."]);
    await writeLines(drops, "c.csv", [HEADER, "o2,c2,2024-03-02,20"]);
    await writeLines(join(drops, "archive"), "old.csv", [HEADER]);
    const options = ingestOptions(workdir, "canonical");

    const report = await ingestOrders(drops, options);
    const messages = (options.reporter as MemoryReporter).lines;

    expect(report.ingested.map((f) => f.file)).toEqual(["a.csv", "c.csv"]);
    expect(report.rejected.map((f) => f.file)).toEqual(["README.txt", "b.csv"]);
    expect(report.rejected[0]?.error).toBe(
      "README.txt: the header lacks the column(s) order_id, customer_id, " +
        "order_ts, amount; found Daily order exports.. The canonical " +
        "format needs order_id, customer_id, order_ts, amount. Rename the " +
        "columns, write a mapping file (--mapping) or choose another " +
        "--format.",
    );
    expect(report.subfolders).toEqual(["archive"]);
    expect(messages).toContain(
      `ingest: not reading 1 subfolder of ${drops} (archive): only the ` +
        "files directly in a folder are read",
    );
    expect(messages).toContain("ingest: README.txt: not ingested");
    expect(messages).toContain("ingest: b.csv: not ingested");
    expect(messages).toContain(
      "ingest: a.csv: 1 row read, 1 order, 0 merged, 0 quarantined",
    );
    expect(messages).toContain(
      `warning: ingest: b.csv is rejected and left out of the lake; the other ` +
        `files are ingested: ${join(drops, "b.csv")} is not UTF-8 text: ` +
        "line 2 has bytes that are not valid UTF-8. valuecast reads UTF-8 " +
        "only, so convert the file first, for example with iconv -f " +
        `WINDOWS-1252 -t UTF-8 ${join(drops, "b.csv")} > orders-utf8.csv ` +
        "for an export in a Western European encoding such as Latin-1.",
    );
    expect(await outputFiles(workdir)).toHaveLength(4);
  });

  it("counts this call and the lake apart", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    const workdir = join(dir, "w");
    await mkdir(drops);
    const first = [HEADER, "o1,c1,2024-03-01,10", "o2,c2,2024-03-01,20"];
    await writeLines(drops, "a-copy.csv", first);
    await writeLines(drops, "a.csv", first);
    await writeLines(drops, "b.csv", [HEADER, "o1,c1,2024-03-01,12"]);
    const options = ingestOptions(workdir, "canonical");

    const report = await ingestOrders(drops, options);
    const again = await ingestOrders(
      drops,
      ingestOptions(workdir, "canonical"),
    );

    expect((options.reporter as MemoryReporter).lines).toContain(
      "ingest: a.csv is already in the lake (same content as a-copy.csv)",
    );
    expect(formatIngestSummary(report, workdir)).toBe(
      "files: 2 read (a-copy.csv, b.csv), 1 skipped as already in the lake " +
        "(a.csv)\n" +
        "this call: 3 rows read, 3 orders ingested, 0 duplicates merged, 0 " +
        "quarantined\n" +
        "lake: 2 files, 2 orders, 1 older version superseded, 0 rows " +
        "quarantined, 0 extreme orders (above 10 times the customer's " +
        "median)\n" +
        `report: ${join(workdir, "reports", "ingest", "ingest-report-000001.json")}\n`,
    );
    expect(formatIngestSummary(again, workdir)).toContain(
      "0 extreme orders (above 10 times the customer's median, among " +
        "this call's customers)",
    );
    expect(again.rowsRead).toBe(0);
    expect(again.ordersIngested).toBe(0);
    expect(again.alreadyInLake.map((f) => f.file)).toEqual([
      "a-copy.csv",
      "a.csv",
      "b.csv",
    ]);
    expect(again.lakeTotals.rowsRead).toBe(3);
    expect(again.lake.orders).toBe(2);
  });
});

describe("ingestOrders with another e-mail key", () => {
  const production = (key: string) =>
    loadIngestSettings({ production: true }, { VALUECAST_ID_HMAC_KEY: key });

  it("rejects a key the lake was not built with", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const first = await writeLines(dir, "a.csv", [
      HEADER,
      "o1,ann@shop.test,2024-03-01,10",
    ]);
    const second = await writeLines(dir, "b.csv", [
      HEADER,
      "o2,ann@shop.test,2024-03-02,10",
    ]);
    await ingestOrders(first, {
      ...ingestOptions(workdir, "canonical"),
      settings: production("a".repeat(40)),
    });

    const result = ingestOrders(second, {
      ...ingestOptions(workdir, "canonical"),
      settings: production("b".repeat(40)),
    });

    await expect(result).rejects.toThrow(HmacKeyMismatchError);
    await expect(result).rejects.toThrow(
      /^The lake in .* pseudonymises e-mail customer ids with another VALUECAST_ID_HMAC_KEY \(fingerprint [0-9a-f]{16}\), but this VALUECAST_ID_HMAC_KEY has the fingerprint [0-9a-f]{16}\. The same address would become two customers\. Set VALUECAST_ID_HMAC_KEY to the key the lake was built with, or ingest into a new --workdir\.$/,
    );
    expect((await readHistories(workdir)).histories).toHaveLength(1);
  });

  it("names the development key in the message", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const file = await writeLines(dir, "a.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
    ]);
    await ingestOrders(file, {
      ...ingestOptions(workdir, "canonical"),
      settings: loadIngestSettings({}, {}),
    });

    const result = ingestOrders(file, {
      ...ingestOptions(workdir, "canonical"),
      settings: production("a".repeat(40)),
    });

    await expect(result).rejects.toThrow(
      "pseudonymises e-mail customer ids with the public development key, " +
        "but this VALUECAST_ID_HMAC_KEY has the fingerprint",
    );
  });

  it("stores a fingerprint, never the key", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const key = "s".repeat(40);
    const file = await writeLines(dir, "a.csv", [
      HEADER,
      "o1,c1,2024-03-01,10",
    ]);

    await ingestOrders(file, {
      ...ingestOptions(workdir, "canonical"),
      settings: production(key),
    });
    const text = await readFile(
      join(workdir, "lake", "orders", "_files.json"),
      "utf8",
    );

    expect((await manifestOf(workdir)).idKeyFingerprint).toMatch(
      /^[0-9a-f]{16}$/,
    );
    expect(text).not.toContain(key);
  });
});

describe("ingestOrders at the amount limit", () => {
  it("keeps 1e12 and quarantines more in both engines", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1,c1,2024-03-01,1000000000000",
      "o2,c1,2024-03-02,999999999999.5",
      "o3,c1,2024-03-03,1000000000000.5",
    ]);

    const reports = await Promise.all(
      (["auto", "rows"] as const).map((engine) =>
        ingestOrders(
          file,
          ingestOptions(join(dir, engine), "canonical", {}, { engine }),
        ),
      ),
    );

    for (const report of reports) {
      expect(report.ordersIngested).toBe(2);
      expect(report.quarantinedByReason).toEqual({ amount_out_of_range: 1 });
    }
    expect(reports[0]?.ingested[0]?.engine).toBe("sql");
  });
});

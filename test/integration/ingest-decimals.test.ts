import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestOrders } from "#ingest/ingest.ts";
import { loadMapping } from "#ingest/presets/mapping.ts";
import type { MemoryReporter } from "#shared/progress.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";
import {
  expectAccounting,
  expectSameEngines,
  ingestOptions,
  lakeRows,
  quarantineRows,
} from "./ingest-helpers.ts";

const tempDir = useTempDirs();

function manifestPath(workdir: string): string {
  return join(workdir, "lake", "orders", "_files.json");
}

/** Reads each lake and quarantine file, keyed by its workdir path. */
async function outputContents(workdir: string): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  for (const folder of [join("lake", "orders"), join("quarantine", "orders")]) {
    for (const name of await readdir(join(workdir, folder))) {
      if (name === "_files.json") continue;
      const path = join(folder, name);
      contents.set(path, await readFile(join(workdir, path)));
    }
  }
  return contents;
}
const HEADER = "order_id;customer_id;order_ts;amount;currency;quantity";
const COMMA_ROWS = [
  HEADER,
  "o1;c1;2024-03-01;12,50;USD;2,5",
  "o2;c1;2024-03-02;1.234,50;USD;1",
  "o3;c2;2024-03-03;1 234,50;USD;",
  "o4;c2;2024-03-04;-7,25;USD;1",
  "o5;c3;2024-03-05;12.50;USD;1",
  "o6;c3;2024-03-06;1,234.50;USD;1",
  "o7;c3;2024-03-07;1.23,4;USD;1",
  "o8;c3;2024-03-08;3;USD;1.5",
];

describe("decimal comma", () => {
  it("reads a mapping file's decimal comma", async () => {
    const dir = await tempDir();
    const mappingPath = join(dir, "mapping.json");
    await writeFile(
      mappingPath,
      JSON.stringify({
        columns: {
          order_id: "Nr",
          customer_id: "Kunde",
          order_ts: "Datum",
          amount: "Betrag",
          quantity: "Menge",
        },
        dateFormat: "dmy",
        delimiter: ";",
        decimalSeparator: ",",
      }),
    );
    const file = await writeLines(dir, "bestellungen.csv", [
      "Nr;Kunde;Datum;Betrag;Menge",
      "A-1;k1;03.04.2024 10:00;19,90;2",
      "A-2;k1;05.04.2024 10:00;1.234,50;1,5",
      "A-3;k2;06.04.2024 10:00;5.00;1",
    ]);
    const mapping = await loadMapping(mappingPath);

    const report = await ingestOrders(file, {
      ...ingestOptions(join(dir, "w"), "canonical", {
        delimiter: mapping.dialect.delimiter,
        decimalSeparator: mapping.dialect.decimalSeparator,
      }),
      preset: mapping.preset,
      rules: { dateFormat: mapping.preset.dateFormat, currency: null },
    });
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount, quantity FROM LAKE ORDER BY source_line",
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expectAccounting(report);
    expect(rows).toEqual([
      { order_id: "A-1", amount: 19.9, quantity: 2 },
      { order_id: "A-2", amount: 1234.5, quantity: 1.5 },
    ]);
    expect(quarantined).toEqual([
      {
        file: "bestellungen.csv",
        line: 4,
        reason: "invalid_amount",
        detail:
          'amount "5.00" is not a number with the decimal separator ",". ' +
          "If the file writes decimal points such as 12.50, declare the " +
          'decimal separator "." with --decimal-separator or ' +
          '"decimalSeparator" in the mapping file, or leave both out; ' +
          "otherwise correct the value in the file",
        raw: "A-3;k2;06.04.2024 10:00;5.00;1",
      },
    ]);
  });

  it("reads comma amounts and quantities", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", COMMA_ROWS);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", {
        delimiter: ";",
        decimalSeparator: ",",
      }),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount, quantity FROM LAKE ORDER BY source_line",
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expect(report.ingested[0]?.engine).toBe("rows");
    expect(report.rowsRead).toBe(8);
    expect(report.ordersIngested).toBe(4);
    expect(rows).toEqual([
      { order_id: "o1", amount: 12.5, quantity: 2.5 },
      { order_id: "o2", amount: 1234.5, quantity: 1 },
      { order_id: "o3", amount: 1234.5, quantity: null },
      { order_id: "o4", amount: -7.25, quantity: 1 },
    ]);
    expect(quarantined.map((row) => [row.line, row.reason])).toEqual([
      [6, "invalid_amount"],
      [7, "invalid_amount"],
      [8, "invalid_amount"],
      [9, "invalid_quantity"],
    ]);
    expect(quarantined[0]?.detail).toBe(
      'amount "12.50" is not a number with the decimal separator ",". If ' +
        "the file writes decimal points such as 12.50, declare the decimal " +
        'separator "." with --decimal-separator or "decimalSeparator" in ' +
        "the mapping file, or leave both out; otherwise correct the value " +
        "in the file",
    );
    expect(quarantined[1]?.detail).toBe(
      'amount "1,234.50" is not a number (the decimal separator is ",")',
    );
  });

  it("matches engines with a declared comma", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", COMMA_ROWS);

    await expectSameEngines(dir, file, "canonical", {
      delimiter: ";",
      decimalSeparator: ",",
    });
  });

  it("quarantines undeclared decimal commas", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", COMMA_ROWS);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", { delimiter: ";" }),
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expect(report.ingested[0]?.engine).toBe("sql");
    expect(report.ordersIngested).toBe(2);
    expect(quarantined.map((row) => row.line)).toEqual([2, 3, 4, 5, 7, 8]);
    expect(quarantined[0]?.detail).toBe(
      'amount "12,50" is not a number. If the file writes decimal commas ' +
        'such as 12,50, declare the decimal separator "," with ' +
        '--decimal-separator or "decimalSeparator" in the mapping file',
    );
    expect(quarantined[4]?.detail).toBe('amount "1,234.50" is not a number');
    await expectSameEngines(join(dir, "engines"), file, "canonical", {
      delimiter: ";",
    });
  });

  it("reads invoice lines with a decimal comma", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "lines.csv", [
      "InvoiceNo;StockCode;Description;Quantity;InvoiceDate;UnitPrice;CustomerID;Country",
      "100;A;MUG;3;01.02.2024 10:00;2,55;c1;DE",
      "100;B;CUP;2;01.02.2024 10:00;1.000,10;c1;DE",
      "C100;A;MUG;-1;03.02.2024 10:00;2,55;c1;DE",
      "101;A;MUG;1;04.02.2024 10:00;2.55;c2;DE",
    ]);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "invoice-lines", {
        decimalSeparator: ",",
        dateFormat: "dmy",
      }),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount, quantity, refund_of FROM LAKE ORDER BY source_line",
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expect(report.ingested[0]?.engine).toBe("rows");
    expect(rows).toEqual([
      { order_id: "100", amount: 2007.85, quantity: 5, refund_of: null },
      { order_id: "C100", amount: -2.55, quantity: 1, refund_of: "100" },
    ]);
    expect(
      quarantined.map((row) => [row.line, row.reason, row.detail]),
    ).toEqual([
      [
        5,
        "invalid_amount",
        'UnitPrice "2.55" is not a number with the decimal separator ",". ' +
          "If the file writes decimal points such as 12.50, declare the " +
          'decimal separator "." with --decimal-separator or ' +
          '"decimalSeparator" in the mapping file, or leave both out; ' +
          "otherwise correct the value in the file",
      ],
    ]);
  });

  it("reads a Shopify export with a decimal comma", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      "Name;Email;Created at;Total;Refunded Amount;Lineitem quantity",
      "#1;c1;2024-03-01 10:00:00;1.055,00;5,50;2",
      "#1;;;;;1,5",
      "#2;c2;2024-03-02 10:00:00;20,00;x;1",
    ]);

    await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "shopify", {
        delimiter: ";",
        decimalSeparator: ",",
      }),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount, quantity FROM LAKE",
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expect(rows).toEqual([{ order_id: "#1", amount: 1049.5, quantity: 3.5 }]);
    expect(quarantined.map((row) => row.detail)).toEqual([
      'Refunded Amount "x" is not a number of at least 0',
    ]);
  });

  it("reads JSON numbers and comma strings", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.jsonl", [
      '{"order_id":"o1","customer_id":"c1","order_ts":"2024-03-01","amount":10.5,"quantity":1.5}',
      '{"order_id":"o2","customer_id":"c1","order_ts":"2024-03-02","amount":"1.234,5"}',
      '{"order_id":"o3","customer_id":"c1","order_ts":"2024-03-03","amount":"12.5"}',
    ]);

    await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", { decimalSeparator: "," }),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount, quantity FROM LAKE ORDER BY source_line",
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expect(rows).toEqual([
      { order_id: "o1", amount: 10.5, quantity: 1.5 },
      { order_id: "o2", amount: 1234.5, quantity: null },
    ]);
    expect(quarantined.map((row) => [row.line, row.reason])).toEqual([
      [3, "invalid_amount"],
    ]);
  });
});

describe("decimal comma forms", () => {
  const EXPONENT_ADVICE =
    'with the decimal separator "," numbers are read without an ' +
    "exponent, so correct the value in the file to one without it";

  it("reads signs and trailing commas, not exponents", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1;c1;2024-03-01;+7,25;USD;1",
      "o2;c1;2024-03-02;12,;USD;2,",
      "o3;c2;2024-03-03;12,5e3;USD;1",
      "o4;c2;2024-03-04;1e3;USD;1",
      "o5;c2;2024-03-05;5;USD;1e0",
    ]);
    const settings = { delimiter: ";", decimalSeparator: "," } as const;

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", settings),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount, quantity FROM LAKE ORDER BY source_line",
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expectAccounting(report);
    expect(rows).toEqual([
      { order_id: "o1", amount: 7.25, quantity: 1 },
      { order_id: "o2", amount: 12, quantity: 2 },
    ]);
    expect(
      quarantined.map((row) => [row.line, row.reason, row.detail]),
    ).toEqual([
      [
        4,
        "invalid_amount",
        `amount "12,5e3" is not a number: ${EXPONENT_ADVICE} (12500 for 12,5e3)`,
      ],
      [
        5,
        "invalid_amount",
        `amount "1e3" is not a number: ${EXPONENT_ADVICE} (1000 for 1e3)`,
      ],
      [
        6,
        "invalid_quantity",
        `quantity "1e0" is not a number: ${EXPONENT_ADVICE} (1 for 1e0)`,
      ],
    ]);
    await expectSameEngines(join(dir, "engines"), file, "canonical", settings);
  });

  it("reads JSON numbers whatever the separator", async () => {
    const dir = await tempDir();
    const row = (id: string, amount: string) =>
      `{"order_id":"${id}","customer_id":"c1","order_ts":"2024-03-01","amount":${amount}}`;
    const file = await writeLines(dir, "orders.jsonl", [
      row("o1", "1.5e-7"),
      row("o2", "1e400"),
      row("o3", "true"),
      row("o4", '"1e3"'),
      row("o5", "-2E+400"),
    ]);

    const report = await ingestOrders(
      file,
      ingestOptions(join(dir, "w"), "canonical", { decimalSeparator: "," }),
    );
    const rows = await lakeRows(
      join(dir, "w"),
      "SELECT order_id, amount FROM LAKE ORDER BY source_line",
    );
    const quarantined = await quarantineRows(join(dir, "w"));

    expectAccounting(report);
    expect(rows).toEqual([{ order_id: "o1", amount: 1.5e-7 }]);
    expect(
      quarantined.map((row) => [row.line, row.reason, row.detail]),
    ).toEqual([
      [2, "invalid_amount", 'amount "1e400" is not a number'],
      [3, "invalid_amount", 'amount "true" is not a number'],
      [
        4,
        "invalid_amount",
        `amount "1e3" is not a number: ${EXPONENT_ADVICE} (1000 for 1e3)`,
      ],
      [5, "invalid_amount", 'amount "-2E+400" is not a number'],
    ]);
  });

  it("shows out-of-range JSON numbers as written", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.jsonl", [
      '{"order_id":"o1","customer_id":"c1","order_ts":"2024-03-01","amount":1e400,"quantity":-1e999}',
      '{"order_id":"o2","customer_id":"c1","order_ts":"2024-03-01","amount":5,"quantity":-1e999}',
    ]);

    await ingestOrders(file, ingestOptions(join(dir, "w"), "canonical"));
    const quarantined = await quarantineRows(join(dir, "w"));

    expect(quarantined.map((row) => row.detail)).toEqual([
      'amount "1e400" is not a number',
      'quantity "-1e999" is not a number of at least 0',
    ]);
  });
});

describe("decimal separator as a reading option", () => {
  it("rereads a file with a declared separator", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", COMMA_ROWS);
    const workdir = join(dir, "w");

    const first = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", { delimiter: ";" }),
    );
    const second = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", {
        delimiter: ";",
        decimalSeparator: ",",
      }),
    );
    const rows = await lakeRows(workdir, "SELECT count(*) AS n FROM LAKE");

    expect(first.ordersIngested).toBe(2);
    expect(second.reread).toEqual(["orders.csv"]);
    expect(second.ordersIngested).toBe(4);
    expect(rows).toEqual([{ n: "4" }]);
  });

  it("rejects a re-read that loses orders", async () => {
    const dir = await tempDir();
    const drops = join(dir, "drops");
    const workdir = join(dir, "w");
    await mkdir(drops);
    await writeLines(drops, "a.csv", [
      HEADER,
      "o1;c1;2024-03-01;12,50;USD;1",
      "o2;c1;2024-03-02;1.234,50;USD;1",
      "o3;c2;2024-03-03;x;USD;1",
    ]);
    await writeLines(drops, "b.csv", [HEADER, "o4;c3;2024-03-04;7,25;USD;1"]);
    await writeLines(drops, "c.csv", [
      HEADER,
      "o5;c4;2024-03-05;12;USD;1",
      "o6;c4;2024-03-06;3;USD;2",
    ]);
    const comma = { delimiter: ";", decimalSeparator: "," } as const;
    await ingestOrders(drops, ingestOptions(workdir, "canonical", comma));
    const manifestBefore = await readFile(manifestPath(workdir), "utf8");
    const outputsBefore = await outputContents(workdir);
    const options = ingestOptions(workdir, "canonical", { delimiter: ";" });

    const report = await ingestOrders(drops, options);
    const manifest = JSON.parse(await readFile(manifestPath(workdir), "utf8"));
    const before = JSON.parse(manifestBefore);

    expect(report.rejected.map((entry) => entry.file)).toEqual([
      "a.csv",
      "b.csv",
    ]);
    expect(report.rejected[0]?.error).toBe(
      'a.csv: not read again, because with the changed reading option decimalSeparator ("," before, "." now), ' +
        "all 3 rows would be quarantined (invalid_amount 3), while the " +
        "lake has 2 orders from its earlier reading. The lake keeps the " +
        "earlier reading. To skip the file without this error, ingest it " +
        'with the earlier options: decimalSeparator "," ' +
        '(--decimal-separator or "decimalSeparator" in the mapping file). ' +
        "To replace the earlier reading, correct the options or the file " +
        "so that its rows become orders.",
    );
    expect(report.rejected[1]?.error).toContain(
      "its 1 row would be quarantined (invalid_amount 1), while the lake " +
        "has 1 order from its earlier reading.",
    );
    expect((options.reporter as MemoryReporter).lines).toContain(
      `warning: ingest: ${report.rejected[0]?.error}`,
    );
    expect(report.reread).toEqual(["c.csv"]);
    expect(report.ingested.map((entry) => entry.file)).toEqual(["c.csv"]);
    expect(report.rowsRead).toBe(2);
    expect(report.ordersIngested).toBe(2);
    expect(report.rowsQuarantined).toBe(0);
    expect(report.rowsRead).toBe(
      report.ordersIngested + report.duplicatesMerged + report.rowsQuarantined,
    );
    expect(manifest.files.slice(0, 2)).toEqual(before.files.slice(0, 2));
    expect(manifest.files[2].reading.decimalSeparator).toBeNull();
    const outputs = await outputContents(workdir);
    for (const entry of before.files.slice(0, 2)) {
      expect(outputs.get(entry.lakeFile)).toEqual(
        outputsBefore.get(entry.lakeFile),
      );
      expect(outputs.get(entry.quarantineFile)).toEqual(
        outputsBefore.get(entry.quarantineFile),
      );
    }
    expect(outputs.size).toBe(6);
    expect(report.lakeTotals.ordersIngested).toBe(5);
    expect(report.lakeTotals.rowsRead).toBe(
      report.lakeTotals.ordersIngested +
        report.lakeTotals.duplicatesMerged +
        report.lakeTotals.rowsQuarantined,
    );
    expect(report.lake.orders).toBe(5);
    expect(
      await lakeRows(workdir, "SELECT sum(amount) AS s FROM LAKE"),
    ).toEqual([{ s: 1269.25 }]);
  });

  it("skips a kept file with its earlier options", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1;c1;2024-03-01;12,50;USD;1",
    ]);
    const workdir = join(dir, "w");
    const comma = { delimiter: ";", decimalSeparator: "," } as const;
    await ingestOrders(file, ingestOptions(workdir, "canonical", comma));
    const rejected = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", { delimiter: ";" }),
    );

    const again = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", comma),
    );

    expect(rejected.rejected.map((entry) => entry.file)).toEqual([
      "orders.csv",
    ]);
    expect(rejected.ingested).toEqual([]);
    expect(again.rejected).toEqual([]);
    expect(again.alreadyInLake.map((entry) => entry.file)).toEqual([
      "orders.csv",
    ]);
    expect(again.lake.orders).toBe(1);
  });

  it("keeps a reading without recorded options", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1;c1;2024-03-01;12,50;USD;1",
    ]);
    const workdir = join(dir, "w");
    const comma = { delimiter: ";", decimalSeparator: "," } as const;
    await ingestOrders(file, ingestOptions(workdir, "canonical", comma));
    const manifest = JSON.parse(await readFile(manifestPath(workdir), "utf8"));
    delete manifest.files[0].reading;
    await writeFile(manifestPath(workdir), JSON.stringify(manifest));

    const rejected = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", { delimiter: ";" }),
    );
    const again = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", comma),
    );

    expect(rejected.rejected[0]?.error).toContain(
      "because with reading options other than those of its earlier " +
        "reading, which the lake did not record, its 1 row would be " +
        "quarantined (invalid_amount 1)",
    );
    expect(rejected.lake.orders).toBe(1);
    expect(again.rejected).toEqual([]);
    expect(again.reread).toEqual(["orders.csv"]);
    expect(again.ingested[0]?.reading?.decimalSeparator).toBe(",");
  });

  it("replaces a reading without orders", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1;c1;2024-03-01;12.50;USD;1",
    ]);
    const workdir = join(dir, "w");
    await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", {
        delimiter: ";",
        decimalSeparator: ",",
      }),
    );

    const report = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", {
        delimiter: ";",
        cutoff: "2024-01-01",
      }),
    );

    expect(report.rejected).toEqual([]);
    expect(report.reread).toEqual(["orders.csv"]);
    expect(report.quarantinedByReason).toEqual({ after_cutoff: 1 });
  });

  it.each([
    ["a declared point", {}, { decimalSeparator: "." }],
    ["an omitted point", { decimalSeparator: "." }, {}],
    ["the detected delimiter", {}, { delimiter: ";" }],
    ["an omitted delimiter", { delimiter: ";" }, {}],
  ] as const)("skips a file after %s", async (_name, first, second) => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1;c1;2024-03-01;12.50;USD;1",
    ]);
    const workdir = join(dir, "w");
    await ingestOrders(file, ingestOptions(workdir, "canonical", first));
    const options = ingestOptions(workdir, "canonical", second);

    const again = await ingestOrders(file, options);

    expect(again.reread).toEqual([]);
    expect(again.ingested).toEqual([]);
    expect(again.alreadyInLake.map((entry) => entry.file)).toEqual([
      "orders.csv",
    ]);
    expect((options.reporter as MemoryReporter).lines).toContain(
      "ingest: orders.csv is already in the lake",
    );
  });

  it("treats an unrecorded separator as a point", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", [
      HEADER,
      "o1;c1;2024-03-01;12.50;USD;1",
    ]);
    const workdir = join(dir, "w");
    await ingestOrders(file, ingestOptions(workdir, "canonical"));
    const manifest = JSON.parse(await readFile(manifestPath(workdir), "utf8"));
    delete manifest.files[0].reading.decimalSeparator;
    await writeFile(manifestPath(workdir), JSON.stringify(manifest));

    const again = await ingestOrders(
      file,
      ingestOptions(workdir, "canonical", { decimalSeparator: "." }),
    );

    expect(again.reread).toEqual([]);
    expect(again.alreadyInLake.map((entry) => entry.file)).toEqual([
      "orders.csv",
    ]);
  });

  it("skips a file with an unrecorded separator", async () => {
    const dir = await tempDir();
    const file = await writeLines(dir, "orders.csv", COMMA_ROWS);
    const workdir = join(dir, "w");
    const options = ingestOptions(workdir, "canonical", { delimiter: ";" });
    await ingestOrders(file, options);
    // Manifests written before the decimal separator option existed lack
    // this key.
    const path = manifestPath(workdir);
    const manifest = JSON.parse(await readFile(path, "utf8"));
    delete manifest.files[0].reading.decimalSeparator;
    await writeFile(path, JSON.stringify(manifest));

    const again = await ingestOrders(file, options);

    expect(again.alreadyInLake.map((entry) => entry.file)).toEqual([
      "orders.csv",
    ]);
    expect(again.reread).toEqual([]);
  });
});

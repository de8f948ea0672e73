import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readHistories } from "#features/lake-reader.ts";
import { EncodingError } from "#ingest/errors.ts";
import { ingestOrders } from "#ingest/ingest.ts";
import { useTempDirs } from "../helpers/workdir.ts";
import {
  CANONICAL_HEADER,
  expectAccounting,
  expectSameEngines,
  INVOICE_HEADER,
  ingestOptions,
} from "./ingest-helpers.ts";

const tempDir = useTempDirs();

const tricky = fc.constantFrom(
  "",
  " ",
  '"',
  '"a,b"',
  '"x""y"',
  "a@b.com",
  "1e3",
  "-0",
  "NaN",
  "0099-01-01",
  "2024-02-30",
  "2024-03-01T24:00",
  "\u00a0x",
  "é",
);

const canonicalRow = fc
  .tuple(
    fc.oneof(fc.constantFrom("o1", "o2", "o3", "o-4"), tricky),
    fc.oneof(fc.constantFrom("c1", "c2", "c#3", "mia@shop.test"), tricky),
    fc.oneof(
      fc.constantFrom("2024-03-01", "2024-03-02 10:30", "2024-03-03T23:59:59"),
      fc.constantFrom("2024-03-01T10:00:00+02:00", "2024-03-01 10:00:00.5"),
      // The edges of the order date range.
      fc.constantFrom("1899-12-31 23:59", "1900-01-01", "2100-01-01"),
      tricky,
    ),
    fc.oneof(
      fc.constantFrom("10", "0", "-5.5", "12.30", "007", '"12,50"'),
      tricky,
    ),
    fc.oneof(fc.constantFrom("USD", "usd", "EUR", ""), tricky),
    fc.oneof(fc.constantFrom("paid", "cancelled", ""), tricky),
    fc.oneof(fc.constantFrom("1", "2.5", ""), tricky),
  )
  .map((fields) => fields.join(","));

const anyLine = fc.oneof(
  { weight: 6, arbitrary: canonicalRow },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constant("") },
);

const invoiceRow = fc
  .tuple(
    fc.constantFrom("100", "101", "C100", "C102", "102", ""),
    fc.constantFrom("A", "B"),
    fc.constantFrom("MUG", '"CUP, BLUE"', '"SAY ""HI"""', '"bad"x'),
    fc.constantFrom("1", "3", "-2", "0", "x"),
    fc.constantFrom(
      "1/2/2024 10:00",
      "13/2/2024 9:05",
      "2024-02-03 10:00",
      "31/12/1899 10:00",
      "1/1/2100 10:00",
    ),
    fc.constantFrom("2.50", "0", "1.1", "-1"),
    fc.constantFrom("c1", "c2", "", "ann@shop.test"),
    fc.constantFrom("UK", "FR"),
  )
  .map((fields) => fields.join(","));

describe("ingestion properties", () => {
  it("accounts for random canonical rows in both engines", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyLine, { maxLength: 25 }), async (lines) => {
        const dir = await tempDir();
        const file = join(dir, "orders.csv");
        await writeFile(file, `${[CANONICAL_HEADER, ...lines].join("\n")}\n`);
        await expectSameEngines(dir, file, "canonical", {
          cutoff: "2024-03-02T12:00",
        });
      }),
      { numRuns: 25 },
    );
  });

  it("accounts for random decimal-comma rows in both engines", async () => {
    const amount = fc.oneof(
      fc.constantFrom("12,50", "1.234,50", "1 234,5", "-7,25", "3"),
      fc.constantFrom("12.50", "1,234.50", "1.23,4", ",5", "1e3", ""),
      tricky,
    );
    const row = fc
      .tuple(
        fc.constantFrom("o1", "o2", "o3"),
        fc.constantFrom("c1", "c2"),
        fc.constantFrom("2024-03-01", "1899-12-31", "2024-03-01 10:00"),
        amount,
        fc.constantFrom("2,5", "1", "", "1.5", "-1"),
      )
      .map((fields) => fields.join(";"));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 15 }), async (lines) => {
        const dir = await tempDir();
        const file = join(dir, "orders.csv");
        const header = "order_id;customer_id;order_ts;amount;quantity";
        await writeFile(file, `${[header, ...lines].join("\n")}\n`);
        await expectSameEngines(dir, file, "canonical", {
          delimiter: ";",
          decimalSeparator: ",",
        });
      }),
      { numRuns: 15 },
    );
  });

  it("gives both engines the same invoice-lines lake", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(invoiceRow, { minLength: 1, maxLength: 20 }),
        async (lines) => {
          const dir = await tempDir();
          const file = join(dir, "lines.csv");
          await writeFile(file, `${[INVOICE_HEADER, ...lines].join("\n")}\n`);
          await expectSameEngines(dir, file, "invoice-lines", {
            dateFormat: "dmy",
          });
        },
      ),
      { numRuns: 20 },
    );
  });

  it("decides auto date order alike in both engines", async () => {
    const datedRow = fc
      .tuple(
        fc.constantFrom("100", "101", "C100", "102"),
        fc.constantFrom("MUG", '"CUP, BLUE"'),
        fc.constantFrom("1", "-2", "+1", "x"),
        fc.constantFrom(
          "1/2/2024 10:00",
          "13/2/2024 9:05",
          "2/13/2024 9:05",
          "2.14.2024",
          " 14/2/2024",
          "2024-02-03 10:00",
          "1/1/2024",
        ),
        fc.constantFrom("2.50", "-1"),
        fc.constantFrom("c1", "c2", ""),
      )
      .map(
        ([invoice, text, quantity, date, price, customer]) =>
          `${invoice},A,${text},${quantity},${date},${price},${customer},UK`,
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(datedRow, { minLength: 1, maxLength: 12 }),
        async (lines) => {
          const dir = await tempDir();
          const file = join(dir, "lines.csv");
          await writeFile(file, `${[INVOICE_HEADER, ...lines].join("\n")}\n`);

          await expectSameEngines(dir, file, "invoice-lines", {}, true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("never crashes on random bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const dir = await tempDir();
        const file = join(dir, "log.txt");
        await writeFile(file, bytes);

        const report = await ingestOrders(
          file,
          ingestOptions(join(dir, "w"), "cdnow"),
        ).catch((error: Error) => error);

        // A file that is not UTF-8 text, or starts like gzip but is not,
        // may be rejected whole.
        if (report instanceof EncodingError) {
          expect(report.message).toContain(`${file} is not UTF-8 text`);
        } else if (report instanceof Error) {
          expect(report.name).toBe("InputError");
          expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
        } else {
          expectAccounting(report);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("gives the same lake for any split and order of files", async () => {
    const order = fc.record({
      customer: fc.constantFrom("c1", "c2", "c3"),
      day: fc.integer({ min: 1, max: 28 }),
      amount: fc.integer({ min: 0, max: 500 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 15 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 15 }),
        fc.array(fc.boolean(), { minLength: 15 }),
        fc.integer({ min: 0, max: 1000 }),
        async (orders, fileOf, resent, seed) => {
          const dir = await tempDir();
          const lines = orders.map(
            (o, i) =>
              `o${i},${o.customer},2024-03-${String(o.day).padStart(2, "0")},${o.amount}`,
          );
          const header = "order_id,customer_id,order_ts,amount";
          await writeFile(
            join(dir, "all.csv"),
            `${[header, ...lines].join("\n")}\n`,
          );
          const parts: string[][] = [[], [], [], []];
          lines.forEach((line, i) => {
            const part = fileOf[i] ?? 0;
            parts[part]?.push(line);
            if (resent[i]) parts[(part + 1) % 4]?.push(line);
          });
          const names = shuffle(["p0.csv", "p1.csv", "p2.csv", "p3.csv"], seed);
          for (const [i, part] of parts.entries()) {
            await writeFile(
              join(dir, `p${i}.csv`),
              `${[header, ...part].join("\n")}\n`,
            );
          }

          await ingestOrders(
            join(dir, "all.csv"),
            ingestOptions(join(dir, "one"), "canonical"),
          );
          for (const name of names) {
            await ingestOrders(
              join(dir, name),
              ingestOptions(join(dir, "split"), "canonical"),
            );
          }
          const one = await readHistories(join(dir, "one"));
          const split = await readHistories(join(dir, "split"));

          expect(split.histories).toEqual(one.histories);
        },
      ),
      { numRuns: 12 },
    );
  });
});

/** Shuffles a list with a small deterministic generator. */
function shuffle<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed + 1;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ingestOrders } from "#ingest/ingest.ts";
import { reviewLake } from "#ingest/lake-review.ts";
import { readManifest, writeManifest } from "#ingest/manifest.ts";
import { useTempDirs, writeLines } from "../helpers/workdir.ts";
import { CANONICAL_HEADER, ingestOptions } from "./ingest-helpers.ts";

const tempDir = useTempDirs();
const RULE = { factor: 10, minOrders: 4 };

/** Returns a canonical line of a paid USD order on day `day` of March 2024. */
function orderLine(id: string, customer: string, day: number, amount: number) {
  const date = `2024-03-${String(day).padStart(2, "0")}`;
  return `${id},${customer},${date},${amount},USD,paid,1`;
}

async function ingestDay(dir: string, name: string, lines: string[]) {
  const file = await writeLines(dir, name, [CANONICAL_HEADER, ...lines]);
  return ingestOrders(file, ingestOptions(join(dir, "w"), "canonical"));
}

describe("lake review", () => {
  it("reviews whole lake on first file", async () => {
    const dir = await tempDir();
    const report = await ingestDay(dir, "day1.csv", [
      orderLine("a1", "c1", 1, 10),
      orderLine("a2", "c1", 2, 10),
      orderLine("a3", "c1", 3, 12),
      orderLine("b1", "c2", 1, 10),
      orderLine("b2", "c2", 2, 10),
      orderLine("b3", "c2", 3, 10),
      orderLine("b4", "c2", 4, 900),
    ]);

    expect(report.lake.extremeScope).toBe("lake");
    expect(report.lake.orders).toBe(7);
    expect(report.lake.extremeExamples).toEqual([
      { orderId: "b4", customerId: "c2", amount: 900, customerMedian: 10 },
    ]);
  });

  it("reviews only a later file's customers", async () => {
    const dir = await tempDir();
    await ingestDay(dir, "day1.csv", [
      orderLine("a1", "c1", 1, 10),
      orderLine("a2", "c1", 2, 10),
      orderLine("a3", "c1", 3, 12),
      orderLine("b1", "c2", 1, 10),
      orderLine("b2", "c2", 2, 10),
      orderLine("b3", "c2", 3, 10),
      orderLine("b4", "c2", 4, 900),
    ]);

    const report = await ingestDay(dir, "day2.csv", [
      orderLine("a4", "c1", 5, 700),
    ]);

    expect(report.lake.extremeScope).toBe("call");
    expect(report.lake.files).toBe(2);
    expect(report.lake.orders).toBe(8);
    expect(report.lake.versionsSuperseded).toBe(0);
    expect(report.lake.extremeOrders).toBe(1);
    expect(report.lake.extremeExamples).toEqual([
      { orderId: "a4", customerId: "c1", amount: 700, customerMedian: 11 },
    ]);
  });

  it("follows an order to another customer", async () => {
    const dir = await tempDir();
    await ingestDay(dir, "day1.csv", [
      orderLine("b1", "c2", 1, 10),
      orderLine("b2", "c2", 2, 10),
      orderLine("b3", "c2", 3, 10),
      orderLine("b4", "c2", 4, 900),
      orderLine("x1", "c9", 1, 5),
    ]);

    // The new version of b4 belongs to c3. That leaves c2 with 3 orders,
    // fewer than the rule's minimum of 4, so c2 has no extreme order.
    const report = await ingestDay(dir, "day2.csv", [
      orderLine("b4", "c3", 4, 900),
    ]);

    expect(report.lake.orders).toBe(5);
    expect(report.lake.versionsSuperseded).toBe(1);
    expect(report.lake.extremeOrders).toBe(0);
    expect(report.lake.extremeExamples).toEqual([]);
  });

  it("ignores a moved order's old customer", async () => {
    const dir = await tempDir();
    await ingestDay(dir, "day1.csv", [
      orderLine("b1", "c2", 1, 10),
      orderLine("b2", "c2", 2, 10),
      orderLine("b3", "c2", 3, 10),
      orderLine("b4", "c2", 4, 900),
    ]);
    await ingestDay(dir, "day2.csv", [orderLine("b4", "c9", 4, 900)]);

    // This call reviews only c2, and b4 has belonged to c9 since day 2.
    const report = await ingestDay(dir, "day3.csv", [
      orderLine("b5", "c2", 5, 10),
    ]);

    expect(report.lake.orders).toBe(5);
    expect(report.lake.extremeOrders).toBe(0);
  });

  it("reviews files of an interrupted call", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const day1 = [
      orderLine("b1", "c2", 1, 10),
      orderLine("b2", "c2", 2, 10),
      orderLine("b3", "c2", 3, 10),
      orderLine("b4", "c2", 4, 900),
    ];
    await ingestDay(dir, "day1.csv", day1);
    // Emptying the reviewed list simulates a call that was killed after
    // writing the manifest but before its review.
    const manifest = await readManifest(workdir);
    manifest.reviewed = [];
    await writeManifest(workdir, manifest);

    const again = await ingestDay(dir, "day1.csv", day1);
    const after = await ingestDay(dir, "day2.csv", [
      orderLine("a1", "c1", 1, 10),
    ]);

    expect(again.alreadyInLake).toHaveLength(1);
    expect(again.lake.extremeScope).toBe("lake");
    expect(again.lake.extremeExamples.map((e) => e.orderId)).toEqual(["b4"]);
    expect(after.lake.extremeScope).toBe("call");
    expect(after.lake.extremeOrders).toBe(0);
  });

  it("reviews no customer without new files", async () => {
    const dir = await tempDir();
    const lines = [
      orderLine("b1", "c2", 1, 10),
      orderLine("b2", "c2", 2, 10),
      orderLine("b3", "c2", 3, 10),
      orderLine("b4", "c2", 4, 900),
    ];
    await ingestDay(dir, "day1.csv", lines);
    await ingestDay(dir, "day2.csv", [orderLine("a1", "c1", 1, 10)]);

    const again = await ingestDay(dir, "day1.csv", lines);

    expect(again.alreadyInLake).toHaveLength(1);
    expect(again.lake.extremeScope).toBe("call");
    expect(again.lake.orders).toBe(5);
    expect(again.lake.extremeOrders).toBe(0);
  });

  it("matches a whole-lake review", async () => {
    const row = fc.record({
      id: fc.integer({ min: 1, max: 12 }),
      customer: fc.integer({ min: 1, max: 4 }),
      day: fc.integer({ min: 1, max: 28 }),
      amount: fc.constantFrom(1, 2, 3, 5, 8, 40, 100),
    });
    const dayFile = fc.uniqueArray(row, {
      selector: (r) => r.id,
      minLength: 1,
      maxLength: 10,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(dayFile, { minLength: 2, maxLength: 3 }),
        async (days) => {
          const dir = await tempDir();
          let report = null;
          for (const [index, rows] of days.entries()) {
            const lines = rows.map((r) =>
              orderLine(`o${r.id}`, `c${r.customer}`, r.day, r.amount),
            );
            // Each file gets its own one-order customer, because the lake
            // skips a file whose content it already has.
            lines.push(orderLine(`u${index}`, `u${index}`, 1, 1));
            report = await ingestDay(dir, `day${index}.csv`, lines);
          }
          const workdir = join(dir, "w");
          const whole = await reviewLake(
            workdir,
            await readManifest(workdir),
            RULE,
          );
          // The call reviews every customer with a version of an order id
          // in the last file.
          const lastIds = new Set((days.at(-1) ?? []).map((r) => r.id));
          // The report lists at most 20 example orders, so the examples
          // contain every extreme order only up to that count.
          expect(whole.extremeOrders).toBeLessThanOrEqual(20);
          const reviewed = new Set(
            days
              .flat()
              .filter((r) => lastIds.has(r.id))
              .map((r) => `c${r.customer}`),
          );
          const expected = whole.extremeExamples.filter((e) =>
            reviewed.has(e.customerId),
          );

          expect(report?.lake.extremeExamples).toEqual(expected);
          expect(report?.lake.extremeOrders).toBe(expected.length);
          expect(report?.lake.orders).toBe(whole.orders);
          expect(report?.lake.versionsSuperseded).toBe(
            whole.versionsSuperseded,
          );
        },
      ),
      { numRuns: 15 },
    );
  });
});

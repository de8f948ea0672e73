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

/** A canonical line of a paid USD order on day `day` of March 2024. */
function order(id: string, customer: string, day: number, amount: number) {
  const date = `2024-03-${String(day).padStart(2, "0")}`;
  return `${id},${customer},${date},${amount},USD,paid,1`;
}

async function ingestDay(dir: string, name: string, lines: string[]) {
  const file = await writeLines(dir, name, [CANONICAL_HEADER, ...lines]);
  return ingestOrders(file, ingestOptions(join(dir, "w"), "canonical"));
}

describe("lake review", () => {
  it("reviews the whole lake on the first file", async () => {
    const dir = await tempDir();
    const report = await ingestDay(dir, "day1.csv", [
      order("a1", "c1", 1, 10),
      order("a2", "c1", 2, 10),
      order("a3", "c1", 3, 12),
      order("b1", "c2", 1, 10),
      order("b2", "c2", 2, 10),
      order("b3", "c2", 3, 10),
      order("b4", "c2", 4, 900),
    ]);

    expect(report.lake.extremeScope).toBe("lake");
    expect(report.lake.orders).toBe(7);
    expect(report.lake.extremeExamples).toEqual([
      { orderId: "b4", customerId: "c2", amount: 900, customerMedian: 10 },
    ]);
  });

  it("reviews only the customers of a later file", async () => {
    const dir = await tempDir();
    await ingestDay(dir, "day1.csv", [
      order("a1", "c1", 1, 10),
      order("a2", "c1", 2, 10),
      order("a3", "c1", 3, 12),
      order("b1", "c2", 1, 10),
      order("b2", "c2", 2, 10),
      order("b3", "c2", 3, 10),
      order("b4", "c2", 4, 900),
    ]);

    const report = await ingestDay(dir, "day2.csv", [
      order("a4", "c1", 5, 700),
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

  it("follows an order that moved to another customer", async () => {
    const dir = await tempDir();
    await ingestDay(dir, "day1.csv", [
      order("b1", "c2", 1, 10),
      order("b2", "c2", 2, 10),
      order("b3", "c2", 3, 10),
      order("b4", "c2", 4, 900),
      order("x1", "c9", 1, 5),
    ]);

    // The new version of b4 belongs to c3, so c2 keeps 3 orders, fewer
    // than the rule's 4, and has no extreme order any more.
    const report = await ingestDay(dir, "day2.csv", [
      order("b4", "c3", 4, 900),
    ]);

    expect(report.lake.orders).toBe(5);
    expect(report.lake.versionsSuperseded).toBe(1);
    expect(report.lake.extremeOrders).toBe(0);
    expect(report.lake.extremeExamples).toEqual([]);
  });

  it("reads an order's latest version from any customer", async () => {
    const dir = await tempDir();
    await ingestDay(dir, "day1.csv", [
      order("b1", "c2", 1, 10),
      order("b2", "c2", 2, 10),
      order("b3", "c2", 3, 10),
      order("b4", "c2", 4, 900),
    ]);
    await ingestDay(dir, "day2.csv", [order("b4", "c9", 4, 900)]);

    // Only c2 is reviewed now, and b4 is c9's order since day 2.
    const report = await ingestDay(dir, "day3.csv", [order("b5", "c2", 5, 10)]);

    expect(report.lake.orders).toBe(5);
    expect(report.lake.extremeOrders).toBe(0);
  });

  it("reviews files of a call that stopped before its review", async () => {
    const dir = await tempDir();
    const workdir = join(dir, "w");
    const day1 = [
      order("b1", "c2", 1, 10),
      order("b2", "c2", 2, 10),
      order("b3", "c2", 3, 10),
      order("b4", "c2", 4, 900),
    ];
    await ingestDay(dir, "day1.csv", day1);
    // A call killed after its manifest write but before its review leaves
    // its file out of the reviewed list.
    const manifest = await readManifest(workdir);
    manifest.reviewed = [];
    await writeManifest(workdir, manifest);

    const again = await ingestDay(dir, "day1.csv", day1);
    const after = await ingestDay(dir, "day2.csv", [order("a1", "c1", 1, 10)]);

    expect(again.alreadyInLake).toHaveLength(1);
    expect(again.lake.extremeScope).toBe("lake");
    expect(again.lake.extremeExamples.map((e) => e.orderId)).toEqual(["b4"]);
    expect(after.lake.extremeScope).toBe("call");
    expect(after.lake.extremeOrders).toBe(0);
  });

  it("reviews no customer when nothing is new", async () => {
    const dir = await tempDir();
    const lines = [
      order("b1", "c2", 1, 10),
      order("b2", "c2", 2, 10),
      order("b3", "c2", 3, 10),
      order("b4", "c2", 4, 900),
    ];
    await ingestDay(dir, "day1.csv", lines);
    await ingestDay(dir, "day2.csv", [order("a1", "c1", 1, 10)]);

    const again = await ingestDay(dir, "day1.csv", lines);

    expect(again.alreadyInLake).toHaveLength(1);
    expect(again.lake.extremeScope).toBe("call");
    expect(again.lake.orders).toBe(5);
    expect(again.lake.extremeOrders).toBe(0);
  });

  it("finds a later file's extremes as the whole lake does", async () => {
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
              order(`o${r.id}`, `c${r.customer}`, r.day, r.amount),
            );
            // A one-order customer per file keeps files of equal rows apart,
            // since the lake skips content it already has.
            lines.push(order(`u${index}`, `u${index}`, 1, 1));
            report = await ingestDay(dir, `day${index}.csv`, lines);
          }
          const workdir = join(dir, "w");
          const whole = await reviewLake(
            workdir,
            await readManifest(workdir),
            RULE,
          );
          // The customers with a version of an order id of the last file.
          const lastIds = new Set((days.at(-1) ?? []).map((r) => r.id));
          // Examples list at most 20 orders, so only then are they all.
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

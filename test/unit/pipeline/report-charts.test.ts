import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CustomerHistory, OrderEvent } from "#features/history.ts";
import {
  frequencyBuckets,
  gainCurve,
  histogram,
  meanByBucket,
  weeklyRepeats,
} from "#pipeline/report-charts.ts";

const SHARES = Array.from({ length: 101 }, (_, step) => step / 100);

/** `value` repeated `times` times. */
function repeat(value: number, times: number): number[] {
  return new Array(times).fill(value);
}

function customer(
  customerId: string,
  orders: [day: number, amount: number][],
): CustomerHistory {
  const events: OrderEvent[] = orders.map(([day, amount]) => ({
    day,
    amount,
    quantity: null,
    category: null,
  }));
  return { customerId, orders: events };
}

describe("gainCurve", () => {
  // With four customers, share s takes the top round(4 * s) of them, so the
  // curve steps at the shares 0.13, 0.38, 0.63 and 0.88.
  it("follows the spend of a perfect ordering", () => {
    const actual = [1, 2, 3, 4];

    const curve = gainCurve("perfect", actual, actual);

    expect(curve).toEqual({
      label: "perfect",
      x: SHARES,
      y: [
        ...repeat(0, 13),
        ...repeat(0.4, 25),
        ...repeat(0.7, 25),
        ...repeat(0.9, 25),
        ...repeat(1, 13),
      ],
    });
  });

  it("follows the spend of a reversed ordering", () => {
    const actual = [1, 2, 3, 4];

    const curve = gainCurve("reversed", [4, 3, 2, 1], actual);

    expect(curve.y).toEqual([
      ...repeat(0, 13),
      ...repeat(0.1, 25),
      ...repeat(0.3, 25),
      ...repeat(0.6, 25),
      ...repeat(1, 13),
    ]);
  });

  it("counts a negative actual as 0", () => {
    const curve = gainCurve("refunds", [3, 2, 1], [-5, 6, 4]);

    expect(curve.y).toEqual([
      ...repeat(0, 50),
      ...repeat(0.6, 34),
      ...repeat(1, 17),
    ]);
  });

  it("is flat at 0 without spend", () => {
    const curve = gainCurve("none", [1, 2], [0, 0]);

    expect(curve.y).toEqual(repeat(0, 101));
  });

  it("rises from 0 to 1 below perfect", () => {
    const customers = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 1000 }),
      ),
      { minLength: 1, maxLength: 50 },
    );

    fc.assert(
      fc.property(customers, (pairs) => {
        const predicted = pairs.map(([p]) => p);
        const actual = pairs.map(([, a]) => a);
        fc.pre(actual.some((a) => a > 0));

        const { y } = gainCurve("model", predicted, actual);
        const perfect = gainCurve("perfect", actual, actual).y;

        expect(y[0]).toBe(0);
        expect(y[100]).toBe(1);
        y.slice(1).forEach((share, step) => {
          expect(share).toBeGreaterThanOrEqual(y[step] as number);
          expect(share).toBeLessThanOrEqual(perfect[step + 1] as number);
        });
      }),
    );
  });
});

describe("histogram", () => {
  it("counts values into equal bins and clamps the outliers", () => {
    const values = [0, 0.25, 0.5, 0.75, 1, -1, 2, 0.1];

    const result = histogram(values, 0, 1, 4);

    expect(result).toEqual({
      edges: [0, 0.25, 0.5, 0.75, 1],
      counts: [3, 1, 1, 3],
    });
  });

  it("makes 20 bins by default", () => {
    const values = Float32Array.of(0, 0.5, 1, 19.5, 20, 7);

    const result = histogram(values, 0, 20);

    expect(result.edges).toEqual(Array.from({ length: 21 }, (_, b) => b));
    expect(result.counts).toEqual([
      2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    ]);
  });

  it("uses unit bins when low equals high", () => {
    const result = histogram([5, 5, 6], 5, 5, 2);

    expect(result).toEqual({ edges: [5, 6, 7], counts: [2, 1] });
  });
});

describe("meanByBucket", () => {
  it("averages values per frequency bucket", () => {
    const result = meanByBucket([0, 1, 1, 7, 3], [10, 20, 40, 5, 0]);

    expect(result).toEqual({
      customers: [1, 2, 0, 1, 0, 0, 0, 1],
      means: [10, 30, 0, 0, 0, 0, 0, 5],
    });
  });

  it("returns eight empty buckets for no customers", () => {
    expect(meanByBucket([], [])).toEqual({
      customers: repeat(0, 8),
      means: repeat(0, 8),
    });
  });
});

describe("frequencyBuckets", () => {
  it("counts repeat days, capped at 7", () => {
    const members = [
      customer("one-day", [
        [1, 10],
        [1, 5],
      ]),
      customer("two-repeats", [
        [1, 10],
        [4, 5],
        [9, 5],
        [30, 5],
      ]),
      customer(
        "nine-repeats",
        Array.from({ length: 10 }, (_, day): [number, number] => [day, 1]),
      ),
      customer("after-cutoff", [[25, 10]]),
      customer("refund-only", [[3, -10]]),
    ];

    expect(frequencyBuckets(members, 20)).toEqual([0, 2, 7, 0, 0]);
  });
});

describe("weeklyRepeats", () => {
  it("accumulates repeat purchase days week by week", () => {
    const members = [
      // Repeats on days 3, 8 and 15. The refund on day 9 is no purchase.
      customer("a", [
        [0, 10],
        [3, 5],
        [3, 7],
        [8, 1],
        [9, -4],
        [15, 2],
      ]),
      // Repeat on day 20. Day 25 is after the last day.
      customer("b", [
        [2, 10],
        [20, 3],
        [25, 3],
      ]),
      customer("c", [[5, 10]]),
      // A refund before the first purchase does not start the history.
      customer("d", [
        [1, -10],
        [10, 4],
        [10, 6],
      ]),
      // An order of 0 counts as a purchase.
      customer("e", [
        [4, 0],
        [6, 9],
      ]),
    ];

    const series = weeklyRepeats(members, 0, 20);

    expect(series).toEqual({ label: "actual", x: [1, 2, 3], y: [2, 3, 5] });
  });

  it("counts weeks from the first day", () => {
    const members = [
      customer("a", [
        [100, 1],
        [106, 1],
        [107, 1],
      ]),
    ];

    const series = weeklyRepeats(members, 100, 107);

    expect(series).toEqual({ label: "actual", x: [1, 2], y: [1, 2] });
  });
});

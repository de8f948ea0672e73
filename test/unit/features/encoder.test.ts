import { describe, expect, it } from "vitest";
import {
  encodeHistories,
  SEQUENCE_FEATURES,
  SUMMARY_FEATURES,
} from "#features/encoder.ts";
import type { CustomerHistory } from "#features/history.ts";

const F = SEQUENCE_FEATURES.length;
const S = SUMMARY_FEATURES.length;

const history = (
  customerId: string,
  orders: [day: number, amount: number, quantity?: number, category?: string][],
): CustomerHistory => ({
  customerId,
  orders: orders.map(([day, amount, quantity, category]) => ({
    day,
    amount,
    quantity: quantity ?? null,
    category: category ?? null,
  })),
});

const seqRow = (seq: Float32Array, L: number, row: number, position: number) =>
  Array.from(
    seq.subarray((row * L + position) * F, (row * L + position + 1) * F),
  );

describe("encodeHistories", () => {
  it("right-aligns orders and pads on the left", () => {
    const customer = history("a", [
      [10, 9, 1],
      [40, 19, 3],
    ]);

    const batch = encodeHistories([customer], 100, {
      maxOrders: 4,
      categories: null,
    });

    expect(Array.from(batch.mask)).toEqual([0, 0, 1, 1]);
    expect(seqRow(batch.seq, 4, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(seqRow(batch.seq, 4, 0, 2)).toEqual(
      [Math.log1p(9), 90 / 365, 0, Math.log1p(1)].map(Math.fround),
    );
    expect(seqRow(batch.seq, 4, 0, 3)).toEqual(
      [Math.log1p(19), 60 / 365, 30 / 365, Math.log1p(3)].map(Math.fround),
    );
  });

  it("computes summary features of the window", () => {
    const customer = history("a", [
      [10, 10],
      [10, 30],
      [40, 20],
      [50, -15],
    ]);

    const batch = encodeHistories([customer], 100, {
      maxOrders: 8,
      categories: null,
    });

    const expected = [
      Math.log1p(3),
      Math.log1p(1),
      30 / 365,
      90 / 365,
      60 / 365,
      Math.log1p(45),
      Math.log1p(20),
      Math.log1p(30),
    ].map(Math.fround);
    expect(Array.from(batch.summary)).toEqual(expected);
    expect(batch.summary).toHaveLength(S);
  });

  it("ignores orders after the as-of day", () => {
    const early = history("a", [[10, 10]]);
    const withLater = history("a", [
      [10, 10],
      [200, 99],
    ]);
    const spec = { maxOrders: 3, categories: null };

    const a = encodeHistories([early], 100, spec);
    const b = encodeHistories([withLater], 100, spec);

    expect(b.seq).toEqual(a.seq);
    expect(b.summary).toEqual(a.summary);
  });

  it("keeps only the latest orders beyond the length", () => {
    const customer = history("a", [
      [1, 1],
      [2, 2],
      [3, 3],
    ]);

    const batch = encodeHistories([customer], 3, {
      maxOrders: 2,
      categories: null,
    });

    expect(seqRow(batch.seq, 2, 0, 0)[0]).toBe(Math.fround(Math.log1p(2)));
    expect(seqRow(batch.seq, 2, 0, 0)[2]).toBe(Math.fround(1 / 365));
    expect(Array.from(batch.mask)).toEqual([1, 1]);
  });

  it("maps categories to vocabulary indices", () => {
    const customer = history("a", [
      [1, 5, 1, "jazz"],
      [2, 5, 1, "polka"],
      [3, 5, 1],
    ]);

    const batch = encodeHistories([customer], 3, {
      maxOrders: 4,
      categories: ["rock", "jazz"],
    });

    expect(Array.from(batch.seqCategory ?? [])).toEqual([0n, 3n, 1n, 1n]);
  });

  it("encodes a customer without orders as zeros", () => {
    const batch = encodeHistories([history("a", [[50, 5]])], 10, {
      maxOrders: 2,
      categories: null,
    });

    expect(Array.from(batch.mask)).toEqual([0, 0]);
    expect(Array.from(batch.summary)).toEqual(new Array(S).fill(0));
  });
});

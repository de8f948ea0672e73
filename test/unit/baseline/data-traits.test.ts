import { describe, expect, it } from "vitest";
import { summariseRepeats } from "#baseline/data-traits.ts";

describe("summariseRepeats", () => {
  it("counts weighted customers and repeat buyers", () => {
    const customers = [
      { x: 0, tx: 0, T: 5, weight: 6 },
      { x: 2, tx: 3, T: 5, weight: 3 },
      { x: 8, tx: 4, T: 5 },
    ];

    const summary = summariseRepeats(customers);

    expect(summary).toEqual({
      customers: 10,
      repeatCustomers: 4,
      repeatShare: 0.4,
      maxX: 8,
      meanRepeatX: 3.5,
    });
  });

  it("reports no repeat buyers as zeros", () => {
    const summary = summariseRepeats([{ x: 0, tx: 0, T: 1 }]);

    expect(summary).toEqual({
      customers: 1,
      repeatCustomers: 0,
      repeatShare: 0,
      maxX: 0,
      meanRepeatX: 0,
    });
  });
});

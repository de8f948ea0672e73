import { describe, expect, it } from "vitest";
import { compareTotals } from "#evaluation/metrics.ts";

describe("compareTotals", () => {
  it("is positive when the prediction is too high", () => {
    expect(compareTotals([30, 80], [40, 60])).toEqual({
      predicted: 110,
      actual: 100,
      relativeError: 0.1,
    });
  });

  it("is negative when the prediction is too low", () => {
    expect(compareTotals([20, 30], [40, 60]).relativeError).toBe(-0.5);
  });

  it("divides by the magnitude of a negative actual total", () => {
    // Net refunds of 50 against a predicted 25: (25 - -50) / 50 = 1.5.
    expect(compareTotals([25], [-50]).relativeError).toBe(1.5);
  });

  it("is NaN when the actual total is 0", () => {
    const result = compareTotals([5, 5], [0, 0]);

    expect(result.predicted).toBe(10);
    expect(result.actual).toBe(0);
    expect(result.relativeError).toBeNaN();
  });
});

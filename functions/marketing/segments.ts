/** Segment names, from the most to the least valuable to act on. */
export type Segment = "high_value" | "active" | "at_risk" | "lapsing";

/** Thresholds of the first segmentation. */
export interface SegmentRules {
  /** Share of customers, by expected value, that make up `high_value`. */
  highValueShare: number;
  /** `pAlive` at or above which a customer is `active`. */
  activeMinPAlive: number;
  /** `pAlive` below which a customer is `lapsing`. */
  lapsingMaxPAlive: number;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = {
  highValueShare: 0.2,
  activeMinPAlive: 0.6,
  lapsingMaxPAlive: 0.3,
};

/**
 * Splits customers by predicted value and activity. The top
 * `highValueShare` by expected value are `high_value`; the rest are
 * `active`, `at_risk` or `lapsing` by their probability of buying again
 * within the horizon. Customers with equal value fall on the same side.
 */
export function assignSegments(
  expectedValue: ArrayLike<number>,
  pAlive: ArrayLike<number>,
  rules: SegmentRules = DEFAULT_SEGMENT_RULES,
): Segment[] {
  const n = expectedValue.length;
  const sorted = Float64Array.from(expectedValue).sort();
  // The slack keeps n * share from rounding up past a whole count.
  const highCount = Math.ceil(n * rules.highValueShare - 1e-9);
  const threshold =
    highCount === 0
      ? Number.POSITIVE_INFINITY
      : (sorted[n - highCount] as number);
  const segments: Segment[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const value = expectedValue[i] as number;
    const alive = pAlive[i] as number;
    if (value >= threshold && value > 0) segments[i] = "high_value";
    else if (alive >= rules.activeMinPAlive) segments[i] = "active";
    else if (alive < rules.lapsingMaxPAlive) segments[i] = "lapsing";
    else segments[i] = "at_risk";
  }
  return segments;
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignSegments,
  DEFAULT_SEGMENT_RULES,
  type Segment,
} from "#marketing/segments.ts";

const RULES = DEFAULT_SEGMENT_RULES;

/** Returns the segment of a customer outside high_value, by pAlive. */
function activitySegment(pAlive: number): Segment {
  if (pAlive >= RULES.activeMinPAlive) return "active";
  if (pAlive < RULES.lapsingMaxPAlive) return "lapsing";
  return "at_risk";
}

describe("assignSegments", () => {
  it("splits by value, then by pAlive", () => {
    const value = [10, 90, 30, 0, 50, 70, 20, 100, 40, 60];
    const pAlive = [0.9, 0.1, 0.6, 0.59, 0.3, 0.29, 0, 0.5, 1, 0.45];

    const segments = assignSegments(value, pAlive);

    expect(segments).toEqual([
      "active",
      "high_value",
      "active",
      "at_risk",
      "at_risk",
      "lapsing",
      "lapsing",
      "high_value",
      "active",
      "at_risk",
    ]);
  });

  it("puts ties at the threshold in high_value", () => {
    const value = [5, 8, 8, 8, 1];
    const pAlive = [0.7, 0.7, 0.7, 0.7, 0.7];

    const segments = assignSegments(value, pAlive);

    expect(segments).toEqual([
      "active",
      "high_value",
      "high_value",
      "high_value",
      "active",
    ]);
  });

  it("gives no high_value when every value is 0", () => {
    const segments = assignSegments([0, 0, 0, 0], [0.8, 0.4, 0.1, 0.6]);

    expect(segments).toEqual(["active", "at_risk", "lapsing", "active"]);
  });

  it("gives no high_value to a top value of 0", () => {
    const segments = assignSegments([0, -3, -1, -2, -5], [1, 1, 1, 1, 0]);

    expect(segments).toEqual([
      "active",
      "active",
      "active",
      "active",
      "lapsing",
    ]);
  });

  it("returns an empty list for no customers", () => {
    expect(assignSegments([], [])).toEqual([]);
  });

  it("makes a lone customer high_value", () => {
    expect(assignSegments(Float32Array.of(3), Float32Array.of(0))).toEqual([
      "high_value",
    ]);
  });

  it.each<[number, Segment]>([
    [0.6, "active"],
    [0.5999, "at_risk"],
    [0.3, "at_risk"],
    [0.2999, "lapsing"],
  ])("gives pAlive %f the segment %s", (pAlive, segment) => {
    expect(assignSegments([0], [pAlive])).toEqual([segment]);
  });

  it.each<[number, Segment[]]>([
    [0.5, ["active", "active", "high_value", "high_value"]],
    [0.25, ["active", "active", "active", "high_value"]],
    [1, ["high_value", "high_value", "high_value", "high_value"]],
  ])("applies a high-value share of %f", (highValueShare, expected) => {
    const rules = { ...RULES, highValueShare };

    const segments = assignSegments([1, 2, 3, 4], [0.9, 0.9, 0.9, 0.9], rules);

    expect(segments).toEqual(expected);
  });

  it("applies custom pAlive thresholds", () => {
    const rules = {
      highValueShare: 0.2,
      activeMinPAlive: 0.8,
      lapsingMaxPAlive: 0.5,
    };

    const segments = assignSegments([0, 0, 0], [0.8, 0.5, 0.49], rules);

    expect(segments).toEqual(["active", "at_risk", "lapsing"]);
  });

  // NOTE: the cut index is clamped to n - 1, so a share of 0 still makes
  // the top customers high_value.
  it("gives no high_value for a share of 0", () => {
    const rules = { ...RULES, highValueShare: 0 };

    const segments = assignSegments([1, 2, 3], [0.9, 0.9, 0.9], rules);

    expect(segments).toEqual(["active", "active", "active"]);
  });

  it("makes the top values high_value and splits the rest", () => {
    const customers = fc.array(
      fc.tuple(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
      { minLength: 1, maxLength: 60 },
    );

    fc.assert(
      fc.property(customers, (pairs) => {
        const value = pairs.map(([v]) => v);
        const pAlive = pairs.map(([, p]) => p);
        const expectedHighCount = Math.ceil(
          value.length * RULES.highValueShare,
        );

        const segments = assignSegments(value, pAlive);

        const high = value.filter((_, i) => segments[i] === "high_value");
        const lowestHigh = Math.min(...high);
        const above = value.filter((v) => v > lowestHigh).length;
        const below = value.filter((v) => v < lowestHigh).length;
        expect(above).toBeLessThan(expectedHighCount);
        expect(high.length).toBeGreaterThanOrEqual(expectedHighCount);
        expect(high.length + below).toBe(value.length);
        segments.forEach((segment, i) => {
          if (segment === "high_value") return;
          expect(segment).toBe(activitySegment(pAlive[i] as number));
        });
      }),
    );
  });
});

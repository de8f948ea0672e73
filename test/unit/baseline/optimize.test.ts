import { describe, expect, it } from "vitest";
import { minimizeInBox } from "#baseline/optimize.ts";

const POSITION_TOLERANCE = 1e-6;
const WIDE_BOX = { lower: -10, upper: 10 };

function rosenbrock([u = 0, v = 0]: readonly number[]): number {
  return (1 - u) ** 2 + 100 * (v - u * u) ** 2;
}

describe("minimizeInBox", () => {
  it("finds the Rosenbrock minimum", () => {
    const result = minimizeInBox(rosenbrock, [-1.2, 1], WIDE_BOX);

    expect(result.status).toBe("converged");
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it.each([
    ["upper", 5, 2],
    ["lower", -5, -1],
  ])("stops on the %s bound", (_, target, bound) => {
    const objective = ([u = 0]: readonly number[]) => (u - target) ** 2;

    const result = minimizeInBox(objective, [0], { lower: -1, upper: 2 });

    expect(result.status).toBe("converged");
    expect(result.x).toEqual([bound]);
    expect(result.projectedGradient).toEqual([0]);
  });

  it("keeps free coordinates moving beside a bound", () => {
    const objective = ([u = 0, v = 0]: readonly number[]) =>
      (u - 5) ** 2 + (v - 0.5) ** 2 + u * v;

    const result = minimizeInBox(objective, [0, 0], { lower: -1, upper: 2 });

    expect(result.x[0]).toBe(2);
    // With u held at 2, the minimum over v is at v = 0.5 - 2 / 2.
    expect(Math.abs((result.x[1] ?? 0) + 0.5)).toBeLessThan(POSITION_TOLERANCE);
  });

  it("shortens steps into a region of NaN", () => {
    const objective = ([u = 0]: readonly number[]) =>
      u < 1.2 ? (u - 1) ** 2 : Number.NaN;

    const result = minimizeInBox(objective, [-8], WIDE_BOX);

    expect(Math.abs((result.x[0] ?? 0) - 1)).toBeLessThan(POSITION_TOLERANCE);
  });

  it("reports the iteration limit", () => {
    const result = minimizeInBox(rosenbrock, [-1.2, 1], {
      ...WIDE_BOX,
      maxIterations: 3,
    });

    expect(result.status).toBe("max-iterations");
    expect(result.iterations).toBe(3);
  });

  it("reports a stall on a noisy objective", () => {
    // Ripples of height 1e-9 hide the last digits of the minimum at u = 1.
    const objective = ([u = 0]: readonly number[]) =>
      (u - 1) ** 2 + 1e-9 * Math.sin(1e7 * u);

    const result = minimizeInBox(objective, [0.9], WIDE_BOX);

    expect(result.status).toBe("stalled");
    expect(Math.abs((result.x[0] ?? 0) - 1)).toBeLessThan(1e-4);
  });

  it("returns at once on a flat objective", () => {
    const result = minimizeInBox(() => 1, [0.5], WIDE_BOX);

    expect(result).toEqual({
      x: [0.5],
      value: 1,
      projectedGradient: [0],
      iterations: 0,
      status: "converged",
    });
  });
});

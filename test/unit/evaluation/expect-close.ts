import { expect } from "vitest";

/**
 * Relative tolerance for comparing with the reference implementations, which
 * sum in a different order and so round differently.
 */
export const REFERENCE_TOLERANCE = 1e-10;

/** Asserts |actual - expected| <= tolerance * max(1, |expected|). */
export function expectClose(
  actual: number | undefined,
  expected: number,
  tolerance = REFERENCE_TOLERANCE,
): void {
  expect(actual).toBeTypeOf("number");
  const error = Math.abs((actual as number) - expected);
  const scale = Math.max(1, Math.abs(expected));

  expect(error / scale, `${actual} differs from ${expected}`).toBeLessThan(
    tolerance,
  );
}

/**
 * Returns |actual - expected| / |expected|, or |actual| when expected is 0.
 */
export function relativeError(actual: number, expected: number): number {
  const difference = Math.abs(actual - expected);
  return expected === 0 ? difference : difference / Math.abs(expected);
}

/**
 * Runs `call` and returns what it throws. Fails the test when it returns
 * normally, so the caller can assert the class and message of the error.
 */
export function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("Expected the call to throw, but it returned.");
}

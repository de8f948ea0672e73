import { BaselineInputError, SeriesConvergenceError } from "./errors.ts";

/**
 * Maximum number of terms a series may take. Near z = 1 a series needs up
 * to about 50 / (1 - z) terms, so the limit is reached only for z within
 * about 5e-5 of 1.
 */
export const MAX_SERIES_TERMS = 1_000_000;

/**
 * Evaluates the Gauss hypergeometric function 2F1(a, b; c; z) for real
 * parameters and -1 < z < 1 by its power series. For z >= 0 it first
 * applies Euler's transformation
 * 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z)
 * when that makes the parameters smaller, which keeps the series short and
 * free of huge intermediate terms when a and b are large, as they are for
 * customers with many purchases.
 *
 * @throws BaselineInputError when z is outside (-1, 1), a value is not
 *   finite, or c is zero or a negative integer.
 * @throws SeriesConvergenceError when the series needs more than
 *   `MAX_SERIES_TERMS` terms.
 *
 * @example
 * ```ts
 * hyp2f1(1, 1, 2, 0.5); // -ln(1 - 0.5) / 0.5 = 1.3862943611198906
 * ```
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  validateArguments(a, b, c, z);
  if (Number.isInteger(c) && c <= 0) {
    throw new BaselineInputError(
      "c",
      `Invalid c = ${c}. 2F1 has a pole there.`,
    );
  }
  const ca = c - a;
  const cb = c - b;
  if (z >= 0 && Math.abs(ca) + Math.abs(cb) < Math.abs(a) + Math.abs(b)) {
    const factor = Math.exp((c - a - b) * Math.log1p(-z));
    return factor * sumSeries(1, 0, ca, cb, c, z);
  }
  return sumSeries(1, 0, a, b, c, z);
}

/**
 * Evaluates (c / b) (2F1(a, b; c; z) - 1), the series
 * sum over n >= 1 of (a)_n (b + 1)_(n-1) / ((c + 1)_(n-1) n!) z^n.
 * Unlike 2F1 itself it stays finite as b or c goes to 0, so expressions with
 * a factor c / b, such as the BG/NBD conditional expectation, need no
 * special case where b or c is 0. No transformation is applied.
 *
 * @throws BaselineInputError when z is outside (-1, 1), a value is not
 *   finite, or c is a negative integer.
 * @throws SeriesConvergenceError when the series needs more than
 *   `MAX_SERIES_TERMS` terms.
 */
export function hyp2f1Excess(
  a: number,
  b: number,
  c: number,
  z: number,
): number {
  validateArguments(a, b, c, z);
  if (Number.isInteger(c) && c < 0) {
    throw new BaselineInputError(
      "c",
      `Invalid c = ${c}. The series has a pole there.`,
    );
  }
  return sumSeries(a * z, 1, a, b, c, z);
}

/**
 * Sums terms t_n from index `first`, where t_(n+1) / t_n is
 * (a + n)(b + n) z / ((c + n)(n + 1)), the ratio of both series above.
 */
function sumSeries(
  firstTerm: number,
  first: number,
  a: number,
  b: number,
  c: number,
  z: number,
): number {
  // Past this index the term ratio approaches z steadily, so a small term
  // means a small remainder, about term / (1 - |z|).
  const settled = Math.max(Math.abs(a), Math.abs(b), Math.abs(c)) + 2;
  const tolerance = Number.EPSILON * (1 - Math.abs(z));
  let term = firstTerm;
  let sum = firstTerm;

  for (let n = first; n < first + MAX_SERIES_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    const small = Math.abs(term) <= tolerance * Math.abs(sum);
    if (term === 0 || (small && n > settled)) return sum;
  }
  throw new SeriesConvergenceError(
    `The hypergeometric series did not converge within ${MAX_SERIES_TERMS} ` +
      `terms because z = ${z} is too close to 1. For BG/NBD predictions ` +
      "this means the horizon is many times alpha + T, so predict over a " +
      "shorter horizon.",
  );
}

function validateArguments(a: number, b: number, c: number, z: number) {
  for (const [name, value] of Object.entries({ a, b, c })) {
    if (!Number.isFinite(value)) {
      throw new BaselineInputError(
        name,
        `Invalid ${name} = ${value}. Expected a finite number.`,
      );
    }
  }
  if (!(z > -1 && z < 1)) {
    throw new BaselineInputError(
      "z",
      `Invalid z = ${z}. The series converges only for -1 < z < 1.`,
    );
  }
}

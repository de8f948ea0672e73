// Small dense vector and matrix helpers for the optimiser. Vectors and
// matrices are plain arrays, and missing entries read as 0.

/** Returns a copy of `v` with 0 where `keep` is false. */
export function maskTo(
  v: readonly number[],
  keep: readonly boolean[],
): number[] {
  return v.map((vi, i) => (keep[i] ? vi : 0));
}

/** Returns a copy of `x` with coordinate `i` set to `value`. */
export function withCoordinate(x: readonly number[], i: number, value: number) {
  const copy = [...x];
  copy[i] = value;
  return copy;
}

/** Returns the n-by-n identity matrix. */
export function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}

/** Overwrites a square matrix with the identity, in place. */
export function resetToIdentity(matrix: number[][]): void {
  for (const [i, row] of matrix.entries()) {
    for (let j = 0; j < row.length; j++) row[j] = i === j ? 1 : 0;
  }
}

/** Checks whether a square matrix is exactly the identity. */
export function isIdentity(matrix: readonly number[][]): boolean {
  return matrix.every((row, i) =>
    row.every((value, j) => value === (i === j ? 1 : 0)),
  );
}

/** Multiplies every entry of a matrix by `factor`, in place. */
export function scaleInPlace(matrix: number[][], factor: number): void {
  for (const row of matrix) {
    for (let j = 0; j < row.length; j++) row[j] = (row[j] ?? 0) * factor;
  }
}

/** Returns the matrix-vector product. */
export function multiply(matrix: readonly number[][], v: readonly number[]) {
  return matrix.map((row) => dot(row, v));
}

/** Returns the dot product of two vectors. */
export function dot(u: readonly number[], v: readonly number[]): number {
  return u.reduce((sum, ui, i) => sum + ui * (v[i] ?? 0), 0);
}

/** Returns u - v. */
export function subtract(u: readonly number[], v: readonly number[]): number[] {
  return u.map((ui, i) => ui - (v[i] ?? 0));
}

/** Returns the largest absolute entry, the infinity norm. */
export function maxAbs(v: readonly number[]): number {
  return v.reduce((largest, vi) => Math.max(largest, Math.abs(vi)), 0);
}

/** Returns ln(e^u + e^v) without overflow or underflow. */
export function logAddExp(u: number, v: number): number {
  const larger = Math.max(u, v);
  if (larger === Number.NEGATIVE_INFINITY) return larger;
  return larger + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/**
 * Returns (e^u - 1) / u, and its limit 1 at u = 0, accurate for small |u|.
 */
export function exprel(u: number): number {
  return u === 0 ? 1 : Math.expm1(u) / u;
}

/** Returns 1 / (1 + e^u) without overflow. */
export function logisticOfNegative(u: number): number {
  if (u > 0) {
    const e = Math.exp(-u);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(u));
}

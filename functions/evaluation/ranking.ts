import type { Values } from "./validation.ts";

/** Sort order and ranks of one input. */
export interface Ranking {
  /** Input indices in ascending order of value, ties in input order. */
  readonly order: Uint32Array;
  /**
   * 1-based ascending rank of each value, in input order. Tied values share
   * the mean of the positions they occupy, so ranks of 5, 7, 7, 9 are
   * 1, 2.5, 2.5, 4.
   */
  readonly ranks: Float64Array;
}

/** Sorts `values` and assigns average ranks to ties. O(n log n). */
export function rankValues(values: Values): Ranking {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);

  const ranks = new Float64Array(values.length);
  forEachTieGroup(values, order, (start, end) => {
    // The group fills the 1-based positions start + 1 through end.
    const averageRank = (start + 1 + end) / 2;
    for (let position = start; position < end; position++) {
      ranks[order[position] as number] = averageRank;
    }
  });

  return { order, ranks };
}

/**
 * Calls `visit(start, end)` for each run of equal values in sorted order, so
 * `order[start]` through `order[end - 1]` index one tied value.
 */
export function forEachTieGroup(
  values: Values,
  order: Uint32Array,
  visit: (start: number, end: number) => void,
): void {
  let start = 0;
  while (start < order.length) {
    const value = values[order[start] as number];
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === value) {
      end++;
    }
    visit(start, end);
    start = end;
  }
}

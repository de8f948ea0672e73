import type { CustomerHistory } from "./history.ts";

/** Outcomes in the horizon after the cutoff, per customer. */
export interface HorizonLabels {
  /** [N] spend in the horizon, refunds included, at least 0. */
  value: Float32Array;
  /** [N] purchase occasions (distinct days with an order) in the horizon. */
  orders: Float32Array;
  /** [N] category index of the first order in the horizon, -1 for none. */
  nextCategory: BigInt64Array | null;
}

/**
 * Computes the labels from orders after `cutoffDay` up to and including
 * `cutoffDay + horizonDays`.
 */
export function computeLabels(
  histories: readonly CustomerHistory[],
  cutoffDay: number,
  horizonDays: number,
  categories: string[] | null,
): HorizonLabels {
  const n = histories.length;
  const labels: HorizonLabels = {
    value: new Float32Array(n),
    orders: new Float32Array(n),
    nextCategory: categories ? new BigInt64Array(n).fill(-1n) : null,
  };
  const index = new Map((categories ?? []).map((name, i) => [name, i + 2]));
  const end = cutoffDay + horizonDays;
  histories.forEach((history, row) => {
    const inHorizon = history.orders.filter(
      (order) => order.day > cutoffDay && order.day <= end,
    );
    const purchases = inHorizon.filter((order) => order.amount >= 0);
    const spend = inHorizon.reduce((sum, order) => sum + order.amount, 0);
    labels.value[row] = Math.max(spend, 0);
    labels.orders[row] = new Set(purchases.map((order) => order.day)).size;
    const first = purchases[0];
    if (labels.nextCategory && first) {
      const category =
        first.category === null ? undefined : index.get(first.category);
      labels.nextCategory[row] = BigInt(category ?? 1);
    }
  });
  return labels;
}

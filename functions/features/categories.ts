import type { CustomerHistory } from "./history.ts";

/** Most categories the model gets its own index for; rarer ones are "unknown". */
export const MAX_CATEGORIES = 50;

/**
 * Builds the category vocabulary from orders up to `cutoffDay`: the most
 * frequent categories first, ties by name. Returns null when no order has
 * a category, so the trainer leaves out the category head.
 */
export function buildVocabulary(
  histories: readonly CustomerHistory[],
  cutoffDay: number,
): string[] | null {
  const counts = new Map<string, number>();
  for (const { orders } of histories) {
    for (const order of orders) {
      if (order.day > cutoffDay || order.category === null) continue;
      counts.set(order.category, (counts.get(order.category) ?? 0) + 1);
    }
  }
  if (counts.size === 0) return null;
  return [...counts]
    .sort(([nameA, countA], [nameB, countB]) => {
      if (countA !== countB) return countB - countA;
      return nameA < nameB ? -1 : 1;
    })
    .slice(0, MAX_CATEGORIES)
    .map(([name]) => name);
}

import type { CustomerHistory } from "#features/history.ts";
import type { CustomerValueSummary } from "./types.ts";

/** Days per unit of the time scales the baseline can be fitted in. */
export const DAYS_PER_UNIT = { day: 1, week: 7 } as const;

export type TimeUnit = keyof typeof DAYS_PER_UNIT;

/**
 * Summarises a customer's purchases up to the end of `endDay` for BG/NBD and
 * Gamma-Gamma. Orders on one day form one purchase occasion whose value is
 * their sum; refunds (negative amounts) are left out. Times run from the
 * first occasion, in `unit`. Returns null for a customer without a purchase
 * by `endDay`.
 */
export function summariseCustomer(
  history: CustomerHistory,
  endDay: number,
  unit: TimeUnit,
): CustomerValueSummary | null {
  const byDay = new Map<number, number>();
  for (const order of history.orders) {
    if (order.day > endDay || order.amount < 0) continue;
    byDay.set(order.day, (byDay.get(order.day) ?? 0) + order.amount);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) return null;
  const scale = DAYS_PER_UNIT[unit];
  const repeatValues = days.slice(1).map((day) => byDay.get(day) ?? 0);
  const repeatTotal = repeatValues.reduce((sum, value) => sum + value, 0);
  return {
    x: days.length - 1,
    tx: (last - first) / scale,
    T: (endDay - first) / scale,
    meanSpend: repeatValues.length > 0 ? repeatTotal / repeatValues.length : 0,
  };
}

import { formatDay } from "#shared/dates.ts";
import { InputError } from "#shared/errors.ts";
import type { CustomerHistory } from "./history.ts";

/** Minimum amounts of data a model is trained on. */
export interface SufficiencyThresholds {
  /** Customers with a purchase on or before the cutoff. */
  minCustomers: number;
  /** Of those, customers with purchases on at least two days. */
  minRepeatCustomers: number;
  /** Days from the first purchase to the cutoff, both included. */
  minHistoryDays: number;
}

export const DEFAULT_SUFFICIENCY: SufficiencyThresholds = {
  minCustomers: 100,
  minRepeatCustomers: 20,
  minHistoryDays: 90,
};

/** Counts of the training window, as checked. */
export interface TrainingDataSummary {
  customers: number;
  repeatCustomers: number;
  historyDays: number;
}

/** The data before the cutoff is too short or too thin to train on. */
export class InsufficientDataError extends InputError {
  override name = "InsufficientDataError";
}

/**
 * Checks that the orders on or before `cutoffDay` (a local day, counted
 * from 1970-01-01) are enough to learn from. Purchases are orders with an
 * amount of at least 0; several on one day are one purchase occasion.
 *
 * @throws InsufficientDataError listing every threshold not met, with the
 *   value found and the threshold.
 */
export function checkTrainingData(
  histories: readonly CustomerHistory[],
  cutoffDay: number,
  thresholds: Partial<SufficiencyThresholds> = {},
): TrainingDataSummary {
  const limits = { ...DEFAULT_SUFFICIENCY, ...thresholds };
  const summary = summarise(histories, cutoffDay);
  const missing: string[] = [];
  if (summary.customers < limits.minCustomers) {
    missing.push(
      `${summary.customers} customers with a purchase, at least ` +
        `${limits.minCustomers} needed`,
    );
  }
  if (summary.repeatCustomers < limits.minRepeatCustomers) {
    missing.push(
      `${summary.repeatCustomers} customers who bought on two or more ` +
        `days, at least ${limits.minRepeatCustomers} needed`,
    );
  }
  if (summary.historyDays < limits.minHistoryDays) {
    missing.push(
      `${summary.historyDays} days of history, at least ` +
        `${limits.minHistoryDays} needed`,
    );
  }
  if (missing.length > 0) {
    throw new InsufficientDataError(
      `Too little data up to the cutoff ${formatDay(cutoffDay)} to train a ` +
        `model: ${missing.join("; ")}. Ingest a longer or larger export, ` +
        "shorten the horizon, or lower the thresholds (--min-customers, " +
        "--min-repeat-customers, --min-history-days).",
    );
  }
  return summary;
}

function summarise(
  histories: readonly CustomerHistory[],
  cutoffDay: number,
): TrainingDataSummary {
  let customers = 0;
  let repeatCustomers = 0;
  let firstDay = Number.POSITIVE_INFINITY;
  for (const history of histories) {
    const days = new Set<number>();
    for (const order of history.orders) {
      if (order.day <= cutoffDay && order.amount >= 0) days.add(order.day);
    }
    if (days.size === 0) continue;
    customers += 1;
    if (days.size >= 2) repeatCustomers += 1;
    firstDay = Math.min(firstDay, ...days);
  }
  const historyDays = customers === 0 ? 0 : cutoffDay - firstDay + 1;
  return { customers, repeatCustomers, historyDays };
}

import type { CustomerSummary, SpendSummary } from "./types.ts";

/** A data trait that may explain a failed fit, with what to try. */
export interface DataTrait {
  /** Full sentence stating the trait with its numbers. */
  readonly finding: string;
  /** Full sentence saying what to change. */
  readonly advice: string;
}

/** Weighted counts of customers and repeat buyers. */
export interface RepeatSummary {
  /** Weighted number of customers. */
  readonly customers: number;
  /** Weighted number of customers with x >= 1. */
  readonly repeatCustomers: number;
  /** `repeatCustomers / customers`. */
  readonly repeatShare: number;
  /** Largest x. */
  readonly maxX: number;
  /** Weighted mean x among customers with x >= 1; 0 when there are none. */
  readonly meanRepeatX: number;
}

// A frequency outlier has at least this many repeat purchases and at least
// OUTLIER_RATIO times the mean of the repeat buyers.
const OUTLIER_MIN_X = 50;
const OUTLIER_RATIO = 20;
const LOW_REPEAT_SHARE = 0.1;
const SPEND_OUTLIER_RATIO = 100;
const CONSTANT_SPEND_VARIATION = 1e-3;

/** Counts customers and repeat buyers, with row weights. */
export function summariseRepeats(
  customers: readonly CustomerSummary[],
): RepeatSummary {
  let total = 0;
  let repeat = 0;
  let repeatPurchases = 0;
  let maxX = 0;
  for (const { x, weight = 1 } of customers) {
    total += weight;
    if (x > 0) repeat += weight;
    repeatPurchases += weight * x;
    maxX = Math.max(maxX, x);
  }
  const meanRepeatX = repeat > 0 ? repeatPurchases / repeat : 0;
  const repeatShare = total > 0 ? repeat / total : 0;
  return {
    customers: total,
    repeatCustomers: repeat,
    repeatShare,
    maxX,
    meanRepeatX,
  };
}

/** Picks the purchase-count trait most likely to stop a BG/NBD fit. */
export function diagnoseFrequencies(
  customers: readonly CustomerSummary[],
): DataTrait {
  const {
    customers: total,
    repeatShare,
    maxX,
    meanRepeatX,
  } = summariseRepeats(customers);
  const percent = formatPercent(repeatShare);
  if (repeatShare < LOW_REPEAT_SHARE) {
    return {
      finding:
        `Only ${percent} of the customers made a repeat purchase, so ` +
        "purchase rate and dropout are hard to distinguish.",
      advice: "Use a longer calibration period or more customers.",
    };
  }
  if (maxX >= Math.max(OUTLIER_MIN_X, OUTLIER_RATIO * meanRepeatX)) {
    return {
      finding:
        `A few customers with up to ${maxX} repeat purchases dominate the ` +
        "likelihood (the mean among repeat buyers is " +
        `${meanRepeatX.toFixed(1)}).`,
      advice:
        "Check for resellers, test accounts or merged customer ids, and " +
        "remove or cap them.",
    };
  }
  return {
    finding:
      `No single data trait stands out: ${total} customers, ${percent} ` +
      `with repeat purchases, x up to ${maxX}.`,
    advice:
      "Raise maxIterations, or check the data for duplicated or synthetic " +
      "customers.",
  };
}

/**
 * Picks the spend trait most likely to stop a Gamma-Gamma fit, from the
 * rows with x >= 1. Weights are ignored here.
 */
export function diagnoseSpends(rows: readonly SpendSummary[]): DataTrait {
  const spends = rows.map((row) => row.meanSpend).sort((u, v) => u - v);
  const median = spends[Math.floor(spends.length / 2)] ?? 0;
  const largest = spends.at(-1) ?? 0;
  if (largest >= SPEND_OUTLIER_RATIO * median) {
    return {
      finding:
        `Mean spends reach ${format(largest)}, ` +
        `${Math.round(largest / median)} times the median of ` +
        `${format(median)}.`,
      advice:
        "Cap or remove extreme spends, such as business orders or amounts " +
        "entered in the wrong unit.",
    };
  }
  if (coefficientOfVariation(spends) < CONSTANT_SPEND_VARIATION) {
    return {
      finding:
        "Mean spends are nearly identical, so their spread across " +
        "customers cannot be estimated.",
      advice: "Use the overall mean spend instead of the Gamma-Gamma model.",
    };
  }
  return {
    finding:
      `No single data trait stands out: ${spends.length} rows, mean ` +
      `spends from ${format(spends[0] ?? 0)} to ${format(largest)}.`,
    advice:
      "Raise maxIterations, or check the spends for duplicated customers.",
  };
}

function coefficientOfVariation(values: readonly number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance =
    values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

function formatPercent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/** Formats a number with at most 4 significant digits, such as 12400000. */
function format(value: number): string {
  return String(Number(value.toPrecision(4)));
}

import type { LakeStats } from "#features/lake-reader.ts";
import { formatDay } from "#shared/dates.ts";
import { InputError } from "#shared/errors.ts";

/** The days that split a run's data. Days count from 1970-01-01. */
export interface RunWindows {
  /** Scores describe the horizon after the end of this day. */
  asOfDay: number;
  /** Training inputs end with this day; labels cover the horizon after it. */
  cutoffDay: number;
  horizonDays: number;
}

/**
 * Places the training cutoff one horizon before the as-of day, which
 * defaults to the day of the last order.
 *
 * @throws InputError when no order falls on or before the cutoff.
 */
export function planWindows(
  stats: LakeStats,
  horizonDays: number,
  asOfDay: number | null,
): RunWindows {
  const asOf = asOfDay ?? stats.lastDay;
  const cutoffDay = asOf - horizonDays;
  if (cutoffDay < stats.firstDay) {
    throw new InputError(
      `A horizon of ${horizonDays} days before the as-of day ${formatDay(asOf)} ` +
        `puts the training cutoff at ${formatDay(cutoffDay)}, before the first ` +
        `order (${formatDay(stats.firstDay)}). Use a shorter --horizon-days ` +
        "or a later --as-of, or ingest more history.",
    );
  }
  return { asOfDay: asOf, cutoffDay, horizonDays };
}

/** Minimum training customers with a purchase in the horizon. */
export const MIN_BUYERS_IN_HORIZON = 5;

/**
 * Checks that enough training customers bought in the horizon after the
 * cutoff, since a model cannot learn from labels that are (almost) all
 * zero. A single mistyped far-future date leaves the horizon nearly empty.
 *
 * @throws InputError naming the window and the likely causes.
 */
export function checkHorizonLabels(
  windows: RunWindows,
  stats: LakeStats,
  buyersInHorizon: number,
): void {
  if (buyersInHorizon >= MIN_BUYERS_IN_HORIZON) return;
  throw new InputError(
    `Training customers who bought between the cutoff ${formatDay(windows.cutoffDay)} ` +
      `and the as-of day ${formatDay(windows.asOfDay)}: ${buyersInHorizon}, ` +
      `fewer than the ${MIN_BUYERS_IN_HORIZON} needed to learn from. The data runs from ${formatDay(stats.firstDay)} to ` +
      `${formatDay(stats.lastDay)}: check for a mistyped order date far from ` +
      "the others, pass an --as-of within the data, or use a longer " +
      "--horizon-days.",
  );
}

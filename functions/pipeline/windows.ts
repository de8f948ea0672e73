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

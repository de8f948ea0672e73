import type { FittedBaseline } from "#baseline/baseline-model.ts";
import { conditionalExpectedPurchases } from "#baseline/bgnbd-expectations.ts";
import { DAYS_PER_UNIT, summariseCustomer } from "#baseline/summaries.ts";
import type { Series } from "#evaluation/report/report-data.ts";
import type { CustomerHistory } from "#features/history.ts";

const DAYS_PER_WEEK = 7;
const MAX_FREQUENCY_BUCKET = 7;

/**
 * Returns the gain curve of a ranking: the share of actual spend held by
 * the top share of customers by prediction, at 101 points from 0 to 1.
 */
export function gainCurve(
  label: string,
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): Series {
  const order = Array.from({ length: actual.length }, (_, i) => i).sort(
    (a, b) => (predicted[b] as number) - (predicted[a] as number),
  );
  const total = order.reduce(
    (sum, i) => sum + Math.max(actual[i] as number, 0),
    0,
  );
  const x: number[] = [];
  const y: number[] = [];
  let spendSoFar = 0;
  let customersTaken = 0;
  for (let step = 0; step <= 100; step++) {
    const until = Math.round((step / 100) * order.length);
    for (; customersTaken < until; customersTaken++) {
      const customer = order[customersTaken] as number;
      spendSoFar += Math.max(actual[customer] as number, 0);
    }
    x.push(step / 100);
    y.push(total > 0 ? spendSoFar / total : 0);
  }
  return { label, x, y };
}

/** Mean of `values` per frequency bucket 0, 1, ... 7+. */
export function meanByBucket(
  buckets: readonly number[],
  values: ArrayLike<number>,
): { customers: number[]; means: number[] } {
  const sums = new Array(MAX_FREQUENCY_BUCKET + 1).fill(0);
  const customers = new Array(MAX_FREQUENCY_BUCKET + 1).fill(0);
  buckets.forEach((bucket, i) => {
    sums[bucket] += values[i] as number;
    customers[bucket] += 1;
  });
  return {
    customers,
    means: sums.map((sum, b) => (customers[b] > 0 ? sum / customers[b] : 0)),
  };
}

/** Repeat purchase days before the cutoff, capped at the 7+ bucket. */
export function frequencyBuckets(
  members: readonly CustomerHistory[],
  cutoffDay: number,
): number[] {
  return members.map((history) => {
    const summary = summariseCustomer(history, cutoffDay, "day");
    return Math.min(summary?.x ?? 0, MAX_FREQUENCY_BUCKET);
  });
}

/** Week-by-week cumulative repeat purchase days of a set of customers. */
export function weeklyRepeats(
  members: readonly CustomerHistory[],
  firstDay: number,
  lastDay: number,
): Series {
  const weeks = Math.ceil((lastDay - firstDay + 1) / DAYS_PER_WEEK);
  const perWeek = new Array(weeks).fill(0);
  for (const history of members) {
    const days = [
      ...new Set(history.orders.filter((o) => o.amount >= 0).map((o) => o.day)),
    ].sort((a, b) => a - b);
    for (const day of days.slice(1)) {
      if (day <= lastDay)
        perWeek[Math.floor((day - firstDay) / DAYS_PER_WEEK)] += 1;
    }
  }
  let running = 0;
  return {
    label: "actual",
    x: perWeek.map((_, week) => week + 1),
    y: perWeek.map((count) => (running += count)),
  };
}

/**
 * Forecasts cumulative repeat purchase days after the cutoff with the
 * baseline: the actual count at the cutoff plus the sum over customers of
 * BG/NBD's conditional expected purchases, week by week.
 */
export function baselineWeeklyForecast(
  baseline: FittedBaseline,
  members: readonly CustomerHistory[],
  start: { week: number; count: number; cutoffDay: number; firstDay: number },
  lastWeek: number,
): Series {
  const scale = DAYS_PER_UNIT[baseline.unit];
  const summaries = members
    .map((history) =>
      summariseCustomer(history, start.cutoffDay, baseline.unit),
    )
    .filter((summary) => summary !== null);
  const x: number[] = [start.week];
  const y: number[] = [start.count];
  const cutoffEnd = start.cutoffDay + 1 - start.firstDay;
  for (let week = Math.floor(start.week) + 1; week <= lastWeek; week++) {
    const horizon = (week * DAYS_PER_WEEK - cutoffEnd) / scale;
    const expected = summaries.reduce(
      (sum, s) =>
        sum + conditionalExpectedPurchases(baseline.model.bgnbd, s, horizon),
      0,
    );
    x.push(week);
    y.push(start.count + expected);
  }
  return { label: "BG/NBD + Gamma-Gamma", x, y };
}

/**
 * Counts values into `bins` equal bins between `low` and `high`. With
 * `openEnded`, the last bin also counts every value above `high` and its
 * upper edge is Infinity, which the report labels "X or more".
 */
export function histogram(
  values: ArrayLike<number>,
  low: number,
  high: number,
  bins = 20,
  openEnded = false,
): { edges: number[]; counts: number[] } {
  const width = (high - low) / bins || 1;
  const counts = new Array(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bin = Math.floor(((values[i] as number) - low) / width);
    counts[Math.min(Math.max(bin, 0), bins - 1)] += 1;
  }
  const edges = Array.from({ length: bins + 1 }, (_, b) => low + b * width);
  if (openEnded) edges[bins] = Number.POSITIVE_INFINITY;
  return { edges, counts };
}

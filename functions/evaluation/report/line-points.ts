import { roundForChart } from "./chart-spec.ts";
import type { Series } from "./report-data.ts";

/**
 * Most points drawn per line. A gain curve may come with one point per test
 * customer; 200 points draw the same line at report size and keep the page
 * small.
 */
export const MAX_LINE_POINTS = 200;

/** One point of a line chart. */
export interface Point {
  x: number;
  y: number;
}

/**
 * Returns the points of `series`, thinned to at most `maxPoints` evenly
 * spaced ones (the first and the last always kept) and rounded for the
 * chart. Thinning keeps original points, so it never invents a value.
 */
export function linePoints(
  series: Series,
  maxPoints = MAX_LINE_POINTS,
): Point[] {
  const count = series.x.length;
  const kept = Math.min(count, maxPoints);
  const step = kept > 1 ? (count - 1) / (kept - 1) : 0;

  return Array.from({ length: kept }, (_, i) => {
    const index = Math.round(i * step);
    return {
      x: roundForChart(series.x[index] as number),
      y: roundForChart(series.y[index] as number),
    };
  });
}

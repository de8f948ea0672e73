import { InvalidReportDataError } from "./errors.ts";
import type { ReportData, Series } from "./report-data.ts";

/**
 * Checks the shapes the charts rely on: equal lengths of paired arrays,
 * finite, non-decreasing x of line series, one histogram count per pair
 * of edges, and at least one model. Values may be NaN: the report shows
 * them as "n/a" or as gaps.
 *
 * @throws InvalidReportDataError naming the first field that fails.
 */
export function validateReportData(data: ReportData): void {
  if (data.models.length === 0) {
    throw new InvalidReportDataError("models", "expected at least one model");
  }
  data.gain.forEach((series, i) => {
    validateSeries(`gain[${i}]`, series);
  });
  data.weeklyRepeatPurchases.series.forEach((series, i) => {
    validateSeries(`weeklyRepeatPurchases.series[${i}]`, series);
  });
  data.deciles.forEach((entry, i) => {
    expectLength(`deciles[${i}].actual`, entry.actual, entry.predicted.length);
  });
  validateFrequency(data.purchasesByFrequency);
  const { expectedValue, pAlive } = data.distributions;
  validateHistogram("distributions.expectedValue", expectedValue);
  validateHistogram("distributions.pAlive", pAlive);
}

function validateSeries(field: string, series: Series): void {
  expectLength(`${field}.y`, series.y, series.x.length);
  series.x.forEach((x, i) => {
    const previous = series.x[i - 1] ?? -Infinity;
    if (!Number.isFinite(x)) {
      throw new InvalidReportDataError(
        `${field}.x[${i}]`,
        `expected a finite number, got ${x}`,
      );
    }
    if (x < previous) {
      throw new InvalidReportDataError(
        `${field}.x[${i}]`,
        `expected non-decreasing values, got ${x} after ${previous}`,
      );
    }
  });
}

function validateFrequency(frequency: ReportData["purchasesByFrequency"]) {
  const groups = frequency.labels.length;
  expectLength("purchasesByFrequency.customers", frequency.customers, groups);
  expectLength("purchasesByFrequency.actual", frequency.actual, groups);
  frequency.predicted.forEach((entry, i) => {
    const field = `purchasesByFrequency.predicted[${i}].values`;
    expectLength(field, entry.values, groups);
  });
}

function validateHistogram(
  field: string,
  histogram: { edges: number[]; counts: number[] },
): void {
  const bins = Math.max(histogram.edges.length - 1, 0);
  expectLength(`${field}.counts`, histogram.counts, bins);
}

function expectLength(field: string, values: unknown[], length: number) {
  if (values.length !== length) {
    throw new InvalidReportDataError(
      field,
      `expected ${length} values to match its pair, got ${values.length}`,
    );
  }
}

import { describe, expect, it } from "vitest";
import {
  InvalidReportDataError,
  ReportError,
} from "#evaluation/report/errors.ts";
import type { ReportData } from "#evaluation/report/report-data.ts";
import { validateReportData } from "#evaluation/report/validate.ts";
import { handMadeReport } from "./hand-made-report.ts";

function errorOf(change: (data: ReportData) => void): unknown {
  const data = handMadeReport();
  change(data);
  try {
    validateReportData(data);
  } catch (error) {
    return error;
  }
  throw new Error("Expected validateReportData to throw, but it returned.");
}

describe("validateReportData", () => {
  it("accepts the hand-made report", () => {
    expect(() => validateReportData(handMadeReport())).not.toThrow();
  });

  it("accepts NaN values", () => {
    const data = handMadeReport();
    data.deciles[0]?.actual.fill(Number.NaN);
    data.gain[0]?.y.fill(Number.NaN);

    expect(() => validateReportData(data)).not.toThrow();
  });

  it("raises an InvalidReportDataError naming the field", () => {
    const error = errorOf((data) => {
      data.models = [];
    });

    expect(error).toBeInstanceOf(InvalidReportDataError);
    expect(error).toBeInstanceOf(ReportError);
    expect(error).toMatchObject({
      name: "InvalidReportDataError",
      field: "models",
      message: "Invalid report data at models: expected at least one model",
    });
  });

  it.each<[string, (data: ReportData) => void, string]>([
    [
      "weekly series lengths",
      (data) => data.weeklyRepeatPurchases.series[0]?.x.push(5),
      "weeklyRepeatPurchases.series[0].y: expected 6 values to match its " +
        "pair, got 5",
    ],
    [
      "decreasing x",
      (data) => {
        const series = data.gain[2];
        if (series) series.x[3] = 0.1;
      },
      "gain[2].x[3]: expected non-decreasing values, got 0.1 after 0.5",
    ],
    [
      "non-finite x",
      (data) => {
        const series = data.gain[0];
        if (series) series.x[0] = Number.NaN;
      },
      "gain[0].x[0]: expected a finite number, got NaN",
    ],
    [
      "decile lengths",
      (data) => data.deciles[1]?.actual.pop(),
      "deciles[1].actual: expected 10 values to match its pair, got 9",
    ],
    [
      "group sizes",
      (data) => data.purchasesByFrequency.customers.pop(),
      "purchasesByFrequency.customers: expected 8 values to match its " +
        "pair, got 7",
    ],
    [
      "model predictions per group",
      (data) => data.purchasesByFrequency.predicted[2]?.values.push(1),
      "purchasesByFrequency.predicted[2].values: expected 8 values to " +
        "match its pair, got 9",
    ],
    [
      "histogram counts",
      (data) => data.distributions.pAlive.counts.push(4),
      "distributions.pAlive.counts: expected 4 values to match its pair, " +
        "got 5",
    ],
  ])("rejects mismatched %s", (_, change, message) => {
    expect(errorOf(change)).toMatchObject({
      message: `Invalid report data at ${message}`,
    });
  });
});

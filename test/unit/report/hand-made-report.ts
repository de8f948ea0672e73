import type { EvaluationMetrics } from "#evaluation/metrics.ts";
import type { ReportData } from "#evaluation/report/report-data.ts";

/** Metrics with round figures; `overrides` replaces single fields. */
export function handMadeMetrics(
  overrides: Partial<EvaluationMetrics> = {},
): EvaluationMetrics {
  return {
    customers: 3535,
    normalizedGini: 0.6123,
    spearman: 0.4876,
    decileMape: 0.1834,
    decileMapeBinsExcluded: 0,
    decileBins: [],
    topDecileLift: 3.4167,
    aucPAlive: 0.8049,
    predictedSpendTotal: 123456.789,
    actualSpendTotal: 118000,
    spendTotalError: 0.0462,
    predictedOrdersTotal: 2210.4,
    actualOrdersTotal: 2301,
    ordersTotalError: -0.0394,
    ...overrides,
  };
}

const TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * Returns a small report with exact figures, three models and data in
 * every chart, for tests that look for particular text.
 */
export function handMadeReport(): ReportData {
  const names = ["deep model", "BG/NBD + Gamma-Gamma", "reference"];
  return {
    runId: "run-42",
    generatedAt: "2026-05-01T10:15:00Z",
    data: {
      customers: 23570,
      orders: 69659,
      firstOrderDate: "1997-01-01",
      lastOrderDate: "1998-06-30",
      cutoff: "1997-09-30",
      asOf: "1998-06-30",
      horizonDays: 273,
      repeatBuyerShare: 0.4521,
      rowsRead: 69702,
      rowsIngested: 69659,
      rowsQuarantined: 43,
      quarantinedByReason: { invalid_amount: 31, missing_customer_id: 12 },
    },
    models: [
      { name: "deep model", metrics: handMadeMetrics() },
      {
        name: "BG/NBD + Gamma-Gamma",
        metrics: handMadeMetrics({ normalizedGini: 0.5711, spearman: 0.5 }),
      },
      {
        name: "reference",
        metrics: handMadeMetrics({ normalizedGini: 0.4, aucPAlive: 0.7 }),
      },
    ],
    gain: [...names, "perfect ordering"].map((label, i) => ({
      label,
      x: [0, 0.25, 0.5, 0.75, 1],
      y: [0, 0.5 + i * 0.1, 0.75, 0.9, 1],
    })),
    deciles: names.map((model) => ({
      model,
      predicted: TEN.map((d) => d * 10),
      actual: TEN.map((d) => d * 9),
    })),
    purchasesByFrequency: {
      labels: ["0", "1", "2", "3", "4", "5", "6", "7+"],
      customers: [1613, 896, 481, 221, 132, 78, 33, 46],
      actual: [0.2, 0.4, 0.8, 1, 1.5, 2, 2.5, 3],
      predicted: names.map((model, i) => ({
        model,
        values: [0.25, 0.5, 0.7, 1.1, 1.4, 2.1, 2.4, 3.2].map(
          (v) => v + i * 0.1,
        ),
      })),
    },
    weeklyRepeatPurchases: {
      cutoffWeek: 2,
      series: [
        { label: "actual", x: [0, 1, 2, 3, 4], y: [0, 10, 20, 28, 35] },
        ...names.map((label, i) => ({
          label,
          x: [2, 3, 4],
          y: [20, 29 + i, 37 + i],
        })),
      ],
    },
    distributions: {
      expectedValue: { edges: [0, 25, 50, 75], counts: [1900, 850, 340] },
      pAlive: { edges: [0, 0.25, 0.5, 0.75, 1], counts: [700, 500, 300, 90] },
    },
    promotion: {
      candidate: "model-2026-05-01",
      previousProduction: "model-2026-04-24",
      promoted: true,
      reason: "Normalised Gini 0.612 beats the production model's 0.587.",
      primaryMetric: "normalizedGini",
    },
  };
}

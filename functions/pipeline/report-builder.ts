import type { FittedBaseline } from "#baseline/baseline-model.ts";
import type { DatasetEvaluation } from "#evaluation/evaluate-dataset.ts";
import type {
  PromotionDecision,
  ReportData,
} from "#evaluation/report/report-data.ts";
import type { DatasetSplit } from "#features/dataset-reader.ts";
import type { CustomerHistory } from "#features/history.ts";
import type { LakeStats } from "#features/lake-reader.ts";
import type { Predictions } from "#scoring/predictions.ts";
import { formatDay } from "#shared/dates.ts";
import {
  baselineWeeklyForecast,
  frequencyBuckets,
  gainCurve,
  histogram,
  meanByBucket,
  weeklyRepeats,
} from "./report-charts.ts";
import type { RunSummary } from "./summary.ts";
import type { RunWindows } from "./windows.ts";

/** Results of a finished run that the report builder reads. */
export interface ReportInputs {
  summary: Omit<RunSummary, "report" | "htmlReport">;
  stats: LakeStats;
  windows: RunWindows;
  evaluation: DatasetEvaluation;
  test: DatasetSplit;
  testPredictions: { model: Predictions; baseline: Predictions | null };
  histories: readonly CustomerHistory[];
  baseline: FittedBaseline | null;
  served: Predictions;
  decision: PromotionDecision;
  generatedAt: Date;
}

const DAYS_PER_WEEK = 7;
const BASELINE = "BG/NBD + Gamma-Gamma";

/** Computes the figures of the HTML report from a run's results. */
export function buildReportData(inputs: ReportInputs): ReportData {
  const { evaluation, test, testPredictions: p, windows, stats } = inputs;
  const byId = new Map(inputs.histories.map((h) => [h.customerId, h]));
  const members = test.customerIds.map(
    (id) => byId.get(id) ?? { customerId: id, orders: [] },
  );
  const actual = test.labels.value;
  const buckets = frequencyBuckets(members, windows.cutoffDay);
  const labels = ["0", "1", "2", "3", "4", "5", "6", "7+"];
  const actualOrders = meanByBucket(buckets, test.labels.orders);
  const weekly = weeklyRepeats(members, stats.firstDay, windows.asOfDay);
  // The cutoff may fall inside a week, so the forecasts start at the
  // cutoff's exact position and from the repeat count up to that day.
  const cutoffWeek = (windows.cutoffDay - stats.firstDay + 1) / DAYS_PER_WEEK;
  const atCutoff =
    weeklyRepeats(members, stats.firstDay, windows.cutoffDay).y.at(-1) ?? 0;
  const lastWeek = weekly.x.at(-1) ?? cutoffWeek;
  const modelTotal = sum(p.model.expectedOrders);
  const served = inputs.served;
  const topValue = quantile(served.expectedValue, 0.99);
  const { summary } = inputs;

  return {
    runId: summary.runId,
    generatedAt: inputs.generatedAt.toISOString(),
    data: {
      customers: stats.customers,
      orders: stats.orders,
      firstOrderDate: formatDay(stats.firstDay),
      lastOrderDate: formatDay(stats.lastDay),
      cutoff: formatDay(windows.cutoffDay),
      asOf: formatDay(windows.asOfDay),
      horizonDays: windows.horizonDays,
      repeatBuyerShare: repeatShare(inputs.histories, windows.cutoffDay),
      rowsRead: summary.ingest.rowsRead,
      rowsIngested: summary.ingest.rowsIngested,
      rowsQuarantined: summary.ingest.rowsQuarantined,
      quarantinedByReason: summary.ingest.quarantinedByReason,
      files: summary.ingest.files,
      flagged: summary.ingest.flagged,
    },
    models: [
      { name: "deep model", metrics: evaluation.model },
      ...(evaluation.baseline
        ? [{ name: BASELINE, metrics: evaluation.baseline }]
        : []),
      { name: "reference (prior spend)", metrics: evaluation.reference },
    ],
    gain: [
      gainCurve("deep model", p.model.expectedValue, actual),
      ...(p.baseline
        ? [gainCurve(BASELINE, p.baseline.expectedValue, actual)]
        : []),
      gainCurve("perfect ordering", actual, actual),
    ],
    deciles: [
      decileSeries("deep model", evaluation.model.decileBins),
      ...(evaluation.baseline
        ? [decileSeries(BASELINE, evaluation.baseline.decileBins)]
        : []),
    ],
    purchasesByFrequency: {
      labels,
      customers: actualOrders.customers,
      actual: actualOrders.means,
      predicted: [
        {
          model: "deep model",
          values: meanByBucket(buckets, p.model.expectedOrders).means,
        },
        ...(p.baseline
          ? [
              {
                model: BASELINE,
                values: meanByBucket(buckets, p.baseline.expectedOrders).means,
              },
            ]
          : []),
      ],
    },
    weeklyRepeatPurchases: {
      cutoffWeek,
      series: [
        weekly,
        // The deep model predicts only the horizon's total, so its line
        // joins the count at the cutoff to that total.
        {
          label: "deep model",
          x: [cutoffWeek, lastWeek],
          y: [atCutoff, atCutoff + modelTotal],
        },
        ...(inputs.baseline
          ? [
              baselineWeeklyForecast(
                inputs.baseline,
                members,
                {
                  week: cutoffWeek,
                  count: atCutoff,
                  cutoffDay: windows.cutoffDay,
                  firstDay: stats.firstDay,
                },
                lastWeek,
              ),
            ]
          : []),
      ],
    },
    distributions: {
      expectedValue: histogram(
        served.expectedValue,
        0,
        topValue > 0 ? topValue : 1,
        20,
        true,
      ),
      pAlive: histogram(served.pAlive, 0, 1),
    },
    promotion: inputs.decision,
  };
}

function decileSeries(
  model: string,
  bins: readonly { meanPredicted: number; meanActual: number }[],
) {
  return {
    model,
    predicted: bins.map((bin) => bin.meanPredicted),
    actual: bins.map((bin) => bin.meanActual),
  };
}

function repeatShare(
  histories: readonly CustomerHistory[],
  cutoffDay: number,
): number {
  let buyers = 0;
  let repeaters = 0;
  for (const { orders } of histories) {
    const days = new Set(
      orders
        .filter((o) => o.day <= cutoffDay && o.amount >= 0)
        .map((o) => o.day),
    );
    if (days.size > 0) buyers += 1;
    if (days.size > 1) repeaters += 1;
  }
  return buyers > 0 ? repeaters / buyers : 0;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}

function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return (
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  );
}

import type { EvaluationMetrics } from "../metrics.ts";

/** A series of (x, y) points of one line of a chart. */
export interface Series {
  label: string;
  x: number[];
  y: number[];
}

/** Row accounting of one source file. */
export interface IngestedFile {
  file: string;
  rowsRead: number;
  ordersIngested: number;
  duplicatesMerged: number;
  rowsQuarantined: number;
}

/** One model's predictions on the test customers, named for the legend. */
export interface ModelMetrics {
  /** Legend name, such as "deep model", "BG/NBD + Gamma-Gamma", "reference". */
  name: string;
  metrics: EvaluationMetrics;
}

/** The promotion gate's decision for the run's candidate model. */
export interface PromotionDecision {
  candidate: string;
  /**
   * Version of the production model before the decision, or null when
   * there was none.
   */
  previousProduction: string | null;
  promoted: boolean;
  /** One sentence giving the reason, with the figures compared. */
  reason: string;
  primaryMetric: string;
}

/**
 * Everything the HTML report shows. The pipeline computes it; the renderer
 * only draws it, so the report can be tested on hand-made data.
 */
export interface ReportData {
  runId: string;
  generatedAt: string;
  data: {
    customers: number;
    orders: number;
    firstOrderDate: string;
    lastOrderDate: string;
    cutoff: string;
    asOf: string;
    horizonDays: number;
    /** Share of customers with more than one purchase day before the cutoff. */
    repeatBuyerShare: number;
    rowsRead: number;
    rowsIngested: number;
    rowsQuarantined: number;
    quarantinedByReason: Record<string, number>;
    /**
     * Per source file: rows read = orders ingested + duplicates merged +
     * rows quarantined. Absent in reports made before it existed.
     */
    files?: IngestedFile[];
    /** Orders flagged by ingestion, by flag (zero_value, above_cap, ...). */
    flagged?: Record<string, number>;
  };
  /** Metrics table: deep model, baseline and reference, in that order. */
  models: ModelMetrics[];
  /**
   * Gain curves: x is the share of test customers taken in order of
   * prediction (0 to 1), y the share of actual horizon spend they hold. One
   * series per model plus one named "perfect ordering".
   */
  gain: Series[];
  /**
   * Mean predicted against mean actual spend per decile of prediction,
   * lowest decile first; one entry per model.
   */
  deciles: { model: string; predicted: number[]; actual: number[] }[];
  /**
   * Mean purchase days in the horizon by number of repeat purchase days
   * before the cutoff: labels "0", "1", ... "7+"; actual and one series per
   * model.
   */
  purchasesByFrequency: {
    labels: string[];
    customers: number[];
    actual: number[];
    predicted: { model: string; values: number[] }[];
  };
  /**
   * Cumulative repeat purchase days of the test customers week by week,
   * across calibration and horizon: x in weeks since the first order date,
   * actual and one series per model (models start at the cutoff, which may
   * fall inside a week).
   */
  weeklyRepeatPurchases: { cutoffWeek: number; series: Series[] };
  /** Histograms of the deep model's predictions for all scored customers. */
  distributions: {
    expectedValue: { edges: number[]; counts: number[] };
    pAlive: { edges: number[]; counts: number[] };
  };
  promotion: PromotionDecision;
}

import { describe, expect, it } from "vitest";
import type { EvaluationMetrics } from "#evaluation/metrics.ts";
import type { PromotionDecision } from "#evaluation/report/report-data.ts";
import {
  DEFAULT_PROMOTION_RULES,
  decidePromotion,
  type Incumbent,
  type PrimaryMetric,
  type ProductionIncumbent,
} from "#training/promotion.ts";

/** Metrics of 1,000 test customers. `fields` replaces single fields. */
function metrics(fields: Partial<EvaluationMetrics>): EvaluationMetrics {
  return {
    customers: 1000,
    normalizedGini: 0.4,
    spearman: 0.3,
    decileMape: 0.2,
    decileMapeBinsExcluded: 0,
    decileBins: [],
    topDecileLift: 3,
    aucPAlive: 0.7,
    predictedSpendTotal: 1000,
    actualSpendTotal: 1000,
    spendTotalError: 0,
    predictedOrdersTotal: 100,
    actualOrdersTotal: 100,
    ordersTotalError: 0,
    ...fields,
  };
}

function candidate(fields: Partial<EvaluationMetrics>) {
  return { version: "vc-2", metrics: metrics(fields) };
}

function baseline(fields: Partial<EvaluationMetrics>): Incumbent {
  return { name: "baseline", metrics: metrics(fields) };
}

function production(fields: Partial<EvaluationMetrics>): ProductionIncumbent {
  return { name: "production vc-1", version: "vc-1", metrics: metrics(fields) };
}

function rules(primaryMetric: PrimaryMetric) {
  return { ...DEFAULT_PROMOTION_RULES, primaryMetric };
}

describe("decidePromotion", () => {
  it("uses the documented default rules", () => {
    expect(DEFAULT_PROMOTION_RULES).toEqual({
      primaryMetric: "normalizedGini",
      margin: 0.005,
      spendErrorTolerance: 0.05,
    });
  });

  it.each<{
    name: string;
    candidate: Partial<EvaluationMetrics>;
    baseline: Partial<EvaluationMetrics>;
    production: Partial<EvaluationMetrics> | null;
    metric: PrimaryMetric;
    promoted: boolean;
    reason: string;
  }>([
    {
      name: "promotes a candidate that beats both",
      candidate: { normalizedGini: 0.45, spendTotalError: 0.03 },
      baseline: { normalizedGini: 0.4, spendTotalError: -0.08 },
      production: { normalizedGini: 0.42, spendTotalError: 0.1 },
      metric: "normalizedGini",
      promoted: true,
      reason:
        "normalizedGini 0.4500 beats baseline (0.4000) and production " +
        "vc-1 (0.4200) by at least 0.005, with spend total error 0.0300.",
    },
    {
      name: "promotes over the baseline alone",
      candidate: { spearman: 0.35, spendTotalError: -0.12 },
      baseline: { spearman: 0.3, spendTotalError: 0.1 },
      production: null,
      metric: "spearman",
      promoted: true,
      reason:
        "spearman 0.3500 beats baseline (0.3000) by at least 0.005, with " +
        "spend total error 0.1200.",
    },
    {
      name: "rejects a small gain over the baseline",
      candidate: { normalizedGini: 0.403 },
      baseline: { normalizedGini: 0.4 },
      production: { normalizedGini: 0.3 },
      metric: "normalizedGini",
      promoted: false,
      reason:
        "normalizedGini 0.4030 does not beat baseline (0.4000) by the " +
        "margin 0.005.",
    },
    {
      name: "rejects a small gain over production",
      candidate: { normalizedGini: 0.41 },
      baseline: { normalizedGini: 0.4 },
      production: { normalizedGini: 0.408 },
      metric: "normalizedGini",
      promoted: false,
      reason:
        "normalizedGini 0.4100 does not beat production vc-1 (0.4080) by " +
        "the margin 0.005.",
    },
    {
      name: "rejects a spend error beyond the tolerance",
      candidate: { normalizedGini: 0.45, spendTotalError: -0.2 },
      baseline: { normalizedGini: 0.4, spendTotalError: 0.1 },
      production: { normalizedGini: 0.42, spendTotalError: 0.12 },
      metric: "normalizedGini",
      promoted: false,
      reason:
        "its spend total error 0.2000 exceeds the best incumbent's 0.1000 " +
        "by more than 0.05.",
    },
    {
      name: "accepts a spend error at the tolerance",
      candidate: { topDecileLift: 3.5, spendTotalError: 0.15 },
      baseline: { topDecileLift: 3, spendTotalError: -0.1 },
      production: null,
      metric: "topDecileLift",
      promoted: true,
      reason:
        "topDecileLift 3.5000 beats baseline (3.0000) by at least 0.005, " +
        "with spend total error 0.1500.",
    },
    {
      name: "promotes a lower decileMape",
      candidate: { decileMape: 0.1 },
      baseline: { decileMape: 0.2 },
      production: { decileMape: 0.12 },
      metric: "decileMape",
      promoted: true,
      reason:
        "decileMape 0.1000 beats baseline (0.2000) and production vc-1 " +
        "(0.1200) by at least 0.005, with spend total error 0.0000.",
    },
    {
      name: "rejects a higher decileMape",
      candidate: { decileMape: 0.15 },
      baseline: { decileMape: 0.12 },
      production: null,
      metric: "decileMape",
      promoted: false,
      reason:
        "decileMape 0.1500 does not beat baseline (0.1200) by the margin " +
        "0.005.",
    },
    {
      name: "rejects a NaN primary metric",
      candidate: { aucPAlive: Number.NaN },
      baseline: { aucPAlive: 0.5 },
      production: null,
      metric: "aucPAlive",
      promoted: false,
      reason:
        "aucPAlive n/a does not beat baseline (0.5000) by the margin 0.005.",
    },
    {
      name: "rejects a NaN decileMape",
      candidate: { decileMape: Number.NaN },
      baseline: { decileMape: 0.3 },
      production: null,
      metric: "decileMape",
      promoted: false,
      reason:
        "decileMape n/a does not beat baseline (0.3000) by the margin 0.005.",
    },
    {
      name: "rejects against a NaN incumbent metric",
      candidate: { normalizedGini: 0.5 },
      baseline: { normalizedGini: Number.NaN },
      production: null,
      metric: "normalizedGini",
      promoted: false,
      reason:
        "normalizedGini 0.5000 does not beat baseline (n/a) by the margin " +
        "0.005.",
    },
    {
      name: "rejects a NaN spend error",
      candidate: { normalizedGini: 0.5, spendTotalError: Number.NaN },
      baseline: { normalizedGini: 0.4, spendTotalError: 0.1 },
      production: null,
      metric: "normalizedGini",
      promoted: false,
      reason:
        "its spend total error n/a exceeds the best incumbent's 0.1000 by " +
        "more than 0.05.",
    },
  ])("$name", (row) => {
    const incumbents = {
      baseline: baseline(row.baseline),
      production: row.production === null ? null : production(row.production),
    };

    const decision = decidePromotion(
      candidate(row.candidate),
      incumbents,
      rules(row.metric),
    );

    expect(decision).toEqual<PromotionDecision>({
      candidate: "vc-2",
      previousProduction: row.production === null ? null : "vc-1",
      promoted: row.promoted,
      reason: row.reason,
      primaryMetric: row.metric,
    });
  });

  it("applies the margin from the rules", () => {
    const decision = decidePromotion(
      candidate({ normalizedGini: 0.45 }),
      { baseline: baseline({ normalizedGini: 0.4 }), production: null },
      { ...DEFAULT_PROMOTION_RULES, margin: 0.1 },
    );

    expect(decision.promoted).toBe(false);
    expect(decision.reason).toBe(
      "normalizedGini 0.4500 does not beat baseline (0.4000) by the margin 0.1.",
    );
  });

  // NOTE: 0.41 - 0.405 is 0.00499999... in binary floating point, so a
  // gain of exactly the margin can fail the gate.
  it("promotes a gain of exactly the margin", () => {
    const decision = decidePromotion(candidate({ normalizedGini: 0.41 }), {
      baseline: baseline({ normalizedGini: 0.405 }),
      production: null,
    });

    expect(decision.promoted).toBe(true);
  });
});

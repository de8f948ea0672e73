import type { EvaluationMetrics } from "#evaluation/metrics.ts";
import type { PromotionDecision } from "#evaluation/report/report-data.ts";

/** Metrics the gate can rank models by, and whether higher is better. */
export const PRIMARY_METRICS = {
  normalizedGini: "higher",
  spearman: "higher",
  topDecileLift: "higher",
  aucPAlive: "higher",
  decileMape: "lower",
} as const;

export type PrimaryMetric = keyof typeof PRIMARY_METRICS;

/** The rule a candidate must pass to become the production model. */
export interface PromotionRules {
  primaryMetric: PrimaryMetric;
  /** How much better than each incumbent the candidate must be. */
  margin: number;
  /**
   * How much larger the candidate's absolute spend total error may be than
   * the best incumbent's (0.05 is 5 percentage points).
   */
  spendErrorTolerance: number;
}

export const DEFAULT_PROMOTION_RULES: PromotionRules = {
  primaryMetric: "normalizedGini",
  margin: 0.005,
  spendErrorTolerance: 0.05,
};

/** Slack for rounding, so a gain of exactly the margin passes (0.41 - 0.405 < 0.005 in doubles). */
const FLOAT_SLACK = 1e-9;

/** An incumbent the candidate is compared with, on the same test customers. */
export interface Incumbent {
  /** Name in the decision's reason, such as "baseline" or "production vc-1". */
  name: string;
  metrics: EvaluationMetrics;
}

/** The production model as an incumbent. */
export interface ProductionIncumbent extends Incumbent {
  /** Its version in the model registry. */
  version: string;
}

/**
 * Decides whether the candidate replaces the production model. It must beat
 * the baseline and the production model (when there is one) on the primary
 * metric by the margin, and its absolute spend total error may exceed the
 * smallest incumbent error by at most the tolerance.
 */
export function decidePromotion(
  candidate: { version: string; metrics: EvaluationMetrics },
  incumbents: { baseline: Incumbent; production: ProductionIncumbent | null },
  rules: PromotionRules = DEFAULT_PROMOTION_RULES,
): PromotionDecision {
  const key = rules.primaryMetric;
  const sign = PRIMARY_METRICS[key] === "higher" ? 1 : -1;
  const others = [incumbents.baseline, incumbents.production].filter(
    (incumbent): incumbent is Incumbent => incumbent !== null,
  );
  const decision = (promoted: boolean, reason: string): PromotionDecision => ({
    candidate: candidate.version,
    previousProduction: incumbents.production?.version ?? null,
    promoted,
    reason,
    primaryMetric: key,
  });
  const value = candidate.metrics[key];
  for (const other of others) {
    const gain = sign * (value - other.metrics[key]);
    if (!(gain >= rules.margin - FLOAT_SLACK)) {
      return decision(
        false,
        `${key} ${fmt(value)} does not beat ${other.name} (${fmt(other.metrics[key])}) ` +
          `by the margin ${rules.margin}.`,
      );
    }
  }
  const error = Math.abs(candidate.metrics.spendTotalError);
  const bestError = Math.min(
    ...others.map((o) => Math.abs(o.metrics.spendTotalError)),
  );
  if (!(error <= bestError + rules.spendErrorTolerance + FLOAT_SLACK)) {
    return decision(
      false,
      `its spend total error ${fmt(error)} exceeds the best incumbent's ` +
        `${fmt(bestError)} by more than ${rules.spendErrorTolerance}.`,
    );
  }
  return decision(
    true,
    `${key} ${fmt(value)} beats ${others
      .map((o) => `${o.name} (${fmt(o.metrics[key])})`)
      .join(
        " and ",
      )} by at least ${rules.margin}, with spend total error ${fmt(error)}.`,
  );
}

function fmt(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : "n/a";
}

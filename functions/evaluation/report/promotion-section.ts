import { escapeHtml } from "./html.ts";
import { METRIC_ROWS } from "./metric-rows.ts";
import type { PromotionDecision } from "./report-data.ts";

/** Renders the promotion decision with its reason. */
export function promotionSection(decision: PromotionDecision): string {
  const verdict = decision.promoted ? "Promoted" : "Not promoted";
  const metric =
    METRIC_ROWS.find((row) => row.key === decision.primaryMetric)?.name ??
    decision.primaryMetric;

  return `<section id="promotion">
<h2>Promotion decision</h2>
<p class="verdict ${decision.promoted ? "promoted" : "kept"}">${verdict}</p>
<p>${outcomeSentence(decision)}</p>
<p><strong>Reason.</strong> ${escapeHtml(decision.reason)}</p>
<p><strong>Deciding metric.</strong> ${escapeHtml(metric)}</p>
</section>`;
}

function outcomeSentence(decision: PromotionDecision): string {
  const candidate = `<strong>${escapeHtml(decision.candidate)}</strong>`;
  const previous =
    decision.previousProduction === null
      ? null
      : `<strong>${escapeHtml(decision.previousProduction)}</strong>`;

  if (decision.promoted) {
    return previous === null
      ? `The candidate model ${candidate} becomes the production model ` +
          "of its horizon; there was none before."
      : `The candidate model ${candidate} replaces ${previous} in ` +
          "production.";
  }
  return previous === null
    ? `The candidate model ${candidate} was not promoted, so no model of ` +
        "its horizon is in production yet."
    : `The candidate model ${candidate} was not promoted, so ${previous} ` +
        "stays in production.";
}

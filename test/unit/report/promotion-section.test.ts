import { describe, expect, it } from "vitest";
import { promotionSection } from "#evaluation/report/promotion-section.ts";
import type { PromotionDecision } from "#evaluation/report/report-data.ts";
import { textOf } from "./page-text.ts";

const decision: PromotionDecision = {
  candidate: "model-b",
  previousProduction: "model-a",
  promoted: true,
  reason: "Gini 0.61 beats 0.58.",
  primaryMetric: "normalizedGini",
};

describe("promotionSection", () => {
  it.each<[Partial<PromotionDecision>, string]>([
    [
      {},
      "Promoted The candidate model model-b replaces model-a in production.",
    ],
    [
      { previousProduction: null },
      "Promoted The candidate model model-b becomes the production model " +
        "of its horizon; there was none before.",
    ],
    [
      { promoted: false },
      "Not promoted The candidate model model-b was not promoted, so " +
        "model-a stays in production.",
    ],
    [
      { promoted: false, previousProduction: null },
      "Not promoted The candidate model model-b was not promoted, so no " +
        "model of its horizon is in production yet.",
    ],
  ])("states the outcome of %j", (change, expected) => {
    const text = textOf(promotionSection({ ...decision, ...change }));

    expect(text.replace(/\s+/g, " ")).toContain(expected);
  });

  it("names the deciding metric and the reason", () => {
    const text = textOf(promotionSection(decision)).replace(/\s+/g, " ");

    expect(text).toContain("Reason. Gini 0.61 beats 0.58.");
    expect(text).toContain("Deciding metric. Normalised Gini");
  });

  it("shows an unknown deciding metric as given", () => {
    const html = promotionSection({ ...decision, primaryMetric: "lift@5%" });

    expect(textOf(html)).toContain("Deciding metric. lift@5%");
  });
});

import {
  ACTUAL_STYLE,
  baseOptions,
  type ChartSection,
  type ChartSpec,
  roundForChart,
  seriesStyle,
} from "./chart-spec.ts";
import type { ReportData } from "./report-data.ts";

type DecileEntry = ReportData["deciles"][number];

/** Builds the section with one decile calibration chart per model. */
export function decileSection(
  deciles: DecileEntry[],
  modelNames: readonly string[],
): ChartSection {
  return {
    id: "deciles",
    title: "Predicted against actual spend by decile",
    paragraphs: [
      {
        lead: "What it shows.",
        text:
          "For each model, the test customers are split into ten groups " +
          "of equal size by predicted value, from the lowest predictions " +
          "(1) to the highest (10). The coloured bar is the group's mean " +
          "predicted spend, the grey bar the mean spend the group actually " +
          "made in the holdout.",
      },
      {
        lead: "How to read it.",
        text:
          "Bars of equal height in a group mean the model's predictions " +
          "are right on average for those customers. Grey bars that rise " +
          "from left to right mean the model ranks customers well.",
      },
    ],
    charts: deciles.map((entry, i) => decileChart(entry, i, modelNames)),
  };
}

function decileChart(
  entry: DecileEntry,
  index: number,
  modelNames: readonly string[],
): ChartSpec {
  const labels = entry.predicted.map((_, i) => String(i + 1));

  return {
    id: `chart-deciles-${index}`,
    caption: entry.model,
    description: `Mean predicted and actual spend by decile, ${entry.model}`,
    config: {
      type: "bar",
      data: {
        labels,
        datasets: [
          {
            label: `predicted (${entry.model})`,
            data: entry.predicted.map(roundForChart),
            ...seriesStyle(entry.model, modelNames),
          },
          {
            label: "actual",
            data: entry.actual.map(roundForChart),
            ...ACTUAL_STYLE,
          },
        ],
      },
      options: baseOptions(
        "Decile of predicted value (1 = lowest)",
        "Mean spend per customer",
        false,
      ),
    },
    axisFormats: { y: "amount" },
    tooltipTitles: labels.map((label) => `Decile ${label}`),
    empty: entry.predicted.length === 0,
  };
}

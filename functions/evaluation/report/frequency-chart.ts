import {
  ACTUAL_STYLE,
  baseOptions,
  type ChartSection,
  roundForChart,
  seriesStyles,
} from "./chart-spec.ts";
import { formatCount } from "./format.ts";
import type { ReportData } from "./report-data.ts";

/**
 * Builds the section that compares actual and predicted holdout purchases
 * by the number of repeat purchases before the cutoff.
 */
export function frequencySection(
  frequency: ReportData["purchasesByFrequency"],
  modelNames: readonly string[],
): ChartSection {
  // Two-line labels: the group, then its size, so a reader sees which
  // groups are small and noisy.
  const labels = frequency.labels.map((label, i) => [
    label,
    `${formatCount(frequency.customers[i] as number)} customers`,
  ]);
  const actual = {
    type: "bar" as const,
    label: "actual",
    data: frequency.actual.map(roundForChart),
    ...ACTUAL_STYLE,
    order: 2,
  };
  const styles = seriesStyles(
    frequency.predicted.map((entry) => entry.model),
    modelNames,
  );
  const predicted = frequency.predicted.map((entry, i) => ({
    type: "line" as const,
    label: entry.model,
    data: entry.values.map(roundForChart),
    ...styles[i],
    borderWidth: 2,
    pointRadius: 4,
    order: 1,
  }));

  return {
    id: "frequency",
    title: "Holdout purchases by past repeat purchases",
    paragraphs: [
      {
        lead: "What it shows.",
        text:
          "Test customers are grouped by how many repeat purchases they " +
          "made before the cutoff (0 means they bought on one day only). " +
          "Bars give each group's actual mean number of purchase days in " +
          "the holdout, lines what each model predicted for the group.",
      },
      {
        lead: "How to read it.",
        text:
          "A line on top of the bars means the model gets purchase " +
          "frequency right for that kind of customer. The number under " +
          "each group is its size: small groups vary more by chance.",
      },
    ],
    charts: [
      {
        id: "chart-frequency",
        caption: "Mean purchase days in the holdout per customer",
        description:
          "Actual and predicted holdout purchases by repeat purchases " +
          "before the cutoff",
        config: {
          type: "bar",
          data: { labels, datasets: [actual, ...predicted] },
          options: baseOptions(
            "Repeat purchases before the cutoff",
            "Mean purchase days in the holdout",
            false,
          ),
        },
        axisFormats: { y: "decimal" },
        tooltipTitles: frequency.labels.map(
          (label, i) =>
            `Repeat purchases: ${label} ` +
            `(${formatCount(frequency.customers[i] as number)} customers)`,
        ),
        empty: frequency.labels.length === 0,
      },
    ],
  };
}

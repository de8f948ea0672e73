import {
  baseOptions,
  type ChartSection,
  GUIDE_STYLE,
  seriesStyles,
} from "./chart-spec.ts";
import { linePoints } from "./line-points.ts";
import type { ReportData } from "./report-data.ts";

/**
 * Builds the section with the weekly cumulative repeat purchases, actual
 * against the models, with the cutoff drawn as a vertical line.
 */
export function weeklySection(
  weekly: ReportData["weeklyRepeatPurchases"],
  modelNames: readonly string[],
): ChartSection {
  const styles = seriesStyles(
    weekly.series.map((series) => series.label),
    modelNames,
  );
  const datasets = weekly.series.map((series, i) => ({
    label: series.label,
    data: linePoints(series),
    ...styles[i],
    borderWidth: 2,
    pointRadius: 0,
  }));
  const highest = Math.max(
    0,
    ...weekly.series.flatMap((series) => series.y.filter(Number.isFinite)),
  );
  const cutoff = {
    label: "cutoff (end of calibration)",
    data: [
      { x: weekly.cutoffWeek, y: 0 },
      { x: weekly.cutoffWeek, y: highest },
    ],
    ...GUIDE_STYLE,
    borderWidth: 1.5,
    pointRadius: 0,
  };

  return {
    id: "weekly",
    title: "Repeat purchases week by week",
    paragraphs: [
      {
        lead: "What it shows.",
        text:
          "The running total of repeat purchases (purchase days after each " +
          "customer's first) of the test customers, week by week since " +
          "the first order in the data. Left of the dashed cutoff line is " +
          "the calibration period the models learn from; right of it is " +
          "the holdout they predict. The model lines start at the cutoff.",
      },
      {
        lead: "How to read it.",
        text:
          "A model line that stays on the actual line predicts the volume " +
          "of repeat purchases well. A line that climbs above it expects " +
          "more purchases than happened; one below it expects fewer.",
      },
    ],
    charts: [
      {
        id: "chart-weekly",
        caption: "Cumulative repeat purchases of the test customers",
        description:
          "Weekly cumulative repeat purchases, actual and predicted, with " +
          "the cutoff marked",
        config: {
          type: "line",
          data: { datasets: [...datasets, cutoff] },
          options: baseOptions(
            "Weeks since the first order",
            "Cumulative repeat purchases",
            true,
          ),
        },
        axisFormats: { x: "count", y: "count" },
        empty: weekly.series.every((series) => series.x.length === 0),
      },
    ],
  };
}

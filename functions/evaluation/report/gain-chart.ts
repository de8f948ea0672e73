import {
  baseOptions,
  type ChartSection,
  GUIDE_STYLE,
  seriesStyles,
} from "./chart-spec.ts";
import { linePoints } from "./line-points.ts";
import type { Series } from "./report-data.ts";

/** Builds the section with the gain (cumulative spend) curves. */
export function gainSection(
  gain: Series[],
  modelNames: readonly string[],
): ChartSection {
  const styles = seriesStyles(
    gain.map((series) => series.label),
    modelNames,
  );
  const datasets = gain.map((series, i) => ({
    label: series.label,
    data: linePoints(series),
    ...styles[i],
    borderWidth: 2,
    pointRadius: 0,
  }));
  const random = {
    label: "random ordering",
    data: [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    ...GUIDE_STYLE,
    borderColor: "#c4c4c4",
    borderDash: [2, 3],
    borderWidth: 1.5,
    pointRadius: 0,
  };

  return {
    id: "gain",
    title: "Who holds the spend: gain curves",
    paragraphs: [
      {
        lead: "What it shows.",
        text:
          "Each model sorts the test customers from the highest predicted " +
          "value down. A line gives, for the top share of customers on the " +
          "horizontal axis, the share of all their actual spend in the " +
          "holdout that those customers made. The perfect ordering sorts " +
          "by actual spend, the best any model could do; the diagonal is a " +
          "random ordering.",
      },
      {
        lead: "How to read it.",
        text:
          "The closer a line runs to the perfect ordering, the better the " +
          "model finds the valuable customers. Read a line at 20% to see " +
          "how much of the spend a campaign aimed at the top fifth of " +
          "customers would reach.",
      },
    ],
    charts: [
      {
        id: "chart-gain",
        caption: "Share of actual spend against share of customers",
        description: "Gain curves of every model and the perfect ordering",
        config: {
          type: "line",
          data: { datasets: [...datasets, random] },
          options: baseOptions(
            "Share of customers, highest predicted value first",
            "Share of actual spend",
            true,
          ),
        },
        axisFormats: { x: "percent", y: "percent" },
        empty: gain.every((series) => series.x.length === 0),
      },
    ],
  };
}

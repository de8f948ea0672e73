import {
  baseOptions,
  type ChartSection,
  type ChartSpec,
  seriesStyle,
} from "./chart-spec.ts";
import { formatCompact, formatCompactShare } from "./format.ts";
import type { ReportData } from "./report-data.ts";

interface Histogram {
  edges: number[];
  counts: number[];
}

/**
 * Builds the section with the histograms of the deep model's predicted
 * value and pAlive. `modelName` names that model (the first in the
 * metrics table).
 */
export function distributionSection(
  distributions: ReportData["distributions"],
  modelName: string,
): ChartSection {
  const colour = seriesStyle(modelName, [modelName]);
  const { expectedValue, pAlive } = distributions;

  return {
    id: "distributions",
    title: "Distribution of the predictions",
    paragraphs: [
      {
        lead: "What it shows.",
        text:
          `How the predictions of the model "${modelName}" spread over ` +
          "all scored customers. Expected value is the predicted spend over the " +
          "horizon; pAlive is the predicted probability that the customer " +
          "buys again within the horizon.",
      },
      {
        lead: "How to read it.",
        text:
          "Each bar counts the customers whose prediction falls in its " +
          "range. Expected value usually has many customers in the lowest " +
          "bars and a long tail of a few valuable ones; a pAlive spread " +
          "over the whole range means the model tells active customers " +
          "from lapsed ones.",
      },
    ],
    charts: [
      histogramChart("chart-expected-value", expectedValue, {
        caption: "Expected value (predicted spend over the horizon)",
        description: "Histogram of the expected value",
        axis: "Expected value",
        formatEdge: formatCompact,
        colour: colour.backgroundColor,
      }),
      histogramChart("chart-p-alive", pAlive, {
        caption: "pAlive (probability of buying again)",
        description: "Histogram of pAlive",
        axis: "pAlive",
        formatEdge: formatCompactShare,
        colour: colour.backgroundColor,
      }),
    ],
  };
}

function histogramChart(
  id: string,
  histogram: Histogram,
  text: {
    caption: string;
    description: string;
    axis: string;
    formatEdge: (edge: number) => string;
    colour: string;
  },
): ChartSpec {
  const labels = histogram.counts.map((_, i) => {
    const lower = text.formatEdge(histogram.edges[i] as number);
    const upper = histogram.edges[i + 1] as number;
    // An infinite last edge marks an open bin that collects the tail.
    return Number.isFinite(upper)
      ? `${lower}\u2013${text.formatEdge(upper)}`
      : `${lower} or more`;
  });
  const bars = {
    label: "customers",
    data: histogram.counts,
    backgroundColor: text.colour,
    borderColor: text.colour,
    // Touching bars, as a histogram's bins touch.
    barPercentage: 1,
    categoryPercentage: 1,
  };

  return {
    id,
    caption: text.caption,
    description: text.description,
    config: {
      type: "bar",
      data: { labels, datasets: [bars] },
      options: {
        ...baseOptions(text.axis, "Customers", false),
        plugins: { legend: { display: false } },
      },
    },
    axisFormats: { y: "count" },
    empty: histogram.counts.length === 0,
  };
}

import type { ChartConfiguration, ChartOptions, ChartType } from "chart.js";

/** Number format of an axis and of its tooltips, applied by the page. */
export type AxisFormat = "percent" | "amount" | "count" | "decimal";

/**
 * One chart of the report. The config must be plain JSON (no functions)
 * because the page receives it as JSON. The page adds the number formats
 * named in `axisFormats` when it draws the chart.
 */
export interface ChartSpec {
  /** Id of the canvas element, unique in the page. */
  id: string;
  /** Caption above the chart, as plain text. */
  caption: string;
  /** Short text description for screen readers. */
  description: string;
  config: ChartConfiguration<ChartType, unknown[]>;
  axisFormats: { x?: AxisFormat; y?: AxisFormat };
  /** Tooltip title per category of a bar chart, in place of its label. */
  tooltipTitles?: string[];
  /** True when the data has no point to draw: the page shows a note. */
  empty: boolean;
}

/** A paragraph of explanation with an optional bold lead-in. */
export interface Paragraph {
  lead?: string;
  text: string;
}

/** A report section with its explanation and charts. */
export interface ChartSection {
  id: string;
  title: string;
  paragraphs: Paragraph[];
  charts: ChartSpec[];
}

/** Line and fill colours of one dataset. */
export interface SeriesStyle {
  borderColor: string;
  backgroundColor: string;
  borderDash: number[];
}

// Okabe-Ito colours, which stay distinct for the common kinds of colour
// blindness.
const MODEL_COLOURS = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
];

/** Style of the observed outcome ("actual") in every chart. */
export const ACTUAL_STYLE: SeriesStyle = {
  borderColor: "#222222",
  backgroundColor: "rgba(34, 34, 34, 0.55)",
  borderDash: [],
};

/** Style of reference lines: perfect ordering, random ordering, cutoff. */
export const GUIDE_STYLE: SeriesStyle = {
  borderColor: "#8a8a8a",
  backgroundColor: "rgba(138, 138, 138, 0.3)",
  borderDash: [6, 4],
};

/** Label of the perfect-ordering line of the gain chart. */
export const PERFECT_ORDERING = "perfect ordering";

/** Label of the observed outcome in the line and bar charts. */
export const ACTUAL = "actual";

function paletteColour(index: number): SeriesStyle {
  const colour = MODEL_COLOURS[index % MODEL_COLOURS.length] as string;
  return { borderColor: colour, backgroundColor: colour, borderDash: [] };
}

/**
 * Returns the style of each of `labels`, so a model keeps its colour in
 * every chart. A model gets the colour of its position in `modelNames`.
 * "actual" gets the dark style and "perfect ordering" the dashed guide
 * style. Any other label gets a colour after those of the models.
 */
export function seriesStyles(
  labels: readonly string[],
  modelNames: readonly string[],
): SeriesStyle[] {
  let others = 0;
  return labels.map((label) => {
    const model = modelNames.indexOf(label);
    if (model >= 0) return paletteColour(model);
    if (label === ACTUAL) return ACTUAL_STYLE;
    if (label === PERFECT_ORDERING) return GUIDE_STYLE;

    others += 1;
    return paletteColour(modelNames.length + others - 1);
  });
}

/** Returns the style of one label, as seriesStyles does for a list. */
export function seriesStyle(
  label: string,
  modelNames: readonly string[],
): SeriesStyle {
  return seriesStyles([label], modelNames)[0] as SeriesStyle;
}

/**
 * Rounds a value to 6 significant digits to keep the embedded JSON small,
 * because charts cannot show more. NaN stays NaN, which becomes null in the
 * JSON and a gap in the chart.
 */
export function roundForChart(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

/** Chart options shared by every chart, with the two axis titles. */
export function baseOptions(
  xTitle: string,
  yTitle: string,
  xLinear: boolean,
): ChartOptions {
  return {
    // Drawn at once, so printing or a screenshot never catches a half-drawn
    // chart.
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: "index", intersect: false },
    plugins: { legend: { position: "bottom" } },
    scales: {
      x: {
        ...(xLinear ? { type: "linear" } : {}),
        title: { display: true, text: xTitle },
      },
      y: { beginAtZero: true, title: { display: true, text: yTitle } },
    },
  } as ChartOptions;
}

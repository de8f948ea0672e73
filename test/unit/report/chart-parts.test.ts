import { describe, expect, it } from "vitest";
import {
  ACTUAL_STYLE,
  GUIDE_STYLE,
  seriesStyles,
} from "#evaluation/report/chart-spec.ts";
import { linePoints, MAX_LINE_POINTS } from "#evaluation/report/line-points.ts";
import { bestOfRow } from "#evaluation/report/metric-rows.ts";

describe("linePoints", () => {
  it("keeps a short series whole", () => {
    const series = { label: "a", x: [0, 1, 2], y: [5, 6, 7] };

    expect(linePoints(series)).toEqual([
      { x: 0, y: 5 },
      { x: 1, y: 6 },
      { x: 2, y: 7 },
    ]);
  });

  it("thins a long series to original points", () => {
    const x = Array.from({ length: 3501 }, (_, i) => i / 3500);
    const series = { label: "gain", x, y: x.map((v) => Math.sqrt(v)) };

    const points = linePoints(series);

    expect(points).toHaveLength(MAX_LINE_POINTS);
    expect(points[0]).toEqual({ x: 0, y: 0 });
    expect(points.at(-1)).toEqual({ x: 1, y: 1 });
    for (const point of points) {
      expect(point.y).toBeCloseTo(Math.sqrt(point.x), 5);
    }
  });

  it("rounds to six significant digits", () => {
    const series = { label: "a", x: [1 / 3], y: [123456.789] };

    expect(linePoints(series)).toEqual([{ x: 0.333333, y: 123457 }]);
  });

  it("returns no point for an empty series", () => {
    expect(linePoints({ label: "a", x: [], y: [] })).toEqual([]);
  });
});

describe("bestOfRow", () => {
  it.each([
    ["higher", [0.6, 0.7, 0.5], [false, true, false]],
    ["lower", [0.2, 0.1, 0.1], [false, true, true]],
    ["closer to 0", [0.05, -0.02, 0.3], [false, true, false]],
    ["higher", [Number.NaN, 0.7, 0.5], [false, true, false]],
    ["higher", [Number.NaN, 0.7, Number.NaN], [false, false, false]],
    [null, [1, 2, 3], [false, false, false]],
  ] as const)("marks %s best in %j", (better, values, expected) => {
    expect(bestOfRow(values, better)).toEqual(expected);
  });
});

describe("seriesStyles", () => {
  const models = ["deep model", "baseline"];

  it("keeps a model's colour whatever the order", () => {
    const first = seriesStyles(["deep model", "baseline"], models);
    const second = seriesStyles(["baseline", "deep model"], models);

    expect(first[0]).toEqual(second[1]);
    expect(first[1]).toEqual(second[0]);
    expect(first[0]?.borderColor).not.toBe(first[1]?.borderColor);
  });

  it("styles the actual outcome and the perfect ordering apart", () => {
    const styles = seriesStyles(["actual", "perfect ordering"], models);

    expect(styles).toEqual([ACTUAL_STYLE, GUIDE_STYLE]);
  });

  it("gives an unknown label a colour no model has", () => {
    const styles = seriesStyles(
      ["actual", "deep model", "baseline", "BG/NBD"],
      models,
    );
    const colours = styles.map((style) => style.borderColor);

    expect(new Set(colours).size).toBe(4);
  });
});

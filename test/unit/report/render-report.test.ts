import { describe, expect, it } from "vitest";
import {
  InvalidReportDataError,
  renderReport,
} from "#evaluation/report/render-report.ts";
import { handMadeMetrics, handMadeReport } from "./hand-made-report.ts";
import { chartSpecsOf, markupOf, rowCells, textOf } from "./page-text.ts";
import { sampleReport } from "./sample-report.ts";

function headingsOf(html: string): string[] {
  return [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => textOf(m[1] ?? ""));
}

describe("renderReport", () => {
  it("renders every section in order", () => {
    const html = markupOf(renderReport(handMadeReport()));

    expect(headingsOf(html)).toEqual([
      "The data",
      "Promotion decision",
      "How the models compare",
      "Who holds the spend: gain curves",
      "Predicted against actual spend by decile",
      "Holdout purchases by past repeat purchases",
      "Repeat purchases week by week",
      "Distribution of the predictions",
    ]);
  });

  it("starts as one complete HTML document", () => {
    const html = markupOf(renderReport(handMadeReport()));

    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(html).toContain("<title>Customer value evaluation: run run-42");
  });

  it("formats the data summary for people", () => {
    const html = markupOf(renderReport(handMadeReport()));

    expect(rowCells(html, "Customers")).toEqual(["23,570"]);
    expect(rowCells(html, "Orders")).toEqual(["69,659"]);
    expect(rowCells(html, "Order period")).toEqual([
      "Jan 1, 1997 to Jun 30, 1998, first to last order",
    ]);
    expect(rowCells(html, "Repeat buyers")[0]).toMatch(/^45\.2% of/);
    expect(rowCells(html, "Rows read")).toEqual(["69,702"]);
    expect(rowCells(html, "Rows ingested")).toEqual(["69,659"]);
    expect(rowCells(html, "Rows quarantined")).toEqual([
      "43 (0.1% of the rows read)",
    ]);
  });

  it("lists quarantined rows by reason, most first", () => {
    const data = handMadeReport();
    data.data.quarantinedByReason = { missing_amount: 2, invalid_amount: 9 };

    const html = markupOf(renderReport(data));

    const amount = html.indexOf("<code>invalid_amount</code>");
    expect(amount).toBeGreaterThan(0);
    expect(html.indexOf("<code>missing_amount</code>")).toBeGreaterThan(amount);
    expect(html).toContain("the order value is not a finite number");
  });

  it("accounts for the rows of each file", () => {
    const data = handMadeReport();
    data.data.files = [
      {
        file: "day-<1>.csv",
        rowsRead: 1200,
        ordersIngested: 900,
        duplicatesMerged: 280,
        rowsQuarantined: 20,
      },
    ];
    data.data.flagged = { zero_value: 3, above_cap: 0 };

    const html = markupOf(renderReport(data));

    expect(html).toContain("<h3>Rows of each file</h3>");
    expect(html).toContain(
      '<tr><td>day-&lt;1&gt;.csv</td><td class="number">1,200</td>' +
        '<td class="number">900</td><td class="number">280</td>' +
        '<td class="number">20</td></tr>',
    );
    expect(html).toContain("<code>zero_value</code>");
    expect(html).not.toContain("<code>above_cap</code>");
  });

  it("says so when no row was quarantined", () => {
    const data = handMadeReport();
    data.data.rowsQuarantined = 0;
    data.data.quarantinedByReason = {};

    expect(markupOf(renderReport(data))).toContain(
      "<p>No row was quarantined.</p>",
    );
  });

  it("puts the models side by side in the metrics table", () => {
    const html = markupOf(renderReport(handMadeReport()));

    expect(rowCells(html, "Normalised Gini")).toEqual([
      "0.612",
      "0.571",
      "0.400",
      "higher",
    ]);
    expect(rowCells(html, "Decile MAPE")).toEqual([
      "18.3%",
      "18.3%",
      "18.3%",
      "lower",
    ]);
    expect(rowCells(html, "Top-decile lift")[0]).toBe("3.42×");
    expect(rowCells(html, "Predicted spend, total")[0]).toBe("123,457");
    expect(rowCells(html, "Spend total error")[0]).toBe("+4.6%");
    expect(rowCells(html, "Predicted orders, total")[0]).toBe("2,210");
    expect(rowCells(html, "Orders total error")).toEqual([
      "-3.9%",
      "-3.9%",
      "-3.9%",
      "closer to 0",
    ]);
  });

  it("marks the best value of a row in bold", () => {
    const html = markupOf(renderReport(handMadeReport()));

    const gini = html.slice(html.indexOf('<th scope="row">Normalised Gini'));
    expect(gini).toMatch(/^[^\n]*<td class="number best"><strong>0\.612/);
  });

  it("shows NaN metrics as n/a", () => {
    const data = handMadeReport();
    data.models[0] = {
      name: "deep model",
      metrics: handMadeMetrics({
        aucPAlive: Number.NaN,
        spendTotalError: Number.NaN,
        decileMape: Number.POSITIVE_INFINITY,
      }),
    };

    const html = markupOf(renderReport(data));

    expect(rowCells(html, "AUC of pAlive")[0]).toBe("n/a");
    expect(rowCells(html, "Spend total error")[0]).toBe("n/a");
    expect(rowCells(html, "Decile MAPE")[0]).toBe("n/a");
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  it("counts deciles left out of the MAPE", () => {
    const data = handMadeReport();
    data.models[1] = {
      name: "BG/NBD + Gamma-Gamma",
      metrics: handMadeMetrics({ decileMapeBinsExcluded: 2 }),
    };

    const html = markupOf(renderReport(data));

    expect(rowCells(html, "Decile MAPE")[1]).toBe("18.3% (2 deciles left out)");
  });

  it("embeds one chart spec per canvas", () => {
    const page = renderReport(handMadeReport());

    const canvasIds = [...markupOf(page).matchAll(/<canvas id="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(chartSpecsOf(page).map((spec) => spec.id)).toEqual(canvasIds);
    expect(canvasIds).toEqual([
      "chart-gain",
      "chart-deciles-0",
      "chart-deciles-1",
      "chart-deciles-2",
      "chart-frequency",
      "chart-weekly",
      "chart-expected-value",
      "chart-p-alive",
    ]);
  });

  it("shows a note instead of an empty chart", () => {
    const data = handMadeReport();
    data.distributions.pAlive = { edges: [], counts: [] };

    const page = renderReport(data);

    const html = markupOf(page);
    expect(html).not.toContain('<canvas id="chart-p-alive"');
    expect(chartSpecsOf(page).map((spec) => spec.id)).not.toContain(
      "chart-p-alive",
    );
    expect(html).toContain("No data to draw for this chart.");
  });

  it("labels histogram bins by their edges", () => {
    const data = handMadeReport();
    data.distributions.expectedValue = {
      edges: [0, 2.5, 100, Number.POSITIVE_INFINITY],
      counts: [5, 3, 1],
    };

    const spec = chartSpecsOf(renderReport(data)).find(
      (chart) => chart.id === "chart-expected-value",
    );

    expect(spec?.config).toMatchObject({
      data: { labels: ["0\u20132.5", "2.5\u2013100", "100 or more"] },
    });
  });

  it("stays under 400 KB with a point per customer", () => {
    const data = sampleReport(20_000);

    const html = renderReport(data);

    expect(data.gain[0]?.x.length).toBe(20_001);
    expect(Buffer.byteLength(html)).toBeLessThan(400 * 1024);
  });

  it("rejects a series whose x and y differ in length", () => {
    const data = handMadeReport();
    data.gain[1]?.y.pop();

    expect(() => renderReport(data)).toThrow(
      new InvalidReportDataError(
        "gain[1].y",
        "expected 5 values to match its pair, got 4",
      ),
    );
  });
});

import { chartSectionHtml } from "./chart-section.ts";
import type { ChartSection } from "./chart-spec.ts";
import { decileSection } from "./decile-chart.ts";
import { formatDate } from "./format.ts";
import { frequencySection } from "./frequency-chart.ts";
import { gainSection } from "./gain-chart.ts";
import { distributionSection } from "./histogram-chart.ts";
import { escapeHtml } from "./html.ts";
import { metricsSection } from "./metrics-section.ts";
import { renderPage } from "./page.ts";
import { promotionSection } from "./promotion-section.ts";
import type { ReportData } from "./report-data.ts";
import { summarySection } from "./summary-section.ts";
import { validateReportData } from "./validate.ts";
import { weeklySection } from "./weekly-chart.ts";

export { InvalidReportDataError, ReportError } from "./errors.ts";
export type { ReportData } from "./report-data.ts";

/**
 * Renders the evaluation report as one self-contained HTML document: the
 * data summary, the promotion decision, the metrics table and the charts,
 * with Chart.js and all data inline, so the file opens offline and loads
 * nothing. Every text from `data` is escaped, and NaN metrics show as
 * "n/a". Lines are thinned to 200 points each, so the page does not grow
 * with the number of customers: about 260 KB with three models, of which
 * Chart.js is 210 KB.
 *
 * @example
 * ```ts
 * await writeFile(join(reportDir, "report.html"), renderReport(data));
 * ```
 * @throws InvalidReportDataError when paired arrays of `data` differ in
 *   length, a line's x is not finite and non-decreasing, or `data.models`
 *   is empty.
 * @throws ReportError when the chart.js package cannot be read.
 */
export function renderReport(data: ReportData): string {
  validateReportData(data);
  const modelNames = data.models.map((model) => model.name);
  const chartSections = [
    gainSection(data.gain, modelNames),
    decileSection(data.deciles, modelNames),
    frequencySection(data.purchasesByFrequency, modelNames),
    weeklySection(data.weeklyRepeatPurchases, modelNames),
    distributionSection(data.distributions, modelNames[0] as string),
  ];
  const title = `Customer value evaluation: run ${data.runId}`;

  const body = [
    headerHtml(data, chartSections),
    summarySection(data.data),
    promotionSection(data.promotion),
    metricsSection(data.models),
    ...chartSections.map(chartSectionHtml),
  ].join("\n");
  const charts = chartSections
    .flatMap((section) => section.charts)
    .filter((chart) => !chart.empty);

  return renderPage({ title, body, charts });
}

function headerHtml(data: ReportData, chartSections: ChartSection[]) {
  const links = [
    ["data", "The data"],
    ["promotion", "Promotion decision"],
    ["metrics", "How the models compare"],
    ...chartSections.map((section) => [section.id, section.title]),
  ].map(
    ([id, title]) =>
      `<li><a href="#${escapeHtml(id as string)}">` +
      `${escapeHtml(title as string)}</a></li>`,
  );

  return `<header>
<h1>Customer value model evaluation</h1>
<p class="subtitle">Run ${escapeHtml(data.runId)}, generated
${escapeHtml(formatDate(data.generatedAt))}. Predictions cover
${escapeHtml(String(data.data.horizonDays))} days after the cutoff.</p>
<nav aria-label="Sections"><ol>
${links.join("\n")}
</ol></nav>
</header>`;
}

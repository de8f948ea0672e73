import type { ChartSection, ChartSpec, Paragraph } from "./chart-spec.ts";
import { escapeHtml } from "./html.ts";

/**
 * Renders a chart section: heading, explanation and one canvas per chart
 * with data. A chart without data gets a note instead of an empty canvas.
 */
export function chartSectionHtml(section: ChartSection): string {
  const layout = section.charts.length > 1 ? "charts grid" : "charts";

  return `<section id="${escapeHtml(section.id)}">
<h2>${escapeHtml(section.title)}</h2>
${section.paragraphs.map(paragraphHtml).join("\n")}
<div class="${layout}">
${section.charts.map(figureHtml).join("\n")}
</div>
</section>`;
}

function paragraphHtml(paragraph: Paragraph): string {
  const lead =
    paragraph.lead === undefined
      ? ""
      : `<strong>${escapeHtml(paragraph.lead)}</strong> `;
  return `<p>${lead}${escapeHtml(paragraph.text)}</p>`;
}

function figureHtml(chart: ChartSpec): string {
  const body = chart.empty
    ? '<p class="empty">No data to draw for this chart.</p>'
    : `<div class="chart-box"><canvas id="${escapeHtml(chart.id)}" ` +
      `role="img" aria-label="${escapeHtml(chart.description)}">` +
      "</canvas></div>";

  return `<figure>
<figcaption>${escapeHtml(chart.caption)}</figcaption>
${body}
</figure>`;
}

import { escapeHtml } from "./html.ts";
import { bestOfRow, METRIC_ROWS, type MetricRow } from "./metric-rows.ts";
import type { ModelMetrics } from "./report-data.ts";

/** Renders the metrics table: one column per model, one row per metric. */
export function metricsSection(models: readonly ModelMetrics[]): string {
  const header = models
    .map(
      (model) =>
        `<th scope="col" class="number">${escapeHtml(model.name)}</th>`,
    )
    .join("");

  return `<section id="metrics">
<h2>How the models compare</h2>
<p>Each column scores one model's predictions for the test customers, who
took no part in training, against what they actually bought in the holdout
period. The last column says which values are better. <strong>Bold</strong>
marks the best value of a row; n/a marks a metric that cannot be computed
for these customers, such as the AUC when no customer bought again.</p>
<table class="metrics">
<thead><tr><th scope="col">Metric</th>${header}<th scope="col">Better</th></tr>
</thead>
<tbody>
${METRIC_ROWS.map((row) => metricRow(row, models)).join("\n")}
</tbody>
</table>
</section>`;
}

function metricRow(row: MetricRow, models: readonly ModelMetrics[]): string {
  const values = models.map((model) => model.metrics[row.key] as number);
  const best = bestOfRow(values, row.better);
  const cells = values.map((value, i) => {
    const text = escapeHtml(row.format(value) + excludedNote(row, models[i]));
    return best[i]
      ? `<td class="number best"><strong>${text}</strong></td>`
      : `<td class="number">${text}</td>`;
  });

  return (
    `<tr><th scope="row">${escapeHtml(row.name)}` +
    `<span class="explanation">${escapeHtml(row.explanation)}</span></th>` +
    `${cells.join("")}<td>${escapeHtml(row.better ?? "")}</td></tr>`
  );
}

// Deciles whose mean actual spend is 0 have no percentage error, so the
// MAPE leaves them out and the table says how many.
function excludedNote(row: MetricRow, model: ModelMetrics | undefined) {
  const excluded = model?.metrics.decileMapeBinsExcluded ?? 0;
  if (row.key !== "decileMape" || excluded === 0) return "";

  return ` (${excluded} ${excluded === 1 ? "decile" : "deciles"} left out)`;
}

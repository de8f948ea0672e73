import { QUARANTINE_REASONS } from "#ingest/reasons.ts";
import { formatCount, formatDate, formatShare } from "./format.ts";
import { escapeHtml } from "./html.ts";
import type { IngestedFile, ReportData } from "./report-data.ts";

type DataSummary = ReportData["data"];

/** Renders the data summary: counts, periods and the quarantine by reason. */
export function summarySection(data: DataSummary): string {
  const first = formatDate(data.firstOrderDate);
  const cutoff = formatDate(data.cutoff);
  const quarantinedShare =
    data.rowsRead > 0 ? data.rowsQuarantined / data.rowsRead : Number.NaN;
  const rows: [string, string][] = [
    ["Customers", formatCount(data.customers)],
    ["Orders", formatCount(data.orders)],
    [
      "Order period",
      `${first} to ${formatDate(data.lastOrderDate)}, first to last order`,
    ],
    ["Calibration period", `${first} to ${cutoff}: the models' inputs`],
    [
      "Holdout period",
      `${formatCount(data.horizonDays)} days after ${cutoff}, to ` +
        `${formatDate(data.asOf)}: the outcomes the predictions are ` +
        "compared with",
    ],
    [
      "Repeat buyers",
      `${formatShare(data.repeatBuyerShare)} of customers bought on more ` +
        "than one day before the cutoff",
    ],
    ["Rows read", formatCount(data.rowsRead)],
    ["Rows ingested", formatCount(data.rowsIngested)],
    [
      "Rows quarantined",
      `${formatCount(data.rowsQuarantined)} (${formatShare(quarantinedShare)} ` +
        "of the rows read)",
    ],
  ];

  return `<section id="data">
<h2>The data</h2>
<p>The shop's order export as read for this run. The models learn from the
calibration period and are judged on the holdout period that follows it.</p>
<table class="facts">
${rows.map(([label, value]) => factRow(label, value)).join("\n")}
</table>
${filesTable(data.files ?? [])}
${flagTable(data.flagged ?? {})}
${quarantineTable(data.quarantinedByReason)}
</section>`;
}

function factRow(label: string, value: string): string {
  return (
    `<tr><th scope="row">${escapeHtml(label)}</th>` +
    `<td>${escapeHtml(value)}</td></tr>`
  );
}

function quarantineTable(byReason: Record<string, number>): string {
  const entries = Object.entries(byReason).sort(
    ([reasonA, countA], [reasonB, countB]) =>
      countB - countA || reasonA.localeCompare(reasonB),
  );
  if (entries.length === 0) {
    return "<p>No row was quarantined.</p>";
  }

  const rows = entries.map(
    ([reason, count]) =>
      `<tr><td><code>${escapeHtml(reason)}</code></td>` +
      `<td>${escapeHtml(meaningOf(reason))}</td>` +
      `<td class="number">${escapeHtml(formatCount(count))}</td></tr>`,
  );
  return `<h3>Quarantined rows by reason</h3>
<p>Rows that could not become orders are kept aside with a reason, never
dropped silently.</p>
<table class="quarantine">
<thead><tr><th scope="col">Reason</th><th scope="col">Meaning</th>
<th scope="col" class="number">Rows</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

function meaningOf(reason: string): string {
  return Object.hasOwn(QUARANTINE_REASONS, reason)
    ? QUARANTINE_REASONS[reason as keyof typeof QUARANTINE_REASONS]
    : "";
}

function filesTable(files: readonly IngestedFile[]): string {
  if (files.length === 0) return "";
  const cell = (value: number) =>
    `<td class="number">${escapeHtml(formatCount(value))}</td>`;
  const rows = files.map(
    (file) =>
      `<tr><td>${escapeHtml(file.file)}</td>${cell(file.rowsRead)}` +
      `${cell(file.ordersIngested)}${cell(file.duplicatesMerged)}` +
      `${cell(file.rowsQuarantined)}</tr>`,
  );
  return `<h3>Rows of each file</h3>
<p>Every row read is accounted for: it became an order, was merged into an
order (another line of it, or a later copy of it), or was quarantined.</p>
<table class="files">
<thead><tr><th scope="col">File</th><th scope="col" class="number">Rows read</th>
<th scope="col" class="number">Orders</th>
<th scope="col" class="number">Merged</th>
<th scope="col" class="number">Quarantined</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

function flagTable(flagged: Record<string, number>): string {
  const entries = Object.entries(flagged).filter(([, count]) => count > 0);
  if (entries.length === 0) return "";
  const rows = entries.map(
    ([flag, count]) =>
      `<tr><td><code>${escapeHtml(flag)}</code></td>` +
      `<td class="number">${escapeHtml(formatCount(count))}</td></tr>`,
  );
  return `<h3>Flagged orders</h3>
<p>Orders kept in the data but worth a look: zero-value orders, values above
the configured cap or far above the customer's usual order, converted
currencies.</p>
<table class="flags">
<thead><tr><th scope="col">Flag</th><th scope="col" class="number">Orders</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

import { createHash } from "node:crypto";
import { readChartLibrary } from "./chart-library.ts";
import { CHART_RUNTIME } from "./chart-runtime.ts";
import type { ChartSpec } from "./chart-spec.ts";
import { escapeHtml, jsonForScript } from "./html.ts";
import { REPORT_STYLES } from "./styles.ts";

/** Content of the page: title, escaped body markup and charts. */
export interface PageContent {
  /** Page title, as plain text. */
  title: string;
  /** Body markup, already escaped. */
  body: string;
  /** Charts to draw. Each needs a canvas with its id in the body. */
  charts: readonly ChartSpec[];
}

/**
 * Wraps the body into a complete HTML document with the styles, the chart
 * data, Chart.js and the script that draws the charts, all inline.
 */
export function renderPage(content: PageContent): string {
  const library = readChartLibrary();
  const specs = content.charts.map(
    ({ id, config, axisFormats, tooltipTitles }) => ({
      id,
      config,
      axisFormats,
      tooltipTitles: tooltipTitles ?? null,
    }),
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy([
    library,
    CHART_RUNTIME,
  ])}">
<title>${escapeHtml(content.title)}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<main>
${content.body}
</main>
<script type="application/json" id="chart-specs">${jsonForScript(specs)}</script>
<script>${library}</script>
<script>${CHART_RUNTIME}</script>
</body>
</html>
`;
}

// The policy lets the page load no resource and run only its own two
// scripts, allowed by hash. Markup that slipped past escaping could then
// neither load a URL nor run a script.
function contentSecurityPolicy(scripts: readonly string[]): string {
  const hashes = scripts.map(
    (script) =>
      `'sha256-${createHash("sha256").update(script).digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.join(" ")}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

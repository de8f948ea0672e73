/**
 * Style sheet of the report. Fonts are the reader's own system fonts, so
 * the page loads no font file.
 */
export const REPORT_STYLES = `
:root {
  color-scheme: light;
  --text: #1f2328;
  --muted: #59636e;
  --rule: #d8dee4;
  --band: #f6f8fa;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  color: var(--text);
  background: #ffffff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
    "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1080px; margin: 0 auto; padding: 24px 24px 64px; }
h1 { font-size: 28px; margin: 8px 0 4px; }
h2 {
  font-size: 21px;
  margin: 40px 0 8px;
  padding-top: 8px;
  border-top: 1px solid var(--rule);
}
h3 { font-size: 16px; margin: 20px 0 6px; }
p { margin: 6px 0; max-width: 75ch; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0;
  list-style: none; margin: 8px 0 16px; }
nav a { color: #0969da; text-decoration: none; }
nav a:hover { text-decoration: underline; }
table { border-collapse: collapse; margin: 10px 0; }
th, td {
  text-align: left;
  vertical-align: top;
  padding: 6px 12px 6px 0;
  border-bottom: 1px solid var(--rule);
}
thead th { border-bottom: 2px solid var(--text); }
td.number, th.number { text-align: right;
  font-variant-numeric: tabular-nums; }
table.facts th { font-weight: 600; white-space: nowrap; }
table.metrics { width: 100%; }
table.metrics tbody th { font-weight: 600; width: 40%; }
table.metrics td { white-space: nowrap; padding-left: 12px; }
.explanation {
  display: block;
  font-weight: normal;
  font-size: 13px;
  color: var(--muted);
}
.verdict {
  display: inline-block;
  font-weight: 700;
  padding: 4px 12px;
  border-radius: 4px;
}
.verdict.promoted { background: #dafbe1; color: #116329; }
.verdict.kept { background: #fff8c5; color: #7d4e00; }
figure { margin: 12px 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.chart-box { position: relative; height: 340px; }
.grid { display: grid; gap: 8px 24px;
  grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); }
.grid .chart-box { height: 280px; }
.empty { color: var(--muted); font-style: italic; }
code { background: var(--band); padding: 1px 4px; border-radius: 3px; }
@media print {
  main { max-width: none; padding: 0; }
  section { break-inside: avoid; }
  nav { display: none; }
}
`;

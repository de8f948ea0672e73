/** Returns `markup` without its tags, with the entities the report uses. */
export function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

/**
 * Returns the texts of the data cells of the table row whose header starts
 * with `header`, or an empty list when no row matches.
 */
export function rowCells(html: string, header: string): string[] {
  const start = html.indexOf(`<tr><th scope="row">${header}`);
  if (start < 0) return [];

  const row = html.slice(start, html.indexOf("</tr>", start));
  return row
    .split("<td")
    .slice(1)
    .map((cell) => textOf(`<td${cell}`));
}

/** Chart specs embedded in the page, as the page's script reads them. */
export function chartSpecsOf(html: string): { id: string; config: unknown }[] {
  const match = html.match(
    /<script type="application\/json" id="chart-specs">(.*?)<\/script>/s,
  );
  if (match?.[1] === undefined) throw new Error("No chart specs in the page");
  return JSON.parse(match[1]);
}

/** Returns the page without the contents of its script elements. */
export function markupOf(html: string): string {
  return html.replace(/(<script[^>]*>).*?(<\/script>)/gs, "$1$2");
}

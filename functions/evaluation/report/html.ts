const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes `text` for use in HTML text and in quoted attribute values, so
 * text from the data (model names, reasons, reason codes) cannot add markup.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? "");
}

const SCRIPT_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * Serialises `value` as JSON that is safe inside a `<script>` element:
 * `<`, `>` and `&` become \u escapes, so no string in the data can close the
 * element (`</script`) or open a comment (`<!--`). NaN and infinities become
 * null, which Chart.js draws as a gap.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (character) => SCRIPT_ESCAPES[character] ?? "",
  );
}

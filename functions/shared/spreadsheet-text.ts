/**
 * First characters that make a spreadsheet read a CSV cell as a formula.
 * OWASP ASVS 5.0 (requirement 1.2.10) lists `=`, `+`, `-`, `@`, tab and NUL.
 * The `escape_formulas` option of csv-stringify 6.9 adds carriage return and
 * the full-width forms of the first four, which Apple Numbers reads as them.
 */
const FORMULA_TRIGGERS = new Set([
  "=",
  "+",
  "-",
  "@",
  "\t",
  "\r",
  "\0",
  "\uFF1D",
  "\uFF0B",
  "\uFF0D",
  "\uFF20",
]);

/** Prefix that makes a spreadsheet show a cell as text. */
const TEXT_PREFIX = "'";

/**
 * Escapes a text cell of a CSV file meant for spreadsheets, so that a value
 * such as `=HYPERLINK(...)` shows as text instead of running as a formula.
 * A value that starts with a formula trigger or with `'` gets one `'` in
 * front. Prefixing a leading `'` too keeps the escape reversible, so
 * `unescapeSpreadsheetText` returns every value unchanged.
 *
 * Pass only text cells: a negative number would come out as text.
 */
export function escapeSpreadsheetText(value: string): string {
  const first = value.charAt(0);
  if (first === TEXT_PREFIX || FORMULA_TRIGGERS.has(first)) {
    return TEXT_PREFIX + value;
  }
  return value;
}

/** Removes the prefix that `escapeSpreadsheetText` adds. */
export function unescapeSpreadsheetText(cell: string): string {
  return cell.startsWith(TEXT_PREFIX) ? cell.slice(TEXT_PREFIX.length) : cell;
}

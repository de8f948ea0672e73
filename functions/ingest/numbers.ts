import { z } from "zod";

const DECIMAL_SEPARATORS = [".", ","] as const;

/**
 * Decimal separator of the amounts and quantities that a file writes as
 * text. `,` reads `12,50`, as exports in German, French or Spanish
 * locales write it.
 */
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

/**
 * The decimal separator of a mapping file or a setting. Its error message
 * names the rejected value, because the mapping file's message shows only
 * the key.
 */
export const decimalSeparatorSchema = z.enum(DECIMAL_SEPARATORS, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a decimal separator: use "." ` +
    'for amounts such as 12.50, or "," for amounts such as 12,50',
});

const POINT_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/**
 * A decimal-comma number without grouping. It has no exponent, because
 * exports that write decimal commas never write one, and `1,5e3` is more
 * likely a damaged cell than 1500.
 */
const COMMA_NUMBER = /^[+-]?(\d+,?\d*|,\d+)$/;
/**
 * A decimal-comma number whose integer part is split into groups of three
 * digits, all by the same separator. The separator is a point (de-DE), a
 * space, a no-break space (U+00A0, pl-PL) or a narrow no-break space
 * (U+202F, fr-FR), as `Intl.NumberFormat` of Node 20 writes these locales.
 */
const GROUPED_COMMA_NUMBER =
  /^[+-]?[1-9]\d{0,2}([. \u00a0\u202f])\d{3}(?:\1\d{3})*(?:,\d*)?$/;

/**
 * Parses a decimal number written with `separator` before its fraction.
 * With `.` it reads plain numbers only (`1234.5`, `-.5`, `12.`, `1e3`).
 * With `,` it reads `1234,5`, `+1234,5`, `,5` and `12,`, and also an
 * integer part grouped by thousands (`1.234,5`, `1 234,5`), but no
 * exponent. Anything else is null, such as `12.50` or `1e3` with `,` (a
 * point must split groups of three digits) or `1,234.50` with either
 * separator.
 *
 * @returns the number, or null when the text is no finite number.
 */
export function parseNumber(
  text: string,
  separator: DecimalSeparator = ".",
): number | null {
  let plain: string;
  if (separator === ".") {
    if (!POINT_NUMBER.test(text)) return null;
    plain = text;
  } else if (COMMA_NUMBER.test(text)) {
    plain = text.replace(",", ".");
  } else {
    const group = GROUPED_COMMA_NUMBER.exec(text)?.[1];
    if (group === undefined) return null;
    plain = text.replaceAll(group, "").replace(",", ".");
  }
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

/**
 * Formats a number so that `parseNumber(text, separator)` returns the
 * same number. Mappers use it for the values they compute, such as an
 * invoice line's quantity times unit price.
 */
export function formatNumber(
  value: number,
  separator: DecimalSeparator = ".",
): string {
  const text = String(value);
  return separator === "." ? text : withoutExponent(text).replace(".", ",");
}

/**
 * Writes the shortest decimal text of a number (`String(value)`) without
 * its exponent, moving the point instead: `1.5e-7` becomes `0.00000015`
 * and `1e21` becomes `1000000000000000000000`. The digits stay the same,
 * so `Number` reads the same number back.
 */
function withoutExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, first, rest = "", exponentText] = match;
  const digits = `${first}${rest}`;
  // The position of the point within `digits`, counted from the left.
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) {
    return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  }
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A number with an exponent, written with either decimal separator. */
const EXPONENT_NUMBER = /^[+-]?(\d+[.,]?\d*|[.,]\d+)[eE][+-]?\d+$/;

/**
 * Builds the quarantine detail of an invalid number field: the field's
 * name and text, and, when the separator is why the text is no number,
 * what to change. Text that reads as a number with the other separator
 * gets the setting that declares it, because ingestion never guesses the
 * separator. Text without a digit, such as `x` or a JSON `true`, gets no
 * advice, because no separator reads it.
 *
 * @param condition what a number must also be, such as " of at least 0".
 */
export function invalidNumberDetail(
  field: string,
  text: string,
  separator: DecimalSeparator,
  condition = "",
): string {
  const problem = `${field} "${text}" is not a number${condition}`;
  if (parseNumber(text, separator) !== null) return problem;
  if (separator === ",") return invalidCommaDetail(field, text, problem);
  if (parseNumber(text, ",") === null) return problem;
  return (
    `${problem}. If the file writes decimal commas such as 12,50, ` +
    'declare the decimal separator "," with --decimal-separator or ' +
    '"decimalSeparator" in the mapping file'
  );
}

/** Builds the detail of text that no decimal comma reads. */
function invalidCommaDetail(
  field: string,
  text: string,
  problem: string,
): string {
  if (EXPONENT_NUMBER.test(text)) {
    const value = Number(text.replace(",", "."));
    // Beyond the range of a double, such as 1e400, the text is no number
    // with either separator, so removing the exponent would not help.
    if (!Number.isFinite(value)) return problem;
    return (
      `${field} "${text}" is not a number: with the decimal separator ` +
      `"," numbers are read without an exponent, so correct the value in ` +
      `the file to one without it (${formatNumber(value, ",")} for ${text})`
    );
  }
  if (parseNumber(text, ".") !== null) {
    return (
      `${field} "${text}" is not a number with the decimal separator ",". ` +
      "If the file writes decimal points such as 12.50, declare the " +
      'decimal separator "." with --decimal-separator or ' +
      '"decimalSeparator" in the mapping file, or leave both out; ' +
      "otherwise correct the value in the file"
    );
  }
  if (!/\d/.test(text)) return problem;
  return `${problem} (the decimal separator is ",")`;
}

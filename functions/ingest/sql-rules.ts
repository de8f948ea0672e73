import type { CanonicalField } from "./canonical.ts";
import { quote } from "./lake-writer.ts";
import { MAX_ABS_AMOUNT, type ValidationRules } from "./validate.ts";

/**
 * Conservative patterns of the SQL engine. A row whose fields all match
 * them is valid under the row engine's rules too, and SQL computes the
 * same values. Every other row goes to the row engine, which also gets on
 * purpose years outside `SQL_YEAR`, non-ASCII text, quoted fields that a
 * rule reads, and numbers with more than 15 digits before or after the
 * point. It also gets amounts with more than 12 digits before the point,
 * because they may be out of range.
 */
export const ID = "[A-Za-z0-9_.:#/-]+";
export const NUMBER = "[0-9]{1,15}(?:\\.[0-9]{1,15})?";
const AMOUNT = "-?[0-9]{1,12}(?:\\.[0-9]{1,15})?";
const OPTIONAL_UNSIGNED = `(?:${NUMBER})?`;
export const INTEGER = "0|-?[1-9][0-9]{0,14}";
const CURRENCY = "(?:[A-Za-z]{3})?";
/**
 * The years of an order time that SQL reads, 1900 to 2099: the years from
 * `MIN_ORDER_DATE` to `MAX_ORDER_DATE`. So SQL never stages a row that the
 * row engine quarantines as `date_out_of_range`, and hands it every row
 * that the rule quarantines.
 */
export const SQL_YEAR = "(?:19|20)[0-9]{2}";
/** An order time as the line pattern captures it, checked later. */
const TIME_TEXT = "[0-9](?:[0-9 :/T-]*[0-9])?";
const ISO_TS = `^(${SQL_YEAR}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?$`;
/** An ISO time with seconds and nothing after them, as ISO_TS reads it. */
const FULL_ISO_TS = `${SQL_YEAR}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}`;
const SLASH_TS = `^([0-9]{1,2})/([0-9]{1,2})/(${SQL_YEAR})(?: ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$`;

/** The first two parts of a day-first or month-first date, any separator. */
export const SLASH_PARTS =
  "^([0-9]{1,2})(?:/([0-9]{1,2})/|-([0-9]{1,2})-|\\.([0-9]{1,2})\\.)[0-9]{4}(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$";

/** A line-pattern column: the capture name and its pattern. */
interface Capture {
  name: string;
  pattern: string;
}

/**
 * A regular expression for a whole CSV line of `width` fields, and the
 * names of its capture groups. The fields at `captures` must match their
 * pattern unquoted; every other field may be anything, quoted or not.
 * RE2 reads a line once for the check and the captures together.
 */
export interface LinePattern {
  pattern: string;
  names: string[];
  /** The field (0-based) of each capture. */
  positions: number[];
}

export function linePattern(
  width: number,
  captures: ReadonlyMap<number, Capture>,
  delimiter: string,
): LinePattern {
  const d = escapeRegExp(delimiter);
  const free = `(?:"(?:[^"]|"")*"|[^${d}"]*)`;
  const fields: string[] = [];
  const names: string[] = [];
  const positions: number[] = [];
  for (let index = 0; index < width; index++) {
    const capture = captures.get(index);
    if (capture === undefined) {
      fields.push(free);
    } else {
      fields.push(`(${capture.pattern})`);
      names.push(capture.name);
      positions.push(index);
    }
  }
  return { pattern: `^${fields.join(d)}$`, names, positions };
}

/** Printable ASCII without the quote and the delimiter, as a class body. */
function textClass(delimiter: string, space: boolean): string {
  let body = "";
  for (let code = space ? 0x20 : 0x21; code <= 0x7e; code++) {
    const char = String.fromCharCode(code);
    if (char === '"' || char === delimiter) continue;
    body += `\\x${code.toString(16).padStart(2, "0")}`;
  }
  return body;
}

/**
 * Builds the pattern of a text field without quotes, delimiters or outer
 * spaces, or of an empty one.
 */
function textPattern(delimiter: string): string {
  const edge = `[${textClass(delimiter, false)}]`;
  const inner = `[${textClass(delimiter, true)}]`;
  return `(?:${edge}(?:${inner}*${edge})?)?`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&");
}

/** Positions (0-based, -1 when absent) of the canonical columns. */
export type CanonicalPositions = Record<CanonicalField, number>;

/**
 * Builds the line pattern of the canonical preset: ids, time, amount,
 * quantity, currency and short texts in the strict forms above, and an
 * empty `refund_of`, because refund rows go to the row engine.
 */
export function canonicalLine(
  positions: CanonicalPositions,
  width: number,
  delimiter: string,
): LinePattern {
  return linePattern(
    width,
    capturesAt(positions, canonicalPatterns(delimiter)),
    delimiter,
  );
}

export function canonicalPatterns(
  delimiter: string,
): Record<CanonicalField, string> {
  const text = textPattern(delimiter);
  return {
    order_id: ID,
    customer_id: ID,
    order_ts: TIME_TEXT,
    amount: AMOUNT,
    currency: CURRENCY,
    status: text,
    quantity: OPTIONAL_UNSIGNED,
    category: text,
    channel: text,
    refund_of: "",
  };
}

/** Positions of the invoice-lines columns the SQL engine reads. */
export interface InvoicePositions {
  invoice: number;
  quantity: number;
  date: number;
  unitPrice: number;
  customer: number;
}

/** Builds the line pattern of the invoice-lines preset. */
export function invoiceLine(
  positions: InvoicePositions,
  width: number,
  delimiter: string,
): LinePattern {
  const patterns: Record<keyof InvoicePositions, string> = {
    invoice: ID,
    quantity: INTEGER,
    date: TIME_TEXT,
    unitPrice: NUMBER,
    customer: ID,
  };
  return linePattern(width, capturesAt(positions, patterns), delimiter);
}

export function capturesAt<K extends string>(
  positions: Record<K, number>,
  patterns: Record<K, string>,
): Map<number, Capture> {
  const captures = new Map<number, Capture>();
  for (const name of Object.keys(patterns) as K[]) {
    const index = positions[name];
    if (index >= 0 && !captures.has(index)) {
      captures.set(index, { name, pattern: patterns[name] });
    }
  }
  return captures;
}

/** SQL of capture `name` of the line match `m`, or NULL when not captured. */
function capture(pattern: LinePattern, name: string): string {
  return pattern.names.includes(name) ? `m.${name}` : "CAST(NULL AS VARCHAR)";
}

/**
 * SQL of a struct with the normalised timestamp (`ts`, as
 * `normaliseTimestamp` writes it) and whether the text is a simple valid
 * time in the format. It reads the parts from column `d`, which `parts`
 * adds.
 */
function timestamp(format: "iso" | "dmy" | "mdy"): string {
  const part = (name: string, fallback: string) =>
    `lpad(coalesce(nullif(d.${name}, ''), ${quote(fallback)}), 2, '0')`;
  const date =
    format === "iso"
      ? "d.date"
      : format === "dmy"
        ? `d.y || '-' || ${part("b", "")} || '-' || ${part("a", "")}`
        : `d.y || '-' || ${part("a", "")} || '-' || ${part("b", "")}`;
  const matched = format === "iso" ? "d.date <> ''" : "d.y <> ''";
  const hour = part("h", "00");
  const minute = part("mi", "00");
  const second = part("s", "00");
  return `CASE WHEN ${matched} THEN {
      'ok': try_cast(${date} AS DATE) IS NOT NULL
        AND try_cast(${hour} AS INTEGER) < 24
        AND try_cast(${minute} AS INTEGER) < 60
        AND try_cast(${second} AS INTEGER) < 60,
      'ts': ${date} || ' ' || ${hour} || ':' || ${minute} || ':' || ${second}}
    ELSE {'ok': false, 'ts': NULL} END`;
}

/** SQL adding the time's parts `d` and the struct `ts` to `source`. */
export function withTimestamp(
  source: string,
  time: string,
  format: "iso" | "dmy" | "mdy",
): string {
  const pattern = format === "iso" ? ISO_TS : SLASH_TS;
  const names =
    format === "iso"
      ? "['date', 'h', 'mi', 's']"
      : "['a', 'b', 'y', 'h', 'mi', 's']";
  const general = `(SELECT *, ${timestamp(format)} AS ts FROM (
    SELECT *, regexp_extract(coalesce(${time}, ''), ${quote(pattern)},
      ${names}) AS d
    FROM ${source}))`;
  if (format !== "iso") return general;
  // Most ISO times have all six parts: for them a full match, which RE2
  // runs without captures, and fixed substrings replace the captures.
  const full = `coalesce(regexp_full_match(${time}, ${quote(FULL_ISO_TS)}),
    false)`;
  return `(SELECT * EXCLUDE (t, iso_full), CASE WHEN iso_full THEN {
        'ok': try_cast(left(t, 10) AS DATE) IS NOT NULL
          AND substr(t, 12, 2) < '24' AND substr(t, 15, 2) < '60'
          AND substr(t, 18, 2) < '60',
        'ts': left(t, 10) || ' ' || right(t, 8)}
      ELSE ${timestamp(format)} END AS ts
    FROM (SELECT *, ${time} AS t, ${full} AS iso_full,
        CASE WHEN NOT ${full} THEN regexp_extract(coalesce(${time}, ''),
          ${quote(pattern)}, ${names}) END AS d
      FROM ${source}))`;
}

export function cutoffRule(rules: ValidationRules, ts: string): string {
  return rules.cutoff ? `${ts} <= ${quote(rules.cutoff.localBound)}` : "true";
}

export function currencyRule(currency: string, rules: ValidationRules): string {
  if (rules.currency === null) return "true";
  return `coalesce(${currency}, '') IN ('', ${quote(rules.currency)})`;
}

/** Columns of `staged`, in order, as both presets' queries name them. */
export const STAGED_NAMES = `order_id, customer_id, order_ts_text, amount,
  currency, status, quantity, category, channel, refund_of, converted,
  source_line`;

const STAGED_COLUMNS = STAGED_NAMES.replace(
  "source_line",
  "line AS source_line",
);

/**
 * SELECT over `extracted(line, text, m, matched)` of the canonical
 * preset: `line`, `simple`, the row's text when it is not simple, and the
 * staged columns.
 */
export function canonicalRows(
  pattern: LinePattern,
  rules: ValidationRules,
  format: "iso" | "dmy" | "mdy",
): string {
  const get = (name: CanonicalField) => capture(pattern, name);
  const nullable = (name: CanonicalField) => `nullif(${get(name)}, '')`;
  const simple = `matched AND NOT contains(text, '@') AND ts.ok
    AND ${cutoffRule(rules, "ts.ts")}
    AND ${currencyRule(`upper(${get("currency")})`, rules)}`;
  return `SELECT line, simple, CASE WHEN NOT simple THEN text END AS text,
      ${STAGED_COLUMNS}
    FROM (SELECT line, text, ${simple} AS simple,
      ${get("order_id")} AS order_id, ${get("customer_id")} AS customer_id,
      ts.ts AS order_ts_text,
      try_cast(${get("amount")} AS DOUBLE) + 0.0 AS amount,
      upper(${nullable("currency")}) AS currency,
      ${nullable("status")} AS status,
      try_cast(${nullable("quantity")} AS DOUBLE) + 0.0 AS quantity,
      ${nullable("category")} AS category, ${nullable("channel")} AS channel,
      CAST(NULL AS VARCHAR) AS refund_of, false AS converted
    FROM ${withTimestamp("extracted", get("order_ts"), format)})`;
}

/**
 * SELECT over `extracted(line, text, m, matched, order_key)` of the
 * invoice-lines preset. An invoice's lines are grouped by `order_key`. When
 * its first line is simple, that line is the invoice's head as in the row
 * engine, and every later simple line with the head's id, customer and
 * time is simple too. Every other line goes to the row engine, which
 * learns the head from the `head` column (set on those lines only).
 */
export function invoiceRows(
  pattern: LinePattern,
  rules: ValidationRules,
  format: "iso" | "dmy" | "mdy",
): string {
  const quantity = "try_cast(m.quantity AS DOUBLE)";
  const product = `${quantity} * try_cast(m.unitPrice AS DOUBLE)`;
  const lineOk = `coalesce(matched AND NOT contains(text, '@') AND ts.ok
    AND ${cutoffRule(rules, "ts.ts")} AND ${invoiceSign("m")}
    AND abs(${product}) <= ${MAX_ABS_AMOUNT}, false)`;
  const head = `{'ok': line_ok, 'order_id': order_id,
    'customer_id': customer_id, 'order_ts': order_ts_text, 'line': line}`;
  return `SELECT line, simple, CASE WHEN NOT simple THEN text END AS text,
      CASE WHEN NOT simple AND head.ok THEN head END AS head,
      ${STAGED_COLUMNS}
    FROM (SELECT *, head.ok AND line_ok AND order_id = head.order_id
        AND customer_id = head.customer_id
        AND order_ts_text = head.order_ts AS simple
      FROM (SELECT line, text, line_ok,
        arg_min(${head}, line) OVER (PARTITION BY order_key) AS head,
        order_id, customer_id, order_ts_text,
        CASE WHEN ${product} = 0 THEN 0.0 ELSE ${product} END AS amount,
        CAST(NULL AS VARCHAR) AS currency, CAST(NULL AS VARCHAR) AS status,
        abs(${quantity}) AS quantity,
        CAST(NULL AS VARCHAR) AS category, CAST(NULL AS VARCHAR) AS channel,
        CASE WHEN ${cancellation("m.invoice")} THEN nullif(substr(m.invoice, 2), '')
          END AS refund_of,
        false AS converted
      FROM (SELECT *, ${lineOk} AS line_ok, m.invoice AS order_id,
          m.customer AS customer_id, ts.ts AS order_ts_text
        FROM ${withTimestamp("extracted", capture(pattern, "date"), format)})))`;
}

export function cancellation(invoice: string): string {
  return `starts_with(upper(${invoice}), 'C')`;
}

/**
 * SQL that is true when a matched line's quantity has the sign its
 * invoice allows: at most 0 on a `C` invoice, at least 0 elsewhere. The
 * row engine rejects the other lines before reading their dates.
 */
export function invoiceSign(m: string): string {
  const quantity = `try_cast(${m}.quantity AS DOUBLE)`;
  return `CASE WHEN ${cancellation(`${m}.invoice`)} THEN ${quantity} <= 0
    ELSE ${quantity} >= 0 END`;
}

/**
 * SQL of the key that groups the lines of an invoice: the invoice field
 * without the characters an id may not have, so lines whose ids the row
 * engine trims or reads alike fall in one group.
 */
export function orderKey(invoiceField: string): string {
  return `regexp_replace(coalesce(${invoiceField}, ''),
    '[^A-Za-z0-9_.:#/-]', '', 'g')`;
}

/**
 * SQL splitting a line into fields: directly without quotes, by a pattern
 * of RFC 4180 fields with them; NULL when the quoted fields do not make up
 * the whole line.
 */
export function splitFields(text: string, delimiter: string): string {
  const d = quote(delimiter);
  const escaped = delimiter.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  const pattern = quote(`(?:^|${escaped})("(?:[^"]|"")*"|[^${escaped}"]*)`);
  return `CASE
      WHEN NOT contains(${text}, '"') THEN string_split(${text}, ${d})
      WHEN array_to_string(regexp_extract_all(${text}, ${pattern}, 1), ${d}) = ${text}
        THEN list_transform(regexp_extract_all(${text}, ${pattern}, 1),
          lambda x: CASE WHEN starts_with(x, '"')
            THEN replace(x[2:-2], '""', '"') ELSE x END)
      END`;
}

import type { DuckDBConnection } from "@duckdb/node-api";
import type { CanonicalField } from "./canonical.ts";
import type { DateOrderDetector } from "./date-order.ts";
import { forEachRow, quote } from "./lake-writer.ts";
import {
  type CanonicalPositions,
  cancellation,
  canonicalPatterns,
  capturesAt,
  currencyRule,
  cutoffRule,
  ID,
  INTEGER,
  type InvoicePositions,
  linePattern,
  NUMBER,
  orderKey,
  SQL_YEAR,
  splitFields,
  withTimestamp,
} from "./sql-rules.ts";
import { MAX_ABS_AMOUNT, type ValidationRules } from "./validate.ts";

/**
 * The SQL engine's direct path. It takes the most common, strictly valid
 * lines first: canonical rows go straight into the lake file, and whole
 * invoices are summed in one GROUP BY. Every other line goes through the
 * classification of sql-rules.ts and the row engine as before. A direct row is always one
 * that `canonicalRows` or `invoiceRows` calls simple, with the same values.
 * The queries read `raw_lines(text)`, whose rowid is the line number less
 * one, after the header on `headerLine`.
 */

/**
 * An ISO date with an optional time to the minute or second, each part in
 * its range. Only the day can still be past its month's end.
 */
const STRICT_ISO_TS =
  `${SQL_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])` +
  "(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?)?";

/** A day-first or month-first date, with an optional time in range. */
const STRICT_SLASH_TS =
  `[0-9]{1,2}/[0-9]{1,2}/${SQL_YEAR}` +
  "(?: (?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?)?";

/** Returns SQL of the numbered data lines of `raw_lines`, without blanks. */
function dataLines(headerLine: number): string {
  return `(SELECT rowid + 1 AS line, text FROM raw_lines
    WHERE rowid >= ${headerLine} AND text IS NOT NULL)`;
}

/**
 * Returns a SELECT of the staged columns of the canonical lines that the
 * SQL engine writes straight to the lake. A line qualifies when it has no
 * quotes or `@`, its fields have the strict forms of `canonicalLine`, and
 * its ISO order time (`STRICT_ISO_TS`) falls on a real day, within the
 * cutoff and in the shop's currency.
 */
export function directCanonicalRows(
  positions: CanonicalPositions,
  width: number,
  delimiter: string,
  rules: ValidationRules,
  headerLine: number,
): string {
  const { pattern } = linePattern(
    width,
    capturesAt(positions, {
      ...canonicalPatterns(delimiter),
      order_ts: STRICT_ISO_TS,
    }),
    delimiter,
  );
  const field = (name: CanonicalField) =>
    positions[name] < 0 ? "CAST(NULL AS VARCHAR)" : `p[${positions[name] + 1}]`;
  const optional = (name: CanonicalField) => `nullif(${field(name)}, '')`;
  const t = field("order_ts");
  // A space between date and time, and the seconds filled in. The strict
  // pattern allows a T only between them.
  const normal = `CASE WHEN length(${t}) = 19 AND NOT contains(${t}, 'T') THEN ${t}
      WHEN length(${t}) = 19 THEN replace(${t}, 'T', ' ')
      WHEN length(${t}) = 16 THEN replace(${t}, 'T', ' ') || ':00'
      ELSE ${t} || ' 00:00:00' END`;
  return `SELECT * FROM (SELECT ${field("order_id")} AS order_id,
      ${field("customer_id")} AS customer_id, ${normal} AS order_ts_text,
      CAST(${field("amount")} AS DOUBLE) + 0.0 AS amount,
      upper(${optional("currency")}) AS currency,
      ${optional("status")} AS status,
      CAST(${optional("quantity")} AS DOUBLE) + 0.0 AS quantity,
      ${optional("category")} AS category, ${optional("channel")} AS channel,
      CAST(NULL AS VARCHAR) AS refund_of, false AS converted,
      line AS source_line
    FROM (SELECT line, string_split(text, ${quote(delimiter)}) AS p
      FROM ${dataLines(headerLine)}
      WHERE NOT contains(text, '"')
        AND NOT contains(text, '@')
        AND regexp_full_match(text, ${quote(pattern)})))
    WHERE try_cast(left(order_ts_text, 10) AS DATE) IS NOT NULL
      AND ${cutoffRule(rules, "order_ts_text")}
      AND ${currencyRule("currency", rules)}`;
}

/**
 * Returns SQL of field `index` (0-based) of a line of `width` fields
 * without splitting quoted fields. It reads the split line `p` when the
 * line has no quote, else the text before its first quote (`pre`) or after
 * its last (`post`). The field is NULL when it lies between quotes.
 */
function sideField(index: number, width: number): string {
  return `CASE WHEN p IS NOT NULL THEN p[${index + 1}]
      WHEN ${index + 1} < len(pre) THEN pre[${index + 1}]
      WHEN ${width - index} < len(post) THEN post[${index - width}] END`;
}

/**
 * Creates `invoice_lines(line, ok, dropped, order_key, customer_id,
 * order_time, amount, quantity)` from every data line of an invoice-lines
 * file. `ok` marks a line without `@` whose fields have the strict forms,
 * whose quantity has its invoice's sign and whose value is in range. Such
 * a line is simple in `invoiceRows` when its date is valid in the file's
 * format. `dropped` marks a well-formed line with an empty customer, which
 * the row engine always quarantines, so it never becomes an invoice's
 * first line. `order_key` is `orderKey` of the invoice field; NULL when
 * the line's quotes cannot be split (see `splitFields`).
 */
export function invoiceLinesTable(
  positions: InvoicePositions,
  width: number,
  delimiter: string,
  headerLine: number,
): string {
  const { pattern } = linePattern(
    width,
    capturesAt(positions, {
      invoice: ID,
      quantity: INTEGER,
      date: `${STRICT_SLASH_TS}|${STRICT_ISO_TS}`,
      unitPrice: NUMBER,
      customer: ID,
    }),
    delimiter,
  );
  const d = quote(delimiter);
  const field = (name: keyof InvoicePositions) =>
    sideField(positions[name], width);
  const product = "CAST(quantity AS DOUBLE) * CAST(price AS DOUBLE)";
  const tryProduct = "try_cast(quantity AS DOUBLE) * try_cast(price AS DOUBLE)";
  // A line the strict pattern matched has all five fields on a side of
  // its quotes, or it is not ok. The key of another line is the invoice
  // field read the same way, or split exactly when it lies between quotes.
  const noCustomer = linePattern(
    width,
    capturesAt({ customer: positions.customer }, { customer: "" }),
    delimiter,
  ).pattern;
  return `CREATE TEMP TABLE invoice_lines AS
    SELECT line, ok,
      CASE WHEN NOT ok THEN regexp_full_match(text, ${quote(noCustomer)})
        ELSE false END AS dropped,
      CASE
        WHEN ok THEN invoice
        WHEN invoice IS NOT NULL THEN ${orderKey("invoice")}
        ELSE ${orderKey(`(${splitFields("text", delimiter)})[${positions.invoice + 1}]`)}
      END AS order_key,
      CASE WHEN ok THEN customer END AS customer_id,
      CASE WHEN ok THEN date END AS order_time,
      CASE WHEN ok THEN (CASE WHEN ${product} = 0 THEN 0.0 ELSE ${product} END)
        END AS amount,
      CASE WHEN ok THEN abs(CAST(quantity AS DOUBLE)) END AS quantity
    FROM (SELECT line, text, invoice, customer, date, quantity, price,
        coalesce(matched AND invoice IS NOT NULL AND customer IS NOT NULL
          AND date IS NOT NULL AND quantity IS NOT NULL AND price IS NOT NULL
          AND CASE WHEN ${cancellation("invoice")}
            THEN try_cast(quantity AS DOUBLE) <= 0
            ELSE try_cast(quantity AS DOUBLE) >= 0 END
          AND abs(${tryProduct}) <= ${MAX_ABS_AMOUNT}, false) AS ok
      FROM (SELECT line, text, matched, ${field("invoice")} AS invoice,
          ${field("customer")} AS customer, ${field("date")} AS date,
          ${field("quantity")} AS quantity, ${field("unitPrice")} AS price
        FROM (SELECT line, text,
            regexp_full_match(text, ${quote(pattern)})
              AND NOT contains(text, '@') AS matched,
            CASE WHEN NOT contains(text, '"') THEN string_split(text, ${d}) END
              AS p,
            CASE WHEN contains(text, '"')
              THEN string_split(split_part(text, '"', 1), ${d}) END AS pre,
            CASE WHEN contains(text, '"')
              THEN string_split(split_part(text, '"', -1), ${d}) END AS post
          FROM ${dataLines(headerLine)})))`;
}

/**
 * Creates `invoice_groups` from `invoice_lines`, one row per order key.
 * A group is `ok` when its lines are ok or dropped and at least one is ok.
 * It keeps the first ok line with its customer and order time, whether
 * the ok lines agree on them, and the sums of the ok lines' values.
 */
export const INVOICE_GROUPS = `CREATE TEMP TABLE invoice_groups AS
  SELECT order_key, bool_and(ok OR dropped) AND bool_or(ok) AS ok,
    count(*) FILTER (ok) AS lines,
    min(line) FILTER (ok) AS source_line,
    arg_min(customer_id, line) FILTER (ok) AS customer_id,
    min(customer_id) = max(customer_id) AS one_customer,
    arg_min(order_time, line) FILTER (ok) AS order_time,
    min(order_time) = max(order_time) AS one_time,
    round(fsum(amount), 6) AS amount, sum(quantity) AS quantity
  FROM invoice_lines GROUP BY order_key`;

/**
 * Creates `invoice_orders` from `invoice_groups`, `direct` for an ok
 * group whose ok lines have one customer and one order time, valid in
 * `format` and within the cutoff. These are the invoices whose every line
 * `invoiceRows` calls simple or the row engine quarantines, so their
 * orders get the values that `finish` gives a sum of the ok lines.
 */
export function invoiceOrdersTable(
  rules: ValidationRules,
  format: "iso" | "dmy" | "mdy",
): string {
  return `CREATE TEMP TABLE invoice_orders AS
    SELECT * EXCLUDE (d, ts), ts.ts AS order_ts_text,
      coalesce(ok AND one_customer AND one_time AND ts.ok
        AND ${cutoffRule(rules, "ts.ts")}, false) AS direct
    FROM ${withTimestamp("invoice_groups", "order_time", format)}`;
}

/** The staged columns of the direct invoices, in no particular order. */
export const DIRECT_INVOICE_ROWS = `SELECT order_key AS order_id,
    customer_id, order_ts_text, amount, CAST(NULL AS VARCHAR) AS currency,
    CAST(NULL AS VARCHAR) AS status, quantity,
    CAST(NULL AS VARCHAR) AS category, CAST(NULL AS VARCHAR) AS channel,
    CASE WHEN ${cancellation("order_key")}
      THEN nullif(substr(order_key, 2), '') END AS refund_of,
    false AS converted, source_line
  FROM invoice_orders WHERE direct`;

/**
 * The lines left for the other engines: those not ok (the row engine
 * quarantines the dropped ones), and the lines of invoices not direct.
 */
export const INDIRECT_INVOICE_LINES = `SELECT line FROM invoice_lines
  WHERE NOT ok OR order_key IN (
    SELECT order_key FROM invoice_orders WHERE NOT direct)`;

/**
 * Shows `detector` the earliest day-first, month-first and undecided
 * dates among the ok lines of `invoice_lines`, as `detectDateOrderSql`
 * does for the lines it reads. A group whose ok lines share one time
 * shows it on its first ok line; the lines of other groups are read one
 * by one.
 */
export async function observeInvoiceDates(
  db: DuckDBConnection,
  detector: DateOrderDetector,
): Promise<void> {
  await forEachRow(
    db,
    `SELECT min(line), arg_min(order_time, line) FROM (
      SELECT line, order_time,
        CAST(split_part(order_time, '/', 1) AS INTEGER) AS first,
        CAST(split_part(order_time, '/', 2) AS INTEGER) AS second
      FROM (SELECT source_line AS line, order_time FROM invoice_groups
          WHERE one_time
        UNION ALL SELECT line, order_time FROM invoice_lines
          WHERE ok AND order_key IN (
            SELECT order_key FROM invoice_groups WHERE NOT one_time))
      WHERE contains(order_time, '/'))
    GROUP BY CASE WHEN first > 12 AND second <= 12 THEN 1
      WHEN second > 12 AND first <= 12 THEN 2
      WHEN first <> second THEN 3 END`,
    ([line, time]) => detector.observe(Number(line), time as string),
  );
}

import type { CanonicalField } from "./canonical.ts";
import { quote } from "./lake-writer.ts";
import type { ValidationRules } from "./validate.ts";

/**
 * Conservative patterns of the SQL engine. A row whose fields all match
 * them is valid under the row engine's rules too, and SQL computes the
 * same values; every other row goes to the row engine. Years before 1900
 * and non-ASCII text are left to the row engine on purpose.
 */
const ID = "^[A-Za-z0-9_.:#/-]+$";
const TEXT = "^([!-~]([ -~]*[!-~])?)?$";
const ISO_TS =
  "^((?:19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?$";
const SLASH_TS =
  "^([0-9]{1,2})/([0-9]{1,2})/((?:19|2[0-9])[0-9]{2})(?: ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$";
const AMOUNT = "^-?[0-9]+(\\.[0-9]+)?$";
const UNSIGNED = "^[0-9]+(\\.[0-9]+)?$";
const OPTIONAL_UNSIGNED = "^([0-9]+(\\.[0-9]+)?)?$";
const INTEGER = "^(0|-?[1-9][0-9]*)$";
const CURRENCY = "^[A-Za-z]{3}$";

/** SQL for field `index` (0-based) of the parsed list `f`, or NULL. */
export function field(index: number): string {
  return index < 0 ? "CAST(NULL AS VARCHAR)" : `f[${index + 1}]`;
}

const matches = (sql: string, pattern: string) =>
  `regexp_full_match(${sql}, ${quote(pattern)})`;

const optionalText = (sql: string) =>
  `(${sql} IS NULL OR ${matches(sql, TEXT)})`;

/**
 * SQL of a struct with the normalised timestamp (`ts`, as
 * `normaliseTimestamp` writes it) and whether the text is a simple valid
 * time in the format. It reads the parts from column `m`, which
 * `withTimestamp` adds.
 */
function timestamp(sql: string, format: "iso" | "dmy" | "mdy"): string {
  const pattern = format === "iso" ? ISO_TS : SLASH_TS;
  const part = (name: string, fallback: string) =>
    `lpad(coalesce(nullif(m.${name}, ''), ${quote(fallback)}), 2, '0')`;
  const date =
    format === "iso"
      ? "m.date"
      : format === "dmy"
        ? `m.y || '-' || ${part("b", "")} || '-' || ${part("a", "")}`
        : `m.y || '-' || ${part("a", "")} || '-' || ${part("b", "")}`;
  const hour = part("h", "00");
  const minute = part("mi", "00");
  const second = part("s", "00");
  return `CASE WHEN ${matches(sql, pattern)} THEN {
      'ok': try_cast(${date} AS DATE) IS NOT NULL
        AND try_cast(${hour} AS INTEGER) < 24
        AND try_cast(${minute} AS INTEGER) < 60
        AND try_cast(${second} AS INTEGER) < 60,
      'ts': ${date} || ' ' || ${hour} || ':' || ${minute} || ':' || ${second}}
    ELSE {'ok': false, 'ts': NULL} END`;
}

/**
 * SQL of `parsed` with the parts of the time (column `m`) and the struct
 * `ts` of `timestamp`. One regexp_extract reads all parts.
 */
function withTimestamp(sql: string, format: "iso" | "dmy" | "mdy"): string {
  const pattern = format === "iso" ? ISO_TS : SLASH_TS;
  const names =
    format === "iso"
      ? "['date', 'h', 'mi', 's']"
      : "['a', 'b', 'y', 'h', 'mi', 's']";
  return `(SELECT *, ${timestamp(sql, format)} AS ts FROM (
    SELECT *, regexp_extract(${sql}, ${quote(pattern)}, ${names}) AS m
    FROM parsed))`;
}

/** Conditions every simple row meets whatever the preset. */
function shopRules(rules: ValidationRules, ts: string): string {
  const cutoff = rules.cutoff
    ? `${ts} <= ${quote(rules.cutoff.localBound)}`
    : "true";
  return cutoff;
}

function currencyRule(currency: string, rules: ValidationRules): string {
  const shop = rules.currency === null ? null : quote(rules.currency);
  const same = shop === null ? "true" : `upper(${currency}) = ${shop}`;
  return `(${currency} IS NULL OR ${currency} = '' OR
    (${matches(currency, CURRENCY)} AND ${same}))`;
}

/**
 * SELECT list of the canonical preset over `parsed(line, f)`: the staged
 * columns and `simple`. `positions` are the header's column indexes.
 */
export function canonicalRows(
  positions: Record<CanonicalField, number>,
  width: number,
  rules: ValidationRules,
): string {
  const get = (name: CanonicalField) => field(positions[name]);
  const nullable = (name: CanonicalField) => `nullif(${get(name)}, '')`;
  return `SELECT line, coalesce(len(f) = ${width} AND NOT contains(text, '@')
      AND ${matches(get("order_id"), ID)} AND ${matches(get("customer_id"), ID)}
      AND ts.ok AND ${shopRules(rules, "ts.ts")}
      AND ${matches(get("amount"), AMOUNT)}
      AND ${matches(`coalesce(${get("quantity")}, '')`, OPTIONAL_UNSIGNED)}
      AND ${currencyRule(get("currency"), rules)}
      AND ${optionalText(get("status"))} AND ${optionalText(get("category"))}
      AND ${optionalText(get("channel"))}
      AND coalesce(${get("refund_of")}, '') = '', false) AS simple,
    ${get("order_id")} AS order_id, ${get("customer_id")} AS customer_id,
    ts.ts AS order_ts_text, try_cast(${get("amount")} AS DOUBLE) AS amount,
    upper(${nullable("currency")}) AS currency, ${nullable("status")} AS status,
    try_cast(nullif(${get("quantity")}, '') AS DOUBLE) AS quantity,
    ${nullable("category")} AS category, ${nullable("channel")} AS channel,
    CAST(NULL AS VARCHAR) AS refund_of, false AS converted
  FROM ${withTimestamp(get("order_ts"), "iso")}`;
}

/** Positions of the invoice-lines columns the SQL engine reads. */
export interface InvoicePositions {
  invoice: number;
  quantity: number;
  date: number;
  unitPrice: number;
  customer: number;
}

/**
 * SELECT list of the invoice-lines preset over `parsed(line, f)`. A line
 * is simple only when every line of its invoice is, and they agree on the
 * customer and the time, so the row engine gets whole invoices.
 */
export function invoiceRows(
  p: InvoicePositions,
  width: number,
  rules: ValidationRules,
  format: "iso" | "dmy" | "mdy",
): string {
  const invoice = field(p.invoice);
  const quantity = field(p.quantity);
  const price = field(p.unitPrice);
  const customer = field(p.customer);
  const cancellation = `starts_with(upper(${invoice}), 'C')`;
  const lineOk = `coalesce(len(f) = ${width} AND NOT contains(text, '@')
    AND ${matches(invoice, ID)}
    AND ${matches(customer, ID)} AND ts.ok AND ${shopRules(rules, "ts.ts")}
    AND ${matches(quantity, INTEGER)} AND ${matches(price, UNSIGNED)}
    AND CASE WHEN ${cancellation} THEN try_cast(${quantity} AS DOUBLE) <= 0
      ELSE try_cast(${quantity} AS DOUBLE) >= 0 END, false)`;
  const product = `try_cast(${quantity} AS DOUBLE) * try_cast(${price} AS DOUBLE)`;
  return `SELECT line,
      coalesce(bool_and(line_ok) OVER w, false)
        AND min(customer_id) OVER w = max(customer_id) OVER w
        AND min(ts.ts) OVER w = max(ts.ts) OVER w AS simple,
      order_id, customer_id, ts.ts AS order_ts_text,
      CASE WHEN ${product} = 0 THEN 0.0 ELSE ${product} END AS amount,
      CAST(NULL AS VARCHAR) AS currency, CAST(NULL AS VARCHAR) AS status,
      abs(try_cast(${quantity} AS DOUBLE)) AS quantity,
      CAST(NULL AS VARCHAR) AS category, CAST(NULL AS VARCHAR) AS channel,
      CASE WHEN ${cancellation} THEN nullif(substr(${invoice}, 2), '') END
        AS refund_of,
      false AS converted
    FROM (SELECT *, ${lineOk} AS line_ok, ${invoice} AS order_id,
        ${customer} AS customer_id,
        regexp_replace(coalesce(${invoice}, ''), '[^A-Za-z0-9_.:#/-]', '', 'g')
          AS order_key,
        ts
      FROM ${withTimestamp(field(p.date), format)})
    WINDOW w AS (PARTITION BY order_key)`;
}

import type { CanonicalOrder, OrderText } from "./canonical.ts";
import { type Cutoff, isAfterCutoff } from "./cutoff.ts";
import {
  type DecimalSeparator,
  invalidNumberDetail,
  parseNumber,
} from "./numbers.ts";
import type { QuarantineReason } from "./reasons.ts";
import { type DateFormat, normaliseTimestamp } from "./timestamps.ts";

/**
 * Largest order value, in absolute terms, that ingestion accepts. Larger
 * values are typing or export errors in any shop, and values such as
 * 1e300 overflow the model's float32 tensors.
 */
export const MAX_ABS_AMOUNT = 1e12;
const LIMIT_TEXT = MAX_ABS_AMOUNT.toExponential().replace("+", "");

/**
 * First and last order dates that ingestion accepts, compared with the
 * date of the order time as the file writes it. The range rejects typing
 * errors and placeholders such as 0001-01-01 or 9999-12-31. A far-future
 * date in the lake would become the default as-of day of a run. The SQL
 * engine reads only the years 19xx and 20xx (`SQL_YEAR` in sql-rules.ts),
 * which is the same range.
 */
export const MIN_ORDER_DATE = "1900-01-01";
export const MAX_ORDER_DATE = "2099-12-31";

/** Shop settings that decide whether a row is a usable order. */
export interface ValidationRules {
  dateFormat: DateFormat;
  /** ISO 4217 code of the shop; null accepts any currency. */
  currency: string | null;
  /**
   * Shop-currency value of one unit of each other currency, by ISO 4217
   * code; an amount in a listed currency is converted, not quarantined.
   */
  conversionRates?: Readonly<Record<string, number>>;
  /** Orders after this time are quarantined as `after_cutoff`. */
  cutoff?: Cutoff | null;
}

/** A validated order, or the reason the row cannot be one. */
export type ValidationResult =
  | { ok: true; order: CanonicalOrder }
  | { ok: false; reason: QuarantineReason; detail: string };

const reject = (
  reason: QuarantineReason,
  detail: string,
): ValidationResult => ({ ok: false, reason, detail });

/**
 * Turns one row's canonical fields into an order, checking each field in a
 * fixed order so that a row with several faults gets the first reason.
 * Amounts and quantities are read with `decimalSeparator`.
 */
export function validateOrder(
  text: OrderText,
  rules: ValidationRules,
  decimalSeparator: DecimalSeparator = ".",
): ValidationResult {
  const orderId = text.order_id?.trim() ?? "";
  const customerId = text.customer_id?.trim() ?? "";
  const ts = text.order_ts?.trim() ?? "";
  const amountText = text.amount?.trim() ?? "";
  if (orderId === "") return reject("missing_order_id", "order_id is empty");
  if (customerId === "") {
    return reject("missing_customer_id", "customer_id is empty");
  }
  if (ts === "") return reject("missing_timestamp", "order_ts is empty");
  const orderTs = normaliseTimestamp(ts, rules.dateFormat);
  if (orderTs === null) {
    const format = rules.dateFormat === "auto" ? "iso" : rules.dateFormat;
    return reject(
      "invalid_timestamp",
      `order_ts "${ts}" is not a valid ${format} time`,
    );
  }
  const day = orderTs.slice(0, 10);
  if (day < MIN_ORDER_DATE || day > MAX_ORDER_DATE) {
    const bound =
      day < MIN_ORDER_DATE
        ? `before ${MIN_ORDER_DATE}`
        : `after ${MAX_ORDER_DATE}`;
    return reject("date_out_of_range", `order_ts "${ts}" is ${bound}`);
  }
  if (amountText === "") return reject("missing_amount", "amount is empty");
  const amount = parseNumber(amountText, decimalSeparator);
  if (amount === null) {
    return reject(
      "invalid_amount",
      invalidNumberDetail("amount", amountText, decimalSeparator),
    );
  }
  if (Math.abs(amount) > MAX_ABS_AMOUNT) {
    return reject(
      "amount_out_of_range",
      `amount ${amountText} is above ${LIMIT_TEXT} in absolute value`,
    );
  }
  const refundOf = optional(text.refund_of);
  if (refundOf !== null && amount > 0) {
    return reject(
      "invalid_amount",
      `amount ${amountText} of a refund of ${refundOf} is above 0`,
    );
  }
  const quantityText = text.quantity?.trim() ?? "";
  const quantity =
    quantityText === "" ? null : parseNumber(quantityText, decimalSeparator);
  if (quantityText !== "" && (quantity === null || quantity < 0)) {
    return reject(
      "invalid_quantity",
      invalidNumberDetail(
        "quantity",
        quantityText,
        decimalSeparator,
        " of at least 0",
      ),
    );
  }
  const money = toShopCurrency(amount, optional(text.currency), rules);
  if ("reason" in money) return money;
  if (rules.cutoff && isAfterCutoff(orderTs, rules.cutoff)) {
    return reject(
      "after_cutoff",
      `order_ts "${ts}" is after the cutoff ${rules.cutoff.text}`,
    );
  }
  return {
    ok: true,
    order: {
      orderId,
      customerId,
      orderTs,
      // Adding 0 turns -0 into 0, so the lake has no negative zero.
      amount: money.amount + 0,
      currency: money.currency,
      status: optional(text.status),
      quantity: quantity === null ? null : quantity + 0,
      category: optional(text.category),
      channel: optional(text.channel),
      refundOf,
      converted: money.converted,
    },
  };
}

/** Converts an amount to the shop's currency when a rate allows it. */
function toShopCurrency(
  amount: number,
  currencyText: string | null,
  rules: ValidationRules,
):
  | { amount: number; currency: string | null; converted: boolean }
  | { ok: false; reason: QuarantineReason; detail: string } {
  const currency = currencyText?.toUpperCase() ?? null;
  if (!rules.currency || !currency || currency === rules.currency) {
    return { amount, currency, converted: false };
  }
  const rate = rules.conversionRates?.[currency];
  if (rate === undefined) {
    return {
      ok: false,
      reason: "currency_mismatch",
      detail:
        `currency ${currency} is not the shop's ${rules.currency} and ` +
        "has no conversion rate",
    };
  }
  return { amount: amount * rate, currency: rules.currency, converted: true };
}

function optional(text: string | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

import { MAX_ORDER_DATE, MIN_ORDER_DATE } from "./validate.ts";

/**
 * Reason codes of quarantined rows. Each row that cannot become an order is
 * written to the quarantine with one of these codes and a detail text.
 */
export const QUARANTINE_REASONS = {
  unparseable_row:
    "the CSV parser could not read the row (for example an unclosed quote)",
  wrong_column_count:
    "the row has more or fewer fields than the header or the format",
  missing_order_id: "the order id is empty",
  missing_customer_id: "the customer id is empty",
  missing_timestamp: "the order time is empty",
  invalid_timestamp:
    "the order time is not a real date or time in the declared format",
  date_out_of_range:
    `the order date is before ${MIN_ORDER_DATE} or after ${MAX_ORDER_DATE}, ` +
    "such as 0001-01-01 or 9999-12-31",
  missing_amount: "the order value is empty",
  invalid_amount:
    "the order value is not a finite number with the declared decimal " +
    "separator (a point unless declared)",
  amount_out_of_range:
    "the order value is above 1e12 (one trillion) or below -1e12",
  invalid_quantity:
    "the quantity is not a finite number of at least 0 with the declared " +
    "decimal separator",
  currency_mismatch:
    "the currency is not the shop's and no conversion rate for it is given",
  after_cutoff: "the order time is after the declared export cutoff",
  orphan_line:
    "a line item whose order row (the first row of its order) is missing " +
    "or was quarantined",
  inconsistent_line:
    "a line item whose customer or order time differs from the first line " +
    "of its order",
} as const;

export type QuarantineReason = keyof typeof QUARANTINE_REASONS;

/** A row that went to the quarantine, with where it came from and why. */
export interface QuarantineRow {
  file: string;
  line: number;
  reason: QuarantineReason;
  detail: string;
  raw: string;
}

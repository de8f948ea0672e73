/** Fields of a canonical order; the first four are required. */
export const CANONICAL_FIELDS = [
  "order_id",
  "customer_id",
  "order_ts",
  "amount",
  "currency",
  "status",
  "quantity",
  "category",
  "channel",
  "refund_of",
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** The fields every order needs. */
export const REQUIRED_FIELDS: readonly CanonicalField[] = [
  "order_id",
  "customer_id",
  "order_ts",
  "amount",
];

/** One order's fields as text, before validation. */
export type OrderText = Partial<Record<CanonicalField, string>>;

/** Flags that mark an order for review without dropping it. */
export const ORDER_FLAGS = {
  zero_value: "the order's value is 0",
  above_cap: "the order's value is above the configured cap (--amount-cap)",
  converted: "the amount was converted from another currency to the shop's",
} as const;

export type OrderFlag = keyof typeof ORDER_FLAGS;

/** One validated order, ready for the lake. */
export interface CanonicalOrder {
  orderId: string;
  customerId: string;
  /**
   * Timestamp as DuckDB reads it: `YYYY-MM-DD HH:MM:SS[.fff]`, with an
   * offset when the export gave one and in the shop's zone otherwise.
   */
  orderTs: string;
  /** Value in the shop's currency; negative for a refund. */
  amount: number;
  currency: string | null;
  status: string | null;
  quantity: number | null;
  category: string | null;
  channel: string | null;
  /** Id of the order a refund belongs to, or null. */
  refundOf: string | null;
  /** True when the amount was converted to the shop's currency. */
  converted: boolean;
}

/** Statuses, lower-cased, of orders that do not count. */
export const CANCELLED_STATUSES = ["cancelled", "canceled", "voided"];

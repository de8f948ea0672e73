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
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** One order's fields as text, before validation. */
export type OrderText = Partial<Record<CanonicalField, string>>;

/** One validated order, ready for the lake. */
export interface CanonicalOrder {
  orderId: string;
  customerId: string;
  /**
   * Timestamp as DuckDB reads it: `YYYY-MM-DD HH:MM:SS[.fff]`, with an
   * offset when the export gave one and in the shop's zone otherwise.
   */
  orderTs: string;
  amount: number;
  currency: string | null;
  status: string | null;
  quantity: number | null;
  category: string | null;
  channel: string | null;
}

/** Statuses, lower-cased, of orders that do not count. */
export const CANCELLED_STATUSES = ["cancelled", "canceled", "voided"];

/** One order as the encoder reads it. Days count from 1970-01-01. */
export interface OrderEvent {
  /** The order's day in the shop's time zone. */
  day: number;
  /** Order value in the shop's currency; negative for a refund. */
  amount: number;
  quantity: number | null;
  category: string | null;
}

/** A customer's orders, sorted by time, oldest first. */
export interface CustomerHistory {
  customerId: string;
  orders: OrderEvent[];
}

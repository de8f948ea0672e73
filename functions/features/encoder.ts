import type { CustomerHistory, OrderEvent } from "./history.ts";

/** Version of the input layout below; bump it on any change. */
export const ENCODER_VERSION = "1";

export const SEQUENCE_FEATURES = [
  "log_amount",
  "age_years",
  "gap_years",
  "log_quantity",
] as const;

export const SUMMARY_FEATURES = [
  "log_orders",
  "log_repeat_occasions",
  "recency_years",
  "tenure_years",
  "idle_years",
  "log_total_spend",
  "log_mean_amount",
  "log_max_amount",
] as const;

const F = SEQUENCE_FEATURES.length;
const S = SUMMARY_FEATURES.length;
const DAYS_PER_YEAR = 365;

/** Choices that shape the tensors, shared by training and scoring. */
export interface EncoderSpec {
  /** L: how many of the latest orders the sequence keeps. */
  maxOrders: number;
  /** Category vocabulary (index i is category index i + 2), or null. */
  categories: string[] | null;
}

/** Model inputs for a batch of customers, in C order. */
export interface EncodedBatch {
  count: number;
  maxOrders: number;
  /** [count, maxOrders, F] */
  seq: Float32Array;
  /** [count, maxOrders]: 1 for a real order, 0 for padding. */
  mask: Float32Array;
  /** [count, S] */
  summary: Float32Array;
  /** [count, maxOrders]: 0 padding, 1 unknown, 2+ vocabulary; or null. */
  seqCategory: BigInt64Array | null;
}

/**
 * Encodes customers' histories as of the end of `asOfDay` (a local day,
 * counted from 1970-01-01). Orders after that day are ignored, so one
 * history serves any as-of. Refunds (negative amounts) are not orders: they
 * only lower the total spend. The layout is fixed in docs/contracts.md.
 */
export function encodeHistories(
  histories: readonly CustomerHistory[],
  asOfDay: number,
  spec: EncoderSpec,
): EncodedBatch {
  const L = spec.maxOrders;
  const count = histories.length;
  const batch: EncodedBatch = {
    count,
    maxOrders: L,
    seq: new Float32Array(count * L * F),
    mask: new Float32Array(count * L),
    summary: new Float32Array(count * S),
    seqCategory: spec.categories ? new BigInt64Array(count * L) : null,
  };
  const categoryIndex = new Map(
    (spec.categories ?? []).map((name, i) => [name, BigInt(i + 2)]),
  );
  for (let row = 0; row < count; row++) {
    const history = histories[row] as CustomerHistory;
    const window = history.orders.filter((order) => order.day <= asOfDay);
    encodeSequence(batch, row, window, asOfDay, categoryIndex);
    encodeSummary(batch.summary, row * S, window, asOfDay);
  }
  return batch;
}

function encodeSequence(
  batch: EncodedBatch,
  row: number,
  window: OrderEvent[],
  asOfDay: number,
  categoryIndex: Map<string, bigint>,
): void {
  const L = batch.maxOrders;
  const purchases = window.filter((order) => order.amount >= 0);
  const kept = purchases.slice(-L);
  const offset = purchases.length - kept.length;
  const pad = L - kept.length;
  for (let j = 0; j < kept.length; j++) {
    const order = kept[j] as OrderEvent;
    const previous = purchases[offset + j - 1];
    const position = row * L + pad + j;
    const base = position * F;
    batch.seq[base] = Math.log1p(order.amount);
    batch.seq[base + 1] = (asOfDay - order.day) / DAYS_PER_YEAR;
    batch.seq[base + 2] = previous
      ? (order.day - previous.day) / DAYS_PER_YEAR
      : 0;
    batch.seq[base + 3] =
      order.quantity === null ? 0 : Math.log1p(order.quantity);
    batch.mask[position] = 1;
    if (batch.seqCategory) {
      const index =
        order.category === null ? undefined : categoryIndex.get(order.category);
      batch.seqCategory[position] = index ?? 1n;
    }
  }
}

function encodeSummary(
  summary: Float32Array,
  base: number,
  window: OrderEvent[],
  asOfDay: number,
): void {
  const purchases = window.filter((order) => order.amount >= 0);
  const first = purchases[0];
  const last = purchases.at(-1);
  if (!first || !last) return;
  const total = window.reduce((sum, order) => sum + order.amount, 0);
  const purchaseTotal = purchases.reduce((sum, order) => sum + order.amount, 0);
  const largest = purchases.reduce(
    (max, order) => Math.max(max, order.amount),
    0,
  );
  const occasions = new Set(purchases.map((order) => order.day)).size;
  summary[base] = Math.log1p(purchases.length);
  summary[base + 1] = Math.log1p(occasions - 1);
  summary[base + 2] = (last.day - first.day) / DAYS_PER_YEAR;
  summary[base + 3] = (asOfDay - first.day) / DAYS_PER_YEAR;
  summary[base + 4] = (asOfDay - last.day) / DAYS_PER_YEAR;
  summary[base + 5] = Math.log1p(Math.max(total, 0));
  summary[base + 6] = Math.log1p(purchaseTotal / purchases.length);
  summary[base + 7] = Math.log1p(largest);
}

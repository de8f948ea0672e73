import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { CANCELLED_STATUSES } from "#ingest/canonical.ts";
import { quote } from "#ingest/lake-writer.ts";
import { readManifest } from "#ingest/manifest.ts";
import { InputError } from "#shared/errors.ts";
import type { CustomerHistory } from "./history.ts";

/** Counts from reading the lake, besides the histories. */
export interface LakeStats {
  customers: number;
  /** Orders in the histories, not counting refunds. */
  orders: number;
  /** Rows dropped because a later row had the same order_id. */
  duplicatesMerged: number;
  cancelledExcluded: number;
  /** Refunds matched to the order they belong to, capped at its amount. */
  refundsApplied: number;
  /** Refunds with no order to match, kept as negative amounts on their day. */
  refundsUnmatched: number;
  /** Refunds of cancelled orders, left out like the orders. */
  refundsOfCancelled: number;
  /** Distinct (customer, local day) pairs with an order that is no refund. */
  purchaseOccasions: number;
  firstDay: number;
  lastDay: number;
  hasCategories: boolean;
}

const cancelled = `lower(status) IN (${CANCELLED_STATUSES.map(quote).join(", ")})`;

/**
 * The lake's latest versions, split into orders and refunds. A refund is
 * matched to the order its `refund_of` names when that order belongs to
 * the same customer.
 */
const TABLES = [
  `CREATE TEMP TABLE orders AS SELECT * FROM latest WHERE refund_of IS NULL`,
  `CREATE TEMP TABLE refunds AS
    SELECT r.*, o.order_id IS NOT NULL AS matched,
      coalesce(o.status IS NOT NULL AND ${cancelled.replace("status", "o.status")}, false)
        AS of_cancelled
    FROM latest r LEFT JOIN orders o
      ON o.order_id = r.refund_of AND o.customer_id = r.customer_id
    WHERE r.refund_of IS NOT NULL`,
];

/**
 * Orders not cancelled, at their full amount on their day, and refunds as
 * negative amounts on their own day. That way a refund after the cutoff
 * lowers the horizon's spend, not the inputs. A matched refund is capped so
 * that the refunds of one order never exceed its amount. Refunds that are
 * themselves cancelled do not count.
 */
const EVENTS = `
  SELECT o.customer_id, o.order_date, o.order_ts, o.order_id, o.amount,
    o.quantity, o.category
  FROM orders o
  WHERE o.status IS NULL OR NOT ${cancelled.replace("status", "o.status")}
  UNION ALL
  SELECT * FROM (
  SELECT customer_id, order_date, order_ts, order_id,
    -(least(refunded, cap) - least(refunded + amount, cap)) AS amount,
    NULL AS quantity, category
  FROM (
    SELECT r.*, greatest(o.amount, 0) AS cap,
      sum(-r.amount) OVER (PARTITION BY r.refund_of
        ORDER BY r.order_ts, r.order_id) AS refunded
    FROM refunds r JOIN orders o ON o.order_id = r.refund_of
    WHERE r.matched AND NOT r.of_cancelled
      AND (r.status IS NULL OR NOT ${cancelled.replace("status", "r.status")})))
  -- A refund capped to nothing is no event; 0 would read as a purchase.
  WHERE amount < 0
  UNION ALL
  SELECT customer_id, order_date, order_ts, order_id, amount, quantity,
    category
  FROM refunds
  WHERE NOT matched
    AND (status IS NULL OR NOT ${cancelled})`;

/**
 * Reads the curated lake into one history per customer. For each order_id
 * the row of the latest file wins (then the latest line). Cancelled orders
 * and their refunds are left out. Every refund is a negative amount on its
 * own day, and a matched refund never takes more than its order's amount.
 *
 * @throws InputError when the lake holds no orders.
 */
export async function readHistories(
  workdir: string,
): Promise<{ histories: CustomerHistory[]; stats: LakeStats }> {
  const manifest = await readManifest(workdir);
  const files = manifest.files.map((file) =>
    quote(join(workdir, file.lakeFile)),
  );
  if (files.length === 0) {
    throw new InputError(
      `The lake in ${workdir} is empty: ingest orders first.`,
    );
  }
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const source = `read_parquet([${files.join(", ")}], union_by_name = true)`;
  await connection.run(`CREATE TEMP TABLE latest AS
    SELECT * FROM ${source}
    QUALIFY row_number() OVER (
      PARTITION BY order_id ORDER BY file_seq DESC, source_line DESC) = 1`);
  for (const sql of TABLES) await connection.run(sql);
  const counts = await readCounts(connection, source);
  const rows = await connection.runAndReadAll(`SELECT customer_id,
      CAST(order_date - DATE '1970-01-01' AS INTEGER) AS day,
      amount, quantity, category
    FROM (${EVENTS})
    ORDER BY customer_id, order_ts, order_id`);
  connection.closeSync();

  const histories = groupByCustomer(rows.getColumnsJS());
  if (histories.length === 0) {
    throw new InputError(
      `The lake in ${workdir} has no countable orders: every row was ` +
        "quarantined, cancelled or refunded. The quarantine in " +
        `${workdir}/quarantine/orders/ gives each row's reason. Check ` +
        "--format or --mapping, --currency, --date-format and " +
        "--decimal-separator.",
    );
  }
  return { histories, stats: describe(histories, counts) };
}

type Counts = Pick<
  LakeStats,
  | "duplicatesMerged"
  | "cancelledExcluded"
  | "refundsApplied"
  | "refundsUnmatched"
  | "refundsOfCancelled"
>;

async function readCounts(
  connection: DuckDBConnection,
  source: string,
): Promise<Counts> {
  const reader = await connection.runAndReadAll(`SELECT
      (SELECT count(*) FROM ${source}) - (SELECT count(*) FROM latest),
      (SELECT count(*) FROM orders WHERE ${cancelled}),
      (SELECT count(*) FROM refunds WHERE matched AND NOT of_cancelled),
      (SELECT count(*) FROM refunds WHERE NOT matched),
      (SELECT count(*) FROM refunds WHERE of_cancelled)`);
  const [duplicates, cancelledCount, applied, unmatched, ofCancelled] = (
    reader.getRows()[0] as bigint[]
  ).map(Number) as [number, number, number, number, number];
  return {
    duplicatesMerged: duplicates,
    cancelledExcluded: cancelledCount,
    refundsApplied: applied,
    refundsUnmatched: unmatched,
    refundsOfCancelled: ofCancelled,
  };
}

function groupByCustomer(columns: unknown[][]): CustomerHistory[] {
  // DuckDB returns no columns at all for an empty result.
  if (columns.length === 0) return [];
  const [ids, days, amounts, quantities, categories] = columns as [
    string[],
    number[],
    number[],
    (number | null)[],
    (string | null)[],
  ];
  const histories: CustomerHistory[] = [];
  let current: CustomerHistory | undefined;
  for (let i = 0; i < ids.length; i++) {
    const customerId = ids[i] as string;
    if (current?.customerId !== customerId) {
      current = { customerId, orders: [] };
      histories.push(current);
    }
    current.orders.push({
      day: days[i] as number,
      amount: amounts[i] as number,
      quantity: quantities[i] ?? null,
      category: categories[i] ?? null,
    });
  }
  return histories;
}

function describe(histories: CustomerHistory[], counts: Counts): LakeStats {
  let orders = 0;
  let occasions = 0;
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  let hasCategories = false;
  for (const { orders: list } of histories) {
    orders += list.filter((order) => order.amount >= 0).length;
    occasions += new Set(
      list.filter((order) => order.amount >= 0).map((order) => order.day),
    ).size;
    firstDay = Math.min(firstDay, list[0]?.day ?? firstDay);
    lastDay = Math.max(lastDay, list.at(-1)?.day ?? lastDay);
    hasCategories ||= list.some((order) => order.category !== null);
  }
  return {
    customers: histories.length,
    orders,
    ...counts,
    purchaseOccasions: occasions,
    firstDay,
    lastDay,
    hasCategories,
  };
}

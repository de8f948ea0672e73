import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { CANCELLED_STATUSES } from "./canonical.ts";
import { quote } from "./lake-writer.ts";
import type { LakeManifest } from "./manifest.ts";

/** An order far above its customer's usual value. */
export interface ExtremeOrder {
  orderId: string;
  customerId: string;
  amount: number;
  customerMedian: number;
}

/** Summary of the whole lake after an ingestion. */
export interface LakeReview {
  files: number;
  /** Order rows in the lake's files, all versions. */
  orderRows: number;
  /** Distinct order ids. */
  orders: number;
  /** Rows replaced by a later file's version of the same order id. */
  versionsSuperseded: number;
  /** Orders above `factor` times their customer's median order value. */
  extremeOrders: number;
  /** The most extreme of them, at most `EXAMPLES`, most extreme first. */
  extremeExamples: ExtremeOrder[];
  extremeRule: { factor: number; minOrders: number };
}

const EXAMPLES = 20;

/**
 * Counts the lake's orders and versions and finds orders that are extreme
 * against their customer's own history: worth more than `factor` times the
 * median of the customer's countable orders (latest versions, not
 * cancelled, not refunds), for customers with at least `minOrders` of them.
 * Such orders stay in the lake; the review only reports them.
 */
export async function reviewLake(
  workdir: string,
  manifest: LakeManifest,
  rule: { factor: number; minOrders: number },
): Promise<LakeReview> {
  const empty: LakeReview = {
    files: 0,
    orderRows: 0,
    orders: 0,
    versionsSuperseded: 0,
    extremeOrders: 0,
    extremeExamples: [],
    extremeRule: rule,
  };
  if (manifest.files.length === 0) return empty;
  const files = manifest.files
    .map((file) => quote(join(workdir, file.lakeFile)))
    .join(", ");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    // Order ids are unique within a file, so one file needs no search for
    // the latest version. Its rows are then read through a view, so that a
    // count comes from the Parquet metadata and nothing is copied.
    const single = manifest.files.length === 1;
    const latest = single
      ? ""
      : `QUALIFY row_number() OVER (PARTITION BY order_id
        ORDER BY file_seq DESC, source_line DESC) = 1`;
    await connection.run(`CREATE TEMP ${single ? "VIEW" : "TABLE"} latest AS
      SELECT order_id, customer_id, amount, status, refund_of, file_seq
      FROM read_parquet([${files}]) ${latest}`);
    await connection.run(extremeTable(rule));
    const counts = await connection.runAndReadAll(`SELECT
        (SELECT count(*) FROM read_parquet([${files}])),
        (SELECT count(*) FROM latest),
        (SELECT count(*) FROM extreme)`);
    const [rows, orders, extreme] = (counts.getRows()[0] as bigint[]).map(
      Number,
    ) as [number, number, number];
    const examples = await connection.runAndReadAll(`SELECT order_id,
        customer_id, amount, customer_median FROM extreme
      ORDER BY amount / customer_median DESC, order_id LIMIT ${EXAMPLES}`);
    return {
      ...empty,
      files: manifest.files.length,
      orderRows: rows,
      orders,
      versionsSuperseded: rows - orders,
      extremeOrders: extreme,
      extremeExamples: examples.getRows().map((row) => ({
        orderId: row[0] as string,
        customerId: row[1] as string,
        amount: row[2] as number,
        customerMedian: row[3] as number,
      })),
    };
  } finally {
    connection.closeSync();
  }
}

function extremeTable(rule: { factor: number; minOrders: number }): string {
  const cancelled = CANCELLED_STATUSES.map(quote).join(", ");
  return `CREATE TEMP TABLE extreme AS
    WITH countable AS (
      SELECT * FROM latest
      WHERE amount > 0 AND refund_of IS NULL
        AND (status IS NULL OR lower(status) NOT IN (${cancelled}))),
    -- Only customers whose largest order is extreme can have one, so the
    -- join back to their orders stays small. A list's median is the same
    -- median, computed faster than the aggregate's.
    usual AS (
      SELECT customer_id, customer_median FROM (
        SELECT customer_id, count(*) AS orders, max(amount) AS largest,
          list_median(list(amount)) AS customer_median
        FROM countable GROUP BY customer_id)
      WHERE orders >= ${rule.minOrders}
        AND largest > ${rule.factor} * customer_median)
    SELECT order_id, customer_id, amount, customer_median
    FROM countable JOIN usual USING (customer_id)
    WHERE amount > ${rule.factor} * customer_median`;
}

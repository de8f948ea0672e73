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
  /**
   * Whose orders the extreme-order review examined: every customer of the
   * lake (`lake`), or only the customers of the files no review had seen
   * (`call`), when the lake has files that an earlier review saw.
   */
  extremeScope: "lake" | "call";
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
 *
 * `unreviewed` lists the lake files (relative to `workdir`) that no
 * review has seen: this call's files and those of a call that stopped
 * before its review. When the lake has others, only the customers with a
 * version of an order in the unreviewed files are reviewed, so that a
 * daily file costs the lake a scan of its ids instead of every customer's
 * median. Without `unreviewed`, the whole lake is reviewed.
 */
export async function reviewLake(
  workdir: string,
  manifest: LakeManifest,
  rule: { factor: number; minOrders: number },
  unreviewed?: readonly string[],
): Promise<LakeReview> {
  const all = manifest.files.map((file) => file.lakeFile);
  const toReview = new Set(unreviewed ?? all);
  const scope = all.every((file) => toReview.has(file)) ? "lake" : "call";
  const empty: LakeReview = {
    files: 0,
    orderRows: 0,
    orders: 0,
    versionsSuperseded: 0,
    extremeScope: scope,
    extremeOrders: 0,
    extremeExamples: [],
    extremeRule: rule,
  };
  if (all.length === 0) return empty;
  const files = parquetList(workdir, all);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    if (scope === "lake") {
      await connection.run(wholeLakeTable(files, all.length === 1));
    } else {
      await connection.run(
        callCustomersTable(files, parquetList(workdir, [...toReview])),
      );
    }
    await connection.run(extremeTable(rule));
    // Reviewing the whole lake resolves every order's latest version, so
    // `latest` counts the orders. Otherwise the ids are counted apart.
    const orders =
      scope === "lake"
        ? "SELECT count(*) FROM latest"
        : `SELECT count(DISTINCT order_id) FROM read_parquet([${files}])`;
    const counts = await connection.runAndReadAll(`SELECT
        (SELECT count(*) FROM read_parquet([${files}])),
        (${orders}),
        (SELECT count(*) FROM extreme)`);
    const [rows, distinct, extreme] = (counts.getRows()[0] as bigint[]).map(
      Number,
    ) as [number, number, number];
    const examples = await connection.runAndReadAll(`SELECT order_id,
        customer_id, amount, customer_median FROM extreme
      ORDER BY amount / customer_median DESC, order_id LIMIT ${EXAMPLES}`);
    return {
      ...empty,
      files: all.length,
      orderRows: rows,
      orders: distinct,
      versionsSuperseded: rows - distinct,
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

/** Returns the quoted paths of lake files, for `read_parquet([...])`. */
function parquetList(workdir: string, lakeFiles: readonly string[]): string {
  return lakeFiles.map((file) => quote(join(workdir, file))).join(", ");
}

/** A QUALIFY clause that keeps the latest version of each order id. */
const LATEST = `QUALIFY row_number() OVER (PARTITION BY order_id
  ORDER BY file_seq DESC, source_line DESC) = 1`;

/**
 * Returns SQL that creates `latest`, the latest version of every order of
 * the lake. Order ids are unique within a file, so one file needs no
 * search for the latest version. Its rows are then read through a view,
 * so that a count comes from the Parquet metadata and nothing is copied.
 */
function wholeLakeTable(files: string, single: boolean): string {
  return `CREATE TEMP ${single ? "VIEW" : "TABLE"} latest AS
    SELECT order_id, customer_id, amount, status, refund_of
    FROM read_parquet([${files}]) ${single ? "" : LATEST}`;
}

/**
 * Returns SQL that creates `latest` for the customers whose orders the
 * `unreviewed` files may have changed: those with a version of an order id
 * that the files contain. Every version of their order ids is read, so an
 * order's latest version is found even when it moved to another customer,
 * and then only the reviewed customers' orders are kept. Without
 * unreviewed files, `latest` is empty.
 */
function callCustomersTable(files: string, unreviewed: string): string {
  if (unreviewed === "") {
    return `CREATE TEMP TABLE latest AS SELECT order_id, customer_id, amount,
      status, refund_of FROM read_parquet([${files}]) LIMIT 0`;
  }
  return `CREATE TEMP TABLE latest AS
    WITH reviewed AS (
      SELECT DISTINCT customer_id FROM read_parquet([${files}])
      WHERE order_id IN (SELECT order_id FROM read_parquet([${unreviewed}]))),
    their_orders AS (
      SELECT DISTINCT order_id FROM read_parquet([${files}])
      WHERE customer_id IN (SELECT customer_id FROM reviewed))
    SELECT * FROM (
      SELECT order_id, customer_id, amount, status, refund_of
      FROM read_parquet([${files}])
      WHERE order_id IN (SELECT order_id FROM their_orders) ${LATEST})
    WHERE customer_id IN (SELECT customer_id FROM reviewed)`;
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

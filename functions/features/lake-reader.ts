import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { CANCELLED_STATUSES } from "#ingest/canonical.ts";
import { quote } from "#ingest/lake-writer.ts";
import { readManifest } from "#ingest/manifest.ts";
import { InputError } from "#shared/errors.ts";
import type { CustomerHistory } from "./history.ts";

/** What reading the lake found, besides the histories. */
export interface LakeStats {
  customers: number;
  orders: number;
  /** Rows dropped because a later row had the same order_id. */
  duplicatesMerged: number;
  cancelledExcluded: number;
  firstDay: number;
  lastDay: number;
  hasCategories: boolean;
}

/**
 * Reads the curated lake into one history per customer. For each order_id
 * the row of the latest file wins (then the latest line), and cancelled
 * orders are left out.
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
  const cancelled = CANCELLED_STATUSES.map(quote).join(", ");
  await connection.run(`CREATE TABLE latest AS
    SELECT * FROM read_parquet([${files.join(", ")}])
    QUALIFY row_number() OVER (
      PARTITION BY order_id ORDER BY file_seq DESC, source_line DESC) = 1`);
  const counts = await connection.runAndReadAll(`SELECT
      (SELECT count(*) FROM read_parquet([${files.join(", ")}])) AS total_rows,
      count(*) AS latest_rows,
      count(*) FILTER (lower(status) IN (${cancelled})) AS cancelled
    FROM latest`);
  const rows = await connection.runAndReadAll(`SELECT customer_id,
      CAST(order_date - DATE '1970-01-01' AS INTEGER) AS day,
      amount, quantity, category
    FROM latest
    WHERE status IS NULL OR lower(status) NOT IN (${cancelled})
    ORDER BY customer_id, order_ts, order_id`);
  connection.closeSync();

  const [total, latest, cancelledCount] = counts.getRowsJS()[0] as bigint[];
  const histories = groupByCustomer(rows.getColumnsJS());
  if (histories.length === 0) {
    throw new InputError(`The lake in ${workdir} has no countable orders.`);
  }
  return {
    histories,
    stats: describe(histories, {
      duplicatesMerged: Number(total) - Number(latest),
      cancelledExcluded: Number(cancelledCount),
    }),
  };
}

function groupByCustomer(columns: unknown[][]): CustomerHistory[] {
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

function describe(
  histories: CustomerHistory[],
  counts: { duplicatesMerged: number; cancelledExcluded: number },
): LakeStats {
  let orders = 0;
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  let hasCategories = false;
  for (const { orders: list } of histories) {
    orders += list.length;
    firstDay = Math.min(firstDay, list[0]?.day ?? firstDay);
    lastDay = Math.max(lastDay, list.at(-1)?.day ?? lastDay);
    hasCategories ||= list.some((order) => order.category !== null);
  }
  return {
    customers: histories.length,
    orders,
    ...counts,
    firstDay,
    lastDay,
    hasCategories,
  };
}

import { rename, rm } from "node:fs/promises";
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
} from "@duckdb/node-api";
import type { CanonicalOrder } from "./canonical.ts";

/** Rows of one file before they become orders; the fast path fills it too. */
export const STAGING_TABLE = `CREATE TABLE staged (
  order_id VARCHAR, customer_id VARCHAR, order_ts_text VARCHAR,
  amount DOUBLE, currency VARCHAR, status VARCHAR, quantity DOUBLE,
  category VARCHAR, channel VARCHAR, refund_of VARCHAR,
  converted BOOLEAN, source_line BIGINT)`;

/** Merge rule turning the rows of one order id in one file into one order. */
export type MergeMode = "latest-row" | "sum-lines";

/** Counts of what one file added to the lake. */
export interface LakeFileCounts {
  /** Orders written: distinct order ids among the file's staged rows. */
  orders: number;
  zeroValue: number;
  aboveCap: number;
  converted: number;
  /** Orders with a negative amount or a `refund_of`. */
  refunds: number;
}

/** Target and rules of `finish`. */
export interface FinishOptions {
  path: string;
  sourceFile: string;
  fileSeq: number;
  mode: MergeMode;
  /** Orders above this value get the flag `above_cap`; null flags none. */
  amountCap: number | null;
  /**
   * SQL of rows with the columns of `staged`, merged as if staged: the SQL
   * engine leaves its rows where it classified them instead of copying.
   */
  stagedElsewhere?: string;
  /**
   * A Parquet file of lake rows that `writeRows` wrote before, in line
   * order. Only for `latest-row`, where a lake row is a staged row, so the
   * rows can be merged after they became lake rows.
   */
  written?: string;
}

/**
 * Suffixes of the files made next to a lake file while it is written: the
 * rows the SQL engine wrote first, the merged file, and its rewrite that
 * keeps the latest row of each order id. A failed file removes them.
 */
export const LAKE_PART_SUFFIXES = {
  direct: ".direct",
  temporary: ".tmp",
  latest: ".tmp.latest",
} as const;

/** Target path and fixed values of one file's lake rows. */
export type LakeRowsTarget = Pick<
  FinishOptions,
  "path" | "sourceFile" | "fileSeq" | "amountCap"
>;

/**
 * Collects the rows of one source file in DuckDB and writes them as one
 * Parquet file of the curated lake (columns in docs/contracts.md), one row
 * per order id.
 */
export class LakeFileWriter {
  private constructor(
    readonly connection: DuckDBConnection,
    private appender: DuckDBAppender | null,
    private readonly timeZone: string,
  ) {}

  /**
   * Opens an in-memory DuckDB whose TimeZone is the shop's zone. Tables
   * larger than DuckDB's memory limit (by default 80 % of the machine's
   * memory) spill to `tempDir`. Without an appender the caller fills
   * `staged` with SQL.
   */
  static async open(
    timeZone: string,
    tempDir: string,
    withAppender = true,
  ): Promise<LakeFileWriter> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = ${quote(timeZone)}`);
    await connection.run(`SET temp_directory = ${quote(tempDir)}`);
    await connection.run(STAGING_TABLE);
    const appender = withAppender
      ? await connection.createAppender("staged")
      : null;
    return new LakeFileWriter(connection, appender, timeZone);
  }

  /** Starts appending rows, after any SQL that fills `staged`. */
  async openAppender(): Promise<void> {
    this.appender ??= await this.connection.createAppender("staged");
  }

  /** Stages one order, or one line of an order. */
  append(order: CanonicalOrder, line: number): void {
    this.appendRow(order, line);
  }

  /**
   * Stages a line item that carries only its order id and quantity (the
   * later rows of a Shopify order): it adds its quantity and no value.
   */
  appendContinuation(
    orderId: string,
    quantity: number | null,
    line: number,
  ): void {
    this.appendRow({ orderId, quantity }, line);
  }

  private appendRow(
    order: Partial<CanonicalOrder> & { orderId: string },
    line: number,
  ): void {
    const a = this.appender;
    if (a === null) throw new Error("this writer was opened without appender");
    a.appendVarchar(order.orderId);
    appendText(a, order.customerId ?? null);
    appendText(a, order.orderTs ?? null);
    a.appendDouble(order.amount ?? 0);
    appendText(a, order.currency ?? null);
    appendText(a, order.status ?? null);
    if (order.quantity === null || order.quantity === undefined) {
      a.appendNull();
    } else a.appendDouble(order.quantity);
    appendText(a, order.category ?? null);
    appendText(a, order.channel ?? null);
    appendText(a, order.refundOf ?? null);
    a.appendBoolean(order.converted ?? false);
    a.appendBigInt(BigInt(line));
    a.endRow();
  }

  /**
   * Writes rows with the columns of `staged` as lake rows to `target.path`
   * in the order the query gives them, without merging, and returns how
   * many. The SQL engine writes the rows it proved valid this way while it
   * reads them, and `finish` takes the file as `written`.
   */
  async writeRows(sql: string, target: LakeRowsTarget): Promise<number> {
    const query = curatedQuery(target, sql, true, isUtc(this.timeZone));
    const reader = await this.connection.runAndReadAll(
      `COPY (${query}) TO ${quote(target.path)} (FORMAT parquet)`,
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /**
   * Merges the staged rows into one order per order id, flags them and
   * writes them to `path` through a temporary file, so a crash never leaves
   * half a Parquet file under the final name.
   */
  async finish(options: FinishOptions): Promise<LakeFileCounts> {
    this.appender?.closeSync();
    this.appender = null;
    const temporary = `${options.path}${LAKE_PART_SUFFIXES.temporary}`;
    if (options.written !== undefined) {
      return this.finishWritten(options, options.written, temporary);
    }

    // Without rows in `staged`, the rows staged elsewhere are read alone,
    // because a UNION ALL with the empty table made a 10M-row write slower.
    const onlyElsewhere =
      options.stagedElsewhere !== undefined && (await this.stagedCount()) === 0;
    const source = onlyElsewhere
      ? `(${options.stagedElsewhere})`
      : stagedRows(options.stagedElsewhere);
    const unique = await this.uniqueOrderIds(source);
    // Unmerged rows from one source are in line order already, because
    // both engines stage them in that order. DuckDB keeps insertion order
    // for plain scans while preserve_insertion_order is on (the default).
    const sorted =
      unique && (options.stagedElsewhere === undefined || onlyElsewhere);
    const query = curatedQuery(
      options,
      mergedQuery(options.mode, unique, source),
      sorted,
      isUtc(this.timeZone),
    );
    await this.connection.run(
      `COPY (${query}) TO ${quote(temporary)} (FORMAT parquet)`,
    );
    const { counts } = await this.countOrders(temporary, false);
    await rename(temporary, options.path);
    this.connection.closeSync();
    return counts;
  }

  /**
   * Finishes a file whose SQL-proven rows are in the lake file `written`
   * already. When nothing else was staged and no order id repeats, that
   * file becomes the lake file as it is. Otherwise it is merged with the
   * other rows into a new one.
   */
  private async finishWritten(
    options: FinishOptions,
    written: string,
    temporary: string,
  ): Promise<LakeFileCounts> {
    if (options.mode !== "latest-row") {
      throw new Error("only a latest-row merge takes rows written before");
    }
    let file = written;
    if (await this.hasMoreRows(options.stagedElsewhere)) {
      const source = stagedRows(options.stagedElsewhere);
      const merged = mergedQuery(
        options.mode,
        await this.uniqueOrderIds(source),
        source,
      );
      const others = curatedQuery(options, merged, true, isUtc(this.timeZone));
      file = temporary;
      await this.connection.run(`COPY (SELECT * FROM (
          SELECT * FROM read_parquet(${quote(written)}) UNION ALL ${others})
        ORDER BY source_line) TO ${quote(file)} (FORMAT parquet)`);
      await rm(written);
    }
    const { counts, unique } = await this.countOrders(file, true);
    if (unique) {
      await rename(file, options.path);
      this.connection.closeSync();
      return counts;
    }
    const latest = `${options.path}${LAKE_PART_SUFFIXES.latest}`;
    await this.connection.run(`COPY (SELECT * FROM read_parquet(${quote(file)})
        QUALIFY row_number() OVER (PARTITION BY order_id
          ORDER BY source_line DESC) = 1
        ORDER BY source_line) TO ${quote(latest)} (FORMAT parquet)`);
    await rm(file);
    await rename(latest, options.path);
    const rewritten = await this.countOrders(options.path, false);
    this.connection.closeSync();
    return rewritten.counts;
  }

  /** True when rows were staged here or `stagedElsewhere` has some. */
  private async hasMoreRows(stagedElsewhere?: string): Promise<boolean> {
    if ((await this.stagedCount()) > 0) return true;
    if (stagedElsewhere === undefined) return false;
    const reader = await this.connection.runAndReadAll(
      `SELECT EXISTS (${stagedElsewhere})`,
    );
    return reader.getRows()[0]?.[0] === true;
  }

  /**
   * Counts the orders and flags of a lake file. With `checkUnique` it also
   * reports whether its order ids are unique (else `unique` is true). Ids
   * whose hashes all differ are unique, and a rare collision of hashes
   * only sends the file through the merge, which keeps distinct ids apart.
   */
  private async countOrders(
    file: string,
    checkUnique: boolean,
  ): Promise<{ counts: LakeFileCounts; unique: boolean }> {
    const reader = await this.connection.runAndReadAll(`SELECT
        count(*),
        count(*) FILTER (list_contains(flags, 'zero_value')),
        count(*) FILTER (list_contains(flags, 'above_cap')),
        count(*) FILTER (list_contains(flags, 'converted')),
        count(*) FILTER (amount < 0 OR refund_of IS NOT NULL),
        ${checkUnique ? "count(DISTINCT hash(order_id))" : "count(*)"}
      FROM read_parquet(${quote(file)})`);
    const [orders, zeroValue, aboveCap, converted, refunds, distinct] = (
      reader.getRows()[0] as bigint[]
    ).map(Number) as [number, number, number, number, number, number];
    return {
      counts: { orders, zeroValue, aboveCap, converted, refunds },
      unique: distinct === orders,
    };
  }

  /**
   * True when no order id repeats among the staged rows, so that no rows
   * need merging; counting distinct ids is far cheaper than the merge.
   */
  private async uniqueOrderIds(source: string): Promise<boolean> {
    const reader = await this.connection.runAndReadAll(
      `SELECT count(DISTINCT order_id) = count(*) FROM ${source}`,
    );
    return reader.getRows()[0]?.[0] === true;
  }

  private async stagedCount(): Promise<number> {
    const reader = await this.connection.runAndReadAll(
      "SELECT count(*) FROM staged",
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /** Closes the connection without writing anything. */
  close(): void {
    this.connection.closeSync();
  }
}

/**
 * Merges per order id: `latest-row` keeps the file's last row of the id,
 * `sum-lines` sums amounts and quantities over the lines and takes the
 * other fields from the first line that has them. With `unique` ids each
 * row is its own order either way, as both merges would leave it (a sum
 * of one line is that line, rounded to 6 decimals as below).
 */
function mergedQuery(mode: MergeMode, unique: boolean, staged: string): string {
  if (mode === "latest-row") {
    if (unique) return `SELECT * FROM ${staged}`;
    return `SELECT * FROM ${staged} QUALIFY row_number() OVER (
      PARTITION BY order_id ORDER BY source_line DESC) = 1`;
  }
  if (unique) {
    // Adding 0.0 turns -0.0 into 0.0, as fsum over one row does.
    return `SELECT * REPLACE (round(amount + 0.0, 6) AS amount)
      FROM ${staged}`;
  }
  const first = (column: string) =>
    `arg_min(${column}, source_line) FILTER (WHERE ${column} IS NOT NULL) AS ${column}`;
  return `SELECT order_id, ${first("customer_id")}, ${first("order_ts_text")},
      round(fsum(amount), 6) AS amount, ${first("currency")}, ${first("status")},
      sum(quantity) AS quantity, ${first("category")}, ${first("channel")},
      ${first("refund_of")}, bool_or(converted) AS converted,
      min(source_line) AS source_line
    FROM ${staged} GROUP BY order_id`;
}

function stagedRows(stagedElsewhere?: string): string {
  return stagedElsewhere === undefined
    ? "staged"
    : `(SELECT * FROM staged UNION ALL ${stagedElsewhere})`;
}

/**
 * Builds the query of one file's lake rows, in line order. With `sorted`
 * the staged rows are in line order already and are not sorted again.
 */
function curatedQuery(
  options: Pick<FinishOptions, "sourceFile" | "fileSeq" | "amountCap">,
  merged: string,
  sorted: boolean,
  utc: boolean,
): string {
  const cap = options.amountCap === null ? "NULL" : String(options.amountCap);
  return `SELECT order_id, customer_id, ${orderTimes(utc)},
      amount, currency, status, quantity, category, channel, refund_of,
      ${flags(cap)} AS flags,
      ${quote(options.sourceFile)} AS source_file, source_line,
      CAST(${options.fileSeq} AS INTEGER) AS file_seq
    FROM (${merged})
    ${sorted ? "" : "ORDER BY source_line"}`;
}

/**
 * SQL of an order's flags. Most orders have none, so the list is built
 * with a lambda only for those that have one.
 */
function flags(cap: string): string {
  return `CASE WHEN amount = 0 OR amount > ${cap} OR converted
      THEN list_filter([
        CASE WHEN amount = 0 THEN 'zero_value' END,
        CASE WHEN amount > ${cap} THEN 'above_cap' END,
        CASE WHEN converted THEN 'converted' END], lambda f: f IS NOT NULL)
      ELSE CAST([] AS VARCHAR[]) END`;
}

/** Zone names whose local time is UTC at every instant. */
const UTC_ZONES = new Set([
  "UTC",
  "Etc/UTC",
  "Etc/UCT",
  "UCT",
  "Etc/Zulu",
  "Zulu",
]);

function isUtc(timeZone: string): boolean {
  return UTC_ZONES.has(timeZone);
}

/**
 * Builds the SQL of `order_ts` and `order_date` from the normalised
 * `order_ts_text` (`YYYY-MM-DD HH:MM:SS`, then an optional fraction and
 * offset). A cast through the session's time zone (ICU) costs about three
 * times a plain parse. So in UTC a text of 19 characters, which has no
 * fraction or offset, gets an explicit `+00` offset, and its date is its
 * first 10 characters. Other texts, and all texts in other zones, are cast
 * through the zone.
 */
function orderTimes(utc: boolean): string {
  const zoned = "CAST(order_ts_text AS TIMESTAMPTZ)";
  if (!utc) return `${zoned} AS order_ts, CAST(${zoned} AS DATE) AS order_date`;
  const plain = "length(order_ts_text) = 19";
  return `CASE WHEN ${plain} THEN CAST(order_ts_text || '+00' AS TIMESTAMPTZ)
        ELSE ${zoned} END AS order_ts,
      CASE WHEN ${plain} THEN CAST(left(order_ts_text, 10) AS DATE)
        ELSE CAST(${zoned} AS DATE) END AS order_date`;
}

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

/** Quotes a value as a SQL string literal. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Runs a query and calls `visit` with each row, one chunk in memory. */
export async function forEachRow(
  connection: DuckDBConnection,
  sql: string,
  visit: (row: unknown[]) => void,
): Promise<void> {
  const result = await connection.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    for (const row of chunk.getRows()) visit(row);
  }
}

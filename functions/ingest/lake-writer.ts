import { rename } from "node:fs/promises";
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
} from "@duckdb/node-api";
import type { CanonicalOrder } from "./canonical.ts";

const STAGING_TABLE = `CREATE TABLE staged (
  order_id VARCHAR, customer_id VARCHAR, order_ts_text VARCHAR,
  amount DOUBLE, currency VARCHAR, status VARCHAR, quantity DOUBLE,
  category VARCHAR, channel VARCHAR, source_line BIGINT)`;

/**
 * Collects the valid orders of one source file in DuckDB and writes them as
 * one Parquet file of the curated lake (columns in docs/contracts.md).
 */
export class LakeFileWriter {
  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly appender: DuckDBAppender,
  ) {}

  /** Opens an in-memory DuckDB whose TimeZone is the shop's zone. */
  static async open(timeZone: string): Promise<LakeFileWriter> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = ${quote(timeZone)}`);
    await connection.run(STAGING_TABLE);
    const appender = await connection.createAppender("staged");
    return new LakeFileWriter(connection, appender);
  }

  append(order: CanonicalOrder, line: number): void {
    const a = this.appender;
    a.appendVarchar(order.orderId);
    a.appendVarchar(order.customerId);
    a.appendVarchar(order.orderTs);
    a.appendDouble(order.amount);
    appendText(a, order.currency);
    appendText(a, order.status);
    if (order.quantity === null) a.appendNull();
    else a.appendDouble(order.quantity);
    appendText(a, order.category);
    appendText(a, order.channel);
    a.appendBigInt(BigInt(line));
    a.endRow();
  }

  /**
   * Writes the collected orders to `path` through a temporary file, so a
   * crash never leaves half a Parquet file under the final name.
   */
  async finish(path: string, sourceFile: string, fileSeq: number) {
    this.appender.closeSync();
    const temporary = `${path}.tmp`;
    await this.connection.run(`COPY (
      SELECT order_id, customer_id,
        CAST(order_ts_text AS TIMESTAMPTZ) AS order_ts,
        CAST(CAST(order_ts_text AS TIMESTAMPTZ) AS DATE) AS order_date,
        amount, currency, status, quantity, category, channel,
        ${quote(sourceFile)} AS source_file, source_line,
        CAST(${fileSeq} AS INTEGER) AS file_seq
      FROM staged ORDER BY source_line
    ) TO ${quote(temporary)} (FORMAT parquet)`);
    await rename(temporary, path);
    this.connection.closeSync();
  }
}

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

/** Quotes a value as a SQL string literal. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

import type { OrderText } from "../canonical.ts";
import type { DecimalSeparator } from "../numbers.ts";
import type { QuarantineReason } from "../reasons.ts";
import type { SourceRecord } from "../records.ts";
import type { DateFormat } from "../timestamps.ts";

/**
 * What a preset makes of one record: a whole order, one line item of an
 * order (`continuation` when the row carries only the line, as Shopify's
 * rows after an order's first), the header, or a row it cannot use.
 */
export type MappedRecord =
  | { kind: "order"; text: OrderText }
  | { kind: "line"; text: OrderText; continuation?: boolean }
  | { kind: "header" }
  | { kind: "malformed"; detail: string }
  | { kind: "rejected"; reason: QuarantineReason; detail: string };

/** Maps the records of one file; it may keep state across the file. */
export type RecordMapper = (line: number, fields: string[]) => MappedRecord;

/** Writing conventions of a CSV file. The delimiter is detected when left out. */
export interface CsvDialect {
  /** Field separator; detected from the header when absent. */
  delimiter?: string;
  /** Quote character; `"` when absent. */
  quote?: string;
  /**
   * Decimal separator of amounts and quantities written as text; `.` when
   * absent, never detected. JSON numbers are read as numbers whatever it is.
   */
  decimalSeparator?: DecimalSeparator;
}

/** A named export layout: how to read a file and map its columns. */
export interface Preset {
  name: string;
  summary: string;
  dateFormat: DateFormat;
  /**
   * True when several rows make one order (line items): the lake gets one
   * order per order id and file, with the lines' amounts summed.
   */
  lineItems?: boolean;
  /**
   * Content of the file a preset was built from (a mapping file's
   * validated JSON). The lake stores it with each file it reads, so that
   * a changed mapping makes the file be read again.
   */
  definition?: unknown;
  read(path: string, dialect?: CsvDialect): AsyncGenerator<SourceRecord>;
  /**
   * Creates the mapper for one file. A mapper that computes numbers reads
   * and writes them with the dialect's decimal separator.
   *
   * @throws InputError when the file's header lacks a required column.
   */
  createMapper(file: string, dialect?: CsvDialect): RecordMapper;
}

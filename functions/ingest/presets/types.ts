import type { OrderText } from "../canonical.ts";
import type { SourceRecord } from "../records.ts";
import type { DateFormat } from "../timestamps.ts";

/** What a preset makes of one record. */
export type MappedRecord =
  | { kind: "order"; text: OrderText }
  | { kind: "header" }
  | { kind: "malformed"; detail: string };

/** Maps the records of one file; it may keep state across the file. */
export type RecordMapper = (line: number, fields: string[]) => MappedRecord;

/** A named export layout: how to read a file and map its columns. */
export interface Preset {
  name: string;
  summary: string;
  dateFormat: DateFormat;
  read(path: string): AsyncGenerator<SourceRecord>;
  /**
   * Creates the mapper for one file.
   *
   * @throws InputError when the file's header lacks a required column.
   */
  createMapper(file: string): RecordMapper;
}

import { InputError } from "#shared/errors.ts";
import {
  CANONICAL_FIELDS,
  type CanonicalField,
  type OrderText,
} from "../canonical.ts";
import { readCsvRecords } from "../records.ts";
import type { MappedRecord, Preset, RecordMapper } from "./types.ts";

const REQUIRED: CanonicalField[] = [
  "order_id",
  "customer_id",
  "order_ts",
  "amount",
];

/**
 * CSV whose header uses the canonical column names. Times are ISO 8601
 * dates or date-times, with or without an offset. Columns with other names
 * are ignored.
 */
export const canonicalPreset: Preset = {
  name: "canonical",
  summary: "CSV with the canonical column names (order_id, customer_id, ...)",
  dateFormat: "iso",
  read: (path) => readCsvRecords(path),
  createMapper(file: string): RecordMapper {
    let width = 0;
    let columns: [CanonicalField, number][] | null = null;
    return (_line, fields): MappedRecord => {
      if (columns === null) {
        columns = headerColumns(fields, file);
        width = fields.length;
        return { kind: "header" };
      }
      if (fields.length !== width) {
        return {
          kind: "malformed",
          detail: `expected ${width} fields as in the header, found ${fields.length}`,
        };
      }
      const text: OrderText = {};
      for (const [field, index] of columns) text[field] = fields[index];
      return { kind: "order", text };
    };
  },
};

/** Returns the position of each canonical column the header names. */
function headerColumns(
  header: string[],
  file: string,
): [CanonicalField, number][] {
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED.filter((field) => !names.includes(field));
  if (missing.length > 0) {
    throw new InputError(
      `${file}: the header lacks the column(s) ${missing.join(", ")}. ` +
        `The canonical format needs ${REQUIRED.join(", ")}; found ` +
        `${names.join(", ")}. Rename the columns or choose another --format.`,
    );
  }
  return CANONICAL_FIELDS.map((field): [CanonicalField, number] => [
    field,
    names.indexOf(field),
  ]).filter(([, index]) => index >= 0);
}

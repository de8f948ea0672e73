import {
  CANONICAL_FIELDS,
  type CanonicalField,
  type OrderText,
  REQUIRED_FIELDS,
} from "../canonical.ts";
import {
  readCsvRecords,
  readJsonLinesRecords,
  readLines,
  type SourceRecord,
} from "../records.ts";
import { type ColumnSpec, namedColumnsMapper } from "./columns.ts";
import type { CsvDialect, Preset, RecordMapper } from "./types.ts";

const COLUMNS = Object.fromEntries(
  CANONICAL_FIELDS.map((field) => [
    field,
    { name: field, required: REQUIRED_FIELDS.includes(field) },
  ]),
) as Record<CanonicalField, ColumnSpec>;

/**
 * CSV with a header of canonical column names, or JSON Lines with those
 * keys (a file whose first non-blank line starts with `{`). Times are ISO
 * 8601 dates or date-times, with or without an offset. Columns with other
 * names are ignored.
 */
export const canonicalPreset: Preset = {
  name: "canonical",
  summary:
    "CSV or JSON Lines with the canonical column names (order_id, " +
    "customer_id, ...)",
  dateFormat: "iso",
  read: readCanonical,
  createMapper(file: string): RecordMapper {
    return namedColumnsMapper(
      file,
      COLUMNS,
      `The canonical format needs ${REQUIRED_FIELDS.join(", ")}. Rename ` +
        "the columns, write a mapping file (--mapping) or choose another " +
        "--format.",
      (get) => {
        const text: OrderText = {};
        for (const field of CANONICAL_FIELDS) text[field] = get(field);
        return { kind: "order", text };
      },
    );
  },
};

async function* readCanonical(
  path: string,
  dialect?: CsvDialect,
): AsyncGenerator<SourceRecord> {
  if (await isJsonLines(path)) {
    yield* readJsonLinesRecords(path, CANONICAL_FIELDS, {
      names: ["amount", "quantity"],
      separator: dialect?.decimalSeparator ?? ".",
    });
  } else {
    yield* readCsvRecords(path, dialect);
  }
}

/** Tells whether the first non-blank line of a file starts a JSON object. */
export async function isJsonLines(path: string): Promise<boolean> {
  for await (const [, text] of readLines(path)) {
    const trimmed = text.trim();
    if (trimmed !== "") return trimmed.startsWith("{");
  }
  return false;
}

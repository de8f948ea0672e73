import { InputError } from "#shared/errors.ts";
import type { MappedRecord, RecordMapper } from "./types.ts";

/** A source column a preset reads: its header name and whether it must be there. */
export interface ColumnSpec {
  name: string;
  required: boolean;
}

/** Reads one field of the current row by key; "" when the column is absent. */
export type FieldGetter<K extends string> = (key: K) => string;

/**
 * Creates a mapper for a file with a header row: the first record is the
 * header, where each wanted column is found by name (case and surrounding
 * spaces ignored); each later record must have the header's width and is
 * handed to `map` with a getter of its fields.
 *
 * @param hint what to do when a required column is missing, for the error.
 * @throws InputError (from the mapper) naming every missing required column.
 */
export function namedColumnsMapper<K extends string>(
  file: string,
  columns: Readonly<Record<K, ColumnSpec>>,
  hint: string,
  map: (get: FieldGetter<K>, line: number) => MappedRecord,
): RecordMapper {
  let positions: Record<K, number> | null = null;
  let width = 0;
  let fields: string[] = [];
  const get: FieldGetter<K> = (key) => {
    const index = (positions as Record<K, number>)[key];
    return index < 0 ? "" : (fields[index] ?? "");
  };
  return (line, record): MappedRecord => {
    if (positions === null) {
      positions = locateColumns(file, record, columns, hint);
      width = record.length;
      return { kind: "header" };
    }
    if (record.length !== width) {
      return {
        kind: "malformed",
        detail: `expected ${width} fields as in the header, found ${record.length}`,
      };
    }
    fields = record;
    return map(get, line);
  };
}

/**
 * Finds each wanted column in a header by name, case and surrounding
 * spaces ignored; -1 for an absent optional column.
 *
 * @throws InputError naming every missing required column.
 */
export function locateColumns<K extends string>(
  file: string,
  header: string[],
  columns: Readonly<Record<K, ColumnSpec>>,
  hint: string,
): Record<K, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  const positions = {} as Record<K, number>;
  const missing: string[] = [];
  for (const key of Object.keys(columns) as K[]) {
    const spec = columns[key];
    positions[key] = names.indexOf(spec.name.toLowerCase());
    if (positions[key] < 0 && spec.required) missing.push(spec.name);
  }
  if (missing.length > 0) {
    const required = Object.values<ColumnSpec>(columns)
      .filter((spec) => spec.required)
      .map((spec) => spec.name);
    throw new InputError(
      `${file}: the header lacks the column(s) ${missing.join(", ")}; ` +
        `found ${header.map((name) => name.trim()).join(", ")}. ` +
        (delimiterHint(header, required) ?? hint),
    );
  }
  return positions;
}

/** Delimiters common in order exports, tried when a header lacks columns. */
const COMMON_DELIMITERS = [",", ";", "\t", "|"];

/**
 * Returns advice to change the delimiter when splitting the header's
 * fields at a common delimiter yields every required column, as when
 * `--delimiter ,` reads a header such as `Nr;Kunde`. Returns null otherwise.
 */
function delimiterHint(header: string[], required: string[]): string | null {
  for (const delimiter of COMMON_DELIMITERS) {
    if (!header.some((field) => field.includes(delimiter))) continue;
    const names = header
      .flatMap((field) => field.split(delimiter))
      .map((name) => name.trim().toLowerCase());
    if (required.every((name) => names.includes(name.toLowerCase()))) {
      const option = delimiter === "\t" ? "tab" : `"${delimiter}"`;
      return (
        `Split at ${JSON.stringify(delimiter)}, the header has every ` +
        "required column, so the delimiter is likely wrong. Pass " +
        `--delimiter ${option} (or set "delimiter": ` +
        `${JSON.stringify(delimiter)} in a mapping file).`
      );
    }
  }
  return null;
}

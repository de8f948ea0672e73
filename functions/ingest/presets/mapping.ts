import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import { timeZoneSchema } from "#shared/time-zone.ts";
import {
  CANONICAL_FIELDS,
  type CanonicalField,
  type OrderText,
  REQUIRED_FIELDS,
} from "../canonical.ts";
import { MappingError } from "../errors.ts";
import { decimalSeparatorSchema } from "../numbers.ts";
import { readCsvRecords } from "../records.ts";
import { DATE_FORMATS, type DateFormat } from "../timestamps.ts";
import { type ColumnSpec, namedColumnsMapper } from "./columns.ts";
import type { CsvDialect, Preset } from "./types.ts";

const columnName = z.string().trim().min(1);

const mappingSchema = z
  .object({
    columns: z
      .object({
        order_id: columnName,
        customer_id: columnName,
        order_ts: columnName,
        amount: columnName,
        currency: columnName.optional(),
        status: columnName.optional(),
        quantity: columnName.optional(),
        category: columnName.optional(),
        channel: columnName.optional(),
        refund_of: columnName.optional(),
      })
      .strict(),
    dateFormat: z
      .enum(DATE_FORMATS as [DateFormat, ...DateFormat[]])
      .default("auto"),
    timeZone: timeZoneSchema.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
      .optional(),
    delimiter: z.string().length(1).optional(),
    quote: z.string().length(1).optional(),
    decimalSeparator: decimalSeparatorSchema.optional(),
    lineItems: z.boolean().default(false),
  })
  .strict();

/** A validated mapping file. */
export type Mapping = z.output<typeof mappingSchema>;

/** A mapping file's preset and the shop settings it declares. */
export interface MappingPreset {
  preset: Preset;
  /**
   * Date format that the file declares, or null when it declares none (the
   * preset then reads `auto`).
   */
  dateFormat: DateFormat | null;
  timeZone: string | null;
  currency: string | null;
  dialect: CsvDialect;
}

/**
 * Reads a mapping file: JSON naming the source column of each canonical
 * field and optionally the date format (`auto` when absent), the time
 * zone, currency, CSV delimiter and quote, the decimal separator of
 * amounts and quantities, and whether rows are line items of orders.
 *
 * @throws MappingError when the file is missing or unreadable, or naming
 *   the file and its first unknown key, missing key or invalid value.
 */
export async function loadMapping(path: string): Promise<MappingPreset> {
  const file = basename(path);
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === "ENOENT" ? "not found" : "not readable";
    throw new MappingError(
      `Mapping file ${path} ${problem}: check the path given to --mapping.`,
      { cause: error },
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingError(
      `Mapping file ${path} cannot be read as JSON: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "the top level";
    const keys =
      issue?.code === "unrecognized_keys" ? ` ${issue.keys.join(", ")}` : "";
    throw new MappingError(
      `Mapping file ${file}: invalid at ${where}: ${issue?.message}${keys ? ` (${keys.trim()})` : ""}.`,
    );
  }
  const mapping = parsed.data;
  const declaresDateFormat =
    (json as Record<string, unknown>).dateFormat !== undefined;
  return {
    preset: mappingPreset(mapping, file),
    dateFormat: declaresDateFormat ? mapping.dateFormat : null,
    timeZone: mapping.timeZone ?? null,
    currency: mapping.currency ?? null,
    dialect: {
      delimiter: mapping.delimiter,
      quote: mapping.quote,
      decimalSeparator: mapping.decimalSeparator,
    },
  };
}

function mappingPreset(mapping: Mapping, mappingFile: string): Preset {
  const columns = {} as Record<CanonicalField, ColumnSpec>;
  for (const field of CANONICAL_FIELDS) {
    const name = mapping.columns[field];
    if (name !== undefined) {
      columns[field] = { name, required: REQUIRED_FIELDS.includes(field) };
    }
  }
  const fields = Object.keys(columns) as CanonicalField[];
  return {
    name: "mapping",
    summary: `columns mapped by ${mappingFile}`,
    dateFormat: mapping.dateFormat,
    lineItems: mapping.lineItems,
    definition: mapping,
    read: readCsvRecords,
    createMapper: (file) =>
      namedColumnsMapper(
        file,
        columns,
        `Correct the column names in ${mappingFile} or the file's header.`,
        (get) => {
          const text: OrderText = {};
          for (const field of fields) text[field] = get(field);
          return { kind: mapping.lineItems ? "line" : "order", text };
        },
      ),
  };
}

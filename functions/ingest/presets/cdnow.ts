import { readWhitespaceRecords } from "../records.ts";
import type { MappedRecord, Preset, RecordMapper } from "./types.ts";

/**
 * Column positions of the two CDNOW layouts: the master log has
 * `customer date cds dollars`, the 2,357-customer sample has a sample id
 * after the customer id.
 */
const LAYOUTS: Record<number, { date: number; cds: number; dollars: number }> =
  {
    4: { date: 1, cds: 2, dollars: 3 },
    5: { date: 2, cds: 3, dollars: 4 },
  };

/**
 * The CDNOW transaction log: whitespace-separated, dates as YYYYMMDD, an
 * optional header line. CDNOW has no order ids, so the id is built from the
 * customer, the day and the row's rank among that customer's rows of the
 * day in the file, which is stable when the same file is ingested again.
 */
export const cdnowPreset: Preset = {
  name: "cdnow",
  summary: "CDNOW transaction log (whitespace-separated, master or sample)",
  dateFormat: "yyyymmdd",
  read: readWhitespaceRecords,
  createMapper(): RecordMapper {
    let width: number | null = null;
    const seen = new Map<string, number>();
    return (line, fields): MappedRecord => {
      if (line === 1 && !/^\d+$/.test(fields[0] ?? ""))
        return { kind: "header" };
      width ??= LAYOUTS[fields.length] ? fields.length : null;
      const layout = width === null ? undefined : LAYOUTS[width];
      if (!layout || fields.length !== width) {
        const expected = width === null ? "4 or 5" : `${width}`;
        return {
          kind: "malformed",
          detail: `expected ${expected} fields, found ${fields.length}`,
        };
      }
      const customer = fields[0] ?? "";
      const date = fields[layout.date] ?? "";
      const key = `${customer}-${date}`;
      const rank = (seen.get(key) ?? 0) + 1;
      seen.set(key, rank);
      return {
        kind: "order",
        text: {
          order_id: `${key}-${rank}`,
          customer_id: customer,
          order_ts: date,
          quantity: fields[layout.cds],
          amount: fields[layout.dollars],
        },
      };
    };
  },
};
